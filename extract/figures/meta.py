"""Report-level facts: kind, reporting unit, fiscal year, overall self-score and grade.

Matching runs on a simplified-character view of the text (same length, so offsets hold).
Each fact keeps a Span into the record's text; where the text does not say it plainly the
fact stays None.
"""
from __future__ import annotations

import functools
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

import regex

from ..models import ScoreItem, Section, Span, page_of
from ..patterns import load_patterns
from ..text.segment import to_simplified

_HEAD_CHARS = 2500  # titles and form fields sit near the top


@dataclass
class Meta:
    kind: str = "other"
    department: str | None = None
    year: int | None = None
    self_score: Decimal | None = None
    grade: str | None = None
    project_name: str | None = None  # 项目名称 of a project form
    supervisor: str | None = None  # 主管部门 of a project form
    warnings: list[str] = field(default_factory=list)
    provenance: dict[str, Span] = field(default_factory=dict)


def _rx(name: str):
    return load_patterns().regex(name)


@functools.lru_cache(maxsize=1)
def _unit_rx():
    suffix = load_patterns().entries["meta.org_suffix"].pattern
    return regex.compile(
        r"(?P<unit>(?:中共|中国共产党)?[\p{Han}（）()]{2,30}?" + suffix + r")"
        r"(?=" + load_patterns().entries["meta.after_title_unit"].pattern + ")"
    )


@functools.lru_cache(maxsize=1)
def _body_unit_rx():
    suffix = load_patterns().entries["meta.org_suffix"].pattern
    return regex.compile(
        r"(?:中共)?(?:[\p{Han}]{1,8}?(?:自治区|省|自治州|市|县|区|州|盟|旗))+(?:委)?[\p{Han}]{0,14}?" + suffix
        + r"(?!门)(?![\p{Han}]{0,3}(?:局|院|所|会|办|长|厅|政府|委员会|办公室|中心|改扩建|项目|工程|建设|资金))"
    )


def _span(text: str, page_starts: list[int], start: int, end: int) -> Span:
    return Span(page=page_of(page_starts, start), start=start, end=end, raw=text[start:end])


_CN_DIGITS = str.maketrans("〇零○一二三四五六七八九", "00012345678" + "9")


def arabic_years(simple: str) -> str:
    """Years written in Chinese numerals as Arabic digits (二〇二二年 -> 2022年); the length is kept."""
    return _rx("meta.chinese_year").sub(lambda m: m.group("year").translate(_CN_DIGITS), simple)


def title_lines(simple: str) -> list[tuple[int, str]]:
    """(offset, line) of the lines near the top that name the report."""
    out, pos = [], 0
    for i, full in enumerate(simple[:_HEAD_CHARS].split("\n")):
        line = full
        m = _rx("meta.title_line").search(line)
        if m and not _is_title(line) and (len(line) > 90 or i < 3):  # a title glued to the text that follows it
            end = regex.search(r"报告|表", line[m.start():m.start() + 40])
            cut = m.start() + end.end() if end else 0
            if 0 < cut <= 80 and not regex.match(r"[的之和及与、（(]", line[cut:cut + 1]):
                line = line[:cut]
        if m and _is_title(line):
            out.append((pos, line))
        pos += len(full) + 1
    if not out and (m := _rx("meta.title_sentence").search(simple[:_HEAD_CHARS])):
        out.append((m.start("title"), m.group("title")))  # 现将…报告如下: the report names itself
    return out


def _is_title(line: str) -> bool:
    """A title is short, cites nothing, is not a file name, not a sentence (no comma inside) and not a
    numbered section heading (二、部门整体支出绩效情况)."""
    return (len(line) <= 90 and "《" not in line and not _rx("meta.filename_line").search(line)
            and not regex.search(r"[，,。；].", line.strip()) and not _rx("meta.section_number").match(line))


def _clean_unit(name: str) -> str | None:
    name = regex.sub(r"^(?:[0-9]{4}\s*年度?|关于|附件\s*[0-9]*)", "", name).strip()
    if len(name) < 3 or _rx("meta.not_a_title_unit").search(name):
        return None
    return name


