"""Cleanup: page furniture out, hard wraps joined, PDF-copy spaces removed, pages kept."""
from __future__ import annotations

import pytest
from conftest import SEED, needs_seed, record_of

from extract.read.document import Document, Page
from extract.text.cleanup import clean_document, remove_artefact_spaces

WRAPPED = [  # lines of about the same width, as a Word export wraps them
    "为深入贯彻落实全面实施预算绩效管理的重大部署，确保资金",
    "使用的安全性、规范性和有效性，现将本年度的具体情况报告",
    "如下。",
]


def doc(*pages: list[str], fmt: str = "pdf") -> Document:
    return Document(path="x", format=fmt, pages=[Page(number=i + 1, lines=lines) for i, lines in enumerate(pages)])


def body(n: int = 6) -> list[str]:
    return [f"第{i}行说明本单位本年度预算绩效管理工作中的具体做法与成效。" for i in range(n)]


@pytest.mark.parametrize("footer", ["9", "- 9 -", "— 9 —", "第 9 页", "第9页 共12页", "9/12"],
                         ids=["bare", "dashes", "em-dashes", "di-ye", "di-ye-gong", "slash"])
def test_page_number_at_page_edge_is_dropped(footer):
    clean = clean_document(doc(body() + [footer], body() + ["10"]))
    assert footer not in clean.text.split("\n")
    assert "10" not in clean.text.split("\n")


def test_lone_number_between_prose_lines_is_dropped_mid_sentence():
    lines = WRAPPED[:2] + ["", "9", ""] + WRAPPED[2:] + body(6)
    clean = clean_document(doc(lines, fmt="txt"))
    assert "\n9\n" not in clean.text
    assert "报告如下。" in clean.text


def test_table_cell_that_is_just_a_number_is_kept():
    cells = ["分值", "20", "得分", "18", "合计", "100"]
    clean = clean_document(doc(cells, fmt="txt"))
    assert clean.text.split("\n") == cells


ROWS = ["数量指标 | 培训人次 | ≥500人次 | 520人次 | 10 | 10 |", "质量指标 | 合格率 | ≥95% | 96% | 10 | 10 |",
        "时效指标 | 按期完成率 | 100% | 100% | 10 | 9 |", "成本指标 | 人均成本 | ≤800元 | 760元 | 10 | 10 |"]


@pytest.mark.parametrize("numbers, dropped", [
    (["2", "3"], ["2", "3"]),  # page numbers going on through a table that runs over pages
    (["1"], ["1"]),
    (["5"], []),  # a first number far past page 1-2 is no page number met in order
    (["2", "7"], ["2"]),  # a jump: the second is not the next page
    (["2", "1"], ["2"]),  # going back: not a page number
], ids=["in-order", "first-page", "first-far", "jump", "backwards"])
def test_lone_number_between_table_rows_is_a_page_number_when_the_pages_go_on(numbers, dropped):
    lines = [ROWS[0], numbers[0], ROWS[1]] + ([ROWS[2], numbers[1], ROWS[3]] if len(numbers) > 1 else [])
    kept = clean_document(doc(lines, fmt="txt")).text.split("\n")
    assert [n for n in numbers if n not in kept] == dropped
    assert all(row.strip() in kept for row in lines if "|" in row)


@pytest.mark.parametrize("pages, dropped", [(3, True), (2, False)], ids=["three-page-breaks", "two-page-breaks"])
def test_running_header_beside_page_numbers_in_a_text_of_one_page(pages, dropped):
    """A PDF copied as text: the banner stands again after each page number; the title above the text stays."""
    prose = [f"第{n}页说明本单位本年度预算绩效管理工作中的具体做法与成效。" for n in range(pages + 1)]
    lines = ["示例县档案馆2023年度部门整体支出绩效自评报告", prose[0]]
    for n in range(1, pages + 1):
        lines += [f"- {n} -", "示例县档案馆2023年度部门整体支出绩效自评报告", prose[n]]
    kept = clean_document(doc(lines, fmt="txt")).text.split("\n")
    assert kept.count("示例县档案馆2023年度部门整体支出绩效自评报告") == (1 if dropped else pages + 1)
    assert not any(line.startswith("- ") for line in kept)
    assert all(p in kept for p in prose)


def test_running_header_repeated_on_every_page_is_dropped():
    pages = [["某某县财政局文件"] + body(4) for _ in range(4)]
    clean = clean_document(doc(*pages))
    assert "某某县财政局文件" not in clean.text


@pytest.mark.parametrize(
    "lines, expected",
    [
        (["2022年乐昌示例办公室部门决算收支完成情况。收入：", "", "651.17 万元，其中财政拨款收入 651.17 万元。"], "收入：651.17万元"),
        (["支出合计为本年度的全部支出金额共计人民币一共是60", ".00万元，全部用于单位正常运转和各项业务支出。"], "60.00万元"),
    ],
    ids=["colon-then-amount", "number-split-at-point"],
)
def test_hard_wraps_are_joined(lines, expected):
    clean = clean_document(doc(body(8) + lines, fmt="txt"))
    assert expected in clean.text


def test_heading_is_never_joined_to_the_line_above():
    clean = clean_document(doc(WRAPPED + ["一、基本情况", "（一）部门概况"] + body(6)))
    assert "\n一、基本情况\n（一）部门概况\n" in clean.text


def test_latin_words_keep_their_space_when_joined():
    lines = ["本单位使用的系统名称为 Budget Performance Management", "System 并已全面上线运行，运行情况良好稳定可靠安全。"]
    clean = clean_document(doc(body(8) + lines, fmt="txt"))
    assert "Management System" in clean.text


