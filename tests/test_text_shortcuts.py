"""The text path's shortcuts give the answers of the work they skip.

A cheap test before a pattern (a table row holds a bar, a number run a space, a pinyin gloss a
bracket, an artefact space a space character) must never skip a line the pattern would match;
a cached answer must equal a fresh one; a character table's look-ahead must never skip a
string it would change.  Checked on every line of the corpus and on generated text.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.patterns import load_patterns
from extract.text import cleanup, segment, spaced_rows, spacing
from extract.text.segment import CharTable
from extract.values import labels

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
TEXTS = sorted(SHARED.glob("corpus/*.txt")) + sorted(SHARED.glob("seed/*.txt")) + sorted((REPO / "corpus").glob("*.txt"))
ALPHABET = list("收入支出预算执行率項目績效門（）()|| \t　\u00a00123456789.,%％-+万元。；;：:！？shìàn一二三四五\n")


def _rx(name: str):
    return load_patterns().regex(name)


#: (name, the shortcut, the plain pattern test it stands for)
PREFILTERS = [
    ("table_row", cleanup.is_table_row, lambda s: _rx("cleanup.table_row").search(s) is not None),
    ("number_run", cleanup._has_number_run, lambda s: _rx("cleanup.number_run").search(s) is not None),
    ("ruby", lambda s: cleanup._without_ruby(_rx("cleanup.ruby_pinyin"), s),
     lambda s: _rx("cleanup.ruby_pinyin").sub("", s)),
    ("artefact_space_chars", lambda s: any(c in s for c in cleanup._SPACES) or not _rx("cleanup.artefact_space").search(s),
     lambda s: True),
]

#: cached functions of one string, each compared with the function it wraps
CACHED = [
    ("to_simplified", segment.to_simplified),
    ("parse_heading", segment.parse_heading),
    ("template_title", segment.template_title),
    ("section_type", segment.section_type),
    ("display_width", cleanup.display_width),
    ("names_column", spaced_rows._names_column),
    ("stands_alone", cleanup._stands_alone),
    ("label_to_simplified", labels.to_simplified),
    ("label_of", labels.label_of),
    ("is_change", labels.is_change),
    ("is_other_year", labels.is_other_year),
]


def _corpus_lines() -> list[str]:
    lines: set[str] = set()
    for path in TEXTS:
        for line in path.read_text(encoding="utf-8", errors="replace").split("\n"):
            lines.update({line, line.strip()})
    return sorted(lines)


@pytest.fixture(scope="module")
def corpus_lines() -> list[str]:
    lines = _corpus_lines()
    if not lines:
        pytest.skip("no corpus texts present")
    return lines


@pytest.mark.parametrize("name,fast,plain", PREFILTERS, ids=[p[0] for p in PREFILTERS])
def test_a_prefilter_agrees_with_its_pattern_on_every_corpus_line(name, fast, plain, corpus_lines):
    differ = [line for line in corpus_lines if fast(line) != plain(line)]
    assert differ == [], f"{name} differs on {differ[:3]}"


@pytest.mark.parametrize("name,fast,plain", PREFILTERS, ids=[p[0] for p in PREFILTERS])
@settings(max_examples=300, deadline=None)
@given(line=st.text(alphabet=ALPHABET, max_size=60))
def test_a_prefilter_agrees_with_its_pattern_on_generated_lines(name, fast, plain, line):
    assert fast(line) == plain(line)


def _removed_spaces_the_long_way(line: str) -> str:
    """remove_artefact_spaces as it read before its shortcuts (every pattern asked, the Han count taken)."""
    if _rx("cleanup.table_row").search(line):  # only the blanks of its letter-spaced cells go
        return "|".join(spacing.HAN_GAP.sub("", c) if spacing.is_letter_spaced(c.strip()) else c for c in line.split("|"))
    if _rx("cleanup.number_run").search(line):
        return line
    rx = _rx("cleanup.artefact_space")
    han_gaps = len(spacing.HAN_GAP.findall(line))
    if spacing.is_letter_spaced(line):
        return rx.sub("", spacing.HAN_GAP.sub("", line))
    if not rx.search(line):
        return line
    han = len(cleanup._HAN.findall(line))
    if han_gaps >= 3 and han_gaps / max(han, 1) > 0.04:  # cells: only a wide gap's letter-spaced cells lose blanks
        return spacing.cells_without_letter_spacing(line, wide=True) if _rx("grid.wide_gap").search(line) else line
    return rx.sub("", line)


def test_artefact_spaces_are_removed_as_without_the_shortcuts(corpus_lines):
    differ = [line for line in corpus_lines if cleanup.remove_artefact_spaces(line) != _removed_spaces_the_long_way(line)]
    assert differ == []


@settings(max_examples=300, deadline=None)
@given(line=st.text(alphabet=ALPHABET, max_size=60))
def test_artefact_spaces_are_removed_as_without_the_shortcuts_on_generated_lines(line):
    assert cleanup.remove_artefact_spaces(line) == _removed_spaces_the_long_way(line)


@pytest.mark.parametrize("name,cached", CACHED, ids=[c[0] for c in CACHED])
def test_a_cached_answer_is_the_fresh_one(name, cached, corpus_lines):
    fresh = cached.__wrapped__
    sample = corpus_lines[::7] + ["", "決算數", "（一）预算编制情况", "调整后预算"]
    assert [cached(s) for s in sample] == [fresh(s) for s in sample]
    assert [cached(s) for s in sample] == [fresh(s) for s in sample]  # answered from the cache this time


@pytest.mark.parametrize("table", ["traditional", "label_traditional"])
@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet=list("調整後預算門項目績效决算数收入 |12"), max_size=30))
def test_a_char_table_changes_what_translate_changes(table, text):
    mapping = {ord(p[0]): p[1] for p in load_patterns().table(table).split()}
    assert CharTable(mapping).apply(text) == text.translate(mapping)
