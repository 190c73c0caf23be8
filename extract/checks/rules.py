"""Consistency checks: small pure rules over a record that say, in figures, what does not add up.

Each rule is a function ``record -> list[Finding]`` registered in :data:`RULES` with an id and a
severity.  A rule whose inputs are missing or unsure returns nothing: it never guesses.  Every
finding carries the stated figure (``claimed``), what the other figures imply (``expected``) and
an evidence span for every figure involved (``text[start:end] == raw``).

Tolerance: scores are exact; money allows the rounding of the figures compared (half a unit of
the stated precision per figure); rates accept the rounding (or truncation) of the stated precision.
"""
from __future__ import annotations

import functools
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from ..figures.headline import Lookups, candidates
from ..models import Finding, Mention, Record
from ..patterns import load_patterns, rx
from ..text.spans import last_stop
from .base import HUNDRED, finding, fmt, money_equal, rate_accepts, rate_range, spans
from .grid import check_form_totals, check_fund_rates
from .scores import check_deduction, check_overall_sum, check_sum_children, check_within_max, overall_score
from .tables import check_table_totals


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str
    doc: str
    run: Callable[[Record], list[Finding]]


# --- parts and wholes ---------------------------------------------------------------------------

def part_groups(record: Record) -> list[tuple[Mention, list[Mention]]]:
    """Each whole (a mention not stated as a part) with the 其中 parts that follow it in its sentence."""
    groups: list[tuple[Mention, list[Mention]]] = []
    ms = record.mentions
    for i, whole in enumerate(ms):
        if whole.part:
            continue
        parts: list[Mention] = []
        for j in range(i + 1, len(ms)):  # (not a slice: that copies the rest of the list for every whole)
            m = ms[j]
            gap = record.text[whole.end:m.start]
            if not m.part or m.type != whole.type or "\n" in gap or "。" in gap:
                break
            parts.append(m)
        if parts:
            groups.append((whole, parts))
    return groups


def _whole_message(whole_name: str, whole: Decimal, parts: list[tuple[str, Decimal]], unit: str) -> str:
    total = sum((v for _, v in parts), Decimal(0))
    shown = " + ".join(f"{name} {fmt(v)}" for name, v in parts)
    return f"{whole_name} {fmt(whole)}{unit} ≠ {shown} = {fmt(total)}{unit}"


def _expenditure_group(whole: Mention, parts: list[Mention]) -> bool:
    keys = sorted(p.key or "" for p in parts)
    return whole.key == "expenditure_total" and keys == ["expenditure_basic", "expenditure_project"]


def _income_group(whole: Mention, parts: list[Mention]) -> bool:
    if whole.key != "income_total" or len(parts) < 2:
        return False
    fiscal = any(p.key == "income_fiscal" for p in parts)
    return fiscal and rx("checks.income_remainder").search(parts[-1].label) is not None


def _closed(record: Record, last: Mention) -> bool:
    """The 其中 list ends with ``last`` (a bracket or the sentence closes right after it)."""
    return rx("checks.list_closed").match(record.text[last.end:last.end + 4]) is not None


def _staff_group(whole: Mention, parts: list[Mention]) -> bool:
    return (whole.type == "staff" and len(parts) >= 2 and rx("checks.staff_whole").search(whole.label) is not None
            and all(rx("checks.staff_part").search(p.label) for p in parts))


def check_parts_sum(record: Record) -> list[Finding]:
    """支出 = 基本支出 + 项目支出; 收入 = its 其中 parts (closed by 其他收入); 编制 = 行政编制 + 事业编制."""
    out: list[Finding] = []
    seen: set[int] = set()
    for whole, parts in part_groups(record):
        if _staff_group(whole, parts) and _closed(record, parts[-1]):
            equal = whole.value == sum((p.value for p in parts), Decimal(0))
        elif _expenditure_group(whole, parts) or (_income_group(whole, parts) and _closed(record, parts[-1])):
            equal = money_equal(whole.value, [p.value for p in parts])
        else:
            continue
        seen.add(whole.start)
        if not equal:
            msg = _whole_message(whole.label, whole.value, [(p.label, p.value) for p in parts], whole.unit)
            total = sum((p.value for p in parts), Decimal(0))
            out.append(finding("money.parts_sum", "error", msg, whole.value, total, spans(record, [whole, *parts])))
    return out + _headline_expenditure(record, seen) + _part_above_whole(record)


