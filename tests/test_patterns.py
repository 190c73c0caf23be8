"""Generic checks of every entry in patterns/*.yaml (all modules' entries, not only one).

Each entry's positive examples must match and its negative ones must not; ids are unique across
files; every entry says what it is for; every {{fragment}} an entry uses is defined.
"""
from __future__ import annotations

import collections

import pytest
import regex
import yaml

from extract.patterns import load_patterns, patterns_dir

FRAGMENT_USE = regex.compile(r"\{\{(\w+)\}\}")

ENTRIES = sorted(load_patterns().entries.values(), key=lambda e: e.id)
IDS = [e.id for e in ENTRIES]


def _raw_entries() -> list[dict]:
    """The entries as written in the YAML files (before fragments are expanded)."""
    raw = []
    for path in sorted(patterns_dir().glob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        raw.extend(dict(entry, _file=path.name) for entry in doc.get("entries") or ())
    return raw


def _fragments() -> dict[str, str]:
    doc = yaml.safe_load((patterns_dir() / "fragments.yaml").read_text(encoding="utf-8")) or {}
    return {k: str(v) for k, v in (doc.get("fragments") or {}).items()}


RAW = _raw_entries()


@pytest.mark.parametrize("entry", ENTRIES, ids=IDS)
def test_positive_examples_match(entry):
    missed = [text for text in entry.positive if not entry.matches(text)]
    assert entry.positive and not missed, f"{entry.id} ({entry.file}) misses {missed}"


@pytest.mark.parametrize("entry", ENTRIES, ids=IDS)
def test_negative_examples_do_not_match(entry):
    wrongly = [text for text in entry.negative if entry.matches(text)]
    assert not wrongly, f"{entry.id} ({entry.file}) wrongly matches {wrongly}"


@pytest.mark.parametrize("entry", ENTRIES, ids=IDS)
def test_entry_has_a_comment(entry):
    assert entry.comment and entry.comment.strip(), f"{entry.id} has no comment"


@pytest.mark.parametrize("entry", ENTRIES, ids=IDS)
def test_pattern_is_fully_expanded(entry):
    if entry.pattern is None:
        assert entry.words, f"{entry.id} is neither a pattern nor a vocabulary"
    else:
        assert not FRAGMENT_USE.search(entry.pattern), f"{entry.id} keeps an unexpanded fragment"


def test_ids_are_unique_across_files():
    counts = collections.Counter(raw.get("id") for raw in RAW)
    assert not [entry_id for entry_id, n in counts.items() if n > 1]
    assert len(counts) == len(ENTRIES)


@pytest.mark.parametrize("raw", RAW, ids=[str(r.get("id")) for r in RAW])
def test_fragments_used_are_defined(raw):
    fragments = _fragments()
    texts = [str(raw.get("pattern") or "")]
    while texts:  # fragments may use fragments
        for name in FRAGMENT_USE.findall(texts.pop()):
            assert name in fragments, f"{raw['id']} ({raw['_file']}) uses undefined {{{{{name}}}}}"
            texts.append(fragments[name])


@pytest.mark.parametrize("doc,message", [
    ({"entries": [{"id": "x.one", "comment": "c", "pattern": "a", "positive": ["a"], "negative": [], "patern": "b"}]},
     "unknown keys ['patern']"),
    ({"entries": [], "tabels": {}}, "unknown top-level keys ['tabels']"),
    ({"entries": [{"id": "x.two", "comment": "c", "pattern": "a", "words": ["a"], "positive": ["a"]}]},
     "exactly one of"),
], ids=["misspelt-entry-key", "misspelt-file-key", "pattern-and-words"])
def test_loader_rejects_data_it_does_not_know(doc, message, tmp_path):
    from extract.errors import PatternError

    (tmp_path / "fragments.yaml").write_text("fragments: {}\n", encoding="utf-8")
    (tmp_path / "bad.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    with pytest.raises(PatternError, match=regex.escape(message)):
        load_patterns(str(tmp_path))


def test_grid_column_roles_are_consistent():
    """Every grid.col.* entry names a role, and no two entries claim the same role."""
    roles = [e.data.get("role") for e in ENTRIES if e.id.startswith("grid.col.")]
    assert all(roles) and len(roles) == len(set(roles))
