"""Report-level facts: kind, reporting unit, fiscal year, overall self-score and grade.

Matching runs on a simplified-character view of the text (same length, so offsets hold).
Each fact keeps a Span into the record's text; where the text does not say it plainly the
fact stays None.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

import regex

from ..models import ScoreItem, Section, Span, page_of
from ..patterns import rx
from ..text.fold import arabic_years
from ..text.segment import to_simplified
from ..text.spans import Cover
from .unit import HEAD_CHARS, cover_lines, find_department, publisher_department, suffix_end_rx

_ONE_SPACE = regex.compile(r"\s")
WRAPPED_TITLE_LINE = 12  # characters the first line of a title wrapped over two lines holds at least (it was full)
WRAPPED_TITLE_REST = 20  # characters the second line of such a title holds at most


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


def _span(text: str, page_starts: list[int], start: int, end: int) -> Span:
    return Span(page=page_of(page_starts, start), start=start, end=end, raw=text[start:end])




def title_lines(simple: str) -> list[tuple[int, str]]:
    """(offset, line) of the lines near the top that name the report."""
    out, pos = [], 0
    lines = simple[:HEAD_CHARS].split("\n")
    for i, full in enumerate(lines):
        line = full
        m = rx("meta.title_line").search(line)
        if not m and i < 3 and _wraps_title(line, lines[i + 1] if i + 1 < len(lines) else ""):
            out.append((pos, line))
        if m and len(full) > 90 and (inner := _title_inside(full)):  # a page whose line breaks became blanks
            out.append((pos + inner[0], inner[1]))
            pos += len(full) + 1
            continue
        if m and not _is_title(line) and (len(line) > 90 or i < 3):  # a title glued to the text that follows it
            end = rx("meta.report_word").search(line[m.start():m.start() + 40])
            cut = m.start() + end.end() if end else 0
            if 0 < cut <= 80 and not rx("meta.title_goes_on").match(line[cut:cut + 1]):
                line = line[:cut]
        if m and _is_title(line):
            out.append((pos, line))
        pos += len(full) + 1
    if not out and (m := rx("meta.title_sentence").search(simple[:HEAD_CHARS])):
        out.append((m.start("title"), m.group("title")))  # 现将…报告如下: the report names itself
    return out


def _wraps_title(line: str, nxt: str) -> bool:
    """Is ``line`` the first part of a title wrapped onto the next line (a title in large type, or a page
    edge, breaks it: 示例局2023年度部门整体 / 支出绩效自评)?  Where the next line names the report on its own
    (绩效自评报告), that line is the title and ``line`` a cover line above it (the unit, a path), read as such.

    >>> _wraps_title("示例局2023年度部门整体(项目)支出", "绩效自评"), _wraps_title("示例局2023年度部门整体支出", "绩效评价")
    (True, True)
    >>> _wraps_title("示例局2023年度部门整体支出", "绩效自评报告")
    False
    >>> _wraps_title("附件2", "2023年度部门整体支出绩效自评报告"), _wraps_title("现将有关情况报告如下。", "一、绩效自评报告")
    (False, False)
    """
    joined = line + nxt
    return (len(line) >= WRAPPED_TITLE_LINE and 0 < len(nxt) <= WRAPPED_TITLE_REST
            and not rx("cleanup.sentence_end").search(line) and rx("meta.title_line").search(joined) is not None
            and not rx("meta.title_line").search(nxt) and _is_title(joined))


def _title_inside(line: str) -> tuple[int, str] | None:
    """(offset, title) of the first title standing inside a long line, from where its line began (the line's
    start, or a blank where a break was: ``首页 >财务公开 某局2022年整体支出绩效自评报告 发布时间``) to its
    report word; not a file's name (…报告.docx)."""
    for m in rx("meta.title_line").finditer(line):
        window = max(0, m.start() - 60)
        starts = [0] * (window == 0) + [b.end() for b in rx("meta.line_break_blank").finditer(line, window, m.start())]
        end = rx("meta.report_word").search(line, m.start(), m.start() + 40)
        if not starts or end is None or rx("meta.title_goes_on").match(line[end.end():end.end() + 1]):
            continue
        opening = rx("meta.title_opening").search(line, starts[-1], m.start())
        if opening is None or rx("meta.file_extension").match(line, end.end()):
            continue
        title = line[opening.start():end.end()]
        if _is_title(title) and len(title) <= 80:
            return opening.start(), title
    return None