def find_department(text: str, simple: str, titles: list[tuple[int, str]]) -> tuple[str, int, int] | None:
    """The reporting unit: from a title line, a form field, or the name the body repeats."""
    for off, line in titles:
        squeezed = _rx("meta.title_prefix").sub("", line, count=1)
        lead = len(line) - len(squeezed)
        m = _unit_rx().match(squeezed)
        if m and (unit := _clean_unit(m.group("unit"))):
            start = off + lead + m.start("unit") + m.group("unit").find(unit)
            return text[start:start + len(unit)], start, start + len(unit)
    if found := _unit_above_title(text, simple, titles):
        return found
    fields: dict[str, tuple[str, int]] = {}
    coded: set[str] = set()
    for m in _rx("meta.unit_field").finditer(simple[:_HEAD_CHARS]):
        fields.setdefault(m.group("field"), (m.group("unit"), m.start("unit")))
        if m.group("code") and fields[m.group("field")][1] == m.start("unit"):
            coded.add(m.group("field"))
    # a form whose only unit is its supervisor, written with its budget-unit code ([155]某县某局): the budget unit
    budget_unit = "主管部门" in coded and not _rx("meta.implementer_field").search(simple)
    internal = any(regex.search(r"[科股]$", fields[k][0]) for k in ("实施单位", "项目实施单位") if k in fields)
    for key in ("单位名称", "部门（单位）名称", "部门(单位)名称", "部门名称", "预算单位", "填报单位", "编制单位", "报送单位", "资金使用单位",
                "项目实施单位", "实施单位", "项目单位", "主管部门"):
        if key in fields:
            unit, start = fields[key]
            if key in ("实施单位", "项目实施单位") and internal:
                continue
            if key == "主管部门" and not internal and not budget_unit:
                continue  # the reporting unit is the one that spent the money, not its supervisor
            if _unit_rx().match(unit + "部门") or _rx("meta.org_suffix").search(unit[-4:]):
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
        if not _rx("meta.cover_line").match(prev.strip()):
            break
        out.append((start + lead, prev.strip()))
        end = start
    pos = off + len(line)
    for _ in range(2):
        rest = simple[pos:pos + 200]
        m = regex.match(r"[ \t]*\n(?:[ \t]*\n)*[ \t]*([^\n]*)", rest)
        if not m or not _rx("meta.cover_line").match(m.group(1).strip()):
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
        squeezed = _rx("meta.title_prefix").sub("", line, count=1)
        lead = len(line) - len(squeezed)
        whole = _rx("meta.unit_alias").sub("", squeezed)  # an alias in brackets: 党校（行政学院）
        m = _unit_rx().match(squeezed)
        unit = whole if regex.fullmatch(r"[\p{Han}]+", whole) else (m.group("unit") if m else "")
        if not unit or not _named_unit(unit) or _clean_unit(unit) != unit:
            continue
        # a portal's banner or column (某县人民政府 / 某县人民政府办公室) publishes for others; a town's is its own
        portal = "政府" in unit and not _rx("meta.own_government").search(unit)
        if portal or _contradicted(unit, simple):
            continue  # a portal's banner (某县人民政府) or a publisher the body contradicts
        start = at + lead
        return text[start:start + len(unit)], start, start + len(unit)
    return None


def _named_unit(name: str) -> bool:
    """A unit's own full name: a place, then a name ending like a unit (not an office, a column or the finance bureau)."""
    return (_rx("meta.place_named").search(name) is not None and _suffix_end_rx().search(name) is not None
            and _clean_unit(name) is not None and not _rx("meta.not_a_unit").search(name))


@functools.lru_cache(maxsize=1)
def _suffix_end_rx():
    return regex.compile("(?:" + load_patterns().entries["meta.org_suffix"].pattern + ")$")


def _self_kinds(simple: str) -> set[str]:
    """The words the body names its own unit with (我局 -> 局, 我校 -> 校)."""
    return {m.group("kind") for m in _rx("meta.self_reference").finditer(simple)}


