"""Bare numbers in an indicator's target and result cells are amounts only where the form proves their unit."""
from __future__ import annotations

from decimal import Decimal

import pytest

from extract.tables import grid_figures

FUND = "\n".join(["项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分",
                  "年度资金总额", "43.2", "43.2", "37.24", "10", "86%", "9", "年度总体目标", "完成改造"])
INDICATORS = "\n".join(["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "产出指标"])


def amounts(rows: list[list[str]]) -> list[tuple[str, Decimal]]:
    text = FUND + "\n" + INDICATORS + "\n" + "\n".join(c for row in rows for c in row) + "\n"
    figures = grid_figures(text, [0])
    assert all(text[m.start:m.end] == m.raw for m in figures.mentions)
    return [(m.row, m.value) for m in figures.mentions if m.type == "money" and m.origin == "table" and m.row
            and "资金总额" not in m.row]


@pytest.mark.parametrize(
    "rows, expected",
    [
        ([["成本指标", "工程资金金额", "43.2", "37.24", "10", "9"]],
         [("工程资金金额", Decimal("43.2")), ("工程资金金额", Decimal("37.24"))]),
        ([["成本指标", "项目总成本", "≤90万元", "90", "10", "10"]], [("项目总成本", Decimal("90"))]),
        ([["成本指标", "项目总成本", "≤900000元", "900000", "10", "10"]], [("项目总成本", Decimal("90"))]),
        # not one of the form's amounts: the unit is not proven
        ([["成本指标", "工程资金金额", "50", "48", "10", "9"]], []),
        # not an amount's name: a count that happens to equal an amount stays a count
        ([["数量指标", "改造面积", "43.2", "37.24", "10", "9"]], []),
    ],
    ids=["named-and-equal-to-fund", "unit-in-target", "unit-in-target-yuan", "named-not-a-fund-amount", "not-named"],
)
def test_indicator_cells_that_are_amounts(rows, expected):
    assert amounts(rows) == expected


AMOUNT_ROWS = [["项目", "年初预算数", "调整后预算数", "决算数"], ["基本支出", "400.00", "410.00", "405.00"],
               ["项目支出", "90.00", "95.00", "85.00"], ["合计", "490.00", "505.00", "490.00"]]


@pytest.mark.parametrize("style", ["lines", "pipes"])
@pytest.mark.parametrize("unit, declared, expected", [("单位：万元", True, "405.00"), ("单位：元", True, "0.0405"), ("", False, None)],
                         ids=["wan", "yuan", "no-unit-stated"])
def test_amount_columns_named_under_a_unit_stated_once(style, unit, declared, expected):
    rows = "\n".join(c for row in AMOUNT_ROWS for c in row) if style == "lines" else \
        "\n".join("| " + " | ".join(row) + " |" for row in AMOUNT_ROWS)
    text = "一、部门基本情况\n" + (unit + "\n" if unit else "") + rows + "\n二、绩效情况\n"
    figures = grid_figures(text, [0])
    basic = [m for m in figures.mentions if m.row == "基本支出" and m.column == "决算数"]
    assert [str(m.value) for m in basic] == ([expected] if declared else [])
    assert all(text[m.start:m.end] == m.raw for m in figures.mentions)


def test_a_year_column_table_under_a_bracketed_unit_statement():
    cells = ["部门整体支出绩效评价基础数据表", "（单位：万元）", "项目", "2021年决算数", "2022年预算数", "2022年决算数",
             "基本支出", "380", "400", "405", "项目支出", "80", "90", "85", "二、绩效情况"]
    text = "\n".join(cells) + "\n"
    got = {(m.row, m.year, m.basis): str(m.value) for m in grid_figures(text, [0]).mentions if m.type == "money"}
    assert got[("基本支出", 2022, "决算")] == "405" and got[("项目支出", 2021, "决算")] == "80" and len(got) == 6