_WHOLE_KEYS = ("income_total", "expenditure_total", "staff_authorized")
_PART_KEYS = ("income_fiscal", "expenditure_basic", "expenditure_project")


def _part_above_whole(record: Record) -> list[Finding]:
    """A 其中 part larger than the whole it is part of (收入 641.17万元，其中财政拨款收入 651.17万元)."""
    out: list[Finding] = []
    for whole, parts in part_groups(record):
        if whole.key not in _WHOLE_KEYS:
            continue
        for p in parts:
            known = p.key in _PART_KEYS or (p.type == "staff" and rx("checks.staff_part").search(p.label))
            if known and p.value > whole.value and not money_equal(whole.value, [p.value]):
                msg = f"其中 {p.label} {fmt(p.value)}{p.unit} > {whole.label} {fmt(whole.value)}{whole.unit}"
                out.append(finding("money.parts_sum", "error", msg, p.value, whole.value, spans(record, [whole, p])))
    return out


def _headline_expenditure(record: Record, seen: set[int]) -> list[Finding]:
    """支出 = 基本支出 + 项目支出 from the headline, when the three stand on one line (a table row)."""
    h = record.headline
    figures = [h.expenditure_total, h.expenditure_basic, h.expenditure_project]
    if any(f is None for f in figures) or h.expenditure_total.start in seen:
        return []
    lo, hi = min(f.start for f in figures), max(f.end for f in figures)
    if "\n" in record.text[lo:hi]:
        return []
    total, basic, project = figures
    if money_equal(total.value, [basic.value, project.value]):
        return []
    msg = _whole_message("支出", total.value, [("基本支出", basic.value), ("项目支出", project.value)], "万元")
    return [finding("money.parts_sum", "error", msg, total.value, basic.value + project.value, spans(record, figures))]


# --- rates --------------------------------------------------------------------------------------

NUMERATOR_KEYS = ("expenditure_total",)
DENOMINATOR_KEYS = ("budget_adjusted", "budget_initial", "income_total")
_RATE_WINDOW = 400


class MentionIndex:
    """A record's percentages and exact amounts, in list order, found by bisection on their starts.

    Gives the answers of a scan over every mention (the list is in text order; where it is not, it scans).
    """

    def __init__(self, mentions: list[Mention]) -> None:
        self.percents = [m for m in mentions if m.type == "percent"]
        self.amounts = [m for m in mentions if m.type == "money" and not m.approx]
        self.ordered = all(a.start <= b.start for a, b in zip(mentions, mentions[1:]))
        self.percent_starts = [m.start for m in self.percents]
        self.amount_starts = [m.start for m in self.amounts]

    def last_percent_end(self, before: int) -> list[int]:
        """``[end]`` of the last percentage (in list order) ending by ``before``, or ``[]``."""
        upto = bisect_right(self.percent_starts, before) if self.ordered else len(self.percents)
        return next(([m.end] for m in reversed(self.percents[:upto]) if m.end <= before), [])

    def amounts_from(self, lo: int, hi: int) -> list[Mention]:
        """The exact amounts starting in ``[lo, hi)``, in list order."""
        if not self.ordered:
            return [m for m in self.amounts if lo <= m.start < hi]
        return self.amounts[bisect_left(self.amount_starts, lo):bisect_left(self.amount_starts, hi)]


def _rate_candidates(record: Record, rate, index: MentionIndex | None = None) -> tuple[list, list]:
    """(key, amount) pairs the rate may be the ratio of.

    The amounts stated before it in its paragraph, after any earlier percentage, and only when the
    nearest of them is itself a total or a budget (a rate right after 基本支出 … is that part's own);
    for the headline rate, the headline amounts as well.
    """
    text = record.text
    index = index or MentionIndex(record.mentions)
    window = max(0, rate.start - _RATE_WINDOW)
    lo = max(window, text.rfind("\n", window, rate.start) + 1, *index.last_percent_end(rate.start))
    near = index.amounts_from(lo, rate.start)
    nums, dens = [], []
    if near and not near[-1].part and near[-1].key in NUMERATOR_KEYS + DENOMINATOR_KEYS:
        nums = [(m.key, m) for m in near if m.key in NUMERATOR_KEYS and not m.part]
        dens = [(m.key, m) for m in near if m.key in DENOMINATOR_KEYS and not m.part]
    h = record.headline
    if h.execution_rate is not None and h.execution_rate.start == rate.start:
        nums += [(k, getattr(h, k)) for k in NUMERATOR_KEYS if getattr(h, k) is not None]
        dens += [(k, getattr(h, k)) for k in DENOMINATOR_KEYS if getattr(h, k) is not None]
    if "预算" in (rate.label or "") and any(k != "income_total" for k, _ in dens):
        dens = [(k, m) for k, m in dens if k != "income_total"]  # 预算完成率 is measured against a budget
    return nums, dens


