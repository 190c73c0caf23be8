"""Figures in running text: money (in 万元), percentages, counts and staff numbers, each labelled.

Money and percent values are exact ``Decimal``; every mention keeps ``text[start:end] == raw``.
Figures inside document numbers, dates and telephone numbers are not figures.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import regex

from ..models import Mention, Section, page_of
from ..patterns import load_patterns, rx
from ..text.segment import section_label
from ..text.spans import Cover, Disjoint, SectionIndex, last_stop
from ..values import labels
from ..values.amounts import parse_money, parse_number, to_decimal, to_wan
from ..values.labels import to_simplified
from ..values.rates import HUNDRED, ge_read_as_two
from .parts import end_part_lists, is_part, name_proven_totals

_SPACES = regex.compile(r"\s+")
STAFF_UNITS = ("人", "名")  # the units of a count that may be a staff number

_DECLARED_REACH = 3000  # characters a unit declaration (单位：元) reaches at most
_PRIORITY = {"money": 0, "percent": 1, "staff": 2, "count": 3}  # overlaps: the first kind wins


@dataclass
class Hit:
    type: str
    start: int
    end: int
    value: Decimal
    unit: str
    approx: bool = False
    label: str | None = None  # the figure's name when the text gives it apart from the clause (a form's label line)


def excluded_spans(text: str) -> list[tuple[int, int]]:
    """Spans that hold no figures: document numbers, dates, telephone numbers."""
    spans = []
    for name in ("exclude.document_number", "exclude.phone", "exclude.date"):
        spans.extend(m.span() for m in rx(name).finditer(text))
    return spans


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _money_hits(text: str):
    for m in rx("money.amount").finditer(text):
        start, end = _trimmed(text, *m.span())
        parsed = parse_money(text[start:end])
        if parsed is not None:
            yield Hit("money", start, end, parsed.value, "万元", parsed.approx)
    for m in load_patterns().finditer("table.field_amount", text):
        value = to_decimal(m.group("num"))
        if value is not None:
            yield Hit("money", m.start("num"), m.end("num"), to_wan(value, m.group("unit")), "万元")
    for name, unit in (("money.yuan_sign", None), ("money.bracket_unit", "unit")):
        for m in rx(name).finditer(text):
            value = to_decimal(m.group("num"))
            if value is not None:
                yield Hit("money", m.start(), m.end(), to_wan(value, m.group(unit) if unit else "元"), "万元")
    yield from _bare_wan_hits(text)
    for m in rx("money.range_low").finditer(text):  # 10-20万元: the low end takes the high end's unit
        mult = m.group("mult") or m.group("mult2") or ""
        parsed = parse_money(m.group("num") + mult + "元")
        if parsed is not None:
            yield Hit("money", m.start("num"), m.end("mult") if m.group("mult") else m.end("num"), parsed.value, "万元")
    yield from _declared_unit_hits(text)
    yield from _source_row_hits(text)
    for m in rx("money.unit_cell").finditer(text):
        parsed = parse_money(m.group("num") + m.group("unit"))
        if parsed is not None:
            yield Hit("money", *_trimmed(text, *m.span()), parsed.value, "万元", parsed.approx)


def _bare_wan_hits(text: str):
    """29.6万 with the currency word left out: money only when its name ends in a money word (…资金, 执行数)."""
    for m in rx("money.bare_wan").finditer(text):
        start, end = _trimmed(text, *m.span())
        _, clause = labels.clause_before(text, start, _line_start(text, start))
        if not rx("money.context").search(to_simplified(labels.label_of(clause))):
            continue
        parsed = parse_money(text[start:end] + "元")
        if parsed is not None:
            yield Hit("money", start, end, parsed.value, "万元", parsed.approx)


#: how far past 其中:中央财政 the source rows of a 项目基本信息 block reach
_SOURCE_REACH = 300


def _declared_unit_hits(text: str):
    """单位：元 … 7,548,150: numbers with thousands separators after a unit declaration, in that unit."""
    for decl in rx("money.unit_declaration").finditer(text):
        end_at = rx("money.unit_scope_end").search(text, decl.end())
        scope_end = min(end_at.start() if end_at else len(text), decl.end() + _DECLARED_REACH)
        for m in rx("money.separated").finditer(text, decl.end(), scope_end):
            value = to_decimal(m.group("num"))
            if value is not None:
                yield Hit("money", m.start(), m.end(), to_wan(value, decl.group("unit")), "万元")


def _source_row_hits(text: str):
    """计划投资额(万元)110.00 … 其中:中央财政 … 市县财政预算110.00 其它14.82: the 项目基本信息 block of a project
    evaluation form, its rows by source of funds glued to their amounts, in the unit its columns state."""
    for block in rx("money.source_block").finditer(text):
        for m in rx("money.source_row_amount").finditer(text, block.end(), block.end() + _SOURCE_REACH):
            value = to_decimal(m.group("num"))
            if value is not None:
                yield Hit("money", m.start("num"), m.end("num"), to_wan(value, block.group("unit")), "万元")


def _percent_hits(text: str):
    for m in rx("percent.arabic").finditer(text):
        value = to_decimal(m.group("num"))
        if value is not None and value > HUNDRED and (fixed := ge_read_as_two(text, m)):
            yield Hit("percent", fixed[0], m.end(), fixed[1], "%")
        elif value is not None:
            yield Hit("percent", m.start(), m.end(), value, "%")
    for m in rx("percent.unit_cell").finditer(text):
        value = to_decimal(m.group("num"))
        if value is not None:
            yield Hit("percent", m.start(), m.end(), value, "%")
    for m in rx("percent.chinese").finditer(text):
        cn = m.group("cn")
        if m.group("num"):
            parsed = to_decimal(m.group("num"))
        else:
            parsed = Decimal(100) if cn == "百" else (parse_number(cn).value if parse_number(cn) else None)
        if parsed is not None:
            yield Hit("percent", m.start(), m.end(), parsed, "%")


def _in_context(text: str, hit: Hit) -> Hit:
    """A percent over 100 read from a cell on its own, read again in the text around it (a ≥ copied as 2)."""
    if hit.type != "percent" or hit.value <= HUNDRED:
        return hit
    m = rx("percent.arabic").match(text, hit.start)
    fixed = ge_read_as_two(text, m) if m and m.end() == hit.end else None
    return Hit("percent", fixed[0], hit.end, fixed[1], "%") if fixed else hit


def _count_hits(text: str):
    for m in rx("staff.quota").finditer(text):
        parsed = parse_number(m.group("num"))
        if parsed is not None:
            yield Hit("count", m.start("num"), m.end(), parsed.value, "人", parsed.approx)
    for m in rx("count.measure").finditer(text):
        parsed = parse_number(m.group("num") + (m.group("mult") or "") + (m.group("approx") or ""))
        if parsed is not None:
            yield Hit("count", m.start(), m.end(), parsed.value, m.group("unit"), parsed.approx)
    for m in rx("staff.persons_words").finditer(text):
        parsed = parse_number(m.group("num"))
        if parsed is not None:
            yield Hit("count", m.start("num"), m.end(), parsed.value, m.group("unit"), parsed.approx)
    for m in rx("staff.persons").finditer(text):
        parsed = parse_number(m.group("num") + (m.group("approx") or ""))
        if parsed is not None:
            yield Hit("count", m.start(), m.end(), parsed.value, m.group("unit"), parsed.approx)


def _field_pair_hits(text: str):
    """人员编制 |\n26 |: a label line, then its number alone on the next line."""
    for m in rx("mention.field_pair").finditer(text):
        label = _SPACES.sub("", m.group("label"))
        value = to_decimal(m.group("num"))
        if value is None:
            continue
        simple = to_simplified(label)
        unit = rx("table.unit_in_header").search(simple)
        if unit:
            name = rx("table.unit_in_header").sub("", label)
            yield Hit("money", m.start("num"), m.end("num"), to_wan(value, unit.group("unit") or unit.group("unit2")),
                      "万元", label=name)
        elif rx("staff.context").search(simple) and labels.headline_key(label):
            yield Hit("count", m.start("num"), m.end("num"), value, "人", label=label)


def _spaced_staff_hits(text: str):
    """人员编制 128 实有人数 185: the basic-data form's staff fields flattened onto one line."""
    for m in rx("mention.staff_field_spaced").finditer(text):
        if labels.headline_key(m.group("label")):
            yield Hit("count", m.start("num"), m.end("num"), Decimal(m.group("num")), "人", label=m.group("label"))


