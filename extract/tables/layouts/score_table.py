"""Indicator tables (一级指标 | 二级指标 | 三级指标 | 分值 | 年度指标值 | 实际完成值 | 得分) read from text.

The header gives where 分值 and 得分 stand; rows come as ``|`` lines, as one cell per line,
or as space-separated cells in one long line.  A row's 分值 and 得分 are its bare-number
cells in those positions: when the two columns are adjacent they are the last two bare
numbers of a run; when values stand between them, the first and the last bare numbers of a
``|`` row.  Target and result cells (≥50个, 29.5亩, 100%) are never scores.

Every reader here (and in ``score_groups``, ``score_column``, ``score_pairs``) gives rows -- where a
name, a 分值 and a 得分 stand -- and ``score_rows.as_grid`` makes them a :class:`Table`: the score
items come from its cells through ``tables/figures.py``, the one path from grid to figures.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

import regex

from ...patterns import load_patterns, rx
from ...read.model import Table
from ..rebuild import figures_of
from .score_column import single_column_rows
from .score_groups import grouped_rows
from .score_pairs import wrapped_rows
from .score_rows import ScoreRow, as_grid, leaf_under, name_span
from .score_weights import weight_rows

_SPACES = regex.compile(r"\s+")

_HEADER_WINDOW = 260
_BODY_LIMIT = 3000


@dataclass
class TextCell:
    """A stretch of the table's text taken as a cell (not yet a grid cell)."""

    text: str
    start: int
    end: int
    row: int  # index of the text row (line) or -1 in a stream


@dataclass
class Layout:
    has_max: bool
    has_score: bool
    adjacent: bool  # 分值 right before 得分 (values before both)
    start: int
    end: int
    gap: int = 0  # columns between 分值 and 得分
    leaves: int | None = None  # the level of the scored rows, where the header names it (三级指标: 3)


@functools.lru_cache(maxsize=1)
def _column_rx():
    pats = load_patterns()
    roles = {"name": "indicator_header", "value": "value_column", "max": "max_column", "score": "score_column"}
    return pats.compile("|".join(f"(?P<{r}>{pats.entries['table.' + e].pattern})" for r, e in roles.items()))


def find_layouts(text: str) -> list[Layout]:
    """Headers of indicator tables: an indicator-name column followed by 分值 and/or 得分."""
    layouts = []
    prose_between = rx("table.prose_between")  # between two column names: not a header row
    for m in rx("table.indicator_header").finditer(text):
        if layouts and m.start() < layouts[-1].end:
            continue
        roles, end = [], m.end()
        for c in _column_rx().finditer(text, m.start(), m.start() + _HEADER_WINDOW):
            if prose_between.search(text[end:c.start()]):
                break  # prose between two names: not a header row
            roles.append(c.lastgroup)
            end = c.end()
        if "max" not in roles and "score" not in roles:
            continue
        gap = roles.index("score") - roles.index("max") - 1 if "max" in roles and "score" in roles else 0
        leaves = 3 if rx("table.level3_header").search(text, m.start(), end) else None
        layouts.append(Layout("max" in roles, "score" in roles, gap == 0 and "max" in roles, m.start(), end, max(gap, 0),
                              leaves))
    return layouts


def _is_number(cell: str) -> bool:
    return rx("table.score_number_text").fullmatch(cell) is not None


def _is_name(cell: str) -> bool:
    c = cell.strip()
    return (bool(regex.search(r"\p{Han}", c)) and len(c) <= 40 and not rx("table.target_cell").search(c)
            and not rx("table.unit_cell").fullmatch(c)
            and not rx("table.verdict_cell").fullmatch(c))


def _cells(text: str, lo: int, hi: int) -> list[TextCell]:
    """Cells of the table body: ``|`` rows, else lines, else runs of non-space text."""
    body = text[lo:hi]
    if body.count("|") >= 4:
        out, row = [], 0
        for line in regex.finditer(r"[^\n]+", body):
            if "|" not in line.group() and out:
                break  # the table's rows have ended
            for c in regex.finditer(r"[^|]+", line.group()):
                if c.group().strip():
                    s = lo + line.start() + c.start()
                    out.append(_trim(text, s, s + len(c.group()), row))
            row += 1
        return out
    sep = r"[^\n]+" if body.count("\n") >= 6 else r"\S+"
    return [_trim(text, lo + m.start(), lo + m.end(), -1) for m in regex.finditer(sep, body)]


