"""Tables published one cell per line with numbered rows (序号 / 名称 / … then 1 / … / 2 / …).

The header runs from a 序号 cell to the first row number; every row then has as many cells
as the header and starts with the next row number.  A row that does not start with its
number ends the table (a vanished empty cell would shift the columns).  Amount columns
(资金规模（万元）, 金额) give money in the header's unit; score columns (评分, 得分) give score
items named by the row's 名称 cell.
"""
from __future__ import annotations

from ..patterns import rx
from ..read.model import Cell, Table
from .stream import StreamCell

MAX_HEADER = 12


def _role(header: str) -> str:
    if rx("table.score_column").search(header):
        return "score"
    if rx("table.money_column").search(header) or rx("grid.numbered_amount").search(header):
        return "amount"
    if "名称" in header:
        return "name"
    return ""


def _unit(header: str) -> str:
    m = rx("table.unit_in_header").search(header)
    return (m.group("unit") or m.group("unit2")) if m else "万元"


def opens_numbered(cell: StreamCell) -> bool:
    """The cell a numbered table starts at: 序号."""
    return rx("table.generic_header").match(cell.compact) is not None


def read_numbered(cells: list[StreamCell], i: int) -> tuple[Table, int] | None:
    if not opens_numbered(cells[i]):
        return None
    j = i + 1
    while j < len(cells) and cells[j].text != "1" and j - i < MAX_HEADER:
        j += 1
    heads = cells[i:j]
    n = len(heads)
    if j >= len(cells) or n < 3:
        return None
    roles = ["index", *(_role(h.compact) for h in heads[1:])]  # compact: 评 分 情 况 is 评分情况
    units = {_unit(h.compact) for h, r in zip(heads, roles) if r == "amount"}
    if len(units) > 1:
        return None  # columns in different units: not read here
    table = Table(template="numbered", strategy="lines", header_rows=1, start=heads[0].start,
                  columns=[h.text for h in heads], roles=roles, unit=units.pop() if units else "万元")
    table.cells = [Cell(0, k, h.text, h.start, h.end, header=True, role=r) for k, (h, r) in enumerate(zip(heads, roles))]
    k, row = j, 0
    while k + n <= len(cells) and cells[k].text == str(row + 1):
        row += 1
        table.cells += [Cell(row, c, cell.text, cell.start, cell.end, role=roles[c], proof="complete")
                        for c, cell in enumerate(cells[k:k + n])]
        k += n
    if row == 0:
        return None
    table.end = cells[k - 1].end
    return table, k