def find_figures(text: str) -> list[Hit]:
    """All figures in the text, overlaps resolved (money before percent before counts)."""
    blocked = Cover(excluded_spans(text))
    hits = [*_money_hits(text), *_percent_hits(text), *_count_hits(text), *_field_pair_hits(text),
            *_spaced_staff_hits(text)]
    hits = [h for h in hits if not blocked.blocks(h.start, h.end)]
    hits.sort(key=lambda h: (_PRIORITY[h.type], h.start, -(h.end - h.start)))
    taken: list[Hit] = []
    kept = Disjoint()
    for h in hits:
        if not kept.overlaps(h.start, h.end):
            taken.append(h)
            kept.add(h.start, h.end)
    return sorted(taken, key=lambda h: h.start)


def _list_head(text: str, start: int) -> str | None:
    """收入：财政拨款600万元，其他51.17万元，合计651.17万元 -> 收入合计: the total named by its list's head."""
    sentence_start = last_stop(text, start, "。；;\n") + 1
    m = rx("label.list_head").match(text, sentence_start, start)
    return m.group("head") + "合计" if m else None


def _line_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


def _name_respective(text: str, hits: list[Hit]) -> None:
    """收入、支出分别为651.17万元、640万元: each figure of the list takes its own name from before 分别为."""
    i = 0
    while i < len(hits):
        first = hits[i]
        run = [first]
        while i + len(run) < len(hits) and rx("label.list_separator").match(
                text[run[-1].end:hits[i + len(run)].start]):
            run.append(hits[i + len(run)])
        names = _respective_names(text, first.start, len(run)) if len(run) > 1 else None
        for h, name in zip(run, names or ()):
            h.label = h.label or name
        i += len(run)


