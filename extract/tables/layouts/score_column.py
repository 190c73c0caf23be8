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

from ...patterns import rx
from .score_rows import ScoreRow, name_span


@dataclass
class _Row:
    name: tuple[int, int]  # where the name stands
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
    single_total = rx("table.single_total_name")  # the total row: not an indicator
    for m in rx("table.glued_single_row").finditer(text, lo, hi):
        if single_total.match(m.group("name")) or text[m.start("digits") - 1:m.start("digits")] == ".":
            continue
        options = _options(text, m, lowest)
        if options:
            rows.append(_Row(name_span(text, *m.span("name")), options))
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


def single_column_rows(text: str, lo: int, hi: int, role: str) -> list[ScoreRow]:
    """Rows of a table whose only number column (``role`` "max" or "score") ends each line."""
    rows = _rows(text, lo, hi, lowest=1 if role == "max" else 0)
    if len(rows) < 3:
        return []
    total = rx("table.total_line").search(text, lo, min(len(text), hi + 40))
    if total:
        picks = _solve(rows, Decimal(total.group("total")))
        if picks is None:
            return []
    else:
        picks = [0 if len(r.options) == 1 else None for r in rows]
    out = []
    for row, pick in zip(rows, picks):
        if pick is None:
            continue
        start, end, _ = row.options[pick]
        out.append(ScoreRow(row.name, **{role: (start, end)}, proof="sum" if total else "single"))
    if total and out:
        label = rx("table.total_word").search(text[total.start():total.start("total")])
        name = (total.start() + label.start(), total.start() + label.end()) if label else None
        out.append(ScoreRow(name, **{role: total.span("total")}, total=True, proof="sum"))
    return out
