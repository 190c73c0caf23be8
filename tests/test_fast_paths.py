"""The shortcuts of the PDF reader and the table recogniser give what the long way gives.

* ``rebuild.GATES``: a reader is skipped at a cell where its first test fails -- the tables found
  are the tables found when every reader is tried at every cell;
* ``pdf_grid.intersections_to_cells``: the cells of pdfplumber's own function, in its order;
* ``pdf_grid``: pdfplumber's table geometry (snap, join, intersections, cells, tables, rows) without importing it;
* ``pdf_borderless._in_runs``: only lines in runs of three candidates are measured;
* ``pdf.clean_line``: the fast path for lines of readable characters gives the slow path's line;
* ``exclude.date`` (patterns/mentions.yaml), written digit first: the dates of the plain pattern.
"""
from __future__ import annotations

import random
import re
from operator import itemgetter

import pytest
from conftest import corpus_texts, needs_shared
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.read import pdf, pdf_borderless, pdf_grid, pdf_rules
from extract.tables import rebuild
from extract.text.memo import clear_caches


def _tables(text: str, grid_rows: bool) -> list[str]:
    return [repr(t) for t in rebuild.find_tables(text, [0], grid_rows=grid_rows)]


@needs_shared
@pytest.mark.parametrize("grid_rows", [False, True], ids=["lines", "grid-rows"])
def test_gated_readers_find_the_tables_of_every_reader_at_every_cell(grid_rows, monkeypatch):
    texts = [p.read_text(encoding="utf-8") for p in corpus_texts()]
    gated = [_tables(text, grid_rows) for text in texts]
    monkeypatch.setattr(rebuild, "GATES", {})
    clear_caches()
    assert [_tables(text, grid_rows) for text in texts] == gated
    assert any(gated)


TABLE_WORDS = ["项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分", "年度资金总额",
               "其中：当年财政拨款", "一级指标", "二级指标", "三级指标", "指标1：", "序号", "任务名称", "主要内容",
               "预算资金", "支出类别", "年初预算（万元）", "实际支出（万元）", "合计", "2021年决算数", "2022年预算数",
               "经费情况(万元)", "单位：万元", "43.2", "86%", "—", "10", "9", "1", "2", "产出指标", "数量指标"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(TABLE_WORDS), min_size=1, max_size=40),
       st.lists(st.sampled_from(["\n", " ", " | ", ""]), min_size=40, max_size=40),
       st.booleans())
def test_gated_readers_on_shuffled_table_words(words, seps, grid_rows):
    text = "".join(w + s for w, s in zip(words, seps))
    gated = _tables(text, grid_rows)
    saved = rebuild.GATES
    rebuild.GATES = {}
    try:
        assert _tables(text, grid_rows) == gated
    finally:
        rebuild.GATES = saved


def _grid_edges(rng: random.Random, jitter: float = 0.0) -> list[dict]:
    """Edges on a random grid; ``jitter`` moves each end by up to that many points (snapped, joined)."""
    xs = sorted(rng.sample(range(0, 300, 10), rng.randint(2, 7)))
    ys = sorted(rng.sample(range(0, 300, 10), rng.randint(2, 7)))
    near = lambda v: v + rng.uniform(-jitter, jitter) if jitter else v  # noqa: E731
    edges = []
    for _ in range(rng.randint(2, 25)):
        if rng.random() < 0.5:
            y, (a, b) = near(rng.choice(ys)), sorted(rng.sample(xs, 2))
            edges.append(pdf_rules._edge((near(a), y), (near(b) + rng.choice([0, 0, 1, 2.5]), y), 400))
        else:
            x, (a, b) = near(rng.choice(xs)), sorted(rng.sample(ys, 2))
            edges.append(pdf_rules._edge((x, near(a)), (x, near(b)), 400))
    return [e for e in edges if e[pdf_rules._length_key(e)] >= pdf_rules.TABLE_SETTINGS["prefilter"]]


def _boxes(intersections: dict) -> dict:
    """pdfplumber's intersections with each edge as its box, as :mod:`extract.read.pdf_grid` keeps them."""
    box = itemgetter("x0", "top", "x1", "bottom")
    return {p: {k: [box(e) for e in found[k]] for k in ("v", "h")} for p, found in intersections.items()}


@pytest.mark.parametrize("seed", range(20))
def test_cells_of_intersections_are_pdfplumbers(seed):
    from pdfplumber.table import edges_to_intersections, intersections_to_cells, merge_edges

    rng = random.Random(seed)
    for _ in range(50):
        intersections = edges_to_intersections(merge_edges(_grid_edges(rng), 3, 3, 3, 3), 3, 3)
        assert pdf_grid.intersections_to_cells(_boxes(intersections)) == intersections_to_cells(intersections)


