"""Indicator rows with one score column, glued to their last cell (规章制度建立与否20, 达到预计值210010).

When a table has a single 分值 (or 得分) column at the end of each line and the cell
borders are lost, the column's number is the trailing one or two digits of the line.  A
line where only one reading is a valid score is read; the others only when the table's
stated total (总分 100) leaves exactly one way to choose them all.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import regex

from ...models import ScoreItem, page_of
from ...patterns import load_patterns


@dataclass
class _Row:
    name: str
    options: list[tuple[int, int, Decimal]]  # (start, end, value) readings of the trailing digits


def _options(text: str, m: regex.Match, lowest: int) -> list[tuple[int, int, Decimal]]:
    digits, end = m.group("digits"), m.end("digits")
    out = []
    for k in (1, 2):
        if k > len(digits) or (k == 2 and digits[-2] == "0"):
            continue
        value = Decimal(digits[-k:])
        if lowest <= value <= 60:
            out.append((end - k, end, value))
    return out


def _rows(text: str, lo: int, hi: int, lowest: int) -> list[_Row]:
    rows = []
    for m in load_patterns().regex("table.glued_single_row").finditer(text, lo, hi):
        if regex.match(r"\s*(?:总分|合计|总计)\s*$", m.group("name")) or text[m.start("digits") - 1:m.start("digits")] == ".":
            continue
        options = _options(text, m, lowest)
        if options:
            rows.append(_Row(regex.sub(r"\s+", "", m.group("name")), options))
    return rows


def _solve(rows: list[_Row], total: Decimal) -> list[int] | None:
    """The one choice of readings whose values add up to ``total`` (None: none or several)."""
    ways: dict[Decimal, list[list[int]]] = {Decimal(0): [[]]}
    for row in rows:
        nxt: dict[Decimal, list[list[int]]] = {}
        for acc, picks in ways.items():
            for i, (_, _, v) in enumerate(row.options):
                if acc + v <= total:
                    nxt.setdefault(acc + v, []).extend(p + [i] for p in picks[:2])
        ways = nxt
    found = ways.get(total, [])
    return found[0] if len(found) == 1 else None


def single_column_rows(text: str, lo: int, hi: int, page_starts: list[int], role: str) -> list[ScoreItem]:
    """Score items of a table whose only number column (``role`` "max" or "score") ends each line."""
    rows = _rows(text, lo, hi, lowest=1 if role == "max" else 0)
    if len(rows) < 3:
        return []
    total = load_patterns().regex("table.total_line").search(text, lo, min(len(text), hi + 40))
    if total:
        picks = _solve(rows, Decimal(total.group("total")))
        if picks is None:
            return []
    else:
        picks = [0 if len(r.options) == 1 else None for r in rows]
    items = []
    for row, pick in zip(rows, picks):
        if pick is None:
            continue
        start, end, value = row.options[pick]
        items.append(ScoreItem(item=row.name[-16:], max=value if role == "max" else None,
                               score=value if role == "score" else None, page=page_of(page_starts, start),
                               start=start, end=end, raw=text[start:end], origin="table"))
    if total and items:
        s, e = total.span("total")
        t = Decimal(total.group("total"))
        items.append(ScoreItem(item="总分", max=t if role == "max" else None, score=t if role == "score" else None,
                               page=page_of(page_starts, s), start=s, end=e, raw=text[s:e], kind="overall",
                               origin="table"))
    return items
