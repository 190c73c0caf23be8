"""Year over year: a unit's figures side by side across its years (grouped by department and kind)."""
from __future__ import annotations

from decimal import Decimal

import pytest

from extract.models import Headline, HeadlineValue, Record, Source
from extract.output.yearly import attribute, department_kind, group_by_unit, year_over_year, yearly_series


def make(department, year, score=None, rate=None, kind="dept_overall", path=None):
    headline = Headline()
    if rate is not None:
        headline.execution_rate = HeadlineValue(value=Decimal(rate), unit="%", raw=rate, page=1, start=0, end=len(rate))
    return Record(source=Source(path=path or f"{department}-{year}.txt", sha256="0" * 64, format="txt", pages=1),
                  text="", kind=kind, department=department, year=year,
                  self_score=None if score is None else Decimal(score), headline=headline)


def test_change_of_each_stated_figure_between_consecutive_years():
    rows = year_over_year([make("甲局", 2023, "95", "98.5"), make("甲局", 2022, "90", "100")])
    assert [(r["field"], r["year_from"], r["year_to"], r["change"]) for r in rows] == [
        ("self_score", 2022, 2023, Decimal("5")),
        ("execution_rate", 2022, 2023, Decimal("-1.5")),
    ]
    assert rows[0]["label"] == "自评得分" and rows[0]["value_from"] == Decimal("90")


@pytest.mark.parametrize("records,n_rows", [
    ([make("甲局", 2022, "90"), make("乙局", 2023, "95")], 0),
    ([make("甲局", 2022, "90"), make("甲局", 2023, "95", kind="project")], 0),
    ([make("甲局", 2022, "90"), make("甲局", 2023)], 1),
    ([make("甲局", 2021, "80"), make("甲局", 2022, "90"), make("甲局", 2023, "95")], 2),
    ([make(None, 2022, "90"), make(None, 2023, "95")], 0),
], ids=["two-units", "two-kinds", "missing-in-one-year", "three-years", "unit-unknown"])
def test_only_one_unit_and_kind_in_several_years_is_compared(records, n_rows):
    assert len(year_over_year(records)) == n_rows


def test_missing_value_gives_no_change():
    (row,) = year_over_year([make("甲局", 2022, "90"), make("甲局", 2023)])
    assert row["value_to"] is None and row["change"] is None


def test_second_report_of_the_same_year_is_a_duplicate_not_a_year():
    (group,) = group_by_unit([make("甲局", 2022, "90", path="a.txt"), make("甲局", 2022, "91", path="b.txt")])
    assert group.years == [2022] and [attribute(d, "path") for d in group.duplicates] == ["b.txt"]


def test_a_key_function_can_merge_spellings_of_a_unit():
    records = [make("中共甲县委办公室", 2022, "90"), make("甲县委办公室", 2023, "95")]
    assert year_over_year(records, key=department_kind) == []
    key = lambda r: (r.department.removeprefix("中共"), r.kind)
    assert [r["change"] for r in year_over_year(records, key=key)] == [Decimal("5")]
    assert [r["change"] for r in year_over_year(records)] == [Decimal("5")]  # the default: the canonical unit key
    assert department_kind(records[0]) == ("中共甲县委办公室", "dept_overall")


def test_series_for_the_chart():
    series = yearly_series([make("甲局", 2023, "95"), make("甲局", 2022, "90"), make("乙局", 2022, "70")])
    assert series == [("甲局（部门整体）", [(2022, Decimal("90")), (2023, Decimal("95"))])]
