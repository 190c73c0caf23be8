"""Rules on figures read through a table grid: a fund row's rate, a form's 总分.

* ``table.rate``: in a fund block row, 执行率 = 全年执行数 ÷ 全年预算数 (÷ 年初预算数 where the
  form has no 全年 column), within the rounding of the figures stated.
* ``score.form_total``: a form's 总分 row equals the sum of the scored leaves above it (the
  fund block's 执行率 item included), in 得分 and in 分值.
"""
from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from ..models import Finding, Mention, Record, ScoreItem
from ..tables.columns import role_of
from .base import HUNDRED, finding, fmt, rate_accepts, rate_range, spans


def check_fund_rates(record: Record) -> list[Finding]:
    rows: dict[tuple[int, str], dict[str, Mention]] = defaultdict(dict)
    for m in record.mentions:
        if m.origin == "table" and m.table is not None and m.row and m.column:
            role = role_of(m.column)
            if role in ("rate", "executed", "budget_adjusted", "budget_initial"):
                rows[(m.table, m.row)].setdefault(role, m)
    out: list[Finding] = []
    for (_, row), cells in rows.items():
        rate, executed = cells.get("rate"), cells.get("executed")
        budget = cells.get("budget_adjusted") or cells.get("budget_initial")
        if rate is None or executed is None or budget is None:
            continue
        window = rate_range(executed.value, budget.value)
        if window is None or rate_accepts(rate.value, *window):
            continue
        ratio = (executed.value / budget.value * HUNDRED).quantize(Decimal("0.01"))
        msg = (f"{row} {rate.column} {fmt(rate.value)}% ≠ {executed.column} {fmt(executed.value)} ÷ "
               f"{budget.column} {fmt(budget.value)} = {ratio}%")
        out.append(finding("table.rate", "error", msg, rate.value, ratio, spans(record, [rate, executed, budget])))
    return out


def _leaves(items: list[ScoreItem], lo: int, hi: int) -> list[ScoreItem] | None:
    """The scored leaves between two 总分 rows; None when an item there has no known place in a tree
    (read by a reader that does not know levels) or was read row by row from text that lost its borders
    (rows of its table may be unread), so that the sum cannot be told."""
    inside = [(k, s) for k, s in enumerate(items) if s.origin == "table" and s.kind == "item" and lo <= s.start < hi]
    if any(s.level is None or s.partial for _, s in inside):
        return None
    parents = {s.parent for s in items if s.parent is not None}
    groups = {name for s in items for name in s.group.split(" / ") if name}
    return [s for k, s in inside if k not in parents and s.item not in groups]


UNREAD_ROW = "indicator row "  # the table stage's warning for a leaf whose scores it could not place


def check_form_totals(record: Record) -> list[Finding]:
    out: list[Finding] = []
    if any(w.startswith(UNREAD_ROW) for w in record.warnings):
        return out  # a leaf left unread: the sum of the others says nothing about the 总分
    lo = 0
    for total in (s for s in record.scores if s.origin == "table" and s.kind == "overall"):
        leaves = _leaves(record.scores, lo, total.start)
        lo = total.end
        if leaves is None:
            continue
        for attr, word in (("score", "得分"), ("max", "分值")):
            stated = getattr(total, attr)
            values = [getattr(s, attr) for s in leaves]
            if stated is None or len(values) < 2 or any(v is None for v in values):
                continue
            s = sum(values, Decimal(0))
            if s != stated:
                listing = " + ".join(f"{x.item} {fmt(getattr(x, attr))}" for x in leaves[:12])
                msg = f"{total.item}{word} {fmt(stated)} ≠ 各项{word}之和 {fmt(s)}（{listing}）"
                out.append(finding("score.form_total", "error", msg, stated, s, spans(record, [total, *leaves])))
    return out