def _trim(text: str, s: int, e: int, row: int) -> TextCell:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return TextCell(text[s:e], s, e, row)


def _rows(cells: list[TextCell]):
    """Group cells by text row (``|`` tables); a stream is one group."""
    groups: dict[int, list[TextCell]] = {}
    for c in cells:
        groups.setdefault(c.row, []).append(c)
    return list(groups.values())


def _name_before(cells: list[TextCell], i: int) -> TextCell | None:
    for j in range(i - 1, max(-1, i - 6), -1):
        if _is_name(cells[j].text):
            return cells[j]
    return None


def _compact(cell: TextCell | None) -> str:
    return _SPACES.sub("", cell.text) if cell is not None else ""


def _pairs(layout: Layout, cells: list[TextCell], in_row: bool):
    """(name cell, max cell, score cell) found in a row or a stream of cells."""
    nums = [i for i, c in enumerate(cells) if _is_number(c.text)]
    if not nums:
        return
    if layout.adjacent:
        found = False
        i = 0
        while i < len(cells):
            if i in nums and i + 1 in nums and i + 2 not in nums:
                yield _name_before(cells, i), cells[i], cells[i + 1]
                found = True
                i += 2
                continue
            i += 1
        name = _name_before(cells, nums[0])
        if in_row and not found and len(nums) == 1 and rx("table.total_row").fullmatch(_compact(name)):
            yield name, cells[nums[0]], None
        return
    if not in_row:
        yield from _stream_pairs(layout, cells, nums)
        return
    first, last = cells[nums[0]], cells[nums[-1]]
    name = _name_before(cells, nums[0])
    if layout.has_max and layout.has_score:
        yield (name, first, last) if len(nums) > 1 else (name, first, None)
    elif layout.has_score:
        yield name, None, last
    else:
        yield name, first, None


def _stream_pairs(layout: Layout, cells: list[TextCell], nums: list[int]):
    """One cell per line, values between 分值 and 得分: a number, a few text cells, a number."""
    used: set[int] = set()
    for a, b in zip(nums, nums[1:]):
        if a in used or not (1 <= b - a - 1 <= layout.gap + 4):
            continue
        if not layout.has_score:
            continue
        used.update((a, b))
        yield _name_before(cells, a), cells[a], cells[b]
    last = nums[-1] if nums else None
    if last is not None and last not in used and used and len(cells) - last - 1 <= layout.gap + 4:
        yield _name_before(cells, last), cells[last], None  # the table is cut after this row's 分值


def _inline_total(text: str, layout: Layout, rows: list[ScoreRow]) -> list[ScoreRow]:
    """总分100 closing a table that has only a 得分 column: the overall score."""
    m = rx("table.total_inline").search(text, layout.end, layout.end + _BODY_LIMIT)
    if not m or any(r.start <= m.start("total") < r.end for r in rows):
        return []
    label = regex.match(r"\S+?(?=\s*$)", text[m.start():m.start("total")])
    return [ScoreRow((m.start(), m.start() + label.end()) if label else None, score=m.span("total"), total=True,
                     proof="template")]


def _glued_rows(text: str, lo: int, hi: int):
    """Rows whose cells lost their borders: yield (ScoreRow, value spans)."""
    for m in load_patterns().finditer("table.glued_row", text, lo, hi):
        yield ScoreRow(m.span("name"), m.span("max"), m.span("score"), proof="glued"), [m.span("v1"), m.span("v2")]


def _glued_score_rows(text: str, lo: int, hi: int):
    """Rows of a form with only a 得分 column whose cells lost their borders, split at the values' % signs:
    yield (ScoreRow, value spans).  A level-2 word glued in front of the name is its group."""
    for m in rx("table.glued_score_row").finditer(text, lo, hi):
        prefix = rx("table.level2_prefix").match(m.group("name"))
        group = prefix.group("group") if prefix else ""
        name = name_span(text, m.start("name") + len(group), m.end("name"))
        yield (ScoreRow(name, score=m.span("score"), group=group, proof="glued", level=leaf_under(group)),
               [m.span("v1"), m.span("v2")])


def _is_glued(text: str, lo: int, hi: int) -> bool:
    body = text[lo:hi]
    return "|" not in body and body.count(" ") + body.count("\n") <= max(1, len(body) / 40)


