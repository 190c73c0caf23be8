"""Plain amount tables whose columns state their unit (支出类别 | 年初预算（万元） | 实际支出（万元）), or
name amounts under a unit stated once above the table (单位：万元 / 项目 | 年初预算数 | 决算数).

::

    支出类别 | 年初预算（万元） | 实际支出（万元）
    基本支出 | —                | 412.06
    合计     | 536.20           | 550.96

A row label followed by one value per column is placed as it stands; a row short of cells
(empty cells dropped by a flattening) keeps its amounts without a column.  Figures come from
``figures.table_figures`` like every other table's.
"""
from __future__ import annotations

from ..patterns import rx
from ..read.model import Cell, Table
from .columns import unit_near
from .stream import StreamCell

MAX_ROWS = 30
MAX_LABEL = 24


def _amount_column(cell: StreamCell, declared: str = "") -> tuple[str, str] | None:
    """(column name, unit) of an amount column: its header states its unit (年初预算（万元）), or it is an amount's
    name (年初预算数, 决算数) under a unit the table declares once (单位：万元)."""
    if cell.kind != "text":
        return None
    if m := rx("grid.amount_column").search(cell.compact):
        return m.group(0), m.group("unit")
    if declared and rx("grid.amount_column_bare").search(cell.compact):
        return cell.compact, declared
    return None


def may_name_amount(cell: StreamCell) -> bool:
    """A cell :func:`_amount_column` may take for an amount column, whatever unit the table declares."""
    return cell.kind == "text" and bool(rx("grid.amount_column").search(cell.compact)
                                        or rx("grid.amount_column_bare").search(cell.compact))


def read_amounts(cells: list[StreamCell], i: int) -> tuple[Table, int] | None:
    """An amount table whose row-label heading is cell ``i`` (支出类别, 项目)."""
    if cells[i].kind != "text" or i + 1 >= len(cells) or not may_name_amount(cells[i + 1]):
        return None  # no amount column can follow
    declared = unit_near(cells, i - 2, i)
    if _amount_column(cells[i], declared):
        return None
    j = i + 1
    heads = []
    while j < len(cells) and (col := _amount_column(cells[j], declared)):
        heads.append((cells[j], col))
        j += 1
    if not heads or len({unit for _, (_, unit) in heads}) != 1:
        return None
    table = Table(template="amounts", strategy="lines", unit=heads[0][1][1], header_rows=1,
                  start=cells[i].start, columns=[cells[i].text, *(name for _, (name, _) in heads)],
                  roles=["name", *("amount" for _ in heads)])
    table.cells = [Cell(0, k, c.text, c.start, c.end, header=True) for k, c in enumerate([cells[i], *(h for h, _ in heads)])]
    row = 0
    while j < len(cells) and row < MAX_ROWS and cells[j].kind == "text" and len(cells[j].compact) <= MAX_LABEL:
        end = j + 1
        while end < len(cells) and end - j <= len(heads) and cells[end].kind in ("num", "dash"):
            end += 1
        if end == j + 1:
            break
        row += 1
        _add_row(table, row, cells[j], cells[j + 1:end], len(heads))
        j = end
    if row < 2:
        return None
    table.end = cells[j - 1].end
    return table, j


def _add_row(table: Table, row: int, label: StreamCell, values: list[StreamCell], width: int) -> None:
    table.cells.append(Cell(row, 0, label.text, label.start, label.end, role="name"))
    whole = len(values) == width
    for k, v in enumerate(values):
        if v.kind != "dash":
            table.cells.append(Cell(row, k + 1 if whole else None, v.text, v.start, v.end,
                                    role="amount" if whole else "money", proof="complete" if whole else ""))
    if not whole:
        table.warnings.append(f"amount table row {label.text}: {len(values)} cells for {width} columns; "
                              "amounts kept without a column")
