"""Year over year: a unit's self-score and headline figures side by side across its years.

Reports are grouped by a key function.  Until the store's canonical unit key is plugged in, the
default key is the department as written plus the report kind (:func:`department_kind`); pass
``key=`` to group differently (e.g. a canonical ``unit_key``).  Two reports of the same group and
year: the first one (in the order given) counts, the others are listed in ``duplicates``.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from ..models import HEADLINE_KEYS, Record

#: the figures compared, self-score first
YEARLY_FIELDS = ("self_score", *HEADLINE_KEYS)
#: field -> its name for people (the unit in brackets)
FIELD_LABELS = {
    "self_score": "自评得分",
    "budget_initial": "年初预算(万元)",
    "budget_adjusted": "调整后预算(万元)",
    "income_total": "收入合计(万元)",
    "income_fiscal": "财政拨款收入(万元)",
    "expenditure_total": "支出合计(万元)",
    "expenditure_basic": "基本支出(万元)",
    "expenditure_project": "项目支出(万元)",
    "execution_rate": "预算执行率(%)",
    "staff_authorized": "编制人数(人)",
    "staff_actual": "实有人数(人)",
}
KIND_LABELS = {"dept_overall": "部门整体", "project": "项目", "dept_and_project": "部门整体+项目", "other": "其他"}

GroupKey = Callable[[Record], "tuple[str, str] | None"]


def department_kind(record: Record) -> tuple[str, str] | None:
    """The default group of a report: (department, kind); None when the unit is unknown."""
    return (record.department, record.kind) if record.department else None


def field_value(record: Record, name: str) -> Decimal | None:
    if name == "self_score":
        return record.self_score
    value = getattr(record.headline, name)
    return None if value is None else value.value


@dataclass
class UnitYears:
    """One group's reports by year (years ascending)."""

    unit: str
    kind: str
    by_year: dict[int, Record]
    duplicates: list[Record] = field(default_factory=list)

    @property
    def years(self) -> list[int]:
        return sorted(self.by_year)


def group_by_unit(records: Iterable[Record], key: GroupKey = department_kind) -> list[UnitYears]:
    """Reports with a year, grouped by ``key``; groups in order of their unit name and kind."""
    groups: dict[tuple[str, str], UnitYears] = {}
    for record in records:
        group_key = key(record)
        if group_key is None or record.year is None:
            continue
        group = groups.setdefault(group_key, UnitYears(group_key[0], group_key[1], {}))
        if record.year in group.by_year:
            group.duplicates.append(record)
        else:
            group.by_year[record.year] = record
    return [groups[k] for k in sorted(groups)]


def year_over_year(records: Iterable[Record], key: GroupKey = department_kind) -> list[dict]:
    """For each unit with reports in more than one year: one row per pair of consecutive years and field
    stated in at least one of them: unit, kind, field, label, year_from, value_from, year_to, value_to,
    change (value_to - value_from, exact; None when either is missing), path_from, path_to.
    """
    rows = []
    for group in group_by_unit(records, key):
        years = group.years
        for before, after in zip(years, years[1:]):
            rows.extend(_pair_rows(group, group.by_year[before], group.by_year[after]))
    return rows


def _pair_rows(group: UnitYears, before: Record, after: Record) -> list[dict]:
    rows = []
    for name in YEARLY_FIELDS:
        old, new = field_value(before, name), field_value(after, name)
        if old is None and new is None:
            continue
        rows.append({
            "unit": group.unit,
            "kind": group.kind,
            "field": name,
            "label": FIELD_LABELS[name],
            "year_from": before.year,
            "value_from": old,
            "year_to": after.year,
            "value_to": new,
            "change": None if old is None or new is None else new - old,
            "path_from": before.source.path,
            "path_to": after.source.path,
        })
    return rows


def yearly_series(records: Iterable[Record], name: str = "self_score",
                  key: GroupKey = department_kind) -> list[tuple[str, list[tuple[int, Decimal]]]]:
    """For the chart: (unit label, [(year, value) ...]) of each unit with the field in two or more years."""
    series = []
    for group in group_by_unit(records, key):
        points = [(y, field_value(group.by_year[y], name)) for y in group.years]
        points = [(y, v) for y, v in points if v is not None]
        if len(points) >= 2:
            series.append((f"{group.unit}（{KIND_LABELS.get(group.kind, group.kind)}）", points))
    return series
