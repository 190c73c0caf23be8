"""One name per unit: the canonical key of a unit's name, for grouping reports across spellings and years.

``unit_key("中共岳陽縣委員會辦公室")`` and ``unit_key("岳阳县委办公室")`` are the same key.  The steps
(NFKC, OpenCC traditional -> simplified, the 中共 prefix, short forms such as 委员会 -> 委, the alias table) are pattern
data in ``patterns/units.yaml``; a bureau adds aliases there or in its own file (:func:`load_aliases`).
"""
from __future__ import annotations

import csv
import functools
import unicodedata
from pathlib import Path

import yaml

from ..errors import PatternError
from ..patterns import load_patterns, read_entries
from ..text.segment import to_simplified

ALIAS_PREFIX = "unit_alias."
Aliases = dict[str, str]  # normalised name -> normalised canonical name


def normalise(name: str) -> str:
    """A name in its comparable form, before aliases.

    >>> normalise("中國共產黨岳陽縣委員會 辦公室")
    '岳阳县委办公室'
    """
    pats = load_patterns()
    before = None
    while name != before:  # until nothing changes (中共中共…, 委员员会 …): the key of a key is itself
        before = name
        name = to_simplified(unicodedata.normalize("NFKC", name))
        name = pats.regex("unit_key.drop").sub("", name)
        name = pats.regex("unit_key.party_prefix").sub("", name)
        for long, short in pats.table("unit_short_forms"):
            name = name.replace(long, short)
    return name


def _alias_map(groups: list[tuple[str, ...]]) -> Aliases:
    """Each group is the canonical name, then its other names."""
    found: Aliases = {}
    for canonical, *others in groups:
        key = normalise(canonical)
        for name in others:
            found[normalise(name)] = key
    return found


@functools.lru_cache(maxsize=1)
def builtin_aliases() -> Aliases:
    return _alias_map([e.words for e in load_patterns().with_prefix(ALIAS_PREFIX) if e.words])


def load_aliases(path: str | Path) -> Aliases:
    """A bureau's alias file: YAML entries like ``unit_alias.*`` in patterns/units.yaml (words: canonical name
    first, then other names), or a CSV with the columns ``alias,canonical``.  Raises PatternError when malformed."""
    path = Path(path)
    if path.suffix.lower() == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.DictReader(fh))
        if rows and not {"alias", "canonical"} <= set(rows[0]):
            raise PatternError(f"{path.name}: an alias CSV needs the columns alias,canonical")
        return _alias_map([(r["canonical"].strip(), r["alias"].strip()) for r in rows
                           if (r.get("alias") or "").strip() and (r.get("canonical") or "").strip()])
    try:
        entries = read_entries(path)
    except yaml.YAMLError as exc:
        raise PatternError(f"{path.name}: not valid YAML: {exc}") from exc
    bad = [e.id for e in entries if len(e.words) < 2]
    if bad:
        raise PatternError(f"{path.name}: alias entries need words: [canonical name, other name, ...]: {bad}")
    return _alias_map([e.words for e in entries])


def unit_key(name: str | None, extra: Aliases | None = None) -> str | None:
    """The canonical key of a unit's name (None for no name): normalised, then mapped through the aliases
    (a bureau's ``extra`` ones first).

    >>> unit_key("中共示例县委办公室") == unit_key("示例县委员会办公室") == "示例县委办公室"
    True
    >>> unit_key("示例县发改局")
    '示例县发展和改革局'
    """
    if not name or not name.strip():
        return None
    key = normalise(name)
    for table in (extra or {}, builtin_aliases()):
        if key in table:
            return table[key]
    return key
