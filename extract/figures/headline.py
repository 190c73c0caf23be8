"""Headline fields: the ten SPEC keys, filled only from figures that state them for the whole unit.

A field takes the mention whose label maps to its key (patterns/labels.yaml).  Parts
(其中 …) never fill a total, changes and other years' figures never fill anything,
and a key stated with different values is left empty with a warning.
"""
from __future__ import annotations

from bisect import bisect_left

from ..models import HEADLINE_KEYS, Headline, HeadlineValue, Mention, Record
from ..patterns import load_patterns
from ..text.spans import Cover, SectionIndex, last_stop
from ..values import labels
from ..values.labels import to_simplified
from .allocations import adjusted_allocation, approved_initial

#: keys whose figure is itself usually stated as a part (其中：财政拨款收入 …, 其中基本支出 …)
PART_KEYS = {"income_fiscal", "expenditure_basic", "expenditure_project", "budget_initial"}
#: section types in which a department's own totals are stated
UNIT_SECTIONS = {"", "基本情况", "收支情况", "绩效目标", "自评结论"}


class Lookups:
    """What the rules below ask of a record, indexed once: the sections holding an offset, the sections
    titled with a named project, and the mentions by start.  Answers are those of scanning the lists."""

    def __init__(self, record: Record) -> None:
        self.sections = SectionIndex(record.sections)
        title = load_patterns().regex("headline.project_title")
        self.project_sections = Cover([(s.start, s.end) for s in record.sections
                                       if title.search(to_simplified(s.title))])
        found = record.mentions
        self.starts = [m.start for m in found]
        self.ordered = all(a <= b for a, b in zip(self.starts, self.starts[1:]))
        self.longest = max((m.end - m.start for m in found), default=0)

    def money_before(self, record: Record, m: Mention, reach: int) -> Mention | None:
        """The last money figure, not a part, listed before the first mention starting at or after ``m`` and
        ending less than ``reach`` characters before it."""
        if not self.ordered:
            return self.money_before_scan(record, m, reach)
        found = record.mentions
        for i in range(bisect_left(self.starts, m.start) - 1, -1, -1):
            x = found[i]
            if x.start + self.longest <= m.start - reach:
                return None  # this one and every earlier one end too far back
            if x.type == "money" and not x.part and m.start - x.end < reach:
                return x
        return None

    @staticmethod
    def money_before_scan(record: Record, m: Mention, reach: int) -> Mention | None:
        whole = None
        for x in record.mentions:
            if x.start >= m.start:
                break
            if x.type == "money" and not x.part and m.start - x.end < reach:
                whole = x
        return whole


def _eligible(m: Mention, key: str, record: Record, where: Lookups) -> bool:
    if m.key != key or m.approx:
        return False
    sentence_start = last_stop(record.text, m.start, "。；\n") + 1
    if labels.is_other_year(record.text[sentence_start:m.start]) or _names_other_year(m, record):
        return False
    if _of_a_named_project(m, record, sentence_start, where):
        return False
    if m.part and key not in PART_KEYS:
        return False
    if m.part and key != "budget_initial" and _part_of_a_budget(m, record, where):
        return False
    return True


def _of_a_named_project(m: Mention, record: Record, sentence_start: int, where: Lookups) -> bool:
    """农业补贴项目预算500万元，支出480万元，执行率96%: in a report on a whole unit, figures in a sentence about one
    named project, or in a section titled with one (1.城区绿化项目), are that project's."""
    if record.kind == "project" or m.type == "staff":
        return False
    if load_patterns().regex("headline.named_project").search(to_simplified(record.text[sentence_start:m.start])):
        return True
    return where.project_sections.covers(m.start)


def _names_other_year(m: Mention, record: Record) -> bool:
    """2022年支出300万元 in a report on 2023: the figure's own clause names another year than the one evaluated."""
    if record.year is None:
        return False
    _, clause = labels.clause_before(record.text, m.start, record.text.rfind("\n", 0, m.start) + 1)
    years = {int(y) for y in load_patterns().regex("headline.clause_year").findall(clause)}
    return bool(years) and record.year not in years


def _part_of_a_budget(m: Mention, record: Record, where: Lookups) -> bool:
    """年初预算600万元，其中基本支出500万元: a part of a budget figure is budgeted, not spent or received."""
    whole = where.money_before(record, m, 150)
    if whole is None:
        return False
    if whole.key is not None:
        return whole.key in ("budget_initial", "budget_adjusted")
    return load_patterns().regex("headline.budget_whole").search(to_simplified(whole.label)) is not None


