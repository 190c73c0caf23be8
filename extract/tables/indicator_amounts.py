"""Amounts in an indicator row's target and result cells when the form states their unit elsewhere.

* the unit has a column of its own (指标值 50 | 度量单位 万元, the Yunnan form) or stands in the other cell
  of the pair (年度指标值 ≤90万元 | 实际完成值 90): a bare number is an amount in that unit;
* the indicator names an amount (工程资金金额, 项目总成本) and its bare number is one of the form's fund
  amounts (年度资金总额 43.2 | 37.24): the fund block's unit is proven by the equality.

Anything else stays a bare number, never an amount.
"""
from __future__ import annotations

from decimal import Decimal

from ..models import Mention
from ..patterns import rx
from ..read.model import Cell, Table
from ..values.amounts import to_wan
from .stream import kind_of, to_number

MONEY_ROLES = {"budget_initial", "budget_adjusted", "executed"}
PAIR = ("target", "actual")


def fund_amounts(tables: list[Table]) -> frozenset[Decimal]:
    """The 万元 amounts of the fund blocks' cells whose column is proven."""
    return frozenset(to_wan(n, t.unit) for t in tables if t.template == "fund" for c in t.cells
                     if c.role in MONEY_ROLES and c.proof and (n := to_number(c.text)) is not None)


def _unit_of(cells: list[Cell]) -> str | None:
    """The money unit a row states for its target and result: its 度量单位 cell, or a unit written in one of them."""
    for c in cells:
        if c.role == "measure" and c.proof and (m := rx("grid.money_unit_cell").fullmatch(c.text.strip())):
            return m.group("unit")
    for c in cells:
        if c.role in PAIR and c.proof and (m := rx("grid.amount_with_unit").fullmatch(c.text.strip())):
            return m.group("unit")
    return None


def indicator_amounts(table: Table, cells: list[Cell], text: str, funds: frozenset[Decimal]) -> list[Mention]:
    name = next((c for c in cells if c.start >= 0 and c.role.startswith("level")), None)
    bare = [c for c in cells if c.role in PAIR and c.proof and c.start >= 0 and kind_of(c.text) == "num"]
    if name is None or not bare:
        return []
    unit = _unit_of(cells)
    named = rx("grid.amount_indicator").search(name.text.replace(" ", "")) is not None
    out = []
    for c in bare:
        number = to_number(c.text)
        if unit is not None:
            value = to_wan(number, unit)
        elif named and number in funds:
            value = number
        else:
            continue
        column = table.columns[c.col] if c.col is not None and c.col < len(table.columns) else None
        out.append(Mention(
            type="money", label=f"{name.text} {column}", value=value, unit="万元", raw=text[c.start:c.end],
            page=c.page, start=c.start, end=c.end, origin="table", table=table.start, row=name.text, column=column,
        ))
    return out