def _layout_rows(text: str, layout: Layout, hi: int) -> tuple[list[ScoreRow], bool, list[tuple[int, int]]]:
    """The rows of one indicator table (its scored rows at the level its header names), whether their spans are
    claimed from prose, and the value cells of glued rows."""
    rows, claim, values = _rows_under(text, layout, hi)
    for row in rows:
        if row.score is not None and not row.total and (row.max is None or layout.has_max):
            row.level = row.level or layout.leaves  # a 分值 under a header with no 分值 column: not the header's row
    return rows, claim, values


def _rows_under(text: str, layout: Layout, hi: int) -> tuple[list[ScoreRow], bool, list[tuple[int, int]]]:
    glued = _is_glued(text, layout.end, hi)
    if glued and (layout.gap == 2 or (layout.has_score and not layout.has_max)):
        reader = _glued_rows if layout.gap == 2 else _glued_score_rows
        found = list(reader(text, layout.end, hi))
        if found or layout.gap == 2:
            return [r for r, _ in found], True, [v for _, vals in found for v in vals]
    cells = _cells(text, layout.end, hi)
    piped = any(c.row >= 0 for c in cells)
    if not piped and layout.has_max != layout.has_score:
        found = single_column_rows(text, layout.end, hi, "max" if layout.has_max else "score")
        if found:
            return found, True, []
    rows = []
    for row in _rows(cells):
        for name, mx, sc in _pairs(layout, row, piped):
            span = name_span(text, name.start, name.end, keep=40) if name is not None else None
            rows.append(ScoreRow(span, (mx.start, mx.end) if mx else None, (sc.start, sc.end) if sc else None,
                                 total=bool(rx("table.total_row").fullmatch(_compact(name))), proof="pair"))
    return rows, False, []


def score_grids(text: str) -> tuple[list[Table], list[tuple[int, int]], list[tuple[int, int]]]:
    """Indicator tables read from text that lost its cell borders, as grids; the spans prose must skip; and
    the value cells of glued rows (read for amounts on their own)."""
    grids: list[Table] = []
    taken: list[ScoreRow] = []
    spans: list[tuple[int, int]] = []
    values: list[tuple[int, int]] = []

    def keep(rows: list[ScoreRow], strategy: str, claim: bool) -> None:
        if rows:
            grids.append(as_grid(rows, text, strategy))
            taken.extend(rows)
            if claim:
                spans.extend((r.start, r.end) for r in rows)

    layouts = find_layouts(text)
    for k, layout in enumerate(layouts):
        nxt = layouts[k + 1].start if k + 1 < len(layouts) else len(text)
        stop = rx("table.score_end").search(text, layout.end, min(nxt, layout.end + _BODY_LIMIT))
        hi = stop.start() if stop else min(nxt, layout.end + _BODY_LIMIT)
        rows, claim, vals = _layout_rows(text, layout, hi)
        keep(rows, "layout", claim)
        values.extend(vals)
    grouped, bodies = grouped_rows(text)
    fresh = [(r, b) for r, b in zip(grouped, bodies) if not any(t.start < r.end and r.start < t.end for t in taken)]
    keep([r for r, _ in fresh], "groups", True)
    values.extend(b for _, b in fresh)
    keep([r for r in wrapped_rows(text) if not any(t.start <= r.start < t.end for t in taken)], "wrapped", True)
    keep([r for r in weight_rows(text) if not any(t.start < r.end and r.start < t.end for t in taken)], "weights", True)
    totals = []
    for layout in layouts:
        if layout.has_score and not layout.has_max:
            totals.extend(_inline_total(text, layout, taken + totals))
    keep(totals, "total", False)
    doubled = []
    for m in rx("table.doubled_total").finditer(text):
        if not any(t.start <= m.start("both") < t.end for t in taken):
            second = text.index(m.group("both"), m.end("both"), m.end())  # 总分100100: 分值 and 得分 the same number
            doubled.append(ScoreRow((m.start(), m.start() + 2), m.span("both"), (second, m.end()), total=True,
                                    proof="template"))
            spans.append((m.start(), m.end()))
    keep(doubled, "total", False)
    return grids, spans, values


def read_score_tables(text: str, page_starts: list[int]):
    """Score items of indicator tables read from text (through the grid's one path to figures), the spans
    prose must skip, and the value cells of glued rows."""
    grids, spans, values = score_grids(text)
    return figures_of(grids, text, page_starts).scores, spans, values