def _in_unit_scope(m: Mention, record: Record, where: Lookups) -> bool:
    """Mentions in the unit-level parts of a report (for a project report: anywhere)."""
    if record.kind == "project":
        return True
    types = [record.sections[i].type for i in where.sections.holding(m.start)]
    return not types or all(t in UNIT_SECTIONS for t in types[:2])


def _value(m: Mention) -> HeadlineValue:
    return HeadlineValue(value=m.value, unit=m.unit, raw=m.raw, page=m.page, start=m.start, end=m.end, label=m.label)


def choose(cands: list[Mention]) -> tuple[Mention | None, str | None]:
    """The one figure a key takes, or None with the reason when the text disagrees with itself."""
    if not cands:
        return None, None
    values = {c.value.normalize() for c in cands}
    if len(values) == 1:
        return cands[0], None
    listed = ", ".join(f"{c.value} (p.{c.page} “{c.raw}”)" for c in cands[:4])
    return None, listed


def _project_figure(m: Mention, key: str, record: Record) -> bool:
    """A money figure that states a single project's whole budget or spending (计划投资, 下达资金, 已拨付)."""
    if m.type != "money" or m.key is not None or m.approx or m.part or m.origin != "prose":
        return False
    line_start = record.text.rfind("\n", 0, m.start) + 1
    _, clause = labels.clause_before(record.text, m.start, line_start)
    sentence_start = last_stop(record.text, m.start, "。；\n") + 1
    if labels.is_other_year(record.text[sentence_start:m.start]) or _net_of_cuts(m, record):
        return False
    if labels.project_key(m.label, clause) == key:
        return True
    rx = load_patterns().regex("headline.allocated_total")  # 按生均1000元安排，共计239万元
    return key == "budget_adjusted" and rx.search(record.text[sentence_start:m.start]) is not None


def _net_of_cuts(m: Mention, record: Record) -> bool:
    """下达资金1.53万元，其中：…调减2.66万元: a figure whose 其中 parts include cuts is a net change, not a budget."""
    rx = load_patterns().regex("headline.cut")
    for x in record.mentions:
        if x.start <= m.start:
            continue
        if not x.part or x.start - m.end > 200:
            return False
        if rx.search(to_simplified(x.label)):
            return True
    return False


def _sums_projects(m: Mention, record: Record) -> bool:
    """The figure adds up a list of several projects' amounts in its paragraph (…项目 40万元；…项目 25.85万元；
    共计 …): the report covers several projects, and the sum is no single project's figure."""
    para = record.text.rfind("\n\n", 0, m.start) + 1
    items = [x for x in record.mentions if x.type == "money" and para <= x.start < m.start and not x.part]
    named = sum(1 for x in items if x.label.endswith("项目"))
    return named >= 3 and sum(x.value for x in items) == m.value


def _several_projects(m: Mention, record: Record) -> bool:
    """The figure's paragraph counts two or more projects before it (实施项目共15个, 批复8个项目985万元): the
    figure is the sum of several projects' funds, no single project's."""
    para = record.text.rfind("\n", 0, m.start) + 1
    rx = load_patterns().regex("headline.several_projects")
    return any(int(x.group("n")) >= 2 for x in rx.finditer(record.text[para:m.start]))


#: keys of the unit's own budget and spending figures, whose execution a rate right after them states
_FUND_KEYS = {"budget_initial", "budget_adjusted", "expenditure_total", "expenditure_basic", "expenditure_project"}


def _rate_of_all_funds(record: Record, where: Lookups) -> list[Mention]:
    """基本支出700万元，项目支出50万元。完成率均达到100%: a bare 完成率 or 执行率 said of all (均) the unit's budget
    or spending figures stated right before it is the unit's execution rate."""
    rx = load_patterns().regex("headline.rate_of_all")
    out = []
    for prev, m in zip(record.mentions, record.mentions[1:]):
        if m.type != "percent" or m.key is not None or m.approx or prev.type != "money" or prev.key not in _FUND_KEYS:
            continue
        between = "".join(record.text[prev.end:m.start].split())
        sentence_start = last_stop(record.text, prev.start, "。；\n") + 1
        if (rx.fullmatch(to_simplified(between)) and not labels.is_other_year(record.text[sentence_start:prev.start])
                and not _names_other_year(prev, record) and _in_unit_scope(prev, record, where)):
            out.append(m)
    return out


