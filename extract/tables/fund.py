"""The fund block of a 项目支出绩效自评表 rebuilt from a cell stream.

::

    项目资金(万元) | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分
    年度资金总额   | 43.2       | 43.2       | 37.24      | 10   | 86%    | 9
    其中:当年财政拨款 | 43.2    | 43.2       | 37.24      |      |        |

The header names the columns (``grid.col.*``); each row label (``grid.fund_row``) is
followed by its non-empty cells, placed into columns by :func:`align.place`.  Rows that
are parts (其中 …) carry no score on the national form, so their 分值/得分 columns take
only empty marks.
"""
from __future__ import annotations

import regex

from ..patterns import rx
from ..read.model import Cell, Table
from .align import place
from .columns import Column, column_at, header_run, unit_near
from .stream import StreamCell, to_number

FUND_ROLES = {"budget_initial", "budget_adjusted", "executed", "max", "rate", "score", "review", "reason"}
VALUE_KINDS = {"num", "pct", "dash"}
_GLUED = regex.compile(r"[0-9][0-9,]*(?:\.[0-9]+)?|[^0-9]+")  # a mechanical tokeniser: digits / the rest
MONEY_COLUMNS = {"budget_initial", "budget_adjusted", "executed"}
MAX_ROWS = 12


def is_fund_header(cols: list[Column]) -> bool:
    roles = [c.role for c in cols]
    money = sum(r in MONEY_COLUMNS for r in roles)
    return len(cols) >= 3 and all(r in FUND_ROLES for r in roles) and money >= 2


def _row_label(cell: StreamCell) -> bool:
    return cell.kind == "text" and rx("grid.fund_row").search(cell.compact) is not None


def _values(cells: list[StreamCell], j: int) -> int:
    while j < len(cells) and cells[j].kind in VALUE_KINDS:
        j += 1
    return j


def read_fund(cells: list[StreamCell], i: int) -> tuple[Table, int] | None:
    """The fund block whose header starts at cell ``i``, and the index after it (None: not one)."""
    cols, j = header_run(cells, i)
    if not is_fund_header(cols):
        return None
    roles = [c.role for c in cols if c.role != "reason"]  # a reason cell is text: never among a row's values
    table = Table(template="fund", strategy="lines", unit=unit_near(cells, i - 3, i) or "万元",
                  columns=["项目资金", *(c.name for c in cols)], roles=["name", *roles],
                  header_rows=1, start=cols[0].start)
    table.cells = [Cell(0, k + 1, c.name, c.start, c.end, header=True, role=c.role) for k, c in enumerate(cols)]
    row = 0
    while j < len(cells) and row < MAX_ROWS:
        if _split(cells[j]) and _full_rows_follow(cells, j + 1):
            j += 1  # 按收入性质分 as a heading row of the block: its parts have the block's columns
            continue
        if not _row_label(cells[j]):
            break
        label, end = cells[j], _values(cells, j + 1)
        row += 1
        _add_row(table, row, label, _without_empty_reason(cells[j + 1:end], roles, cols), roles)
        j = _reason(cells, end) if len(roles) < len(cols) else end
    if row == 0:
        return None
    if "max" not in roles:
        _heading_max(cells, i, table)
    else:
        _heading_restated(cells, i, table)
    if j < len(cells) and _split(cells[j]):
        j = read_split(cells, j, table, row)
    table.end = cells[j - 1].end
    return table, j


def _without_empty_reason(values: list[StreamCell], roles: list[str], cols: list[Column]) -> list[StreamCell]:
    """A row's values without the empty cell of its 原因 column, where the text kept empty cells (a row one
    cell longer than the block's value columns, ending in an empty cell)."""
    if len(roles) < len(cols) and len(values) == len(roles) + 1 and values[-1].text == "":
        return values[:-1]
    return values


def _full_rows_follow(cells: list[StreamCell], j: int) -> bool:
    """After a split cell: a row label with two or more values, a row of the block's own columns (年初预算数 |
    全年预算数 | 全年执行数 | 执行率), not a label-amount pair side by side."""
    return j < len(cells) and _row_label(cells[j]) and _values(cells, j + 1) - (j + 1) >= 2


def _heading_max(cells: list[StreamCell], i: int, table: Table) -> None:
    """A block with no 分值 column whose heading states the item's maximum (预算执行情况(万元)(20分) over 预算数 |
    执行数 | 执行率 | 得分): that maximum on the total row, proven by the form's own heading."""
    total = next((c.row for c in table.cells if c.role == "name" and rx("grid.fund_total_row").search(c.text.replace(" ", ""))), None)
    if total is None or not any(c.row == total and c.role == "score" for c in table.cells):
        return
    for c in cells[max(i - 2, 0):i]:
        m = rx("grid.heading_max").search(c.compact)  # compact: 预 算 执 行 情 况(10 分) as written letter-spaced
        if m:
            found = c.text.rfind(m.group("max"))  # the cell ends with its (N分): the last N in it
            if found < 0:  # its digits letter-spaced (2 0 分): no span of the text holds the number as read
                return
            at = c.start + found
            table.cells.append(Cell(total, None, m.group("max"), at, at + len(m.group("max")), role="max", proof="template"))
            return