def _is_title(line: str) -> bool:
    """A title is short, cites nothing, is not a file name, not a sentence (no comma inside) and not a
    numbered section heading (二、部门整体支出绩效情况)."""
    return (len(line) <= 90 and "《" not in line and not rx("meta.filename_line").search(line)
            and not rx("meta.title_inner_clause").search(line.strip()) and not rx("meta.section_number").match(line))


def find_project_fields(text: str, simple: str) -> dict[str, tuple[str, int, int]]:
    """项目名称 and 主管部门 of a project form near the top: {"project_name" | "supervisor": (value, start, end)}."""
    head = simple[:HEAD_CHARS]
    out: dict[str, tuple[str, int, int]] = {}
    m = rx("meta.project_name_field").search(head)
    if m and not rx("meta.not_a_project_name").search(m.group("name")):
        out["project_name"] = text[m.start("name"):m.end("name")], m.start("name"), m.end("name")
    for f in rx("meta.unit_field").finditer(head):
        if f.group("field") == "主管部门":
            if suffix_end_rx().search(f.group("unit")) and not rx("meta.not_a_title_unit").search(f.group("unit")):
                out["supervisor"] = text[f.start("unit"):f.end("unit")], f.start("unit"), f.end("unit")
            break
    return out


def find_year(simple: str, titles: list[tuple[int, str]],
              tables: Sequence[tuple[int, int]] = ()) -> tuple[int, int, int] | None:
    """The fiscal year evaluated: from a title line, else the year the body reports on.  ``tables``: the spans of
    the cells of the tables already rebuilt, whose years (a project named with its year, 示例区2020年度运维经费项目,
    in a list of projects) are no report's year: the body's years are read outside them."""
    year_rx = rx("meta.year")
    for off, line in [*titles, *cover_lines(simple, titles)]:
        m = year_rx.search(line)
        if m:
            return int(m.group("year")), off + m.start("year"), off + m.end("year")
    if m := rx("meta.year_field").search(simple[:HEAD_CHARS]):
        return int(m.group("year")), m.start("year"), m.end("year")
    in_table = Cover(tables).covers
    docnums = [m.span() for m in rx("meta.document_number").finditer(simple)]
    votes: Counter[int] = Counter()
    where: dict[int, tuple[int, int]] = {}
    for m in year_rx.finditer(simple):
        if any(a <= m.start() < b for a, b in docnums) or in_table(m.start("year")):
            continue
        if not rx("meta.fiscal_year_context").match(simple[m.end():m.end() + 12]):  # after 年/年度 (and a PDF space)
            continue
        y = int(m.group("year"))
        votes[y] += 1
        where.setdefault(y, m.span("year"))
    if not votes:
        return (_bare_title_year(simple) or _first_year(simple, "meta.period_year")
                or _first_year(simple, "meta.fund_year", in_table))
    year, _ = max(votes.items(), key=lambda kv: (kv[1], -where[kv[0]][0]))
    return year, *where[year]


def _first_year(simple: str, entry: str, in_table=None) -> tuple[int, int, int] | None:
    """The year of the first match of a fallback pattern (a project period, a fund named with its year), not in a
    document number, nor inside a rebuilt table where ``in_table`` (``Cover.covers``, text/spans.py) is given."""
    docnums = [m.span() for m in rx("meta.document_number").finditer(simple)]
    for m in rx(entry).finditer(simple):
        if not any(a <= m.start("year") < b for a, b in docnums) and not (in_table and in_table(m.start("year"))):
            return int(m.group("year")), m.start("year"), m.end("year")
    return None


