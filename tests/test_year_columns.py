"""A 基础数据表 with three year columns, flattened one cell per line with empty cells dropped.

Every amount comes out with its year and basis (预算/决算) where its row kept all its cells; a row
that lost a cell keeps its amounts without a column and the record says so -- never a wrong year.
The headline takes the evaluated year's 决算 column only.
"""
from __future__ import annotations

import pytest

from extract.pipeline import ingest_text

HEADER = ["经费控制情况（万元）", "2022年决算数", "2023年预算数", "2023年决算数"]
ROWS = [
    ["支出总额", "980.5", "1020", "1011.3"],
    ["基本支出", "610.2", "640", "636.8"],
    ["项目支出", "370.3", "380", "374.5"],
    ["其中：运行维护经费", "", "120", "118.6"],  # 2022 cell empty: dropped by the flattening
    ["三公经费", "12.4", "", "9.9"],  # 2023 budget cell empty
    ["公务接待", "3.1", "2", "1.8"],
]
TEXT = "示例县图书馆2023年度部门整体支出绩效自评报告\n一、部门基本情况\n2023年度部门整体支出绩效评价基础数据表\n"


def flattened() -> str:
    cells = [c for row in [HEADER, *ROWS] for c in row if c]
    return TEXT + "\n".join(cells) + "\n二、自评结论\n自评得分95分。\n"


@pytest.fixture(scope="module")
def record():
    return ingest_text(flattened(), "years.txt")


def _cells(record):
    return {(m.row, m.year, m.basis, str(m.value)) for m in record.mentions if m.origin == "table" and m.year}


@pytest.mark.parametrize("row", [r for r in ROWS if all(r)], ids=[r[0] for r in ROWS if all(r)])
def test_whole_rows_keep_year_and_basis(record, row):
    want = {(row[0], int(h[:4]), h[5:7], v) for h, v in zip(HEADER[1:], row[1:])}
    assert want <= _cells(record)


@pytest.mark.parametrize("row", [r for r in ROWS if not all(r)], ids=[r[0] for r in ROWS if not all(r)])
def test_rows_short_of_a_cell_keep_amounts_without_a_year(record, row):
    mine = [m for m in record.mentions if m.row == row[0]]
    assert sorted(str(m.value) for m in mine) == sorted(v for v in row[1:] if v)
    assert all(m.year is None and m.column is None for m in mine)
    assert any(row[0] in w and "without a column" in w for w in record.warnings)


def test_headline_takes_the_evaluated_years_final_accounts(record):
    got = {k: str(v.value) for k, v in record.headline if v is not None}
    assert (got["expenditure_total"], got["expenditure_basic"], got["expenditure_project"]) == ("1011.3", "636.8", "374.5")
    assert "budget_initial" not in got and "budget_adjusted" not in got


def test_no_amount_is_given_a_wrong_year(record):
    truth = {(r[0], int(h[:4]), h[5:7]): v for r in ROWS for h, v in zip(HEADER[1:], r[1:]) if v}
    for m in record.mentions:
        if m.year is not None:
            assert truth[(m.row, m.year, m.basis)] == str(m.value)
