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
from dataclasses import dataclass
from decimal import Decimal
from typing import Callable, Iterable, Optional

from .models import Finding, HeadlineValue, Mention, Record, ScoreItem, Span
from .patterns import load_patterns

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str
    doc: str
    run: Callable[[Record], list[Finding]]


# --- small helpers ------------------------------------------------------------------------------

def fmt(d: Decimal) -> str:
    """A Decimal as people write it (no exponent, no trailing zeros after the point)."""
    text = format(d, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def unit_of(d: Decimal) -> Decimal:
    """One unit of the stated precision: 651.17 -> 0.01, 108 -> 1."""
    exp = d.as_tuple().exponent
    return Decimal(1).scaleb(min(int(exp), 0)) if isinstance(exp, int) else Decimal(1)


def span_of(record: Record, obj: ScoreItem | Mention | HeadlineValue | Span | None) -> list[Span]:
    """The evidence span of a figure, its raw taken from the record's text."""
    if obj is None or obj.end <= obj.start:
        return []
    return [Span(page=obj.page, start=obj.start, end=obj.end, raw=record.text[obj.start:obj.end])]


def spans(record: Record, objs: Iterable) -> list[Span]:
    out: list[Span] = []
    for obj in objs:
        for s in span_of(record, obj):
            if s not in out:
                out.append(s)
    return out


def money_equal(stated: Decimal, parts: list[Decimal]) -> bool:
    """A whole equals the sum of its parts within the rounding of every figure stated."""
    slack = sum((unit_of(d) / 2 for d in [stated, *parts]), Decimal(0))
    return abs(stated - sum(parts, Decimal(0))) <= slack


def finding(rule: str, severity: str, message: str, claimed: Decimal, expected: Decimal | str,
            evidence: list[Span]) -> Finding:
    exp = expected if isinstance(expected, str) else fmt(expected)
    return Finding(rule=rule, severity=severity, message=message, claimed=fmt(claimed), expected=exp,
                   evidence=evidence)


def _rx(name: str):
    return load_patterns().regex(name)


# --- the score tree -----------------------------------------------------------------------------

def children(record: Record, index: int) -> list[ScoreItem]:
    return [s for s in record.scores if s.parent == index]


def listing(items: list[ScoreItem], attr: str = "score") -> str:
    return " + ".join(f"{s.item} {fmt(getattr(s, attr))}" for s in items)


def _penalty(s: ScoreItem) -> Optional[Decimal]:
    value = s.deduction if s.deduction is not None else s.score
    return None if value is None else abs(value)


def check_sum_children(record: Record) -> list[Finding]:
    """A parent's 得分 (and 分值) equals the sum of its children's (bonus items add, penalties subtract)."""
    out: list[Finding] = []
    for i, parent in enumerate(record.scores):
        if parent.kind == "overall":
            continue  # the overall sum is score.overall_sum's
        kids = children(record, i)
        items = [k for k in kids if k.kind == "item"]
        bonus = [k for k in kids if k.kind == "bonus"]
        penalties = [k for k in kids if k.kind == "deduction"]
        if not items or len(items) + len(bonus) < 2:
            continue  # a single 其中 child is a detail, not a breakdown
        out += _sum_scores(record, parent, items, bonus, penalties)
        out += _sum_maxima(record, parent, items)
    return out + _combined_sums(record)


def _combined_sums(record: Record) -> list[Finding]:
    """A 共得分 equals its section's 得分 plus the section's bonus (加减分项)."""
    out: list[Finding] = []
    tops = top_level(record)
    for c in (i for i in tops if record.scores[i].kind == "combined"):
        combined = record.scores[c]
        covered = [record.scores[i] for i in sorted(_covered_by_combined(record, tops, c))]
        sections = [s for s in covered if s.kind == "item"]
        bonus = [s for s in covered if s.kind == "bonus"]
        if combined.score is None or len(sections) != 1 or not bonus or any(s.score is None for s in covered):
            continue
        total = sum((s.score for s in covered), Decimal(0))
        if combined.score != total:
            msg = f"{sections[0].item}共得分 {fmt(combined.score)} ≠ {listing(covered)} = {fmt(total)}"
            out.append(finding("score.sum_children", "error", msg, combined.score, total,
                               spans(record, [combined, *covered])))
    return out


def _sum_scores(record, parent, items, bonus, penalties) -> list[Finding]:
    if parent.score is None or any(k.score is None for k in items + bonus):
        return []
    base = sum((k.score for k in items), Decimal(0))
    accepted = {base, base + sum((k.score for k in bonus), Decimal(0))}
    if penalties and all(_penalty(p) is not None for p in penalties):
        accepted.add(base - sum((_penalty(p) for p in penalties), Decimal(0)))
    if parent.score in accepted:
        return []
    shown = items + bonus if parent.kind == "combined" else items
    expected = sum((k.score for k in shown), Decimal(0))
    msg = f"{parent.item}得分 {fmt(parent.score)} ≠ 各项得分之和 {fmt(expected)}（{listing(shown)}）"
    return [finding("score.sum_children", "error", msg, parent.score, expected, spans(record, [parent, *shown]))]


def _sum_maxima(record, parent, items) -> list[Finding]:
    if parent.max is None or parent.kind != "item" or any(k.max is None for k in items):
        return []
    total = sum((k.max for k in items), Decimal(0))
    if total == parent.max:
        return []
    msg = f"{parent.item}分值 {fmt(parent.max)} ≠ 各项分值之和 {fmt(total)}（{listing(items, 'max')}）"
    return [finding("score.sum_children", "error", msg, parent.max, total, spans(record, [parent, *items]))]


def _overall(record: Record) -> tuple[Optional[Decimal], list]:
    """The report's overall 自评分 and its evidence (the meta field first, else the overall item)."""
    overall = [s for s in record.scores if s.kind == "overall" and s.score is not None]
    if record.self_score is not None:
        return record.self_score, [record.provenance.get("self_score")]
    if len({s.score for s in overall}) == 1:
        return overall[0].score, [overall[0]]
    return None, []


def top_level(record: Record) -> list[int]:
    """Indices of the top of the score tree (level 1, or the children of the overall item)."""
    overall_ids = {i for i, s in enumerate(record.scores) if s.kind == "overall"}
    return [i for i, s in enumerate(record.scores)
            if s.kind != "overall" and (s.level == 1 or (s.parent is not None and s.parent in overall_ids))]


def _covered_by_combined(record: Record, tops: list[int], c: int) -> set[int]:
    """The section (and its bonus) a 共得分 item stands for."""
    combined = record.scores[c]
    covered = {i for i in tops if record.scores[i].parent == c}
    if combined.parent is not None:
        covered.add(combined.parent)
    if not covered:  # a run-in 共得分 right after its section and bonus
        for i in reversed([t for t in tops if t < c]):
            covered.add(i)
            if record.scores[i].kind == "item":
                break
    covered |= {i for i in tops if record.scores[i].kind == "bonus" and record.scores[i].parent in covered}
    return covered


def check_overall_sum(record: Record) -> list[Finding]:
    """The overall 自评分 equals the sum of the top-level sections; their maxima add to 100."""
    tops = top_level(record)
    names = [record.scores[i].item for i in tops]
    if len(tops) < 2 or len(set(names)) < len(names):
        return []  # a repeated top-level name: two trees (or a repeated table), the tree is unsure
    combined = [i for i in tops if record.scores[i].kind == "combined"]
    covered = set().union(*(_covered_by_combined(record, tops, c) for c in combined)) if combined else set()
    parts = [record.scores[i] for i in tops if i not in covered]
    out = _overall_maxima(record, [p for p in parts if p.kind == "item"] + [record.scores[i] for i in covered
                                                                              if record.scores[i].kind == "item"])
    stated, where = _overall(record)
    if stated is None or any(p.score is None for p in parts):
        return out
    scored = [p for p in parts if p.kind != "deduction"]
    total = sum((p.score for p in scored), Decimal(0))
    penalties = sum((_penalty(p) or 0 for p in parts if p.kind == "deduction"), Decimal(0))
    accepted = {total, total - penalties, total - sum((p.score for p in scored if p.kind == "bonus"), Decimal(0))}
    if stated in accepted:
        return out
    msg = f"自评分 {fmt(stated)} ≠ 各部分得分之和 {fmt(total)}（{listing(scored)}）"
    return out + [finding("score.overall_sum", "error", msg, stated, total, spans(record, [*where, *scored]))]


def _overall_maxima(record: Record, sections: list[ScoreItem]) -> list[Finding]:
    if len(sections) < 2 or any(s.max is None for s in sections):
        return []
    total = sum((s.max for s in sections), Decimal(0))
    stated = [s for s in record.scores if s.kind == "overall" and s.max is not None]
    target = stated[0].max if stated else HUNDRED
    if total == target:
        return []
    msg = f"各部分分值之和 {fmt(total)} ≠ 总分 {fmt(target)}（{listing(sections, 'max')}）"
    return [finding("score.overall_sum", "warning", msg, total, target, spans(record, [*stated[:1], *sections]))]


def check_within_max(record: Record) -> list[Finding]:
    """Each 得分 is at most its 分值 (bonus items, 共得分 and items carrying a bonus exempt)."""
    out: list[Finding] = []
    for i, s in enumerate(record.scores):
        if s.kind != "item" or s.score is None or s.max is None or s.score <= s.max:
            continue
        if any(k.kind == "bonus" for k in children(record, i)):
            continue
        msg = f"{s.item}得分 {fmt(s.score)} > 分值 {fmt(s.max)}"
        out.append(finding("score.within_max", "error", msg, s.score, f"≤ {fmt(s.max)}", spans(record, [s])))
    return out


def check_deduction(record: Record) -> list[Finding]:
    """A stated deduction (扣 … 分) equals 分值 − 得分."""
    out: list[Finding] = []
    for i, s in enumerate(record.scores):
        if s.kind != "item" or s.max is None or s.score is None:
            continue
        penalties = [k for k in children(record, i) if k.kind == "deduction"]
        if s.deduction is not None:
            stated, where = s.deduction, [s]
        elif penalties and all(_penalty(p) is not None for p in penalties):
            stated, where = sum((_penalty(p) for p in penalties), Decimal(0)), [s, *penalties]
        else:
            continue
        lost = s.max - s.score
        if stated != lost:
            msg = f"{s.item}扣 {fmt(stated)} 分 ≠ 分值 {fmt(s.max)} − 得分 {fmt(s.score)} = {fmt(lost)}"
            out.append(finding("score.deduction", "error", msg, stated, lost, spans(record, where)))
    return out


# --- parts and wholes ---------------------------------------------------------------------------

def part_groups(record: Record) -> list[tuple[Mention, list[Mention]]]:
    """Each whole (a mention not stated as a part) with the 其中 parts that follow it in its sentence."""
    groups: list[tuple[Mention, list[Mention]]] = []
    ms = record.mentions
    for i, whole in enumerate(ms):
        if whole.part:
            continue
        parts: list[Mention] = []
        for m in ms[i + 1:]:
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
    return fiscal and _rx("checks.income_remainder").search(parts[-1].label) is not None


def _staff_group(whole: Mention, parts: list[Mention]) -> bool:
    return (whole.type == "staff" and len(parts) >= 2 and _rx("checks.staff_whole").search(whole.label) is not None
            and all(_rx("checks.staff_part").search(p.label) for p in parts))


def check_parts_sum(record: Record) -> list[Finding]:
    """支出 = 基本支出 + 项目支出; 收入 = its 其中 parts (closed by 其他收入); 编制 = 行政编制 + 事业编制."""
    out: list[Finding] = []
    seen: set[int] = set()
    for whole, parts in part_groups(record):
        if _staff_group(whole, parts):
            equal = whole.value == sum((p.value for p in parts), Decimal(0))
        elif _expenditure_group(whole, parts) or _income_group(whole, parts):
            equal = money_equal(whole.value, [p.value for p in parts])
        else:
            continue
        seen.add(whole.start)
        if not equal:
            msg = _whole_message(whole.label, whole.value, [(p.label, p.value) for p in parts], whole.unit)
            total = sum((p.value for p in parts), Decimal(0))
            out.append(finding("money.parts_sum", "error", msg, whole.value, total, spans(record, [whole, *parts])))
    return out + _headline_expenditure(record, seen)


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


def rate_range(num: Decimal, den: Decimal) -> Optional[tuple[Decimal, Decimal]]:
    """The percent num ÷ den × 100 can be, given the rounding of both amounts."""
    hn, hd = unit_of(num) / 2, unit_of(den) / 2
    if den - hd <= 0:
        return None
    return (num - hn) / (den + hd) * HUNDRED, (num + hn) / (den - hd) * HUNDRED


def rate_accepts(stated: Decimal, lo: Decimal, hi: Decimal) -> bool:
    """A stated rate covers [stated − ½ unit, stated + 1 unit): rounding or truncation of the ratio."""
    u = unit_of(stated)
    return lo < stated + u and hi >= stated - u / 2


def _rate_candidates(record: Record, rate) -> tuple[list, list]:
    """(key, amount) pairs the rate may be the ratio of: amounts just before it, plus the headline's
    for the headline rate."""
    lo = max(0, rate.start - _RATE_WINDOW)
    near = [m for m in record.mentions if m.type == "money" and not m.part and not m.approx and lo <= m.start < rate.start]
    nums = [(m.key, m) for m in near if m.key in NUMERATOR_KEYS]
    dens = [(m.key, m) for m in near if m.key in DENOMINATOR_KEYS]
    h = record.headline
    if h.execution_rate is not None and h.execution_rate.start == rate.start:
        nums += [(k, getattr(h, k)) for k in NUMERATOR_KEYS if getattr(h, k) is not None]
        dens += [(k, getattr(h, k)) for k in DENOMINATOR_KEYS if getattr(h, k) is not None]
    return nums, dens


def _stated_rates(record: Record) -> list:
    rates: list = [m for m in record.mentions
                   if m.type == "percent" and m.key == "execution_rate" and not m.approx]
    h = record.headline.execution_rate
    if h is not None and all(m.start != h.start for m in rates):
        rates.append(h)
    return rates


def check_rate(record: Record) -> list[Finding]:
    """A stated execution rate equals 支出 ÷ 预算 × 100 for some plausible pairing of the amounts."""
    out: list[Finding] = []
    for rate in _stated_rates(record):
        nums, dens = _rate_candidates(record, rate)
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

@functools.lru_cache(maxsize=None)
def band_table(name: str) -> tuple[tuple[frozenset, Decimal], ...]:
    """The named grade-band table of patterns/checks.yaml, top band first."""
    bands = load_patterns().table("grade_bands")[name]
    rows = [(frozenset(b["grades"]), Decimal(str(b["min"]))) for b in bands]
    return tuple(sorted(rows, key=lambda r: -r[1]))


def expected_grade(score: Decimal, bands: str = "default") -> Optional[tuple[frozenset, Decimal]]:
    return next(((grades, low) for grades, low in band_table(bands) if score >= low), None)


def check_grade(record: Record, bands: str = "default") -> list[Finding]:
    """The stated grade agrees with the score under the band table."""
    score, where = _overall(record)
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


def _conflict_candidates(record: Record, key: str) -> list[Mention]:
    from .headline import PART_KEYS, UNIT_SECTIONS

    def in_scope(m: Mention) -> bool:
        types = [s.type for s in record.sections if s.start <= m.start < s.end]
        return record.kind == "project" or not types or all(t in UNIT_SECTIONS for t in types[:2])

    cands = [m for m in record.mentions if m.key == key and not m.approx and (not m.part or key in PART_KEYS)
             and not _other_year(record.text, m.start)]
    return [m for m in cands if in_scope(m)] or cands


def _other_year(text: str, start: int) -> bool:
    """The figure's sentence, up to the figure, puts it in another year (上年 …)."""
    lo = max(text.rfind(ch, 0, start) for ch in "。；\n") + 1
    return _rx("checks.other_year").search(text, lo, start) is not None


def check_headline_conflict(record: Record) -> list[Finding]:
    """The same headline figure stated twice with values that differ beyond rounding."""
    out: list[Finding] = []
    for key, value in record.headline:
        if value is not None:
            continue
        distinct: list[Mention] = []
        for m in _conflict_candidates(record, key):
            if all(not money_equal(d.value, [m.value]) for d in distinct):
                distinct.append(m)
        if len(distinct) >= 2:
            a, b = distinct[:2]
            msg = f"{key}: {a.label} {fmt(a.value)}{a.unit}（第{a.page}页）与 {b.label} {fmt(b.value)}{b.unit}（第{b.page}页）不一致"
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
]


def run_checks(record: Record, bands: str = "default") -> list[Finding]:
    """Every rule's findings, in registry order."""
    out: list[Finding] = []
    for rule in RULES:
        out += check_grade(record, bands) if rule.run is check_grade else rule.run(record)
    return out