def _stated_rates(record: Record) -> list:
    rates: list = [m for m in record.mentions  # a fund table row's rate is table.rate's (check_grid)
                   if m.type == "percent" and m.key == "execution_rate" and not m.approx and m.origin != "table"]
    h = record.headline.execution_rate
    from_table = {m.start for m in record.mentions if m.origin == "table"}
    if h is not None and all(m.start != h.start for m in rates) and h.start not in from_table:
        rates.append(h)
    return rates


def check_rate(record: Record) -> list[Finding]:
    """A stated execution rate equals 支出 ÷ 预算 × 100 for some plausible pairing of the amounts."""
    out: list[Finding] = []
    index = MentionIndex(record.mentions)
    for rate in _stated_rates(record):
        nums, dens = _rate_candidates(record, rate, index)
        pairs = [(n, d) for n in nums for d in dens if rate_range(n[1].value, d[1].value)]
        if not pairs or any(rate_accepts(rate.value, *rate_range(n[1].value, d[1].value)) for n, d in pairs):
            continue
        (_, n), (_, d) = min(pairs, key=lambda p: DENOMINATOR_KEYS.index(p[1][0]))
        ratio = (n.value / d.value * HUNDRED).quantize(Decimal("0.01"))
        msg = (f"{rate.label or '预算执行率'} {fmt(rate.value)}% ≠ {n.label or '支出'} {fmt(n.value)} ÷ "
               f"{d.label or '预算'} {fmt(d.value)} = {ratio}%")
        out.append(finding("rate.matches_amounts", "error", msg, rate.value, ratio, spans(record, [rate, n, d])))
    return out


# --- grade and headline ---------------------------------------------------------------------------

@functools.cache
def band_table(name: str) -> tuple[tuple[frozenset, Decimal], ...]:
    """The named grade-band table of patterns/checks.yaml, top band first."""
    bands = load_patterns().table("grade_bands")[name]
    rows = [(frozenset(b["grades"]), Decimal(str(b["min"]))) for b in bands]
    return tuple(sorted(rows, key=lambda r: -r[1]))


def expected_grade(score: Decimal, bands: str = "default") -> tuple[frozenset, Decimal] | None:
    return next(((grades, low) for grades, low in band_table(bands) if score >= low), None)


def check_grade(record: Record, bands: str = "default") -> list[Finding]:
    """The stated grade agrees with the score under the band table."""
    score, where = overall_score(record)
    if score is None or not record.grade:
        return []
    grade = "".join(ch for ch in record.grade if ch not in " \u3000“”\"'「」")
    known = {g for grades, _ in band_table(bands) for g in grades}
    band = expected_grade(score, bands)
    if grade not in known or band is None or grade in band[0]:
        return []
    want = "/".join(sorted(band[0], key=len, reverse=True))
    msg = f"自评分 {fmt(score)} 对应等级“{want}”（≥ {fmt(band[1])}），报告写“{grade}”"
    evidence = spans(record, [*where, record.provenance.get("grade")])
    return [Finding(rule="grade.band", severity="error", message=msg, claimed=grade, expected=want, evidence=evidence)]


_FUND_WORD = ("补助资金", "专项资金", "资金", "经费", "项目", "工程")


