"""Generic checks of every entry in patterns/*.yaml (all modules' entries, not only one).

Each entry's positive examples must match and its negative ones must not; ids are unique across
files; every entry says what it is for; every {{fragment}} an entry uses is defined.
"""
from __future__ import annotations

import collections
import pickle

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


def _compiled_view(patterns) -> dict:
    """What a compiled pattern is, entry by entry: its text, flags and groups."""
    return {e.id: (e.compiled.pattern, e.compiled.flags, e.compiled.groupindex)
            for e in patterns.entries.values() if e.compiled is not None}


def test_compiled_store_gives_the_patterns_compile_gives(tmp_path):
    """The second load of a folder takes every pattern from patterns/__pycache__ (nothing compiled again), and
    they are the patterns ``regex.compile`` makes: same text, flags and groups, same matches on every example."""
    import shutil

    from extract.patterns import CompiledStore

    folder = tmp_path / "patterns"
    shutil.copytree(patterns_dir(), folder, ignore=shutil.ignore_patterns("__pycache__"))
    first = load_patterns.__wrapped__(str(folder))
    stores = list((folder / "__pycache__").glob("compiled-*.pickle"))
    assert len(stores) == 1
    sources = [p.read_bytes() for p in sorted(folder.glob("*.yaml"))]
    store = CompiledStore(folder, sources)
    assert store.path == stores[0] and store.known
    second = load_patterns.__wrapped__(str(folder))
    assert _compiled_view(second) == _compiled_view(first) == _compiled_view(load_patterns())
    for entry in second.entries.values():
        if entry.compiled is None:
            continue
        fresh = regex.compile(entry.pattern, entry.compiled.flags)
        for example in (*entry.positive, *entry.negative):
            found, expected = entry.compiled.search(example), fresh.search(example)
            assert (found and found.span()) == (expected and expected.span()), (entry.id, example)


@pytest.mark.parametrize("content", [b"", b"not a pickle", b"\x80\x04K\x01.", pickle.dumps({"compiled": 3})],
                         ids=["empty", "garbage", "not-a-dict", "parts-not-dicts"])
def test_an_unreadable_compiled_store_is_compiled_again(content, tmp_path):
    import shutil

    from extract.patterns import CompiledStore

    folder = tmp_path / "patterns"
    shutil.copytree(patterns_dir(), folder, ignore=shutil.ignore_patterns("__pycache__"))
    store = CompiledStore(folder, [p.read_bytes() for p in sorted(folder.glob("*.yaml"))])
    store.path.parent.mkdir()
    store.path.write_bytes(content)
    assert _compiled_view(load_patterns.__wrapped__(str(folder))) == _compiled_view(load_patterns())
    assert CompiledStore(folder, [p.read_bytes() for p in sorted(folder.glob("*.yaml"))]).known  # written anew


def test_patterns_made_of_entries_are_kept_in_the_store_too(tmp_path):
    """``Patterns.compile`` (an alternation of entries) is ``regex.compile``, and a later process finds it stored."""
    import shutil

    from extract.patterns import CompiledStore

    folder = tmp_path / "patterns"
    shutil.copytree(patterns_dir(), folder, ignore=shutil.ignore_patterns("__pycache__"))
    patterns = load_patterns.__wrapped__(str(folder))
    made = patterns.compile("(?:" + patterns.entries["grid.col.max"].pattern + ")|得分", regex.IGNORECASE)
    fresh = regex.compile(made.pattern, regex.IGNORECASE)
    assert (made.pattern, made.flags, made.groupindex) == (fresh.pattern, fresh.flags, fresh.groupindex)
    later = CompiledStore(folder, [p.read_bytes() for p in sorted(folder.glob("*.yaml"))])
    assert (made.pattern, regex.IGNORECASE) in later.known


def test_the_store_gives_each_yaml_document_as_parsed(tmp_path):
    """A later process reads the folder's YAML documents from the store: each equal to PyYAML's own parse."""
    import shutil

    from extract.patterns import CompiledStore, _parse_yaml

    folder = tmp_path / "patterns"
    shutil.copytree(patterns_dir(), folder, ignore=shutil.ignore_patterns("__pycache__"))
    load_patterns.__wrapped__(str(folder))
    sources = [p.read_bytes() for p in sorted(folder.glob("*.yaml"))]
    later = CompiledStore(folder, sources)
    assert len(later.documents) == len(sources)
    for data in sources:
        assert later.document(data) == _parse_yaml(data)
    assert not later.added  # nothing parsed again


def test_a_changed_pattern_file_gets_a_new_store_and_the_old_one_goes(tmp_path):
    import shutil

    folder = tmp_path / "patterns"
    shutil.copytree(patterns_dir(), folder, ignore=shutil.ignore_patterns("__pycache__"))
    load_patterns.__wrapped__(str(folder))
    before = set((folder / "__pycache__").glob("compiled-*.pickle"))
    tables = folder / "tables.yaml"
    tables.write_text(tables.read_text(encoding="utf-8") + "\n# a comment added\n", encoding="utf-8")
    changed = load_patterns.__wrapped__(str(folder))
    after = set((folder / "__pycache__").glob("compiled-*.pickle"))
    assert len(before) == len(after) == 1 and before != after
    assert _compiled_view(changed) == _compiled_view(load_patterns())