def _heading_restated(cells: list[StreamCell], i: int, table: Table) -> None:
    """A block with a 分值 (权重) column under a heading that states the same maximum (预算执行情况(10分) over
    … | 权重 | 得分, the 2022年度项目支出绩效自评表 of 云南 counties): the heading is the block's header, not an
    item of its own -- the total row's 权重 and 得分 are that item."""
    maxima = {to_number(c.text) for c in table.cells if c.role == "max" and not c.header}
    for c in cells[max(i - 2, 0):i]:
        m = rx("grid.heading_max").search(c.compact)
        if m and to_number(m.group("max")) in maxima:
            table.cells.append(Cell(0, None, c.text, c.start, c.end, header=True, role="heading", proof="template"))
            return


def _reason(cells: list[StreamCell], j: int) -> int:
    """Past a row's explanation cell (四川's 原因 column: a sentence), if one follows its values."""
    c = cells[j] if j < len(cells) else None
    if c is not None and c.kind == "text" and not _row_label(c) and not _split(c) and rx("grid.reason_cell").search(c.text):
        return j + 1
    return j


def _split(cell: StreamCell) -> bool:
    return cell.kind == "text" and rx("grid.fund_split").search(cell.compact) is not None


def read_split(cells: list[StreamCell], j: int, table: Table, row: int) -> int:
    """The 部门整体 form's amounts split 按收入性质分 / 按支出性质分: label-amount pairs side by side.

    A split cell may be followed by the column its amounts stand in (按收入性质分 | 全年执行数); when
    every split names the same column, each pair's amount is placed there, else it keeps no column.
    """
    named: list[str | None] = []
    while j < len(cells) and _split(cells[j]):
        hit = column_at(cells, j + 1)
        named.append(hit[0].role if hit else None)
        j += 1 + (hit[1] if hit else 0)
    role = named[0] if len(set(named)) == 1 and named[0] in MONEY_COLUMNS else None
    col = 1 + table.roles[1:].index(role) if role in table.roles[1:] else None
    pairs, j = _pairs(cells, j)
    for label, values in pairs[:MAX_ROWS]:
        row += 1
        table.cells.append(Cell(row, 0, label.text, label.start, label.end, role="name"))
        for v in values:
            table.cells.append(Cell(row, col, v.text, v.start, v.end, role=role or "money", proof="template" if col else ""))
    return j


def _pairs(cells: list[StreamCell], j: int) -> tuple[list[tuple[StreamCell, list[StreamCell]]], int]:
    """(label, its amount or none) of the split rows from cell ``j`` on, and the index after them.  A
    cell that glues labels and amounts together (其中：一般公共预算1100其中：基本支出900, a PDF copy) is
    taken apart when every part is a row label or an amount."""
    out: list[tuple[StreamCell, list[StreamCell]]] = []
    while j < len(cells):
        parts = [cells[j]] if _row_label(cells[j]) else _unglued(cells[j])
        if not parts:
            break
        end = j + 1
        if len(parts) == 1:
            end = _values(cells, j + 1)
            parts += cells[j + 1:end]
        found: list[tuple[StreamCell, list[StreamCell]]] = []
        for part in parts:
            if _row_label(part):
                found.append((part, []))
            elif part.kind == "num" and found and not found[-1][1]:
                found[-1][1].append(part)
            elif part.kind != "dash":
                return out, j  # more than one amount for a label: not a pair of this form
        out += found
        j = end
    return out, j


def _unglued(cell: StreamCell) -> list[StreamCell]:
    """A glued cell's parts (label, amount, label, amount ...), or [] when it is not made of them."""
    parts = [StreamCell(m.group(), cell.start + m.start(), cell.start + m.end()) for m in _GLUED.finditer(cell.text)]
    if len(parts) < 2 or not _row_label(parts[0]):
        return []
    return parts if all(_row_label(p) or p.kind == "num" for p in parts) else []


def _unscored(roles: list[str]) -> list[str]:
    """A part row's columns on the national form: its 分值 and 得分 cells hold nothing."""
    return [r if r not in ("max", "score", "review") else "none" for r in roles]


def _add_row(table: Table, row: int, label: StreamCell, values: list[StreamCell], roles: list[str]) -> None:
    total = rx("grid.fund_total_row").search(label.compact) is not None
    found = [(v.kind, v.number) for v in values]
    placed, proof, money = place(found, roles if total else _unscored(roles))
    if not total and not placed and not money:  # a form that scores its parts too
        placed, proof, money = place(found, roles)
    table.cells.append(Cell(row, 0, label.text, label.start, label.end, role="name"))
    if not placed and not money and any(v.kind != "dash" for v in values):
        table.warnings.append(f"fund table row {label.text}: no placement of its cells fits the form; left to the other readers")
        return
    where = {i: c for c, i in placed.items()}
    for i, v in enumerate(values):
        if v.kind == "dash":
            continue
        col = where.get(i)
        role = roles[col] if col is not None else "money" if i in money else ""
        table.cells.append(Cell(row, None if col is None else col + 1, v.text, v.start, v.end,
                                role=role, proof=proof if col is not None else ""))
    if any(c.col is None for c in table.row_cells(row)):
        table.warnings.append(f"fund table row {label.text}: cells whose column cannot be proven; left without a column")
