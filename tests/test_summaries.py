"""The slim per-report summaries report.html and the record sheets are built from give the same outputs
as whole records, on the corpus texts and the seed."""
from __future__ import annotations

import pytest
from conftest import labelled_texts, needs_shared, record_of

from extract.output.overview import overview_html
from extract.output.sheets import yearly_rows
from extract.output.spool import PickledSequence
from extract.output.summaries import Summaries, TextExcerpts, pairs, summarise
from extract.output.themes import keyword_rows, keyword_weights, report_keywords, theme_rows


@pytest.fixture(scope="module")
def whole_and_slim():
    records = [record_of(str(p)) for p in labelled_texts()]
    return records, summarise(iter(records))


@needs_shared
def test_report_html_from_summaries_equals_the_one_from_whole_records(whole_and_slim):
    records, slim = whole_and_slim
    assert overview_html(slim.records, words=slim.words) == overview_html(records)


@needs_shared
@pytest.mark.parametrize("rows", [theme_rows, keyword_rows, lambda r: list(yearly_rows(r))],
                         ids=["themes-sheet", "keywords", "yearly-sheet"])
def test_sheet_rows_from_summaries_equal_those_from_whole_records(whole_and_slim, rows):
    records, slim = whole_and_slim
    given = slim.records if rows.__name__ == "<lambda>" else slim.words
    assert rows(given) == rows(records)


@needs_shared
def test_summaries_keep_a_small_part_of_each_text(whole_and_slim):
    records, slim = whole_and_slim
    kept = sum(r.text.n_kept for r in slim.records)
    assert kept < sum(len(r.text) for r in records) / 3
    assert all(len(s.text) == len(r.text) and not s.mentions for s, r in zip(slim.records, records))


@pytest.mark.parametrize(("windows", "key", "expected"), [
    ([(1, 3), (6, 8)], slice(1, 3), "12"),
    ([(1, 3), (2, 5)], slice(1, 5), "1234"),  # overlapping windows merge
    ([(-5, 2)], slice(0, 2), "01"),  # clipped to the text
    ([(8, 40)], slice(8, 10), "89"),
    ([(1, 3)], slice(5, 5), ""),
], ids=["one-window", "merged", "clipped-left", "clipped-right", "empty-slice"])
def test_text_excerpts_give_the_kept_stretches(windows, key, expected):
    assert TextExcerpts("0123456789", windows)[key] == expected


@pytest.mark.parametrize("key", [slice(0, 2), slice(2, 7), slice(8, 9)], ids=["before", "across-a-gap", "after"])
def test_text_excerpts_refuse_a_stretch_not_kept(key):
    with pytest.raises(KeyError):
        TextExcerpts("0123456789", [(1, 3), (4, 7)])[key]


@needs_shared
def test_each_reports_keywords_made_alone_are_those_of_its_keyword_row(whole_and_slim):
    """report.html ranks a report's keywords as its details are written, against weights taken in one pass."""
    _, slim = whole_and_slim
    weights = keyword_weights(slim.words)
    rows = iter(keyword_rows(slim.words))
    for words in slim.words:
        assert report_keywords(words, weights) == (next(rows)["keywords"] if words.passages else [])
    assert next(rows, None) is None


@pytest.mark.parametrize("same_summaries", [True, False], ids=["one-spool-read-once", "two-sequences-zipped"])
def test_two_columns_of_one_summaries_are_read_from_disk_once(monkeypatch, same_summaries):
    reads = []
    iterate = PickledSequence.__iter__
    monkeypatch.setattr(PickledSequence, "__iter__", lambda self: reads.append(1) or iterate(self))
    first, second = Summaries(), Summaries()
    for i in range(5):
        first.add(f"record {i}", f"words {i}")
        second.add(f"other {i}", f"other words {i}")
    other = first.words if same_summaries else second.words
    expected = [(f"record {i}", f"{'' if same_summaries else 'other '}words {i}") for i in range(5)]
    assert list(pairs(first.records, other)) == expected
    assert len(reads) == (1 if same_summaries else 2)
