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

from ...models import ScoreItem, page_of
from ...patterns import load_patterns


def _rx(name: str):
    return load_patterns().regex(name)


def _name_above(text: str, line_start: int) -> str:
    prev_start = text.rfind("\n", 0, max(line_start - 1, 0)) + 1
    prev = text[prev_start:max(line_start - 1, prev_start)]
    m = _rx("score.row_name_tail").match(prev)
    name = regex.sub(r"\s+", "", m.group("name")) if m else ""
    return name[-16:] if regex.search(r"\p{Han}", name) else ""


def wrapped_pairs(text: str, page_starts: list[int]) -> list[ScoreItem]:
    if len(_rx("score.table_signal").findall(text)) < 3:
        return []
    items = []
    for m in _rx("score.pair_at_line_start").finditer(text):
        top, score = Decimal(m.group("max")), Decimal(m.group("score"))
        name = _name_above(text, m.start())
        if score > top or not name:
            continue
        items.append(ScoreItem(item=name, max=top, score=score, page=page_of(page_starts, m.start()),
                               start=m.start(), end=m.end(), raw=text[m.start():m.end()], origin="table"))
    return items
