"""Year over year (历年对比): a unit's self-score and headline figures side by side across its years.

For each unit with reports in more than one year: one row per pair of consecutive years and field stated
in either, with both values, the change and the change in percent (:func:`year_over_year`), and the
points of one field per unit for a chart (:func:`yearly_series`).

Reports are Records, reports.csv-style rows (dicts) or the ``reports`` DataFrame; they are grouped by a
key function, by default :func:`unit_kind`: the canonical ``unit_key`` (one name per unit) and the kind,
department reports (整体, 整体+项目) together, a project report with the same project's.
:func:`department_kind` groups by the name as written instead.  Two reports of one group and year: the
first (in the order given) counts, the others are the group's ``duplicates``.  Values stay exact
Decimals (a float from a numeric DataFrame is read through its text).
"""
from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from ..figures.unit_key import unit_key as key_of
from ..models import HEADLINE_KEYS, Record
from .workbook import column, headline_name, table

#: the figures compared, self-score first
YEARLY_FIELDS = ("self_score", *HEADLINE_KEYS)
YEAR_FIELDS = YEARLY_FIELDS
#: field -> its name for people (the unit in brackets)
#: the figures compared, with their Chinese names from the workbook's vocabulary (patterns/workbook.yaml)
FIELD_LABELS = {"self_score": headline_name("self_score"), **{key: column(key).header for key in HEADLINE_KEYS}}
#: report kinds in short, for chart labels and report.html's tables (patterns/workbook.yaml ``overview_kinds``;
#: the workbook's ``workbook_kinds`` are the long forms)
KIND_LABELS: dict[str, str] = dict(table("overview_kinds"))
#: the columns of a row of :func:`year_over_year`, and their Chinese headers (历年对比 sheet, HTML table)
YEAR_COLUMNS = [
    "unit", "unit_key", "department", "kind", "project_name", "field", "label", "year_from", "value_from",
    "year_to", "value_to", "change", "change_percent", "path_from", "path_to", "note",
]
YEAR_HEADERS = {
    "unit": "单位", "unit_key": "单位标准名", "department": "单位名称(最近一年)", "kind": "类型",
    "project_name": "项目名称", "field": "字段", "label": "指标", "year_from": "上年", "value_from": "上年数",
    "year_to": "本年", "value_to": "本年数", "change": "增减", "change_percent": "增减(%)",
    "path_from": "上年文件", "path_to": "本年文件", "note": "说明",
}
SAME_YEAR_NOTE = "同一年有多份报告，取第一份"
_HUNDRED = Decimal(100)

Report = Record | Mapping[str, Any]
GroupKey = Callable[[Report], "tuple[str, str] | None"]


