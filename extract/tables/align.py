"""Which value belongs to which column, when a flattening dropped empty cells.

Every order-keeping way of placing a row's values into its columns is tried; the ways
that break a rule of the form (a percent only in the rate column, 得分 ≤ 分值, 执行率 =
执行数 ÷ 预算数) are dropped.  A value that sits in the same column in every way left is
placed there, with the proof that left it there; any other value keeps no column.

>>> from decimal import Decimal as D
>>> roles = ["budget_initial", "budget_adjusted", "executed", "max", "rate", "score"]
>>> vals = [("num", D("387664.62")), ("num", D("387664.62")), ("num", D("10")), ("pct", D("100")), ("num", D("10"))]
>>> place(vals, roles)  # 执行率 = 全年执行数 ÷ 全年预算数: the blank cell is 年初
({1: 0, 2: 1, 3: 2, 4: 3, 5: 4}, 'rate', set())
>>> place([("num", D("43.2")), ("num", D("43.2")), ("num", D("37.24"))], roles[:3])
({0: 0, 1: 1, 2: 2}, 'complete', set())
>>> place([("num", D("5")), ("num", D("5"))], roles[:3])
({}, '', {0, 1})
"""
from __future__ import annotations

import itertools
from decimal import Decimal

from ..values.rates import HUNDRED, unit_of

MONEY = {"budget_initial", "budget_adjusted", "executed", "year_amount"}
MAX_WAYS = 5000

Value = tuple[str, Decimal | None]  # (kind, number): kind from stream.kind_of


def _fits(kind: str, role: str) -> bool:
    if kind == "dash":
        return True
    if role == "rate":
        return kind == "pct"
    if kind == "pct":
        return role in ("actual", "target", "completion")
    if kind == "num":
        return role in MONEY or role in ("max", "score", "review", "deduction", "target", "actual", "value")
    return role in ("target", "actual", "reason", "comparator", "measure", "name")


def _rate_ok(by_role: dict[str, Decimal | None], denominators: tuple[str, ...]) -> bool:
    """执行率 = 执行数 ÷ 预算数 (the ``denominators`` allowed) to within one unit of the rate as written
    (rounded or truncated); a stated rate needs both amounts.  Stricter than the checks' test on
    purpose: a placement is proven only by a ratio that hits the rate."""
    rate = by_role.get("rate")
    if rate is None:
        return True
    executed = by_role.get("executed")
    budgets = [by_role.get(k) for k in denominators if by_role.get(k)]
    if executed is None or not budgets:
        return rate == 0 and executed in (None, Decimal(0))
    return any(abs(executed / b * HUNDRED - rate) <= unit_of(rate) for b in budgets)


def _scores_ok(by_role: dict[str, Decimal | None]) -> bool:
    mx = by_role.get("max")
    if mx is not None and (mx <= 0 or mx > 100):
        return False
    if mx is not None and not all(by_role.get(r) is None or by_role[r] <= mx for r in ("score", "review", "deduction")):
        return False
    ded, sc = by_role.get("deduction"), by_role.get("score")
    return mx is None or ded is None or sc is None or mx - ded == sc  # 分值 - 扣分 = 得分


def consistent(values: list[Value], roles: list[str], cols: tuple[int, ...],
               denominators: tuple[str, ...] = ("budget_adjusted", "budget_initial")) -> bool:
    by_role: dict[str, Decimal | None] = {}
    for (kind, number), c in zip(values, cols):
        if not _fits(kind, roles[c]):
            return False
        if kind != "dash":
            by_role[roles[c]] = number
    return _rate_ok(by_role, denominators) and _scores_ok(by_role)


def _ways(values: list[Value], roles: list[str]) -> list[tuple[int, ...]]:
    """The order-keeping placements that break no rule.  The national form defines 执行率 as 全年执行数 ÷
    全年预算数 (B/A), so a stated rate is first read against 全年预算数 alone: where that leaves some way, a
    rate of 100% over two equal amounts puts the amount under 全年, not under 年初 (the labels read it so).
    Only where no way is left is the rate allowed to be of 年初预算数 (a form filled against its own formula)."""
    combos = list(itertools.islice(itertools.combinations(range(len(roles)), len(values)), MAX_WAYS))
    for denominators in (("budget_adjusted",), ("budget_adjusted", "budget_initial")):
        if denominators == ("budget_adjusted",) and "budget_adjusted" not in roles:
            continue
        ways = [cols for cols in combos if consistent(values, roles, cols, denominators)]
        if ways:
            return ways
    return []


def place(values: list[Value], roles: list[str]) -> tuple[dict[int, int], str, set[int]]:
    """Columns proven for values: ``{column: value index}``, the proof ('complete', 'rate', 'pair',
    'type'), and the values that are amounts in every way left though their column is unsure.

    ``complete``: as many values as columns (their figures are not judged here: a wrong rate
    stays for the checks to report); otherwise the rules named above decide, and only
    placements shared by every way left are returned.
    """
    n, m = len(values), len(roles)
    if n == 0 or n > m:
        return {}, "", set()
    if n == m:  # every cell present: placed as it stands (a rate may lack its %), the checks judge its figures
        if not all(_fits(kind, role) or (kind, role) == ("num", "rate") for (kind, _), role in zip(values, roles)):
            return {}, "", set()
        return {c: c for c in range(m) if values[c][0] != "dash"}, "complete", set()
    ways = _ways(values, roles)
    if not ways:
        return {}, "", set()
    sure = {ways[0][i]: i for i in range(n) if all(w[i] == ways[0][i] for w in ways)}
    sure = {c: i for c, i in sure.items() if values[i][0] != "dash"}
    money = {i for i in range(n) if values[i][0] == "num" and all(roles[w[i]] in MONEY for w in ways)}
    kinds = {k for k, _ in values}
    proof = "rate" if "pct" in kinds and "rate" in roles else "pair" if "max" in roles else "type"
    return sure, proof if sure else "", money - set(sure.values())
