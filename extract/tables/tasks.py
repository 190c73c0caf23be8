"""The 部门整体支出绩效自评表's 年度主要任务 table: a task's name, its text, and its amounts.

::

    任务名称   | 主要内容            | 预算资金 | 执行数 | 执行率
    档案数字化 | 完成馆藏档案扫描 …  | 120      | 114    | 95%

The header is 任务名称, then text columns (主要内容) and amount columns (``grid.task_amount``, 执行率).
A row is a name, its text -- as many cells as the page broke it into, each read as text (a sentence,
``grid.criteria_cell``) -- and its values.  A row with one value per amount column is placed as it
stands; a row short of values keeps its amounts without a column (a dropped empty cell leaves the
column unknown).
"""
from __future__ import annotations

from ..patterns import rx
from ..read.model import Cell, Table
from .columns import unit_near
from .stream import StreamCell

MAX_ROWS = 30
MAX_TEXT_CELLS = 8
VALUE_KINDS = ("num", "pct", "dash")


def _header(cells: list[StreamCell], i: int) -> tuple[list[tuple[StreamCell, str]], int]:
    """The columns after 任务名称 at ``i`` ((cell, role): content, amount or rate) and the index after them."""
    cols: list[tuple[StreamCell, str]] = []
    j = i + 1
    while j < len(cells) and cells[j].kind == "text":
        c = cells[j].compact
        role = ("content" if rx("grid.task_text").search(c) else "amount" if rx("grid.task_amount").search(c)
                else "rate" if rx("grid.col.rate").search(c) else None)
        if role is None:
            break
        cols.append((cells[j], role))
        j += 1
    return cols, j


def opens_tasks(cell: StreamCell) -> bool:
    """The cell a task table starts at: 任务名称."""
    return rx("grid.task_name").search(cell.compact) is not None


def read_tasks(cells: list[StreamCell], i: int) -> tuple[Table, int] | None:
    if not opens_tasks(cells[i]):
        return None
    cols, j = _header(cells, i)
    roles = [r for _, r in cols]
    texts = roles.count("content")
    if "amount" not in roles or "content" in roles[texts:]:
        return None  # text columns first, then the values
    table = Table(template="tasks", strategy="lines", header_rows=1, start=cells[i].start,
                  unit=unit_near(cells, i - 2, j) or "万元", columns=[cells[i].compact, *(c.compact for c, _ in cols)],
                  roles=["name", *roles])
    table.cells = [Cell(0, k, c.compact, c.start, c.end, header=True, role=r)
                   for k, (c, r) in enumerate([(cells[i], "name"), *cols])]
    row = 0
    while j < len(cells) and row < MAX_ROWS and _name(cells[j]):
        end = _text_end(cells, j + 1, texts)
        stop = end
        while stop < len(cells) and cells[stop].kind in VALUE_KINDS and stop - end < len(roles) - texts:
            stop += 1
        if stop == end:
            break
        row += 1
        _add_row(table, row, cells[j], cells[j + 1:end], cells[end:stop], texts)
        j = stop
    if row == 0:
        return None
    table.end = cells[j - 1].end
    return table, j


def _name(cell: StreamCell) -> bool:
    return cell.kind == "text" and not rx("grid.criteria_cell").search(cell.text) and not rx("grid.block_end").search(cell.compact)


def _text_end(cells: list[StreamCell], j: int, texts: int) -> int:
    """Index after a row's text: one cell per text column, then only cells that read as the rest of a
    sentence (a name never does)."""
    k = j
    while k < len(cells) and k - j < MAX_TEXT_CELLS and cells[k].kind == "text" \
            and (k - j < texts or rx("grid.criteria_cell").search(cells[k].text)):
        k += 1
    return k


def _add_row(table: Table, row: int, name: StreamCell, text: list[StreamCell], values: list[StreamCell],
             texts: int) -> None:
    """A row's cells; its values placed when there is one per value column, each of the column's kind."""
    table.cells.append(Cell(row, 0, name.text, name.start, name.end, role="name"))
    table.cells += [Cell(row, 1, c.text, c.start, c.end, role="content", proof="template") for c in text]
    value_roles = table.roles[1 + texts:]
    whole = len(values) == len(value_roles) and all(
        v.kind == "dash" or (v.kind == "pct") == (r == "rate") for v, r in zip(values, value_roles))
    for k, v in enumerate(values):
        if v.kind == "dash":
            continue
        if whole:
            table.cells.append(Cell(row, 1 + texts + k, v.text, v.start, v.end, role=value_roles[k], proof="complete"))
        else:  # an amount kept without its column; a percent whose column is unsure is no figure
            table.cells.append(Cell(row, None, v.text, v.start, v.end, role="money" if v.kind == "num" else ""))
    if not whole:
        table.warnings.append(f"task table row {name.text}: {len(values)} cells for {len(value_roles)} value columns; "
                              "kept without a column")
