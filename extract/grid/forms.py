"""Small form blocks: a row of headings over one row of values, flattened one cell per line.

::

    财政供养人员情况(人)
    编制数 | 2022年实际在职人数 | 控制率
    52     | 52                 | 100%

A cell that names the block's unit comes first; then k headings and exactly k values
(numbers, percents or empty marks), each value under the heading in the same place.
"""
from __future__ import annotations

from .columns import rx
from .model import Cell, Table
from .stream import StreamCell

MAX_WIDTH = 8
MAX_HEADING = 16


def read_form(cells: list[StreamCell], i: int) -> tuple[Table, int] | None:
    unit = rx("grid.form_unit").search(cells[i].compact)
    if unit is None:
        return None
    j = i + 1
    while j < len(cells) and j - i - 1 < MAX_WIDTH and cells[j].kind == "text" and len(cells[j].compact) <= MAX_HEADING:
        j += 1
    width = j - i - 1
    k = j
    while k < len(cells) and k - j < width and cells[k].kind in ("num", "pct", "dash"):
        k += 1
    if width < 2 or k - j != width or (k < len(cells) and cells[k].kind in ("num", "pct")):
        return None
    heads, values = cells[i + 1:j], cells[j:k]
    table = Table(template="form", strategy="lines", unit=unit.group("unit"), header_rows=1, start=cells[i].start,
                  end=cells[k - 1].end, columns=[h.text for h in heads], roles=["value"] * width)
    table.cells = [Cell(0, c, h.text, h.start, h.end, header=True, role="value") for c, h in enumerate(heads)]
    table.cells += [Cell(1, c, v.text, v.start, v.end, role="value", proof="complete")
                    for c, v in enumerate(values) if v.kind != "dash"]
    return table, k
