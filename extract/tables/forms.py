"""Small form blocks: a row of headings over one row of values, flattened one cell per line.

::

    财政供养人员情况(人)
    编制数 | 2022年实际在职人数 | 控制率
    52     | 52                 | 100%

A cell that names the block's unit comes first; then k headings and up to k values
(numbers, percents or empty marks).  With k values each sits under the heading in the same
place; with fewer (empty cells dropped), each must be proven by its kind: a percent only
under a rate heading (控制率), a bare number never under one.
"""
from __future__ import annotations

from ..patterns import rx
from ..read.model import Cell, Table
from .align import place
from .stream import StreamCell

MAX_WIDTH = 8
MAX_HEADING = 16


def _unit(cell: StreamCell) -> str:
    """The block's unit: written in its first cell (经费情况(万元)), or 人 for the 基础数据表's staff block."""
    m = rx("grid.form_unit").search(cell.compact)
    if m:
        return m.group("unit")
    return "人" if rx("grid.form_staff").search(cell.compact) else ""


def opens_form(cell: StreamCell) -> bool:
    """The cell a form block starts at states its unit (a cheap first test, before :func:`read_form`)."""
    return bool(_unit(cell))


def read_form(cells: list[StreamCell], i: int) -> tuple[Table, int] | None:
    unit = _unit(cells[i])
    if not unit:
        return None
    j = i + 1
    while (j < len(cells) and j - i - 1 < MAX_WIDTH and cells[j].kind == "text" and len(cells[j].compact) <= MAX_HEADING
           and not _unit(cells[j])):
        j += 1  # a cell that states a unit ((万元), 财政供养人员) opens a block: it is no heading
    width = j - i - 1
    k = j
    while k < len(cells) and k - j < width and cells[k].kind in ("num", "pct", "dash"):
        k += 1
    if width < 2 or k == j or (k < len(cells) and cells[k].kind in ("num", "pct")):
        return None
    heads, values = cells[i + 1:j], cells[j:k]
    roles = ["rate" if rx("grid.form_rate").search(h.compact) else "value" for h in heads]
    placed, _, _ = place([(v.kind, v.number) for v in values], roles)
    if len(placed) != len([v for v in values if v.kind != "dash"]):
        return None  # a value whose heading cannot be proven: not read
    table = Table(template="form", strategy="lines", unit=unit, header_rows=1, start=cells[i].start,
                  end=cells[k - 1].end, columns=[h.text for h in heads], roles=["value"] * width)
    table.cells = [Cell(0, c, h.text, h.start, h.end, header=True, role="value") for c, h in enumerate(heads)]
    table.cells += [Cell(1, c, values[i].text, values[i].start, values[i].end, role=roles[c],
                         proof="complete" if len(values) == width else "type")
                    for c, i in sorted(placed.items())]
    return table, k


def read_whole_form(cells: list[StreamCell], i: int) -> tuple[Table, int] | None:
    """A form block with one value under each heading (for cells separated by spaces, where a heading broken
    by a space or a row label standing among the headings would shift every value): no place proven by kind."""
    found = read_form(cells, i)
    if found is None or any(c.proof != "complete" for c in found[0].cells if not c.header):
        return None
    return found
