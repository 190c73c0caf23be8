"""其中 lists: which figures are parts of a whole stated before them, where such a list ends, and a bare
合计 proven by the sum of the figures before it."""
from __future__ import annotations

from bisect import bisect_left

import regex

from ..models import Mention
from ..patterns import rx
from ..text.spans import last_stop
from ..values import labels
from ..values.labels import to_simplified

_SENTENCE_BREAK = regex.compile(r"[。；;]")
_CLOSING = regex.compile(r"[)）]")
_CLOSING_OR_BREAK = regex.compile(r"[)）\n]")


def name_proven_totals(text: str, found: list[Mention]) -> None:
    """财政拨款收入560万元，上年结转20万元，合计580万元: a bare total that equals the sum of the money figures
    before it in its sentence is their total, named after the kind of the first (收入合计, 支出合计)."""
    starts = [m.start for m in found]
    ordered = all(a <= b for a, b in zip(starts, starts[1:]))  # in text order: the sentence's figures by bisection
    for i, m in enumerate(found):
        if m.type != "money" or m.label or m.key or m.approx:
            continue
        _, clause = labels.clause_before(text, m.start, text.rfind("\n", 0, m.start) + 1)
        if not rx("label.total_word").match(clause):
            continue
        sentence_start = last_stop(text, m.start, "。；;\n") + 1
        first = bisect_left(starts, sentence_start, 0, i) if ordered else 0
        items = [x for x in found[first:i] if x.type == "money" and x.start >= sentence_start]
        if len(items) < 2 or any(x.approx for x in items) or sum(x.value for x in items) != m.value:
            continue
        kind = rx("label.total_kind").search(to_simplified(items[0].label))
        if kind:
            m.label = kind.group("kind") + "合计"
            m.key = labels.headline_key(m.label)


#: keys that name a whole (a total, a rate, a head count), never one item of another figure's 其中 list
_WHOLE_KEYS = {"income_total", "expenditure_total", "budget_initial", "budget_adjusted", "execution_rate",
               "staff_authorized", "staff_actual"}


def end_part_lists(found: list[Mention]) -> None:
    """收入100万元，其中财政拨款90万元、其他收入10万元，支出95万元: the 其中 list ends where a figure names
    a whole of another key than the list's own whole (支出 after 收入) after at least one item; that figure is
    no part."""
    whole: Mention | None = None
    items = 0
    for m in found:
        if not m.part:
            whole, items = m, 0
        elif whole is not None and items and m.key in _WHOLE_KEYS and m.key != whole.key:
            m.part = False
            whole, items = m, 0
        else:
            items += 1


def is_part(text: str, start: int) -> bool:
    """A figure inside the scope of a 其中 (up to the sentence end, or the bracket it opened) is a part, and so is
    a figure in a bracket that opened right after another figure and lists two or more figures
    (编制16人（行政编制10人，事业编制7人）; 职工40人（编制45人） is an aside, not a breakdown).

    >>> t = "编制35人（其中行政编制31人、事业编制4人），实有35人"
    >>> [is_part(t, t.index(x)) for x in ("35人（", "31人", "4人", "35人\u200b"[:3])]
    [False, True, True, False]
    >>> t = "编制16人（行政编制10人，事业编制7人），资金（含结转）20万元，职工40人（编制45人）"
    >>> [is_part(t, t.index(x)) for x in ("16人", "10人", "7人", "20万元", "45人")]
    [False, True, True, False, False]
    """
    lo = max(text.rfind("\n", 0, start) + 1, start - 80)
    if _in_bracket_after_figure(text, lo, start):
        return True
    at = text.rfind("其中", lo, start)
    if at < 0:
        return False
    between = text[at:start]
    if _SENTENCE_BREAK.search(between):
        return False
    opened = at > 0 and text[at - 1] in "（("
    return not (opened and _CLOSING.search(between))


def _in_bracket_after_figure(text: str, lo: int, start: int) -> bool:
    """``start`` lies in a bracket still open, which opened right after a figure (15人（…, 100万元（…)."""
    depth = 0
    for i in range(start - 1, lo - 1, -1):
        c = text[i]
        if c in "）)":
            depth += 1
        elif c in "（(":
            if depth == 0:
                if rx("mention.figure_before_bracket").search(text, lo, i) is None:
                    return False
                close = _CLOSING_OR_BREAK.search(text[i + 1:])
                inside = text[i + 1:i + 1 + close.start()] if close else text[i + 1:]
                return len(rx("mention.bracket_item").findall(inside)) >= 2
            depth -= 1
        elif c in "。；;\n":
            return False
    return False