def figure_scope(record: Record, m: Mention) -> tuple[frozenset, frozenset, str]:
    """Which money a figure is about, from its sentence up to the figure: the government levels
    (中央 / 省级 …), the batches (提前下达 …) and the named fund or project it follows ("" if none)."""
    text = record.text
    start = last_stop(text, m.start, "。；;\n") + 1
    window = text[start:m.start]
    levels = frozenset(_LEVEL_NAMES.get(x.group("level"), x.group("level"))
                       for x in rx("checks.scope_level").finditer(window))
    batches = frozenset(x.group(0) for x in rx("checks.scope_batch").finditer(window))
    funds = [x.group("fund") for x in rx("checks.scope_fund").finditer(window)]
    return levels, batches, _fund_core(funds[-1]) if funds else ""


_LEVEL_NAMES = {"省本级": "省", "省级": "省", "自治区": "省", "市本级": "市", "市级": "市",
                "县本级": "县", "县级": "县", "区级": "县"}


def _fund_core(name: str) -> str:
    """A fund's own name without level, batch and generic words ("" for 下达资金, 财政资金 …)."""
    for word in _FUND_WORD:
        if name.endswith(word):
            name = name[: -len(word)]
            break
    name = rx("checks.scope_level").sub("", rx("checks.scope_batch").sub("", name))
    return "" if rx("checks.scope_generic").match(name) else name


def same_scope(record: Record, a: Mention, b: Mention) -> bool:
    """Two figures may state the same headline figure: same levels, batches and named fund."""
    return figure_scope(record, a) == figure_scope(record, b)


def _conflicting_pair(record: Record, cands: list[Mention]) -> tuple[Mention, Mention] | None:
    """The first two figures of one scope whose values differ beyond rounding."""
    for i, a in enumerate(cands):
        for b in cands[i + 1:]:
            if not money_equal(a.value, [b.value]) and same_scope(record, a, b):
                return a, b
    return None


def check_headline_conflict(record: Record) -> list[Finding]:
    """The same headline figure stated twice, for the same money, with values that differ beyond rounding.

    Figures of different government levels (中央 / 省级), batches or named sub-funds are different
    money, not two statements of one figure, and are not compared.
    """
    out: list[Finding] = []
    lookups = None  # the record's look-ups, built for the first key left empty
    for key, value in record.headline:
        if value is not None:
            continue
        lookups = lookups or Lookups(record)
        cands = candidates(record, key, lookups)
        pair = _conflicting_pair(record, cands)
        if pair is None:
            continue
        a, b = pair
        distinct = [a, b] + [m for m in cands if m not in (a, b) and same_scope(record, a, m)
                             and all(not money_equal(d.value, [m.value]) for d in (a, b))]
        where = {"table": "表格", "prose": "正文"}
        msg = (f"{key}: {a.label} {fmt(a.value)}{a.unit}（第{a.page}页{where.get(a.origin, '')}）与 "
               f"{b.label} {fmt(b.value)}{b.unit}（第{b.page}页{where.get(b.origin, '')}）不一致")
        out.append(finding("headline.conflict", "warning", msg, b.value, a.value, spans(record, distinct)))
    return out


RULES: list[Rule] = [
    Rule("score.sum_children", "error", "a parent's 得分/分值 equals the sum of its children's", check_sum_children),
    Rule("score.overall_sum", "error", "自评分 equals the sum of the top-level sections (maxima → 100: warning)",
         check_overall_sum),
    Rule("score.within_max", "error", "each 得分 ≤ its 分值", check_within_max),
    Rule("score.deduction", "error", "a stated deduction equals 分值 − 得分", check_deduction),
    Rule("money.parts_sum", "error", "wholes equal their 其中 parts (支出, 收入, 编制)", check_parts_sum),
    Rule("rate.matches_amounts", "error", "a stated execution rate equals 支出 ÷ 预算", check_rate),
    Rule("grade.band", "error", "the grade agrees with the score under the band table", check_grade),
    Rule("headline.conflict", "warning", "one headline figure stated with different values", check_headline_conflict),
    Rule("table.total", "error", "a table's 合计 row equals the sum of its other rows", check_table_totals),
    Rule("table.rate", "error", "a fund row's 执行率 equals 全年执行数 ÷ 全年预算数", check_fund_rates),
    Rule("score.form_total", "error", "a form's 总分 equals the sum of its scored items", check_form_totals),
]


def run_checks(record: Record, bands: str = "default") -> list[Finding]:
    """Every rule's findings, in registry order."""
    out: list[Finding] = []
    for rule in RULES:
        out += check_grade(record, bands) if rule.run is check_grade else rule.run(record)
    return out
