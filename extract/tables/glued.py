"""Cells run together: a table copied with every border lost (一级指标分值二级指标分值三级指标分值得分项目决策20项目目标4).

The cell stream of such text is cut where a proof holds and nowhere else:

* between a number and text (项目决策20项目目标 -> 项目决策 | 20 | 项目目标): a number has no letters, so the
  boundary is where the script changes; digits run together (4 4 -> 44) stay one cell and are not read;
* a run of text that reads, one way only, as a sequence of the templates' column names
  (``grid.col.*``): the header's cells (一级指标 | 分值 | 二级指标 | 分值 | 三级指标 | 分值 | 得分).

>>> [c.text for c in glued_cells("一级指标分值二级指标分值三级指标分值得分项目决策20项目目标4")]
['一级指标', '分值', '二级指标', '分值', '三级指标', '分值', '得分', '项目决策', '20', '项目目标', '4']
"""
from __future__ import annotations

from ..patterns import rx
from ..read.model import Table
from .columns import role_of
from .indicators import read_indicators
from .stream import StreamCell

MAX_NAME = 12  # the longest column name tried when cutting a header run


def glued_cells(text: str) -> list[StreamCell]:
    """The text's cells, cut at script changes and, in a header run, between column names."""
    out: list[StreamCell] = []
    headers = [m.span() for m in rx("table.indicator_header").finditer(text)]
    k = 0  # the first header match that does not end before the run
    for m in rx("grid.glued_token").finditer(text):
        lo, hi = m.start(), m.end()
        while k < len(headers) and headers[k][1] <= lo:
            k += 1
        # a header inside the run is inside (or overlaps) a header match of the whole text
        start, names = _header_in(m.group()) if k < len(headers) and headers[k][0] < hi else (0, [])
        if start:
            out.append(StreamCell(text[lo:lo + start], lo, lo + start))
        pos = lo + start
        for name in names:
            out.append(StreamCell(name, pos, pos + len(name)))
            pos += len(name)
        if pos < hi:
            out.append(StreamCell(text[pos:hi], pos, hi))
    return out


def read_glued_indicators(cells: list[StreamCell], i: int) -> tuple[Table, int] | None:
    """An indicator block whose header is run together (its first three cells touch): text whose borders were
    all lost, not a table some other flattening left unread."""
    if not three_touch(cells, i):
        return None
    return read_indicators(cells, i)


def three_touch(cells: list[StreamCell], i: int) -> bool:
    """Cells ``i``, ``i + 1`` and ``i + 2`` stand one right after the other in the text."""
    return i + 2 < len(cells) and cells[i].end == cells[i + 1].start and cells[i + 1].end == cells[i + 2].start


def _header_in(run: str) -> tuple[int, list[str]]:
    """Where in ``run`` a header of column names starts (at an indicator-name column: 一级指标, 指标名称 …) and
    its names; (0, []) when there is none."""
    for m in rx("table.indicator_header").finditer(run):
        names = _column_names(run[m.start():])
        if len(names) >= 3:
            return m.start(), names
    return 0, []


def _column_names(run: str) -> list[str]:
    """The column names ``run`` begins with, when the longest such reading is the only one of its length; the
    rest of the run (the first row's name) is a cell of its own."""
    ways: list[list[list[str]]] = [[] for _ in range(len(run) + 1)]
    ways[0] = [[]]
    last = 0
    for end in range(1, len(run) + 1):
        if end - last > MAX_NAME:
            break  # no name ends within reach of the last one: the header is over
        for start in range(max(0, end - MAX_NAME), end):
            if ways[start] and role_of(run[start:end]):
                ways[end] += [w + [run[start:end]] for w in ways[start][:2]]
        ways[end] = ways[end][:2]
        if ways[end]:
            last = end
    return ways[last][0] if last and len(ways[last]) == 1 else []
