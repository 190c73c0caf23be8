"""Labels of figures: the words that name a figure, and the headline key a label stands for.

A label is read from the clause in front of the figure (back to the previous clause
punctuation or figure), trimmed of linking words; jieba, with the budget terms of
patterns/labels.yaml as its user dictionary, cuts a clause into whole terms.
"""
from __future__ import annotations

import functools

import regex

from ..patterns import load_patterns, rx
from ..text import memo
from ..text.memo import short_string_cache
from ..text.segment import CharTable, looks_like_heading
from ..text.segment import to_simplified as _shared_simplified
from .tokenizer import tokenizer

_LOOSE_ENDS = regex.compile(r"^[^\p{Han}A-Za-z]+|[^\p{Han}A-Za-z）)]+$")

_MAX_CLAUSE = 40
_HAN = regex.compile(r"\p{Han}")


@functools.lru_cache(maxsize=1)
def _extra_t2s() -> CharTable:
    return CharTable({ord(p[0]): p[1] for p in load_patterns().table("label_traditional").split()})


@short_string_cache()
def to_simplified(s: str) -> str:
    """The shared traditional->simplified map, then the label characters it lacks.

    >>> to_simplified("調整後預算")
    '调整后预算'
    """
    return _extra_t2s().apply(_shared_simplified(s))


@functools.lru_cache(maxsize=1)
def _jieba():
    return tokenizer(load_patterns().words("terms.budget"))


@functools.cache
def _forms(table: str) -> list[tuple[str, object]]:
    """(key, compiled form) of a label table in patterns/labels.yaml, in table order."""
    patterns = load_patterns()
    return [(key, patterns.compile(f"(?:{form})")) for key, forms in patterns.table(table).items() for form in forms]


def project_key(label: str, clause: str = "") -> str | None:
    """In a single project's report: the headline key of the project's total budget or spending.

    >>> [project_key(x) for x in ("某县道路建设项目计划投资", "已完成拨付", "委员活动经费")]
    ['budget_adjusted', 'expenditure_total', None]
    """
    return _lookup("project_labels", label, clause, scoped=True)


def clause_before(text: str, start: int, floor: int = 0) -> tuple[int, str]:
    """(offset, text) of the clause in front of ``start``; after a colon, the clause before it.

    >>> clause_before("支出：651.17万元，其中基本支出529.99万元", 18)
    (12, '其中基本支出')
    >>> clause_before("收入：651.17万元", 3)
    (0, '收入')
    >>> clause_before("下达资金（专项）29.6万元", 8)
    (0, '下达资金')
    >>> clause_before("项目资金（万元）：500", 9)
    (0, '项目资金')
    """
    brk = rx("label.clause_break")
    lo = max(floor, start - _MAX_CLAUSE)
    i = start
    while i > lo and not brk.match(text[i - 1]):
        i -= 1
    clause = text[i:start]
    if _strip(clause) or i <= lo:
        return i, clause
    end = i - 1
    if text[end] not in "：:）)":
        return i, clause
    if text[end] in "：:" and end > floor and text[end - 1] in "）)":  # 资金（万元）：500
        end -= 1
    if text[end] in "）)":  # 资金（说明）29.6万元: the name stands before the bracketed aside
        end = _opening_bracket(text, end, floor)
    if end is None or end <= floor:
        return i, clause
    j = end
    while j > max(floor, end - _MAX_CLAUSE) and not brk.match(text[j - 1]):
        j -= 1
    return j, text[j:end]


def clause_above(text: str, line_start: int) -> str:
    """The clause ending the line above a figure that opens its line, where that line runs on to a word (no
    punctuation, figure or heading ends it): a wrap left the label on one line and pushed the figure onto
    the next (其中基本支出 / 401.00万元).

    >>> clause_above("支出合计498.20万元，其中基本支出\\n401.00万元", 20)
    '其中基本支出'
    >>> clause_above("基本情况。\\n401.00万元", 6), clause_above("（一）数量指标\\n100%", 8)
    ('', '')
    """
    above = text.rfind("\n", 0, line_start - 1) + 1 if line_start >= 2 else line_start
    if line_start < 2 or not _HAN.match(text[line_start - 2]) or looks_like_heading(text[above:line_start - 1]):
        return ""
    return clause_before(text, line_start - 1, above)[1]