def _respective_names(text: str, start: int, count: int) -> list[str] | None:
    """The ``count`` names listed before 分别为 right in front of ``start``, or None."""
    before = text[max(_line_start(text, start), start - 100):start]
    m = rx("label.respectively").search(before)
    if not m:
        return None
    for splitter in ("label.name_separator", "label.name_conjunction"):
        names = [n.strip() for n in rx(splitter).split(m.group("names")) if n.strip()]
        if len(names) == count:
            return names
    return None


def to_mentions(text: str, page_starts: list[int], sections: list[Section], hits: list[Hit]) -> list[Mention]:
    """Label the hits and place them in pages and sections."""
    _name_respective(text, hits)
    where = SectionIndex(sections)
    out: list[Mention] = []
    floor = 0
    for h in hits:
        floor = max(floor if floor <= h.start else 0, _line_start(text, h.start))
        _, clause = labels.clause_before(text, h.start, _after_heading(text, where.at(h.start), floor, h.start))
        if not clause.strip() and floor == _line_start(text, h.start) and (h.type != "count" or h.unit in STAFF_UNITS):
            clause = labels.clause_above(text, floor)
        if h.label:
            clause = h.label
        elif rx("label.total_word").match(clause):
            clause = _list_head(text, h.start) or clause
        label = labels.label_of(clause)
        kind = h.type
        if kind == "count" and h.unit in STAFF_UNITS and rx("staff.context").search(to_simplified(label + clause)):
            kind = "staff"
        sentence = text[max(text.rfind("。", 0, h.start), text.rfind("\n", 0, h.start)) + 1:h.start]
        key = labels.headline_key(label, clause) if kind in ("money", "percent", "staff") else None
        if key and labels.is_other_year(sentence):
            key = None
        if key and not _key_fits(key, kind):
            key = None
        out.append(Mention(
            type=kind, label=label, value=h.value, unit=h.unit, approx=h.approx, raw=text[h.start:h.end],
            page=page_of(page_starts, h.start), start=h.start, end=h.end,
            section=section_label(where.at(h.start)), key=key,
            part=is_part(text, h.start),
        ))
        floor = h.end
    name_proven_totals(text, out)
    end_part_lists(out)
    return out


def _after_heading(text: str, section: Section | None, floor: int, start: int) -> int:
    """Where a figure's label may begin: not before the end of the heading its line runs on from
    (（三）预算收支 2023年度收入合计343.75万元: 2023年度收入合计), unless nothing stands between the two
    (（一）收入情况：651.17万元: the title is the label)."""
    end = section.heading_end if section is not None else 0
    if not floor < end <= start or not rx("label.word").search(text, end, start):
        return floor
    return end


def _key_fits(key: str, kind: str) -> bool:
    if key == "execution_rate":
        return kind == "percent"
    if key.startswith("staff_"):
        return kind == "staff"
    return kind == "money"


def extract_mentions(
    text: str, page_starts: list[int], sections: list[Section],
    table_mentions: list[Mention] = (), table_spans: list[tuple[int, int]] = (),
    value_spans: list[tuple[int, int]] = (),
) -> list[Mention]:
    """Prose figures outside the tables already read, plus the tables' own figures."""
    blocked = Cover([*table_spans, *value_spans])
    hits = [h for h in find_figures(text) if not blocked.blocks(h.start, h.end)]
    for a, b in value_spans:  # cells cut out of glued table rows: read each on its own (≥90% copied as 290%: in context)
        hits.extend(_in_context(text, Hit(h.type, h.start + a, h.end + a, h.value, h.unit, h.approx))
                    for h in find_figures(text[a:b]))
    hits.sort(key=lambda h: h.start)
    prose = to_mentions(text, page_starts, sections, hits)
    where = SectionIndex(sections)
    for m in table_mentions:
        m.section = section_label(where.at(m.start))
    return sorted([*prose, *table_mentions], key=lambda m: m.start)
