"""Scored items (分值 / 得分 / 扣分) from prose, run-in headings and score tables, as a tree.

Prose statements are matched by the patterns of patterns/scores.yaml; an isolated
score takes its item from ``从X的指标分值来看`` before it, else from its section heading.
Each item's ``parent`` is the item of the nearest enclosing section that carries a score,
so the consistency checks can add children up.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

import regex

from ..models import ScoreItem, Section, page_of
from ..patterns import load_patterns, rx
from ..tables.layouts.score_rows import ScoreRow, as_grid, name_span
from ..tables.rebuild import figures_of
from ..text.segment import section_label, to_simplified
from ..text.spans import Cover, Disjoint, SectionIndex

_SPACES = regex.compile(r"\s+")
_SENTENCE_END = regex.compile(r"[。\n]")

_RULES = (  # (pattern id, statement kind), in order of precedence for overlapping matches
    ("score.max_then_score", "item"),
    ("score.max_item_score", "item"),
    ("score.bonus", "bonus"),
    ("score.combined", "combined"),
    ("score.deduction", "deduction"),
    ("score.obtained", "item"),
    ("score.bracket_max_then_score", "item"),
    ("score.max_in_brackets", "item"),
)


@dataclass
class Statement:
    start: int
    end: int
    kind: str
    rule: str
    item: str = ""
    max: Decimal | None = None
    score: Decimal | None = None
    ded: Decimal | None = None
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)  # where item, max and score stand


def _dec(m: regex.Match, group: str) -> Decimal | None:
    try:
        value = m.group(group)
    except IndexError:
        return None
    return Decimal(value) if value else None


def find_statements(text: str) -> list[Statement]:
    """Score statements in prose, overlaps resolved by rule precedence then position."""
    found: list[Statement] = []
    kept = Disjoint()
    for rank, (rule, kind) in enumerate(_RULES):
        for m in load_patterns().finditer(rule, text):
            s = Statement(m.start(), m.end(), kind, rule, item=_item(m), max=_dec(m, "max"),
                          score=_dec(m, "score"), ded=_dec(m, "ded"), spans=_spans(m))
            if kind == "item" and s.score is None and s.max is None:
                continue
            if not kept.overlaps(s.start, s.end):
                found.append(s)
                kept.add(s.start, s.end)
    return sorted(found, key=lambda s: s.start)


def _spans(m: regex.Match) -> dict[str, tuple[int, int]]:
    return {g: m.span(g) for g in ("item", "max", "score") if g in m.re.groupindex and m.group(g) is not None}


def _item(m: regex.Match) -> str:
    try:
        item = m.group("item") or ""
    except IndexError:
        return ""
    return rx("score.item_lead_word").sub("", _SPACES.sub("", item))


def _on_heading_line(text: str, section: Section | None, pos: int) -> bool:
    """Is ``pos`` in the heading's own sentence (a run-in heading carries its score there)?"""
    if section is None:
        return False
    m = _SENTENCE_END.search(text, section.start)
    return pos < (m.start() if m else len(text))


def _view_item(text: str, lo: int, pos: int) -> str | None:
    """The item named by the last ``从X的指标分值来看`` between lo and pos, in the same paragraph."""
    para = max(text.rfind("\n", 0, pos) + 1, lo)
    views = list(rx("score.from_view").finditer(text, para, pos))
    return views[-1].group("item").strip("“”\"") if views else None


@dataclass
class _Built:
    item: ScoreItem
    section: int | None
    heads_section: bool  # the score of a section's own heading


def _restated(mine: list[_Built], name: str, st: Statement) -> bool:
    """The same figure stated again in its section (``mine``): same item and score, or a 总分值 equal to
    its section's score."""
    same = [b for b in mine if b.item.score == st.score]
    return any(b.item.item == name for b in same) or ("总" in name and bool(same))


