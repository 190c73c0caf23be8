"""A table flattened to text another way -- one non-empty cell per line (a web page copied), its cells two blanks
apart on one line (a PDF copied) -- keeps the cells the ``|`` rows give: cleanup neither drops a cell as a page
number nor glues a row's cells, and an amount at the end of a line is read whatever word opens the next line.
The forms read from all three flattenings are in test_template_variants.py (yunnan-score-only,
anhui-max-first-long-names)."""
from __future__ import annotations

import pytest

from extract.pipeline import ingest_text
from extract.read.document import Document, Page
from extract.tables.stream import cells_of
from extract.text.cleanup import clean_document
from extract.text.spaced_rows import _heads_values, is_spaced_header


def lines_of(lines: list[str]) -> list[str]:
    doc = Document(path="x", format="txt", pages=[Page(number=1, lines=lines)])
    return clean_document(doc).text.split("\n")


LONG_NAME = "★★★城乡低保对象月均救助人数(按月平均)(≥**人)"  # a cell as long as a line of prose


@pytest.mark.parametrize("after", [">=9000人", "≥ 95%", "9120人", "95%"], ids=["ascii-comparator", "comparator", "count", "percent"])
def test_a_lone_number_between_a_long_name_and_its_target_is_a_cell(after):
    """分值 on its own line between a long leaf name and its 年度指标值: a cell, not a page number in a sentence."""
    cells = ["一级指标", "二级指标", "三级指标", "分值", "年度指标值", "数量指标", LONG_NAME, "20", after, "9120人", "18"]
    assert lines_of(cells) == cells


def test_a_page_number_between_two_lines_of_a_sentence_is_still_dropped():
    prose = ["为深入贯彻落实全面实施预算绩效管理的重大部署，确保资金使用的安全性、规", "9", "范性和有效性，现将本年度的具体情况报告如下。"]
    assert "9" not in lines_of(prose)


HEADER = "年度绩效目标(80分)  一级指标  二级指标  三级指标  年初目标值(A)  实际完成值(B)  得分"
ROWS = {
    "named-like-a-heading": ["产出指标  数量指标  一、田间试验  ≧15组  15组  15.0", "1、肥料利用率  ≧5组  5组  5.0",
                             "2、减量增效试验  ≧10组  10组  10.0"],
    "no-bare-number": ["产出指标  数量指标  新建示范片  ≧3000亩  3100亩  20", "其中种植面积  1.5亩  1.5亩",
                       "其中养殖面积  5亩  5亩", "其中大棚面积  3亩  3亩"],
    "one-cell-group-rows": ["产出指标  数量指标  新建示范片  ≧3000亩  3100亩  20", "质量指标", "……",
                            "效 益 指 标 (30分)", "土样植株化验  ≧60个  105个  5.0"],
}


@pytest.mark.parametrize("rows", ROWS.values(), ids=ROWS.keys())
def test_rows_of_cells_two_blanks_apart_keep_their_cells(rows):
    """Under a spaced header, a row whose first cell reads like a heading (1、绿肥种植), a row with no bare number
    whose cells stand two blanks apart, and rows of one short cell (a group's merged cell) go on the table."""
    assert lines_of([HEADER, *rows])[1:] == rows


def test_a_heading_after_the_rows_still_ends_them():
    got = lines_of([HEADER, ROWS["named-like-a-heading"][0], "二、其他需要说明的情况", "自评结论为“优 秀”。"])
    assert got[-1] == "自评结论为“优秀”。"


def test_an_amount_closing_a_table_line_is_read_before_a_line_of_words():
    """单位：元 … 59,200 at the end of a table flattened one cell per line: the next line (附件2) is no unit word."""
    text = "示例县教育局2022年度学生资助资金安排表\n单位：元\n学校\n全年补助资金\n本次下达\n示例县职业中学\n7,548,150\n59,200\n附件2\n绩效目标表\n"
    rec = ingest_text(text)
    assert {m.raw: str(m.value) for m in rec.mentions if m.type == "money"} == {"7,548,150": "754.815", "59,200": "5.92"}


SCORE_ONLY = ["示例县农技站2022年度耕地质量提升项目支出绩效自评表", "一级指标", "二级指标", "三级指标", "年初目标值(A)",
              "实际完成值(B)", "得分", "产出指标", "数量指标", "新建示范片", "≧3000亩", "3100亩", "20"]


