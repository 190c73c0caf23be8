"""Consistency rules over the score tree: sums of children, the overall 自评分, maxima, deductions.

A score item's children are the items whose ``parent`` is it; kind "bonus" (加减分项) adds, kind
"deduction" (扣分) subtracts, "combined" (共得分) stands for a section plus its bonus.  A single child
is a detail (其中 …), not a breakdown, and is never summed.
"""
from __future__ import annotations

from decimal import Decimal

from ..models import Finding, Record, ScoreItem
from .base import HUNDRED, finding, fmt, spans


def children(record: Record, index: int) -> list[ScoreItem]:
    return [s for s in record.scores if s.parent == index]


def children_by_parent(record: Record) -> dict[int, list[ScoreItem]]:
    """Every item's children at once (``children`` for each index, in one pass over the scores)."""
    kids: dict[int, list[ScoreItem]] = {}
    for s in record.scores:
        if s.parent is not None:
            kids.setdefault(s.parent, []).append(s)
    return kids


def listing(items: list[ScoreItem], attr: str = "score") -> str:
    return " + ".join(f"{s.item} {fmt(getattr(s, attr))}" for s in items)


def _penalty(s: ScoreItem) -> Decimal | None:
    value = s.deduction if s.deduction is not None else s.score
    return None if value is None else abs(value)


def check_sum_children(record: Record) -> list[Finding]:
    """A parent's 得分 (and 分值) equals the sum of its children's (bonus items add, penalties subtract)."""
    out: list[Finding] = []
    kids_of = children_by_parent(record)
    for i, parent in enumerate(record.scores):
        if parent.kind == "overall":
            continue  # the overall sum is score.overall_sum's
        kids = kids_of.get(i, [])
        items = [k for k in kids if k.kind == "item"]
        bonus = [k for k in kids if k.kind == "bonus"]
        penalties = [k for k in kids if k.kind == "deduction"]
        if not items or len(items) + len(bonus) < 2:
            continue  # a single 其中 child is a detail, not a breakdown
        if any(k.partial for k in kids):
            continue  # rows read one by one from text that lost its borders: a sibling may be unread
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


def overall_score(record: Record) -> tuple[Decimal | None, list]:
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
    stated, where = overall_score(record)
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
    kids_of = children_by_parent(record)
    for i, s in enumerate(record.scores):
        if s.kind != "item" or s.score is None or s.max is None or s.score <= s.max:
            continue
        if any(k.kind == "bonus" for k in kids_of.get(i, [])):
            continue
        msg = f"{s.item}得分 {fmt(s.score)} > 分值 {fmt(s.max)}"
        out.append(finding("score.within_max", "error", msg, s.score, f"≤ {fmt(s.max)}", spans(record, [s])))
    return out


def check_deduction(record: Record) -> list[Finding]:
    """A stated deduction (扣 … 分) equals 分值 − 得分."""
    out: list[Finding] = []
    kids_of = children_by_parent(record)
    for i, s in enumerate(record.scores):
        if s.kind != "item" or s.max is None or s.score is None:
            continue
        penalties = [k for k in kids_of.get(i, []) if k.kind == "deduction"]
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