def _contradicted(name: str, simple: str) -> bool:
    """The body calls its unit something this name is not (我校 for a 局): a publisher or supervisor."""
    kinds = _self_kinds(simple)
    endings = load_patterns().table("self_reference_endings")
    return bool(kinds) and not any(name.endswith(tuple(endings.get(k, [k]))) for k in kinds)


def _source_department(text: str, simple: str) -> tuple[str, int, int] | None:
    """The unit a web page gives as the text's source (来源：某县某局), unless the body says otherwise."""
    m = _rx("meta.source_field").search(simple[:_HEAD_CHARS])
    if m and _named_unit(m.group("unit")) and not _contradicted(m.group("unit"), simple):
        return text[m.start("unit"):m.end("unit")], m.start("unit"), m.end("unit")
    return None


def _breadcrumb_department(text: str, simple: str) -> tuple[str, int, int] | None:
    """The last step of a site's breadcrumb that names a unit (首页 > 某县某局 > 财政资金 > 部门项目)."""
    pos = 0
    for line in simple[:600].split("\n"):
        if _rx("meta.breadcrumb_unit").match(line):
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
    m = _rx("meta.site_banner").search(simple[:300])
    if not m or not _named_unit(m.group("unit")) or m.group("unit").endswith("政府"):
        return None
    name = m.group("unit")
    place = _rx("meta.place_named").search(name)
    short = name[place.end() - 1:] if place and place.end() - 1 > 0 else name
    if simple[m.end():].count(short) < 2:
        return None
    return text[m.start("unit"):m.end("unit")], m.start("unit"), m.end("unit")


def _publisher_department(text: str, simple: str) -> tuple[str, int, int] | None:
    """The portal's publisher of a text that is not a self-evaluation (a bureau publishing evaluation results):
    a unit's name, not the finance bureau's or a government's (which publish for others)."""
    m = _rx("meta.publisher_field").search(simple[:_HEAD_CHARS])
    if not m:
        return None
    name = m.group("unit")
    if (_suffix_end_rx().search(name) is None or _rx("meta.not_a_unit").search(name)
            or name.endswith("政府") or _clean_unit(name) is None):
        return None
    return text[m.start("unit"):m.end("unit")], m.start("unit"), m.end("unit")


def _defined_department(text: str, simple: str) -> tuple[str, int, int] | None:
    """The unit a line opens by defining (某县档案馆是…事业单位 / 某县某局主要职责：), near the top."""
    for m in _rx("meta.unit_definition").finditer(simple[:6000]):
        name = m.group("unit")
        if _rx("meta.sentence_in_name").search(name):
            continue  # a sentence, not a name
        if _named_unit(name) and not _contradicted(name, simple):
            return text[m.start("unit"):m.end("unit")], m.start("unit"), m.end("unit")
    return None


def _evaluating_department(text: str, simple: str) -> tuple[str, int, int] | None:
    """The unit the opening sentence says carried out the self-evaluation (某厅、财政厅认真组织开展了…绩效自评工作)."""
    head = simple[:_HEAD_CHARS]
    for m in _rx("meta.evaluating_unit").finditer(head):
        if head.rfind("《", 0, m.start()) > head.rfind("》", 0, m.start()):
            continue  # inside a cited document's title
        if _rx("meta.organises_others").search(m.group(0)):
            continue  # a supervisor organising its units' self-evaluations
        name = m.group("unit")
        lead = _rx("meta.unit_lead_junk").match(name)
        start = m.start("unit") + (lead.end() if lead and lead.end() < len(name) else 0)
        name = simple[start:m.end("unit")]
        if _rx("meta.sentence_in_name").search(name):
            continue  # the name ran into the sentence's verbs
        if _named_unit(name) and not _contradicted(name, simple):
            return text[start:m.end("unit")], start, m.end("unit")
    return None