@pytest.mark.parametrize("short_row", [["土壤检测", "60个", "10"], ["土壤检测", "≧50个", "10"]], ids=["no-target", "no-result"])
def test_a_score_only_row_short_of_a_cell_is_left_unread(short_row):
    """A form with no 分值 column, one cell per line: a row whose target or result was an empty cell cannot say which
    of its cells is the score's neighbour -- not read, said in a warning; the rows around it are read."""
    text = "\n".join([*SCORE_ONLY, *short_row, "检测项目数", "5", "5", "10", "二、其他需要说明的情况", "无。"]) + "\n"
    rec = ingest_text(text)
    assert {(s.item, s.score and str(s.score)) for s in rec.scores if s.origin == "table"} == {("新建示范片", "20"),
                                                                                             ("检测项目数", "10")}
    assert any("土壤检测" in w and "left unread" in w for w in rec.warnings)


SPACED_ROWS = {
    # a line whose cells stand two blanks (or a tab) apart: a single blank is inside a cell
    "two-blanks-apart-blank-in-label": ("其中:当年财政 拨款  50  48.6", ["其中:当年财政 拨款", "50", "48.6"]),
    "tabs-apart-blank-in-label": ("上年结转 资金\t0\t0", ["上年结转 资金", "0", "0"]),
    "two-blanks-apart-blank-in-unit": ("合格率  95 %  96 %", ["合格率", "95 %", "96 %"]),
    "prefix-two-blanks-before-label": ("其中：  当年财政拨款  20", ["其中：  当年财政拨款", "20"]),
    "wide-line-then-single-blank-line": ("年度 总体 目标  示例目标\n上年 结转 5 5",
                                         ["年度 总体 目标", "示例目标", "上年", "结转", "5", "5"]),
    # a line with single blanks only: every blank is a border, as before (a label prefix, a unit kept)
    "single-blanks-only": ("年度资金总额 43.2 43.2 其中： 当年财政拨款 20",
                           ["年度资金总额", "43.2", "43.2", "其中： 当年财政拨款", "20"]),
    "single-blanks-only-units": ("合格率 95 % 96 %", ["合格率", "95 %", "96 %"]),
    "bar-row-blank-by-an-empty-cell": ("| 示例 项目 |  | 10 |", ["示例", "项目", "10"]),
    "unit-column-form": ("度量单位  完成值\n合格率  95  %  95  %", ["度量单位", "完成值", "合格率", "95", "%", "95", "%"]),
}


@pytest.mark.parametrize(("text", "cells"), SPACED_ROWS.values(), ids=SPACED_ROWS.keys())
def test_a_single_blank_is_inside_a_cell_where_cells_stand_wide_apart(text, cells):
    assert [c.text for c in cells_of(text, spaced=True)] == cells


FUND_TWO_BLANKS = ["示例县示例局2023年度项目支出绩效自评表",
                   "项目名称  示例项目  主管部门  示例局  实施单位  示例局",
                   "项目资金(万元)  年初预算数  全年预算数  全年执行数  分值  执行率  得分",
                   "年度资金总额  50  48.6  45.2  10  93.00%  9.3",
                   "其中:当年财政 拨款  50  48.6  45.2  —  —  —",
                   "上年结转 资金  0  0  0  —  —  —",
                   "其他资金  0  0  0  —  —  —"]


def test_a_fund_block_two_blanks_apart_reads_labels_with_a_blank_inside():
    """A PDF copy of the fund block, its cells two blanks apart, a row label broken by one blank (当年财政 拨款):
    the row is read under its whole label."""
    rec = ingest_text("\n".join(FUND_TWO_BLANKS) + "\n")
    got = {(m.label.replace(" ", ""), str(m.value)) for m in rec.mentions if m.type == "money" and m.origin == "table"}
    assert {("其中:当年财政拨款全年执行数", "45.2"), ("上年结转资金全年预算数", "0")} <= got


HEADERS = {
    "two-blanks-apart-blank-in-names": ("年初 预算数  全年 预算数  全年 执行数  分值", True),
    "narrow-columns-a-blank-apart": ("一级指标  二级指标  三级指标 分值", True),
    "single-blanks-only": ("一级指标 二级指标 三级指标 分值 得分", True),
    "single-blanks-names-broken": ("年初 预算数 全年 预算数 分值", False),
    "not-column-names": ("项目名称  示例项目  主管部门  示例局", False),
}


@pytest.mark.parametrize(("line", "header"), HEADERS.values(), ids=HEADERS.keys())
def test_a_spaced_header_reads_a_blank_inside_a_cell_where_cells_stand_wide_apart(line, header):
    assert is_spaced_header(line) is header


def test_headings_over_values_two_blanks_apart_with_a_blank_inside_a_heading():
    assert _heads_values("财政供养 人员情况  编制数  实际 在职人数  控制率", "40  38  95%")
    assert not _heads_values("财政供养 人员情况 编制数 实际 在职人数 控制率", "40 38 95%")