def _opening_bracket(text: str, close: int, floor: int) -> int | None:
    """Where the bracket closed at ``close`` opens (no figure, line break or nested bracket between), or None.

    >>> _opening_bracket("资金（补助资金）", 7, 0)
    2
    """
    lo = max(floor, close - _MAX_CLAUSE)
    for j in range(close - 1, lo - 1, -1):
        if text[j] in "（(":
            return j
        if text[j] in "）)\n":
            return None
    return None


_SPACE = regex.compile(r"\s+")


@short_string_cache()
def _strip(clause: str) -> str:
    s = _SPACE.sub("", clause)
    for _ in range(3):
        s = rx("label.trim_before").sub("", s)
        s = rx("label.trim_after").sub("", s)
    return s


@short_string_cache()
def label_of(clause: str) -> str:
    """The figure's name from its clause.

    >>> label_of("其中财政拨款收入 ")
    '财政拨款收入'
    >>> label_of("项目支出包括委员活动经费")
    '委员活动经费'
    >>> label_of("预算完成率")
    '预算完成率'
    """
    s = _strip(clause)
    parts = rx("label.verb_split").split(s)
    tail = _strip(next((p for p in reversed(parts) if _strip(p)), s))
    tail = _LOOSE_ENDS.sub("", tail)
    return whole_terms(tail, 12)


def whole_terms(label: str, limit: int) -> str:
    """The trailing whole terms of a long label, at most ``limit`` characters (jieba, budget terms kept whole).

    >>> whole_terms("总体目标预期目标实际完成情况本项目共申请预算资金", 12)
    '情况本项目共申请预算资金'
    """
    if len(label) <= limit:
        return label
    out = ""
    for word in reversed(terms(label)):
        if len(out) + len(word) > limit:
            break
        out = word + out
    return out or label[-limit:]


def terms(label: str) -> list[str]:
    """Whole terms of a label (jieba with the budget terms as user dictionary)."""
    return [w for w in _jieba().lcut(label) if w.strip()]


@short_string_cache()
def is_change(clause: str) -> bool:
    """The clause states a change or another year's figure, not this year's level."""
    simple = to_simplified(clause)
    return bool(rx("label.change").search(simple) or rx("label.other_year").search(simple))


@short_string_cache()
def is_other_year(sentence: str) -> bool:
    """The sentence so far is about another year (上年 …): its figures are not this year's."""
    return bool(rx("label.other_year").search(to_simplified(sentence)))


def headline_key(label: str, clause: str = "", scoped: bool = True) -> str | None:
    """The canonical headline key a label stands for, or None.

    >>> [headline_key(x) for x in ("年初预算", "预算完成率", "其中基本支出", "委员活动经费", "实有在职人数")]
    ['budget_initial', 'execution_rate', 'expenditure_basic', None, 'staff_actual']
    >>> headline_key("收入", "同比上年度增加") is None
    True
    """
    return _lookup("headline_labels", label, clause, scoped)


@memo.lru_cache(8192)  # the same labels recur in a report and across reports
def _lookup(table: str, label: str, clause: str, scoped: bool) -> str | None:
    """The first key of ``table`` one of whose forms is the whole label (or clause), as written or without the
    words that only say whose figure it is (``scoped``); changes and other years' figures have none."""
    if is_change(clause) or is_change(label):
        return None
    for name in (label, _strip(clause)):
        simple = _strip(to_simplified(name))
        bare = rx("label.scope_prefix").sub("", simple, count=1)
        for candidate in (simple, bare) if scoped else (simple,):
            for key, form in _forms(table):
                if form.fullmatch(candidate):
                    return key
    return None
