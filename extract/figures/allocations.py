"""A fund allocated, then adjusted, in a project's prose: 下达我区111万元 … 调减40万元 … 全年实际下达71万元.

Transfer-payment reports often state the first allocation, the changes made during the year
(调减, 追加, 收回) and the year's final allocation.  The first is the initial budget and the
last the adjusted one only when the arithmetic proves it: first + increases - cuts = last.
Nothing is taken without that proof.
"""
from __future__ import annotations

from decimal import Decimal

from ..models import Mention, Record
from ..patterns import rx
from ..text.spans import last_stop
from ..values import labels
from ..values.labels import to_simplified

#: how far after the first allocation its changes and the final figure may stand (one paragraph)
REACH = 400


def _sentence_before(record: Record, m: Mention) -> str:
    start = last_stop(record.text, m.start, "。；\n") + 1
    return to_simplified(record.text[start:m.start])


def _sign(m: Mention) -> int:
    """+1 for an increase of the allocation (追加, 调增), -1 for a cut (调减, 收回), 0 for anything else."""
    label = to_simplified(m.label)
    if rx("allocation.cut").search(label):
        return -1
    if rx("allocation.increase").search(label):
        return 1
    return 0


def _allocated(m: Mention, record: Record) -> bool:
    """A money figure the sentence says was allocated (下达, 安排, 分配), in this year's terms."""
    if m.type != "money" or m.key is not None or m.approx or m.part or m.origin != "prose":
        return False
    sentence = _sentence_before(record, m)
    return rx("allocation.verb").search(sentence) is not None and not labels.is_other_year(sentence)


def adjusted_allocation(record: Record) -> tuple[Mention, Mention] | None:
    """(first allocation, final allocation) of a report whose prose proves the adjustment, else None.  In a report
    on a whole unit the final figure must name itself the adjusted budget (调整后预算500万元): a unit's prose lists
    many allocations, and only that label ties the sum to the unit's own budget."""
    project = record.kind == "project"
    money = [m for m in record.mentions if m.type == "money" and m.origin == "prose"]
    for i, first in enumerate(money):
        if not _allocated(first, record):
            continue
        change = Decimal(0)
        changed = False
        for m in money[i + 1:]:
            if m.start - first.end > REACH or "\n" in record.text[first.end:m.start].strip():
                break
            sign = _sign(m)
            if sign:
                change += sign * m.value
                changed = True
                continue
            final = rx("allocation.final").search(_sentence_before(record, m))
            if changed and final and first.value + change == m.value and m.value > 0 and (project or m.key == "budget_adjusted"):
                return first, m
    return None


def approved_initial(record: Record) -> list[Mention]:
    """根据《…关于2021年部门预算的批复》，市财政下达…经费260万元: a project's allocation in a sentence that cites the
    unit's budget approval (the budget passed at the start of the year) is its initial budget."""
    if record.kind != "project":
        return []
    out = []
    for m in record.mentions:
        if _allocated(m, record) and rx("allocation.initial_approval").search(_sentence_before(record, m)):
            years = {int(y) for y in rx("allocation.approval_year").findall(_sentence_before(record, m))}
            if record.year is None or not years or years == {record.year}:
                out.append(m)
    return out