@pytest.mark.parametrize(
    "line, expected",
    [
        ("自评结论为“优 秀”。", "自评结论为“优秀”。"),
        ("部门整体支出绩效自评报 告", "部门整体支出绩效自评报告"),
        ("广东省财政厅 2022 年全省预算绩效管理培训班", "广东省财政厅2022年全省预算绩效管理培训班"),
        ("编制 35 人，实有 35 人。", "编制35人，实有35人。"),
        ("| 项目 | 90 |", "| 项目 | 90 |"),
        ("名称 示例项目 主管部门 示例局 实施单位 示例局 分值 得分", "名称 示例项目 主管部门 示例局 实施单位 示例局 分值 得分"),
        ("本年支出 432. 10 万元。", "本年支出432.10万元。"),
        ("完成率 97 .25 %。", "完成率97.25%。"),
        ("合计 1,250, 300.00 元。", "合计1,250,300.00元。"),
        ("1. 20万元用于培训。", "1. 20万元用于培训。"),
        ("整 体 支 出 执 行 率 为 96.5%。", "整体支出执行率为96.5%。"),
        ("是  否  是  否", "是  否  是  否"),
    ],
    ids=["grade", "title", "year", "staff", "table-row", "spaced-cells", "space-after-point", "space-before-point",
         "space-after-separator", "list-number-kept", "letter-spaced-line", "wide-cell-gaps"],
)
def test_artefact_spaces(line, expected):
    assert remove_artefact_spaces(line) == expected


def test_page_starts_follow_the_pages():
    clean = clean_document(doc(["第一页的内容。"], ["第二页的内容。"], ["第三页的内容。"]))
    assert len(clean.page_starts) == 3
    assert [clean.text[s:s + 3] for s in clean.page_starts] == ["第一页", "第二页", "第三页"]


@needs_seed
def test_seed_cleanup_removes_the_page_number_and_joins_wraps():
    rec = record_of(str(SEED))
    lines = rec.text.split("\n")
    assert "9" not in lines
    assert "收入：651.17万元，其中财政拨款收入651.17万元。支出：651.17万元" in rec.text
    assert rec.page_starts == sorted(rec.page_starts) and len(rec.page_starts) > 1


SPACED_TABLE = ["一级指标 二级指标 三级指标 分值 指标解释 评分标准 得分",
                "投入 目标设定 绩效目标合理性 5 所设目标是否有依据、合乎实际。 合乎得5分。 5",
                "档案利用服务 接待查档群众,提供线上查询。 30"]


@pytest.mark.parametrize("row", SPACED_TABLE[1:], ids=["text-columns", "row-short-of-cells"])
def test_rows_under_a_spaced_header_keep_their_cell_spaces(row):
    """Text cells (指标解释, 评分标准 sentences) make a row look like prose with PDF-copy spaces; under a header
    of the form's column names its spaces separate cells."""
    clean = clean_document(doc([SPACED_TABLE[0], row], fmt="txt"))
    assert clean.text.split("\n")[1] == row


@pytest.mark.parametrize("after", [["二、其他需要说明的情况"], ["本年度部门整体支出绩效目标全部完成，各项工作按计划推进，资金使用规范，取得了良 好的成效。"],
                                   ["合乎实 际。", "完成情 况良好。"]], ids=["heading", "prose-sentence", "two-lines-without-numbers"])
def test_spaced_rows_end_at_a_heading_or_prose_without_a_number_cell(after):
    clean = clean_document(doc(SPACED_TABLE[:2] + after + ["自评结论为“优 秀”。"], fmt="txt"))
    assert clean.text.split("\n")[-1] == "自评结论为“优秀”。"
    assert clean.text.split("\n")[-2] == after[-1].replace(" ", "")


def test_a_text_cell_wrapped_onto_its_own_line_does_not_end_the_rows():
    rows = [SPACED_TABLE[0], "投入 目标设定 绩效目标合理性 5 所设目标是否有依据、 合乎得5分,否则 5", "合乎实际。 酌情扣分。",
            "绩效指标明确性 5 指标是否细化量化。 细化量化得5分。 4"]
    clean = clean_document(doc(rows, fmt="txt"))
    assert clean.text.split("\n")[-1] == rows[-1]


def test_a_line_of_a_few_column_names_is_no_table_header():
    clean = clean_document(doc(["项目名称 委托业务 分值", "自评结论为“优 秀”。"], fmt="txt"))
    assert clean.text.split("\n")[1] == "自评结论为“优秀”。"


@pytest.mark.parametrize("line, cleaned", [
    ("一、项目基本情 况", "一、项目基本情况"),  # a stray blank inside a known title
    ("一、部门整体支出绩效 自评情况", "一、部门整体支出绩效自评情况"),
    ("（二）预算执行 情况良好，全年执行进度均衡。", "（二）预算执行情况良好，全年执行进度均衡。"),
    ("一、基本情况 南县某镇是一个建制镇。", "一、基本情况 南县某镇是一个建制镇。"),  # the title's end stays
    ("。 （二）机构人员 本单位核定编制18名。", "。 （二）机构人员 本单位核定编制18名。"),
], ids=["stray-in-title", "stray-in-long-title", "stray-then-body", "title-end", "run-on-level-2"])
def test_the_blank_after_a_run_on_heading_title_stays_only_where_the_title_ends(line, cleaned):
    assert remove_artefact_spaces(line) == cleaned


def test_a_tables_unit_at_each_pages_top_is_no_running_header():
    """单位：万元 repeated under each page number belongs to the table that runs over the pages; it stays."""
    lines = ["示例县档案馆2023年度部门整体支出绩效自评报告"]
    for n in range(1, 4):
        lines += [f"- {n} -", "单位：万元", f"| 支出合计 | {100 + n} | {90 + n} |"]
    kept = clean_document(doc(lines, fmt="txt")).text.split("\n")
    assert kept.count("单位：万元") == 3
