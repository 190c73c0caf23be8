"""The reporting unit (department) of a report: from its title and cover, form fields, page
furniture (来源, breadcrumbs, banners), the lines that define or sign for it, and the body.

Each source is asked only when the earlier ones give nothing; a name the body contradicts (我校
beside a 局), an office inside the unit, or the finance bureau is never taken.
"""
from __future__ import annotations

import functools
from collections import Counter

import regex

from ..patterns import finditer_near, load_patterns, rx

_NEXT_LINE = regex.compile(r"[ \t]*\n(?:[ \t]*\n)*[ \t]*([^\n]*)")  # the next non-blank line

HEAD_CHARS = 2500  # titles and form fields sit near the top


@functools.lru_cache(maxsize=1)
def _unit_rx():
    entries = load_patterns().entries
    start, suffix, after = (entries[f"meta.{e}"].pattern for e in ("title_unit_start", "org_suffix", "after_title_unit"))
    return load_patterns().compile(r"(?P<unit>" + start + suffix + r")" r"(?=" + after + ")")


BODY_UNIT_REACH = 12  # (中共) + up to 8 Han + 自治区: the anchor (meta.near.region) at most 12 after the start


@functools.lru_cache(maxsize=1)
def _body_unit_rx():
    entries = load_patterns().entries
    place, suffix, goes_on = (entries[f"meta.{e}"].pattern for e in ("body_unit_place", "org_suffix", "body_unit_goes_on"))
    return load_patterns().compile(place + suffix + r"(?!(?:" + goes_on + "))")


def _clean_unit(name: str) -> str | None:
    name = rx("meta.unit_name_prefix").sub("", name).strip()
    if len(name) < 3 or rx("meta.not_a_title_unit").search(name):
        return None
    return name


def find_department(text: str, simple: str, titles: list[tuple[int, str]]) -> tuple[str, int, int] | None:
    """The reporting unit: from a title line, a form field, or the name the body repeats."""
    for off, line in titles:
        squeezed = rx("meta.title_prefix").sub("", line, count=1)
        lead = len(line) - len(squeezed)
        m = _unit_rx().match(squeezed)
        if m and (unit := _clean_unit(m.group("unit"))):
            start = off + lead + m.start("unit") + m.group("unit").find(unit)
            return text[start:start + len(unit)], start, start + len(unit)
    if found := _unit_above_title(text, simple, titles) or _unit_after_title(text, titles):
        return found
    fields: dict[str, tuple[str, int]] = {}
    coded: set[str] = set()
    for m in rx("meta.unit_field").finditer(simple[:HEAD_CHARS]):
        fields.setdefault(m.group("field"), (m.group("unit"), m.start("unit")))
        if m.group("code") and fields[m.group("field")][1] == m.start("unit"):
            coded.add(m.group("field"))
    # a form whose only unit is its supervisor, written with its budget-unit code ([155]某县某局): the budget unit
    budget_unit = bool({"主管部门", "主管部门及代码"} & coded) and not rx("meta.implementer_field").search(simple)
    internal = any(rx("meta.internal_office_end").search(fields[k][0]) for k in ("实施单位", "项目实施单位") if k in fields)
    for key in ("单位名称", "预算单位名称", "部门（单位）名称", "部门(单位)名称", "部门名称", "预算单位", "预算部门", "填报单位", "编制单位",
                "报送单位", "报告单位", "申报单位", "单位", "资金使用单位", "项目实施单位", "实施单位", "项目承担单位", "承担单位",
                "项目单位", "主管部门", "主管部门及代码"):
        if key in fields:
            unit, start = fields[key]
            if key in ("实施单位", "项目实施单位") and internal:
                continue
            if key.startswith("主管部门") and not internal and not budget_unit:
                continue  # the reporting unit is the one that spent the money, not its supervisor
            if _unit_rx().match(unit + "部门") or rx("meta.org_suffix").search(unit[-4:]):
                return text[start:start + len(unit)], start, start + len(unit)
    return (_source_department(text, simple) or _breadcrumb_department(text, simple)
            or _banner_department(text, simple) or _body_department(text, simple)
            or _defined_department(text, simple) or _evaluating_department(text, simple)
            or _signed_department(text, simple))