def _bare_title_year(simple: str) -> tuple[int, int, int] | None:
    """A year written without 年 in a title or file name near the top (某局2021部门整体绩效自评报告.pdf)."""
    pos = 0
    for line in simple[:HEAD_CHARS].split("\n"):
        if rx("meta.title_line").search(line) and len(line) <= 120:
            if m := rx("meta.title_bare_year").search(line):
                return int(m.group("year")), pos + m.start("year"), pos + m.end("year")
        pos += len(line) + 1
    return None


def _kind_of_headings(headings: list[str]) -> str | None:
    """project / dept_overall when the level-1 headings speak of one and not the other; dept_and_project when
    one heading names both (部门整体和项目绩效自评结果) or one evaluates the whole and another the projects."""
    if any(rx("meta.kind_both").search(h) for h in headings):
        return "dept_and_project"
    whole = any(rx("meta.kind_whole_evaluated_heading").search(h) for h in headings)
    if whole and any(rx("meta.kind_projects_evaluated_heading").search(h) for h in headings):
        return "dept_and_project"
    project = any(rx("meta.kind_project_heading").search(h) for h in headings)
    dept = any(rx("meta.kind_dept_heading").search(h) for h in headings)
    return None if project == dept else "project" if project else "dept_overall"


def find_kind_rule(simple: str, title_list: list[tuple[int, str]], headings: list[str] = ()) -> tuple[str, bool]:
    """dept_overall / project / dept_and_project / other, from the title first, then the level-1 headings,
    then the opening text; and whether a rule named it (False: nothing said what the report is)."""
    titles = " ".join(line for _, line in title_list)
    body = simple[:1500]
    if rx("meta.kind_not_self_evaluation").search(titles) and "自评" not in titles:
        return "other", True
    if rx("meta.kind_both").search(titles) or rx("meta.kind_both_body").search(body):
        return "dept_and_project", True
    if rx("meta.kind_dept").search(titles):
        return "dept_overall", True
    if "自评" not in titles + body and rx("meta.kind_not_self_body").search(body):
        return "other", True  # results of someone else's evaluation, published by a bureau
    if rx("meta.kind_project").search(titles):
        return "project", True
    if kind := _kind_of_headings([to_simplified(h) for h in headings]):
        return kind, True
    if rx("meta.kind_dept").search(body):
        return "dept_overall", True
    if rx("meta.kind_project").search(body):
        return "project", True
    if rx("meta.kind_unit_spending").search(titles):
        return "dept_overall", True
    return "other", False


def extract_meta(text: str, page_starts: list[int], sections: list[Section], scores: list[ScoreItem],
                 tables: Sequence[tuple[int, int]] = ()) -> Meta:
    """``tables``: the spans of the cells of the tables the pipeline rebuilt (no report year is read inside them
    but from a title, a cover line or a form's year field)."""
    simple = arabic_years(to_simplified(text))
    titles = title_lines(simple)
    kind, named = find_kind_rule(simple, titles, [s.title for s in sections if s.level == 1])
    meta = Meta(kind=kind)
    if not named:
        meta.warnings.append("kind: no title, heading or opening sentence says what the report is; left as other")
    found = find_department(text, simple, titles)
    if found is None and meta.kind == "other":
        found = publisher_department(text, simple)
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
    if found := find_year(simple, titles, tables):
        meta.year, s, e = found
        meta.provenance["year"] = _span(text, page_starts, s, e)
    else:
        meta.warnings.append("year: no fiscal year stated plainly; left empty")
    if m := rx("meta.self_score").search(simple):
        meta.self_score = Decimal(m.group("score"))
        meta.provenance["self_score"] = _span(text, page_starts, m.start("score"), m.end("score"))
    else:
        overall = [s for s in scores if s.kind == "overall" and s.score is not None]
        if overall:
            meta.self_score = overall[0].score
            meta.provenance["self_score"] = _span(text, page_starts, overall[0].start, overall[0].end)
    if m := rx("meta.grade").search(simple) or rx("meta.total_row_grade").search(simple):
        meta.grade = _ONE_SPACE.sub("", text[m.start("grade"):m.end("grade")])
        meta.provenance["grade"] = _span(text, page_starts, m.start("grade"), m.end("grade"))
    return meta
