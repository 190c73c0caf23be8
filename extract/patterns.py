"""Load, validate and compile the pattern data in ``patterns/`` (one entry point: :func:`load_patterns`).

Every YAML file in ``patterns/`` holds ``entries``; each entry has an ``id``, a
``comment`` and ``positive`` / ``negative`` examples, plus either a ``pattern``
(a regular expression, compiled once with the ``regex`` module) or ``words`` (a
vocabulary).  Patterns may use shared fragments written ``{{name}}``, defined in
``patterns/fragments.yaml``.  ``tables`` holds plain data (grade bands ...).

A pattern that begins with a run of Han characters tries a match at almost every
position of a Chinese text; :meth:`Patterns.finditer` gives the same matches while
trying only the starts within reach of its fixed text (``patterns/near.yaml``).
"""
from __future__ import annotations

import functools
import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import regex
import yaml

from .errors import PatternError

_FRAGMENT = regex.compile(r"\{\{(\w+)\}\}")
#: the keys an entry may have: its own, and the data keys that code reads (``Entry.data``)
ENTRY_KEYS = {"id", "comment", "pattern", "words", "positive", "negative", "verbose"}
DATA_KEYS = {"role", "level", "zh"}  # zh: the Chinese text of an entry (workbook vocabulary)
FILE_KEYS = {"entries", "tables", "fragments"}
#: libyaml's loader where PyYAML was built with it (the same documents, ten times faster), else the pure-Python one
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Entry:
    id: str
    comment: str
    file: str
    pattern: str | None = None
    words: tuple[str, ...] = ()
    positive: tuple[str, ...] = ()
    negative: tuple[str, ...] = ()
    data: dict = field(default_factory=dict)
    compiled: Any = None  # regex.Pattern for pattern entries

    def matches(self, text: str) -> bool:
        if self.compiled is not None:
            return self.compiled.search(text) is not None
        return any(w in text for w in self.words)


@dataclass
class Patterns:
    entries: dict[str, Entry]
    tables: dict[str, Any]
    store: CompiledStore | None = field(default=None, repr=False, compare=False)

    def compile(self, pattern: str, flags: int = 0):
        """``regex.compile`` for a pattern made of entries (an alternation of several, one with a suffix): kept in
        the folder's compiled store too, so that a later process finds it compiled."""
        if self.store is None:
            return regex.compile(pattern, flags)
        return self.store.compile(pattern, flags, save=True)

    def regex(self, entry_id: str):
        entry = self.entries[entry_id]
        if entry.compiled is None:
            raise PatternError(f"{entry_id} is a vocabulary, not a pattern")
        return entry.compiled

    def finditer(self, entry_id: str, text: str, pos: int = 0, endpos: int | None = None):
        """``regex(entry_id).finditer(text, pos, endpos)``; for a pattern of the ``near`` table
        (patterns/near.yaml) the same matches, trying only the starts within reach of its anchor."""
        near = self.tables.get("near", {}).get(entry_id)
        if near is None:
            return self.regex(entry_id).finditer(text, pos, endpos)
        return finditer_near(self.regex(entry_id), self.regex(near["anchor"]), near["reach"], text, pos, endpos,
                             skip=near.get("skip", ""))

    def words(self, entry_id: str) -> tuple[str, ...]:
        return self.entries[entry_id].words

    def with_prefix(self, prefix: str) -> list[Entry]:
        return [e for k, e in self.entries.items() if k.startswith(prefix)]

    def table(self, name: str) -> Any:
        return self.tables[name]


def finditer_near(pattern, anchor, reach: int, text: str, pos: int = 0, endpos: int | None = None,
                  skip: str = r"\s"):
    """``pattern.finditer(text, pos, endpos)``, trying only the starts near an anchor match.

    Every match of ``pattern`` must hold a match of ``anchor`` and begin at most ``reach`` characters
    before it, not counting the run of ``skip`` characters (a character class; "" for none) right
    before the anchor; an anchor must not begin inside another.  Then the starts tried include every
    start where a match can begin, in order, so the matches are those of ``finditer``.

    >>> rx, at = regex.compile(r"\\p{Han}{1,3}\\s*（\\d分）"), regex.compile(r"（(?=\\d分)")
    >>> [m.group() for m in finditer_near(rx, at, 3, "前文产出指标（5分）与 效益  （3分）")]
    ['出指标（5分）', '效益  （3分）']
    """
    end = len(text) if endpos is None else min(endpos, len(text))
    skipped = _compiled(skip) if skip else None
    cursor = pos
    for a in anchor.finditer(text, pos, end):
        q = e = a.start()
        while skipped is not None and e > pos and skipped.match(text, e - 1, e):
            e -= 1
        start = max(cursor, e - reach)
        while start <= q:
            m = pattern.match(text, start, end)
            if m is None:
                start += 1
                continue
            yield m
            cursor = start = max(m.end(), start + 1)
        cursor = max(cursor, q + 1)