def _whole_unit(m: Mention, record: Record) -> bool:
    """A staff figure of the 机关 alone (机关 in its label or its sentence) is not the unit's when the unit
    has subordinate units; a head count whose 其中 parts include retirees is no staff figure at all."""
    if m.type != "staff":
        return True
    if _counts_retirees(m, record):
        return False
    sentence_start = last_stop(record.text, m.start, "。；\n") + 1
    if "机关" not in m.label and "机关" not in record.text[sentence_start:m.start]:
        return True
    return not load_patterns().regex("headline.subunits").search(record.text)


def _counts_retirees(m: Mention, record: Record) -> bool:
    """现有人员205人。其中，在职113人、退休75人: the parts right after the figure include retired staff."""
    retirees = load_patterns().regex("headline.retirees")
    if m.key != "staff_authorized":  # posts (编制) are never held by retirees; a head count may list them
        return False
    after = [x for x in record.mentions if x.start >= m.end and x.start - m.end < 120]
    for x in after:
        if not x.part:
            return False
        if x.type in ("staff", "count") and retirees.search(to_simplified(x.label)):
            return True
    return False


def _staff_by_group(record: Record) -> str | None:
    """Staff stated by group: a group's posts (行政编制 7 人 … 事业编制 6 人) stated as a figure of its own, not
    as a 其中 part of a total.  A single group whose size is the stated total (核定事业编制17人 … 在职人员编制
    17人 in a 事业单位) is the unit's only kind of post, not a group."""
    rx = load_patterns().regex("headline.staff_by_group")
    groups: dict[str, Mention] = {}
    for m in record.mentions:
        if m.type == "staff" and not m.part and (g := rx.search(to_simplified(m.label))):
            groups.setdefault(g.group("group"), m)
    totals = {m.value for m in record.mentions
              if m.type == "staff" and not m.part and m.key == "staff_authorized" and m not in groups.values()}
    if not groups or (len(groups) == 1 and next(iter(groups.values())).value in totals):
        return None
    return ", ".join(f"{m.label} {m.value}" for m in groups.values())


def candidates(record: Record, key: str, where: Lookups | None = None) -> list[Mention]:
    """The mentions that could state ``key`` for the whole unit, in the unit-level parts of the report.

    Empty when the report gives staff by group.  A key whose candidates disagree is left empty
    (and the consistency checks report the disagreement).  ``where``: the record's :class:`Lookups`,
    built once for all keys (built here when not given).
    """
    if key.startswith("staff_") and _staff_by_group(record):
        return []
    if where is None:
        where = Lookups(record)
    cands = [m for m in record.mentions if _eligible(m, key, record, where) and _whole_unit(m, record)]
    if not cands and key in ("budget_initial", "budget_adjusted") and (pair := adjusted_allocation(record)):
        cands = [pair[0] if key == "budget_initial" else pair[1]]  # 下达111万元 … 调减40万元 … 全年下达71万元
    approved = approved_initial(record) if not cands and record.kind == "project" else []
    if not cands and key == "budget_initial":
        cands = approved  # 根据《…2021年部门预算的批复》，下达…260万元
    if not cands and record.kind == "project" and key in ("budget_adjusted", "expenditure_total"):
        initial = {id(m) for m in approved}  # an allocation under the year's budget approval is the initial budget
        cands = [m for m in record.mentions if id(m) not in initial and _project_figure(m, key, record)
                 and not _sums_projects(m, record) and not _several_projects(m, record)]
    if not cands and key == "execution_rate":
        cands = _rate_of_all_funds(record, where)
    if cands and key.startswith("staff_"):  # a part named like the total (事业单位 在职人员 288) makes it unsure
        group = load_patterns().regex("headline.staff_group_word")  # 其中在职行政人员10人 is a group, not a total
        taken = {id(m) for m in cands}  # by identity: comparing pydantic models field by field is slow
        cands += [m for m in record.mentions if m.part and id(m) not in taken and m.type == "staff"
                  and labels.headline_key(m.label, scoped=False) == key and not group.search(to_simplified(m.label))]
    return [m for m in cands if _in_unit_scope(m, record, where)] or cands


def extract_headline(record: Record) -> tuple[Headline, list[str]]:
    headline = Headline()
    notes: list[str] = []
    if by_group := _staff_by_group(record):
        notes.append(f"staff stated by group ({by_group}) with no whole-unit total: staff fields left empty")
    where = Lookups(record)
    for key in HEADLINE_KEYS:
        chosen, conflict = choose(candidates(record, key, where))
        if chosen is not None:
            setattr(headline, key, _value(chosen))
        elif conflict:
            notes.append(f"{key} left empty: stated with different values {conflict}")
    return headline, notes