def _signed_department(text: str, simple: str) -> tuple[str, int, int] | None:
    """The unit that signs the report at its end (its name, then the date), when nothing earlier names it."""
    tail = max(len(simple) - 600, 0)
    found = None
    for m in _rx("meta.signature").finditer(simple, tail):
        found = m  # the last signature
    if not found:
        return None
    name, start = found.group("unit"), found.start("unit")
    if not _named_unit(name) or _contradicted(name, simple) or _rx("meta.sentence_in_name").search(name):
        return None
    return text[start:start + len(name)], start, start + len(name)


def _body_department(text: str, simple: str) -> tuple[str, int, int] | None:
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for m in _body_unit_rx().finditer(simple[:6000]):
        name, at = m.group(0), m.start()
        lead = _rx("meta.unit_lead_junk").match(name)
        if lead and lead.end() < len(name):
            name, at = name[lead.end():], at + lead.end()
        if len(name) > 22 or _rx("meta.not_a_unit").search(name):
            continue
        counts[name] += 1
        first.setdefault(name, at)
    if not counts:
        return None
    def own(name: str) -> bool:  # named as the unit whose figures follow (…局(本级)2020年末 …)
        return _rx("meta.unit_own_figures").match(simple, first[name] + len(name)) is not None

    name, n = max(counts.items(), key=lambda kv: (kv[1] >= 2, own(kv[0]), kv[1], -first[kv[0]]))
    if (n < 2 and not own(name)) or _contradicted(name, simple):
        return None
    start = first[name]
    return text[start:start + len(name)], start, start + len(name)


def find_project_fields(text: str, simple: str) -> dict[str, tuple[str, int, int]]:
    """项目名称 and 主管部门 of a project form near the top: {"project_name" | "supervisor": (value, start, end)}."""
    head = simple[:_HEAD_CHARS]
    out: dict[str, tuple[str, int, int]] = {}
    m = _rx("meta.project_name_field").search(head)
    if m and not _rx("meta.not_a_project_name").search(m.group("name")):
        out["project_name"] = text[m.start("name"):m.end("name")], m.start("name"), m.end("name")
    for f in _rx("meta.unit_field").finditer(head):
        if f.group("field") == "主管部门":
            if _suffix_end_rx().search(f.group("unit")) and not _rx("meta.not_a_title_unit").search(f.group("unit")):
                out["supervisor"] = text[f.start("unit"):f.end("unit")], f.start("unit"), f.end("unit")
            break
    return out


def find_year(simple: str, titles: list[tuple[int, str]]) -> tuple[int, int, int] | None:
    """The fiscal year evaluated: from a title line, else the year the body reports on."""
    rx = _rx("meta.year")
    for off, line in [*titles, *cover_lines(simple, titles)]:
        m = rx.search(line)
        if m:
            return int(m.group("year")), off + m.start("year"), off + m.end("year")
    docnums = [m.span() for m in _rx("meta.document_number").finditer(simple)]
    votes: Counter[int] = Counter()
    where: dict[int, tuple[int, int]] = {}
    for m in rx.finditer(simple):
        if any(a <= m.start() < b for a, b in docnums):
            continue
        if not _rx("meta.fiscal_year_context").match(simple[m.end():m.end() + 12]):  # after 年/年度 (and a PDF space)
            continue
        y = int(m.group("year"))
        votes[y] += 1
        where.setdefault(y, m.span("year"))
    if not votes:
        return _bare_title_year(simple)
    year, _ = max(votes.items(), key=lambda kv: (kv[1], -where[kv[0]][0]))
    return year, *where[year]


def _bare_title_year(simple: str) -> tuple[int, int, int] | None:
    """A year written without 年 in a title or file name near the top (某局2021部门整体绩效自评报告.pdf)."""
    pos = 0
    for line in simple[:_HEAD_CHARS].split("\n"):
        if _rx("meta.title_line").search(line) and len(line) <= 120:
            if m := _rx("meta.title_bare_year").search(line):
                return int(m.group("year")), pos + m.start("year"), pos + m.end("year")
        pos += len(line) + 1
    return None