def cover_lines(simple: str, titles: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """(offset, line) of the short lines a title is broken over on a cover: up to three non-blank lines right
    above the first title (nearest first), then up to two below it; a line with punctuation ends the block."""
    if not titles:
        return []
    off, line = titles[0]
    out: list[tuple[int, str]] = []
    end = off
    for _ in range(3):
        before = simple[:end].rstrip("\n \t")
        if not before:
            break
        start = before.rfind("\n") + 1
        prev = before[start:]
        lead = len(prev) - len(prev.lstrip())
        if not rx("meta.cover_line").match(prev.strip()):
            break
        out.append((start + lead, prev.strip()))
        end = start
    pos = off + len(line)
    for _ in range(2):
        rest = simple[pos:pos + 200]
        m = _NEXT_LINE.match(rest)
        if not m or not rx("meta.cover_line").match(m.group(1).strip()):
            break
        out.append((pos + m.start(1), m.group(1).strip()))
        pos += m.end(1)
    return out


def _unit_above_title(text: str, simple: str, titles: list[tuple[int, str]]) -> tuple[str, int, int] | None:
    """A title broken over lines on a cover: the unit's name on a short line above it, alone, after the year,
    or before the year (中共某市委党校（某行政学院） / 2021年度某县档案馆 / 某县档案馆2021年度部门整体支出)."""
    first = titles[0][0] if titles else 0
    for at, line in cover_lines(simple, titles):
        if at > first:
            break  # lines below the title carry its year, not its unit
        squeezed = rx("meta.title_prefix").sub("", line, count=1)
        lead = len(line) - len(squeezed)
        whole = rx("meta.unit_alias").sub("", squeezed)  # an alias in brackets: 党校（行政学院）
        m = _unit_rx().match(squeezed)
        unit = whole if regex.fullmatch(r"[\p{Han}]+", whole) else (m.group("unit") if m else "")
        if not unit or not _named_unit(unit) or _clean_unit(unit) != unit:
            continue
        # a portal's banner or column (某县人民政府 / 某县人民政府办公室) publishes for others; a town's is its own
        portal = "政府" in unit and not rx("meta.own_government").search(unit)
        if portal or _contradicted(unit, simple):
            continue  # a portal's banner (某县人民政府) or a publisher the body contradicts
        start = at + lead
        return text[start:start + len(unit)], start, start + len(unit)
    return None


def _unit_after_title(text: str, titles: list[tuple[int, str]]) -> tuple[str, int, int] | None:
    """A unit named after the title, in brackets or after a dash (…自评报告（示例县林业局）)."""
    for off, line in titles:
        m = rx("meta.title_trailing_unit").search(line.rstrip())
        if m and _named_unit(m.group("unit")):
            start = off + m.start("unit")
            return text[start:start + len(m.group("unit"))], start, start + len(m.group("unit"))
    return None


def _named_unit(name: str) -> bool:
    """A unit's own full name: a place, then a name ending like a unit (not an office, a column or the finance bureau)."""
    return (rx("meta.place_named").search(name) is not None and suffix_end_rx().search(name) is not None
            and _clean_unit(name) is not None and not rx("meta.not_a_unit").search(name))


@functools.lru_cache(maxsize=1)
def suffix_end_rx():
    return load_patterns().compile("(?:" + load_patterns().entries["meta.org_suffix"].pattern + ")$")


def _self_kinds(simple: str) -> set[str]:
    """The words the body names its own unit with (我局 -> 局, 我校 -> 校)."""
    return {m.group("kind") for m in rx("meta.self_reference").finditer(simple)}


def _contradicted(name: str, simple: str) -> bool:
    """The body calls its unit something this name is not (我校 for a 局): a publisher or supervisor."""
    kinds = _self_kinds(simple)
    endings = load_patterns().table("self_reference_endings")
    return bool(kinds) and not any(name.endswith(tuple(endings.get(k, [k]))) for k in kinds)


def _source_department(text: str, simple: str) -> tuple[str, int, int] | None:
    """The unit a web page gives as the text's source (来源：某县某局), unless the body says otherwise."""
    m = rx("meta.source_field").search(simple[:HEAD_CHARS])
    if m and _named_unit(m.group("unit")) and not _contradicted(m.group("unit"), simple):
        return text[m.start("unit"):m.end("unit")], m.start("unit"), m.end("unit")
    return None


def _breadcrumb_department(text: str, simple: str) -> tuple[str, int, int] | None:
    """The last step of a site's breadcrumb that names a unit (首页 > 某县某局 > 财政资金 > 部门项目)."""
    pos = 0
    for line in simple[:600].split("\n"):
        if rx("meta.breadcrumb_unit").match(line):
            steps, at = [], pos
            for step in regex.split(r"(>)", line):
                steps.append((at + len(step) - len(step.lstrip()), step.strip()))
                at += len(step)
            for i, (start, name) in reversed(list(enumerate(steps))):
                if name == ">" or (i < len(steps) - 1 and name.endswith("人民政府")):
                    continue  # a government's own section of a portal holds its departments' reports
                if _named_unit(name) and not _contradicted(name, simple):
                    return text[start:start + len(name)], start, start + len(name)
            return None
        pos += len(line) + 1
    return None


def _banner_department(text: str, simple: str) -> tuple[str, int, int] | None:
    """The owner of the site in its welcome banner (欢迎来到某县政协网站), when the body names it too
    (whole, or from its county/city word on: 县政协)."""
    m = rx("meta.site_banner").search(simple[:300])
    if not m or not _named_unit(m.group("unit")) or m.group("unit").endswith("政府"):
        return None
    name = m.group("unit")
    place = rx("meta.place_named").search(name)
    short = name[place.end() - 1:] if place and place.end() - 1 > 0 else name
    if simple[m.end():].count(short) < 2:
        return None
    return text[m.start("unit"):m.end("unit")], m.start("unit"), m.end("unit")


def publisher_department(text: str, simple: str) -> tuple[str, int, int] | None:
    """The portal's publisher of a text that is not a self-evaluation (a bureau publishing evaluation results):
    a unit's name, not the finance bureau's or a government's (which publish for others)."""
    m = rx("meta.publisher_field").search(simple[:HEAD_CHARS])
    if not m:
        return None
    name = m.group("unit")
    if (suffix_end_rx().search(name) is None or rx("meta.not_a_unit").search(name)
            or name.endswith("政府") or _clean_unit(name) is None):
        return None
    return text[m.start("unit"):m.end("unit")], m.start("unit"), m.end("unit")


def _defined_department(text: str, simple: str) -> tuple[str, int, int] | None:
    """The unit a line opens by defining (某县档案馆是…事业单位 / 某县某局主要职责：), near the top."""
    for m in rx("meta.unit_definition").finditer(simple[:6000]):
        name = m.group("unit")
        if rx("meta.sentence_in_name").search(name):
            continue  # a sentence, not a name
        if _named_unit(name) and not _contradicted(name, simple):
            return text[m.start("unit"):m.end("unit")], m.start("unit"), m.end("unit")
    return None


def _evaluating_department(text: str, simple: str) -> tuple[str, int, int] | None:
    """The unit the opening sentence says carried out the self-evaluation (某厅、财政厅认真组织开展了…绩效自评工作)."""
    head = simple[:HEAD_CHARS]
    for m in rx("meta.evaluating_unit").finditer(head):
        if head.rfind("《", 0, m.start()) > head.rfind("》", 0, m.start()):
            continue  # inside a cited document's title
        if rx("meta.organises_others").search(m.group(0)):
            continue  # a supervisor organising its units' self-evaluations
        name = m.group("unit")
        lead = rx("meta.unit_lead_junk").match(name)
        start = m.start("unit") + (lead.end() if lead and lead.end() < len(name) else 0)
        name = simple[start:m.end("unit")]
        if rx("meta.sentence_in_name").search(name):
            continue  # the name ran into the sentence's verbs
        if _named_unit(name) and not _contradicted(name, simple):
            return text[start:m.end("unit")], start, m.end("unit")
    return None


def _signed_department(text: str, simple: str) -> tuple[str, int, int] | None:
    """The unit that signs the report at its end (its name, then the date), when nothing earlier names it."""
    tail = max(len(simple) - 600, 0)
    found = None
    for m in rx("meta.signature").finditer(simple, tail):
        found = m  # the last signature
    if not found:
        return None
    name, start = found.group("unit"), found.start("unit")
    if not _named_unit(name) or _contradicted(name, simple) or rx("meta.sentence_in_name").search(name):
        return None
    return text[start:start + len(name)], start, start + len(name)


def _body_department(text: str, simple: str) -> tuple[str, int, int] | None:
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for m in finditer_near(_body_unit_rx(), rx("meta.near.region"), BODY_UNIT_REACH, simple[:6000], skip=""):
        name, at = m.group(0), m.start()
        lead = rx("meta.unit_lead_junk").match(name)
        if lead and lead.end() < len(name):
            name, at = name[lead.end():], at + lead.end()
        if len(name) > 22 or rx("meta.not_a_unit").search(name):
            continue
        counts[name] += 1
        first.setdefault(name, at)
    if not counts:
        return None
    def own(name: str) -> bool:  # named as the unit whose figures follow (…局(本级)2020年末 …)
        return rx("meta.unit_own_figures").match(simple, first[name] + len(name)) is not None

    name, n = max(counts.items(), key=lambda kv: (kv[1] >= 2, own(kv[0]), kv[1], -first[kv[0]]))
    if (n < 2 and not own(name)) or _contradicted(name, simple):
        return None
    start = first[name]
    return text[start:start + len(name)], start, start + len(name)