def exact(value: Any) -> Decimal | None:
    """A cell as a Decimal: Decimal as it is, a number through its text, NaN/None/'' as None.

    >>> exact(Decimal("1.50")), exact(3600.0), exact("957.02"), exact(float("nan")), exact("")
    (Decimal('1.50'), Decimal('3600.0'), Decimal('957.02'), None, None)
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float) and math.isnan(value):
        return None
    try:
        return Decimal(str(value).strip()) if str(value).strip() else None
    except (InvalidOperation, TypeError, ValueError):
        return None


def attribute(report: Report, name: str) -> Any:
    """A report-level value of a Record or a reports row: ``path``, ``sha256``, a headline key or a field."""
    if isinstance(report, Mapping):
        return report.get(name)
    if name in ("path", "sha256"):
        return getattr(report.source, name)
    if name in HEADLINE_KEYS:
        value = getattr(report.headline, name)
        return None if value is None else value.value
    return getattr(report, name, None)


def field_value(report: Report, name: str) -> Decimal | None:
    return exact(attribute(report, name))


def _year(report: Report) -> int | None:
    year = exact(attribute(report, "year"))
    return None if year is None else int(year)


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def department_kind(report: Report) -> tuple[str, str] | None:
    """A group of reports: (department as written, kind); None when the unit is unknown."""
    department = _text(attribute(report, "department"))
    return (department, attribute(report, "kind") or "other") if department else None


def unit_kind(report: Report) -> tuple[str, str] | None:
    """The default group: (canonical unit key, kind), 整体+项目 counted as 整体; a project report's unit
    carries its project name (``单位：项目``).  None when the unit is unknown."""
    unit = _text(attribute(report, "unit_key")) or key_of(_text(attribute(report, "department")))
    if not unit:
        return None
    kind = attribute(report, "kind") or "other"
    project = _text(attribute(report, "project_name"))
    if kind == "project" and project:
        unit = f"{unit}：{project}"
    return unit, "dept_overall" if kind == "dept_and_project" else kind


@dataclass
class UnitYears:
    """One group's reports by year (years ascending) and the others of a year already taken: what the
    comparison reads of each (:func:`compared`), not the reports."""

    unit: str
    kind: str
    by_year: dict[int, Report]
    duplicates: list[Report] = field(default_factory=list)

    @property
    def years(self) -> list[int]:
        return sorted(self.by_year)

    def has_others(self, year: int) -> bool:
        """Whether ``year`` had another, different file besides the one compared."""
        sha = attribute(self.by_year[year], "sha256")
        return any(_year(d) == year and attribute(d, "sha256") != sha for d in self.duplicates)


def _reports(reports: Any) -> Iterable[Report]:
    if hasattr(reports, "to_dict") and hasattr(reports, "columns"):  # a pandas DataFrame
        return reports.to_dict("records")
    return reports


#: what the comparison reads of a report (:func:`_pair_rows`, :meth:`UnitYears.has_others`)
_COMPARED = ("unit_key", "department", "project_name", "path", "sha256", *YEARLY_FIELDS)


def compared(report: Report) -> Report:
    """What the comparison reads of ``report``, as a mapping (a record's few values, not the record), or
    the report itself where it is a mapping already."""
    if isinstance(report, Mapping):
        return report
    return {name: attribute(report, name) for name in _COMPARED}


def group_by_unit(reports: Iterable[Report], key: GroupKey = unit_kind) -> list[UnitYears]:
    """Reports with a year, grouped by ``key``; groups in order of their unit name and kind."""
    groups: dict[tuple[str, str], UnitYears] = {}
    for report in _reports(reports):
        group_key, year = key(report), _year(report)
        if group_key is None or year is None:
            continue
        group = groups.setdefault(group_key, UnitYears(group_key[0], group_key[1], {}))
        if year in group.by_year:
            group.duplicates.append({**compared(report), "year": year})
        else:
            group.by_year[year] = compared(report)
    return [groups[k] for k in sorted(groups)]


def year_over_year(reports: Iterable[Report], key: GroupKey = unit_kind) -> list[dict]:
    """For each unit with reports in more than one year: one row (:data:`YEAR_COLUMNS`) per pair of
    consecutive years and field stated in at least one of them; ``change`` is value_to - value_from
    (exact; None when either is missing), ``change_percent`` the change in percent of value_from.

    >>> rows = year_over_year([
    ...     {"unit_key": "示例县档案馆", "year": 2022, "kind": "dept_overall", "self_score": Decimal("90")},
    ...     {"unit_key": "示例县档案馆", "year": 2023, "kind": "dept_and_project", "self_score": Decimal("95.5")}])
    >>> [(r["field"], r["value_from"], r["value_to"], r["change"], r["change_percent"]) for r in rows]
    [('self_score', Decimal('90'), Decimal('95.5'), Decimal('5.5'), Decimal('6.11'))]
    """
    return list(iter_year_over_year(reports, key))


def iter_year_over_year(reports: Iterable[Report], key: GroupKey = unit_kind) -> Iterator[dict]:
    """:func:`year_over_year`, one unit's rows at a time (a sheet written row by row holds no more)."""
    for group in group_by_unit(reports, key):
        years = group.years
        for before, after in zip(years, years[1:]):
            yield from _pair_rows(group, before, after)


def _pair_rows(group: UnitYears, year_from: int, year_to: int) -> list[dict]:
    before, after = group.by_year[year_from], group.by_year[year_to]
    note = SAME_YEAR_NOTE if group.has_others(year_from) or group.has_others(year_to) else ""
    rows = []
    for name in YEARLY_FIELDS:
        old, new = field_value(before, name), field_value(after, name)
        if old is None and new is None:
            continue
        change = None if old is None or new is None else new - old
        rows.append({
            "unit": group.unit,
            "unit_key": _text(attribute(after, "unit_key")) or key_of(_text(attribute(after, "department"))),
            "department": _text(attribute(after, "department")) or _text(attribute(before, "department")),
            "kind": group.kind,
            "project_name": _text(attribute(after, "project_name")) if group.kind == "project" else None,
            "field": name,
            "label": FIELD_LABELS[name],
            "year_from": year_from,
            "value_from": old,
            "year_to": year_to,
            "value_to": new,
            "change": change,
            "change_percent": None if change is None or not old else (change * _HUNDRED / old).quantize(Decimal("0.01")),
            "path_from": attribute(before, "path"),
            "path_to": attribute(after, "path"),
            "note": note,
        })
    return rows


def year_over_year_frame(reports: Iterable[Report], key: GroupKey = unit_kind):
    """:func:`year_over_year` as a pandas DataFrame with exactly :data:`YEAR_COLUMNS` (object dtype, Decimals kept)."""
    import pandas as pd

    rows = year_over_year(reports, key)
    return pd.DataFrame([[r.get(c) for c in YEAR_COLUMNS] for r in rows], columns=YEAR_COLUMNS, dtype=object)


def yearly_series(reports: Iterable[Report], name: str = "self_score",
                  key: GroupKey = unit_kind) -> list[tuple[str, list[tuple[int, Decimal]]]]:
    """For the chart: (unit label, [(year, value) ...]) of each unit with the field in two or more years."""
    series = []
    for group in group_by_unit(reports, key):
        points = [(y, field_value(group.by_year[y], name)) for y in group.years]
        points = [(y, v) for y, v in points if v is not None]
        if len(points) >= 2:
            series.append((f"{group.unit}（{KIND_LABELS.get(group.kind, group.kind)}）", points))
    return series