@pytest.mark.parametrize("jitter", [0.0, 0.4, 2.0], ids=["on-grid", "jitter-0.4", "jitter-2"])
@pytest.mark.parametrize("seed", range(10))
def test_tables_of_edges_are_pdfplumbers(seed, jitter):
    """pdf_grid (no pdfplumber import) gives pdfplumber's snapped and joined edges, cells, tables and rows."""
    from pdfplumber.table import (
        Table,
        cells_to_tables,
        edges_to_intersections,
        intersections_to_cells,
        merge_edges,
    )

    s = pdf_rules.TABLE_SETTINGS
    rng = random.Random(seed)
    for _ in range(50):
        edges = _grid_edges(rng, jitter)
        merged = merge_edges(edges, s["snap"], s["snap"], s["join"], s["join"])
        merged = [e for e in merged if e[pdf_rules._length_key(e)] >= s["edge_min_length"]]
        intersections = edges_to_intersections(merged, s["intersection"], s["intersection"])
        expected = cells_to_tables(intersections_to_cells(intersections))
        found = pdf_rules.cell_groups(edges)
        assert found == expected
        for cells in expected:
            table, mine = Table(None, cells), pdf_grid.GridTable(cells)
            assert mine.bbox == table.bbox
            assert [(r.cells, r.bbox) for r in mine.rows] == [(r.cells, r.bbox) for r in table.rows]


@pytest.mark.parametrize(("may", "runs"), [
    ([], []),
    ([True, True], [False, False]),
    ([True, True, True], [True, True, True]),
    ([True, False, True, True, True, False], [False, False, True, True, True, False]),
    ([True, True, True, False, True, True], [True, True, True, False, False, False]),
], ids=["none", "two", "three", "three-inside", "three-then-two"])
def test_only_runs_of_three_candidate_lines_are_measured(may, runs):
    assert pdf_borderless._in_runs(may) == runs


def _slow_clean_line(line: str) -> str | None:
    line = pdf.CONTROL.sub("", line.replace("\t", " ")).strip()
    if not line:
        return None
    without_cid = pdf.CID_GLYPH.sub("\ufffd", line) if "(cid:" in line else line
    printed = len("".join(without_cid.split()))
    if not printed or (printed - len(pdf.UNREADABLE.findall(without_cid))) / printed < 0.6:
        return None
    if len(re.findall(r"[\u3400-\u9fff]", line)) < 3:
        return line
    half = len(line) // 2
    first, rest = line[:half].rstrip(), line[half:].lstrip()
    if first == rest:
        return first
    if len(line) % 2 == 0 and all(line[i] == line[i + 1] for i in range(0, len(line), 2)):
        return line[::2]
    return line


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(list("一二基本情况 \t\x02\u3000\ue000\ufffdab1.") + ["(cid:7)"]), max_size=14),
       st.sampled_from(["plain", "repeated", "doubled"]))
def test_clean_line_fast_path_is_the_slow_path(chars, shape):
    line = "".join(chars)
    line = {"plain": line, "repeated": f"{line} {line}", "doubled": "".join(c * 2 for c in line)}[shape]
    assert pdf.clean_line(line) == _slow_clean_line(line)


#: exclude.date as first written: the rewrite in patterns/mentions.yaml (one digit first) must find what this finds
PLAIN_DATE = (r"(?:19|20)[0-9]{2}\s*(?:年\s*[0-9]{1,2}\s*月(?:\s*[0-9]{1,2}\s*日)?|[-/.][0-9]{1,2}[-/.][0-9]{1,2})"
              r"|[0-9]{1,2}\s*月\s*[0-9]{1,2}\s*日")


def _date_spans(rx, text: str) -> list[tuple[int, int]]:
    return [m.span() for m in rx.finditer(text)]


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="0123456789年月日-/. 至度", max_size=40))
def test_digit_first_date_pattern_finds_the_plain_dates(text):
    import regex

    from extract.patterns import load_patterns

    fast = load_patterns().regex("exclude.date")
    assert _date_spans(fast, text) == _date_spans(regex.compile(PLAIN_DATE), text)


@needs_shared
def test_digit_first_date_pattern_on_the_corpus():
    import regex

    from extract.patterns import load_patterns

    fast, plain = load_patterns().regex("exclude.date"), regex.compile(PLAIN_DATE)
    texts = [p.read_text(encoding="utf-8") for p in corpus_texts()]
    assert [_date_spans(fast, t) for t in texts] == [_date_spans(plain, t) for t in texts]
    assert any(_date_spans(plain, t) for t in texts)