def extract_scores(
    text: str, page_starts: list[int], sections: list[Section],
    table_items: list[ScoreItem] = (), table_spans: list[tuple[int, int]] = (),
) -> list[ScoreItem]:
    """Score items of prose and run-in headings (as a tree), then those read from tables."""
    built: list[_Built] = []
    by_section: dict[int | None, list[_Built]] = {}  # the items built in each section, in order
    prev_end = 0
    overall = _overall(text, page_starts, sections)
    in_tables = Cover(table_spans)
    statements = [s for s in find_statements(text) if not in_tables.covers(s.start)]
    where = SectionIndex(sections)
    bracketed: list[ScoreRow] = []
    for st in statements:
        if st.rule in ("score.max_in_brackets", "score.bracket_max_then_score"):  # flattened indicator tables
            bracketed.append(_bracketed_row(text, st))
            continue
        sec_i = where.index_at(st.start)
        section = sections[sec_i] if sec_i is not None else None
        mine = by_section.setdefault(sec_i, [])
        on_heading = _on_heading_line(text, section, st.start)
        if st.kind == "deduction":
            _attach_deduction(built, mine, st, on_heading)
            prev_end = st.end
            continue
        if overall and st.start < overall.end and overall.start < st.end:
            continue
        name = _name(text, st, section, on_heading, prev_end, mine)
        prev_end = st.end
        if name is None or _restated(mine, name, st):
            continue
        heads = (st.kind == "item" and section is not None and name == section.title
                 and not any(b.heads_section for b in mine))
        item = ScoreItem(item=name, max=st.max, score=st.score, deduction=None,
                         page=page_of(page_starts, st.start), start=st.start, end=st.end,
                         section=section_label(section), raw=text[st.start:st.end],
                         kind=st.kind)
        built.append(_Built(item, sec_i, heads))
        mine.append(built[-1])
    items = _tree(built, sections)
    loose = figures_of([as_grid(bracketed, text, "brackets")], text, page_starts).scores if bracketed else []
    for t in table_items:
        t.section = section_label(where.at(t.start))
    return items + sorted([*loose, *table_items], key=lambda t: t.start) + ([overall] if overall else [])


def _bracketed_row(text: str, st: Statement) -> ScoreRow:
    """A name with its maximum in brackets (产出指标（50分）), and the score after it (相关性(5分) 5) when it is
    no greater than the maximum: a row of a flattened indicator table, read through the grid like any other."""
    name = _short_name(st.item)
    scored = st.score is not None and st.score <= st.max  # else: not its score
    return ScoreRow(name_span(text, *st.spans["item"], keep=len(name)), st.spans["max"],
                    st.spans["score"] if scored else None, proof="template")


def _short_name(name: str) -> str:
    """A name glued to the table header before it loses that header (…改进措施产出指标 -> 产出指标).

    >>> [_short_name(n) for n in ("因分析及改进措施产出指标", "指标三级指标得分部门决策", "省级财力专项预算分配时限")]
    ['产出指标', '部门决策', '省级财力专项预算分配时限']
    """
    return rx("score.header_prefix").sub("", name, count=1) or name


def _name(text, st: Statement, section, on_heading, prev_end, mine: list[_Built]) -> str | None:
    """The item a statement scores; ``mine`` are the items built in its section so far."""
    title = section.title if section else ""
    if st.kind == "combined":
        return f"{title}(共)" if title else "合计"
    if st.item:
        return st.item
    if on_heading and not any(b.heads_section for b in mine):
        return title or None
    view = _view_item(text, prev_end, st.start)
    if view:
        return view
    if section is not None and not mine:
        return title
    return None


def _attach_deduction(built: list[_Built], mine: list[_Built], st: Statement, on_heading: bool) -> None:
    """扣…N分: on a heading line it belongs to the section's item (``mine``: its section's), else to the last
    item stated."""
    target = None
    if on_heading:
        target = next((b for b in reversed(mine) if b.heads_section), None)
    elif built:
        target = built[-1]
    if target is not None and target.item.deduction is None:
        target.item.deduction = st.ded


def _tree(built: list[_Built], sections: list[Section]) -> list[ScoreItem]:
    """Set parent and level: a section's heading item is the parent of items inside the section."""
    heads = {b.section: i for i, b in enumerate(built) if b.heads_section}
    items = [b.item for b in built]
    for i, b in enumerate(built):
        parent = None
        sec = b.section
        if not b.heads_section and b.item.kind not in ("bonus", "combined") and sec in heads and heads[sec] != i:
            parent = heads[sec]
        else:
            sec = sections[sec].parent if sec is not None else None
            while sec is not None and sec not in heads:
                sec = sections[sec].parent
            parent = heads.get(sec) if sec is not None else None
        items[i].parent = parent
    for item in items:
        depth, p = 1, item.parent
        while p is not None and depth < 10:
            depth, p = depth + 1, items[p].parent
        item.level = depth
    return items


def _overall(text: str, page_starts: list[int], sections: list[Section]) -> ScoreItem | None:
    m = rx("meta.self_score").search(to_simplified(text))
    if not m:
        return None
    name = _SPACES.sub("", text[m.start():m.start("score")])
    name = rx("score.name_trailing_verb").sub("", name) or "自评分"
    return ScoreItem(item=name, max=None, score=Decimal(m.group("score")), page=page_of(page_starts, m.start()),
                     start=m.start(), end=m.end(), section="", raw=text[m.start():m.end()], kind="overall")