@functools.cache
def _compiled(pattern: str):
    """A pattern string given at call time, compiled once."""
    return regex.compile(pattern)


def patterns_dir() -> Path:
    """Where the pattern data lives: inside the installed package, or at the repository top."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "patterns", here.parent / "patterns"):
        if (candidate / "fragments.yaml").is_file():
            return candidate
    raise PatternError(f"pattern data not found next to {here}")


def _expand(pattern: str, fragments: dict[str, str], depth: int = 0) -> str:
    if depth > 8:
        raise PatternError(f"fragment recursion too deep in {pattern!r}")

    def sub(m: regex.Match) -> str:
        name = m.group(1)
        if name not in fragments:
            raise PatternError(f"unknown fragment {{{{{name}}}}}")
        return _expand(fragments[name], fragments, depth + 1)

    return _FRAGMENT.sub(sub, pattern)


def _entry(raw: dict, file: str, fragments: dict[str, str], compile_: Callable = regex.compile) -> Entry:
    unknown = set(raw) - ENTRY_KEYS - DATA_KEYS
    if unknown:
        raise PatternError(f"{file}: entry {raw.get('id', '?')} has unknown keys {sorted(unknown)}")
    for key in ("id", "comment"):
        if not raw.get(key):
            raise PatternError(f"{file}: entry {raw.get('id', '?')} lacks {key!r}")
    if ("pattern" in raw) == ("words" in raw):
        raise PatternError(f"{file}: entry {raw['id']} needs exactly one of 'pattern' or 'words'")
    if not raw.get("positive"):
        raise PatternError(f"{file}: entry {raw['id']} has no positive examples")
    compiled = None
    pattern = raw.get("pattern")
    if pattern is not None:
        pattern = _expand(pattern, fragments)
        try:
            compiled = compile_(pattern, regex.VERBOSE if raw.get("verbose") else 0)
        except regex.error as exc:
            raise PatternError(f"{file}: entry {raw['id']} does not compile: {exc}") from exc
    return Entry(
        id=raw["id"],
        comment=raw["comment"],
        file=file,
        pattern=pattern,
        words=tuple(raw.get("words") or ()),
        positive=tuple(raw.get("positive") or ()),
        negative=tuple(raw.get("negative") or ()),
        data={k: v for k, v in raw.items() if k not in {"id", "comment", "pattern", "words", "positive", "negative", "verbose"}},
        compiled=compiled,
    )


def _read_yaml(path: Path) -> Any:
    """The document of one YAML file, read as ``yaml.safe_load`` reads it."""
    return _parse_yaml(path.read_bytes())


def _parse_yaml(data: bytes) -> Any:
    return yaml.load(data.decode("utf-8"), Loader=_YAML_LOADER)


class CompiledStore:
    """The pattern folder's compiled patterns and parsed YAML kept between processes, as Python keeps compiled
    modules: ``patterns/__pycache__/compiled-<key>.pickle``, the key made of the folder's YAML bytes and the
    versions of ``regex``, PyYAML and Python.  ``regex`` parses a pattern in Python (a tenth of a second for
    the folder) and PyYAML the folder's files (half of that); unpickled, a pattern is made from its compiled
    code at once.  Each pattern is looked up by its own text and flags, each document by the sha256 of its
    bytes, so nothing is ever taken for another; a store that cannot be read or written is simply not used
    (the files are parsed and the patterns compiled as before)."""

    def __init__(self, root: Path, sources: list[bytes]):
        versions = f"{regex.__version__}\0{yaml.__version__}\0{_YAML_LOADER.__name__}\0{sys.version}\0"
        digest = hashlib.sha256(versions.encode())
        for data in sources:
            digest.update(data + b"\0")
        self.path = root / "__pycache__" / f"compiled-{digest.hexdigest()[:16]}.pickle"
        stored = self._read()
        self.known: dict[tuple[str, int], Any] = stored.get("compiled") or {}
        self.documents: dict[str, Any] = stored.get("documents") or {}
        self.added = False

    def _read(self) -> dict:
        try:
            with open(self.path, "rb") as fh:
                stored = pickle.load(fh)
        except Exception:  # noqa: BLE001 - no store yet, or one that cannot be read: compile
            return {}
        if not isinstance(stored, dict) or not all(isinstance(stored.get(k, {}), dict) for k in ("compiled", "documents")):
            return {}
        return stored

    def document(self, data: bytes) -> Any:
        """The YAML document ``data`` holds, from the store where it holds it (a fresh copy each process)."""
        key = hashlib.sha256(data).hexdigest()
        if key not in self.documents:
            self.documents[key] = _parse_yaml(data)
            self.added = True
        return self.documents[key]

    def compile(self, pattern: str, flags: int = 0, save: bool = False):
        """``regex.compile(pattern, flags)``, from the store where it holds the pattern; ``save``: write the
        store at once when the pattern is new to it."""
        found = self.known.get((pattern, flags))
        if found is None:
            found = self.known[(pattern, flags)] = regex.compile(pattern, flags)
            self.added = True
            if save:
                self.save()
        return found

    def save(self) -> None:
        """Write the store when patterns were compiled (atomically; nothing happens where it cannot be written)."""
        if not self.added:
            return
        tmp = None
        try:
            self.path.parent.mkdir(exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".compiled-")
            os.fchmod(fd, 0o644)  # readable by every user of an install, as compiled modules are
            with os.fdopen(fd, "wb") as fh:
                pickle.dump({"compiled": self.known, "documents": self.documents}, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, self.path)
            for stale in self.path.parent.glob("compiled-*.pickle"):  # stores of pattern files since changed
                if stale != self.path:
                    stale.unlink(missing_ok=True)
        except Exception:  # noqa: BLE001 - a read-only install: compile in every process
            if tmp is not None:
                Path(tmp).unlink(missing_ok=True)
        self.added = False


def read_entries(path: str | Path, fragments: dict[str, str] | None = None) -> list[Entry]:
    """The validated entries of one YAML file outside the pattern folder (a bureau's own data, same rules)."""
    path = Path(path)
    doc = _read_yaml(path) or {}
    if not isinstance(doc, dict) or set(doc) - FILE_KEYS:
        raise PatternError(f"{path.name}: expected a mapping with 'entries'")
    return [_entry(raw, path.name, fragments or {}) for raw in doc.get("entries") or ()]


@functools.cache
def load_patterns(directory: str | None = None) -> Patterns:
    """Load every ``*.yaml`` in the pattern folder, validate it and compile it (cached)."""
    root = Path(directory) if directory else patterns_dir()
    sources = {path: path.read_bytes() for path in sorted(root.glob("*.yaml"))}
    store = CompiledStore(root, list(sources.values()))
    fragments_file = root / "fragments.yaml"
    frag_doc = (store.document(sources[fragments_file]) if fragments_file in sources else _read_yaml(fragments_file)) or {}
    fragments = {k: str(v) for k, v in (frag_doc.get("fragments") or {}).items()}
    entries: dict[str, Entry] = {}
    tables: dict[str, Any] = {}
    for path, data in sources.items():
        doc = store.document(data) or {}
        if set(doc) - FILE_KEYS:
            raise PatternError(f"{path.name}: unknown top-level keys {sorted(set(doc) - FILE_KEYS)}")
        for raw in doc.get("entries") or ():
            entry = _entry(raw, path.name, fragments, store.compile)
            if entry.id in entries:
                raise PatternError(f"duplicate pattern id {entry.id} in {path.name}")
            entries[entry.id] = entry
        for name, value in (doc.get("tables") or {}).items():
            if name in tables:
                raise PatternError(f"duplicate table {name} in {path.name}")
            tables[name] = value
    store.save()
    return Patterns(entries=entries, tables=tables, store=store)


@functools.cache
def rx(entry_id: str):
    """The compiled pattern of an entry of the pattern folder (loaded once per process; each id looked up once).

    >>> rx("cleanup.page_number").search("第 3 页") is not None
    True
    """
    return load_patterns().regex(entry_id)