def _kind_of_headings(headings: list[str]) -> str | None:
    """project / dept_overall when the level-1 headings speak of one and not the other; dept_and_project when
    one heading names both (部门整体和项目绩效自评结果) or one evaluates the whole and another the projects."""
    if any(_rx("meta.kind_both").search(h) for h in headings):
        return "dept_and_project"
    whole = any(_rx("meta.kind_whole_evaluated_heading").search(h) for h in headings)
    if whole and any(_rx("meta.kind_projects_evaluated_heading").search(h) for h in headings):
        return "dept_and_project"
    project = any(_rx("meta.kind_project_heading").search(h) for h in headings)
    dept = any(_rx("meta.kind_dept_heading").search(h) for h in headings)
    return None if project == dept else "project" if project else "dept_overall"


def find_kind(simple: str, title_list: list[tuple[int, str]], headings: list[str] = ()) -> str:
    """dept_overall / project / dept_and_project / other: from the title first, then the level-1
    headings, then the opening text."""
    return find_kind_rule(simple, title_list, headings)[0]


def find_kind_rule(simple: str, title_list: list[tuple[int, str]], headings: list[str] = ()) -> tuple[str, bool]:
    """The kind and whether a rule named it (False: nothing said what the report is; other by default)."""
    titles = " ".join(line for _, line in title_list)
    body = simple[:1500]
    if _rx("meta.kind_not_self_evaluation").search(titles) and "自评" not in titles:
        return "other", True
    if _rx("meta.kind_both").search(titles) or _rx("meta.kind_both_body").search(body):
        return "dept_and_project", True
    if _rx("meta.kind_dept").search(titles):
        return "dept_overall", True
    if "自评" not in titles + body and _rx("meta.kind_not_self_body").search(body):
        return "other", True  # results of someone else's evaluation, published by a bureau
    if _rx("meta.kind_project").search(titles):
        return "project", True
    if kind := _kind_of_headings([to_simplified(h) for h in headings]):
        return kind, True
    if _rx("meta.kind_dept").search(body):
        return "dept_overall", True
    if _rx("meta.kind_project").search(body):
        return "project", True
    if _rx("meta.kind_unit_spending").search(titles):
        return "dept_overall", True
    return "other", False


def extract_meta(text: str, page_starts: list[int], sections: list[Section], scores: list[ScoreItem]) -> Meta:
    simple = arabic_years(to_simplified(text))
    titles = title_lines(simple)
    kind, named = find_kind_rule(simple, titles, [s.title for s in sections if s.level == 1])
    meta = Meta(kind=kind)
    if not named:
        meta.warnings.append("kind: no title, heading or opening sentence says what the report is; left as other")
    found = find_department(text, simple, titles)
    if found is None and meta.kind == "other":
        found = _publisher_department(text, simple)
    if found:
        meta.department, s, e = found
        meta.provenance["department"] = _span(text, page_starts, s, e)
    else:
        meta.warnings.append("department: no title, form field, page furniture or opening sentence names the unit plainly; "
                             "left empty")
    if meta.kind in ("project", "dept_and_project"):
        for name, (value, s, e) in find_project_fields(text, simple).items():
            setattr(meta, name, value)
            meta.provenance[name] = _span(text, page_starts, s, e)
    if found := find_year(simple, titles):
        meta.year, s, e = found
        meta.provenance["year"] = _span(text, page_starts, s, e)
    else:
        meta.warnings.append("year: no fiscal year stated plainly; left empty")
    if m := _rx("meta.self_score").search(simple):
        meta.self_score = Decimal(m.group("score"))
        meta.provenance["self_score"] = _span(text, page_starts, m.start("score"), m.end("score"))
    else:
        overall = [s for s in scores if s.kind == "overall" and s.score is not None]
        if overall:
            meta.self_score = overall[0].score
            meta.provenance["self_score"] = _span(text, page_starts, overall[0].start, overall[0].end)
    if m := _rx("meta.grade").search(simple):
        meta.grade = regex.sub(r"\s", "", text[m.start("grade"):m.end("grade")])
        meta.provenance["grade"] = _span(text, page_starts, m.start("grade"), m.end("grade"))
    return meta
