"""Table rules: a 合计 row equals the rows above it, column by column.

Only where the table is plainly a list of rows that add up: every other row has a figure in
that column, none is a 其中 part, and there are at least two of them.
"""
from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from ..models import Finding, Mention, Record
from ..patterns import rx
from .base import finding, fmt, money_equal, spans


def _by_table(record: Record) -> dict[int, list[Mention]]:
    tables: dict[int, list[Mention]] = defaultdict(list)
    for m in record.mentions:
        if m.table is not None and m.row and m.column and m.type == "money":
            tables[m.table].append(m)
    return tables


def check_table_totals(record: Record) -> list[Finding]:
    """A table's 合计 / 总计 row equals the sum of its other rows, in every amount column."""
    out: list[Finding] = []
    for cells in _by_table(record).values():
        rows = {m.row for m in cells}
        totals = {r for r in rows if rx("checks.table_total").match(r)}
        others = rows - totals
        if len(totals) != 1 or len(others) < 2 or any(rx("checks.table_part_row").match(r) for r in others):
            continue
        for column in sorted({m.column for m in cells}):
            col = [m for m in cells if m.column == column]
            total = next((m for m in col if m.row in totals), None)
            parts = [m for m in col if m.row in others]
            if total is None or len(parts) != len(others) or money_equal(total.value, [p.value for p in parts]):
                continue
            s = sum((p.value for p in parts), Decimal(0))
            shown = " + ".join(f"{p.row} {fmt(p.value)}" for p in parts)
            msg = f"{column} {total.row} {fmt(total.value)} ≠ {shown} = {fmt(s)}"
            out.append(finding("table.total", "error", msg, total.value, s, spans(record, [total, *parts])))
    return out
