"""Tables with a column per year and basis (基础数据表: 2021年决算数 | 2022年预算数 | 2022年决算数).

Each row label is followed by its non-empty cells.  A row with one cell per column is
placed as it stands; a row that lost cells to the flattening keeps its amounts without a
column (and the table a warning) -- never a wrong year.
"""
from __future__ import annotations

from ..patterns import rx
from ..read.model import Cell, Table
from .columns import Column, column_at, header_run, unit_near
from .stream import StreamCell

MAX_ROWS = 40
MAX_LABEL = 40
UNIT_LOOKBACK = 12  # cells between a form's 单位：万元 and its year columns (a staff block may stand between)


def may_glue_years(cell: StreamCell) -> bool:
    """A cell that may glue two year columns (经费控制情况2018年决算数2019年预算数): two 年 at least."""
    return cell.text.count("年") >= 2


def read_years(cells: list[StreamCell], i: int) -> tuple[Table, int] | None:
    cols, j = header_run(cells, i)
    head = cells[i - 1].text if i else ""
    if not cols:  # 经费控制情况2018年决算数2019年预算数: a PDF copy glued the header's cells
        head, cols, j = _glued_header(cells, i)
    if len(cols) < 2 or any(c.role != "year_amount" for c in cols):
        return None
    unit = unit_near(cells, i - 2, i + 1) or _stated_unit(cells, i)
    if not unit:
        return None
    table = Table(template="years", strategy="lines", unit=unit, header_rows=1, start=cells[max(i - 1, 0)].start,
                  columns=[head, *(c.name for c in cols)],
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
    if not any(c.col is None or c.col > 0 for c in table.cells if not c.header):
        return None  # no row with an amount: the rows are whole lines of another flattening
    table.end = cells[j - 1].end
    return table, j


def _glued_header(cells: list[StreamCell], i: int) -> tuple[str, list[Column], int]:
    """A header cell that holds a heading and two or more year columns glued (parts cut before each
    ``NNNN年``): the heading, the columns, the index after the cell; no columns when it is not one."""
    cell = cells[i]
    if not may_glue_years(cell):
        return "", [], i
    cuts = [m.start() for m in rx("table.year_start").finditer(cell.text)]  # where a year column's name starts
    if len(cuts) < 2:
        return "", [], i
    head = cell.text[:cuts[0]].strip()
    cols = []
    for a, b in zip(cuts, [*cuts[1:], len(cell.text)]):
        part = StreamCell(cell.text[a:b].strip(), cell.start + a, cell.start + a + len(cell.text[a:b].strip()))
        hit = column_at([part], 0)
        if hit is None:
            return "", [], i
        cols.append(hit[0])
    return head, cols, i + 1


def _stated_unit(cells: list[StreamCell], i: int) -> str:
    """The unit of a form stated once above it (填报单位：… | 单位：万元, the 基础数据表's head), nearest first."""
    for c in reversed(cells[max(i - UNIT_LOOKBACK, 0):i]):
        m = rx("grid.unit_cell").search(c.compact)
        if m and m.group("unit2"):
            return m.group("unit2")
    return ""


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
