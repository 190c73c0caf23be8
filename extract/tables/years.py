"""Tables with a column per year and basis (基础数据表: 2021年决算数 | 2022年预算数 | 2022年决算数).

Each row label is followed by its non-empty cells.  A row with one cell per column is
placed as it stands; a row that lost cells to the flattening keeps its amounts without a
column (and the table a warning) -- never a wrong year.
"""
from __future__ import annotations

from .columns import header_run, rx, unit_near
from .model import Cell, Table
from .stream import StreamCell

MAX_ROWS = 40
MAX_LABEL = 40


def read_years(cells: list[StreamCell], i: int) -> tuple[Table, int] | None:
    cols, j = header_run(cells, i)
    if len(cols) < 2 or any(c.role != "year_amount" for c in cols):
        return None
    unit = unit_near(cells, i - 2, i + 1)
    if not unit:
        return None
    table = Table(template="years", strategy="lines", unit=unit, header_rows=1, start=cells[max(i - 1, 0)].start,
                  columns=[cells[i - 1].text if i else "", *(c.name for c in cols)],
                  roles=["name", *("year_amount" for _ in cols)])
    table.cells = [Cell(0, k + 1, c.name, c.start, c.end, header=True, role="year_amount") for k, c in enumerate(cols)]
    row = 0
    while j < len(cells) and row < MAX_ROWS:
        label = cells[j]
        if label.kind != "text" or len(label.text) > MAX_LABEL or rx("grid.block_end").search(label.compact):
            break
        end = j + 1
        while end < len(cells) and cells[end].kind in ("num", "dash"):
            end += 1
        row += 1
        _add_row(table, row, label, cells[j + 1:end], len(cols))
        j = end
    table.end = cells[j - 1].end
    return table, j


def _add_row(table: Table, row: int, label: StreamCell, values: list[StreamCell], width: int) -> None:
    table.cells.append(Cell(row, 0, label.text, label.start, label.end, role="name"))
    whole = len(values) == width
    for k, v in enumerate(values):
        if v.kind == "dash":
            continue
        table.cells.append(Cell(row, k + 1 if whole else None, v.text, v.start, v.end,
                                role="year_amount" if whole else "money", proof="complete" if whole else ""))
    if values and not whole:
        table.warnings.append(f"{label.text}: {len(values)} cells for {width} year columns; amounts kept without a column")
