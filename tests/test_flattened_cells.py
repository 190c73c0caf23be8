"""A table flattened to text another way -- one non-empty cell per line (a web page copied), its cells two blanks
apart on one line (a PDF copied) -- keeps the cells the ``|`` rows give: cleanup neither drops a cell as a page
number nor glues a row's cells, and an amount at the end of a line is read whatever word opens the next line.
The forms read from all three flattenings are in test_template_variants.py (yunnan-score-only,
anhui-max-first-long-names)."""
from __future__ import annotations

import pytest

from extract.pipeline import ingest_text
from extract.read.document import Document, Page
from extract.text.cleanup import clean_document


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
