"""Score tables copied from PDFs with wrapped cells: each line begins with the previous row's 分值 and 得分.

::

    (10分)科学决策必要性 (政策依据)
    5 5可行性 (政策完善)
    5 5合理性

Read only where the text is plainly a score table (three or more ``(N分)`` cells) and only
pairs whose score does not exceed its maximum; the item is the name that ends the line above.
"""
from __future__ import annotations

from decimal import Decimal

import regex

from ...patterns import rx
from .score_rows import ScoreRow, Span, name_span


def _name_above(text: str, line_start: int) -> Span | None:
    """Where the name that ends the line above stands (its last 16 characters), if it has one."""
    prev_start = text.rfind("\n", 0, max(line_start - 1, 0)) + 1
    prev_end = max(line_start - 1, prev_start)
    m = rx("score.row_name_tail").match(text[prev_start:prev_end])
    if not m or m.end("name") <= m.start("name"):
        return None
    span = name_span(text, prev_start + m.start("name"), prev_start + m.end("name"))
    return span if regex.search(r"\p{Han}", text[span[0]:span[1]]) else None


def wrapped_rows(text: str) -> list[ScoreRow]:
    """Rows of a wrapped score table: each line's leading 分值 and 得分, named by the line above."""
    if len(rx("score.table_signal").findall(text)) < 3:
        return []
    rows = []
    for m in rx("score.pair_at_line_start").finditer(text):
        name = _name_above(text, m.start())
        if Decimal(m.group("score")) > Decimal(m.group("max")) or name is None:
            continue
        rows.append(ScoreRow(name, m.span("max"), m.span("score"), proof="wrapped"))
    return rows
