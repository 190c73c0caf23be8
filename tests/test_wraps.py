"""Two export habits: hard line wraps in prose (a PDF's lines, a wrap after N characters) and tab-separated
table cells with Windows line ends (a .txt saved from Word, a copied table).  Made-up reports only."""
from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extract.pipeline import ingest_text
from extract.read.document import Document, Page
from extract.read.txt import pages_of
from extract.text.cleanup import clean_document
from extract.text.wraps import display_width, grid_width, wrap_width

PARAGRAPH = ("示例县档案馆2023年度收入合计532.10万元，其中财政拨款收入520.00万元，其他收入12.10万元；支出合计"
             "498.20万元，其中基本支出401.00万元，项目支出97.20万元，预算执行率为93.63%。本馆核定编制12人，"
             "年末实有在职人员11人，全年接待查档群众3260人次，提供线上查询服务1580次，馆藏档案数字化率达到"
             "87.50%，比上年提高4.20个百分点。全年开展档案业务培训6期，培训人员240人次，完成档案移交接收"
             "13个单位共计8650卷，档案安全事故为0起，各项绩效目标均已完成。")


def wrap_every(text: str, n: int) -> list[str]:
    """Cut a paragraph every ``n`` characters, never inside a run of digits or Latin letters."""
    lines = []
    while len(text) > n:
        cut = n
        while cut > 8 and re.match(r"[0-9A-Za-z.,%]", text[cut]) and re.match(r"[0-9A-Za-z.,%]", text[cut - 1]):
            cut -= 1
        lines.append(text[:cut])
        text = text[cut:]
    return [*lines, text]


def txt(lines: list[str]) -> Document:
    return Document(path="x", format="txt", pages=[Page(number=1, lines=lines)])


@pytest.mark.parametrize("every", [26, 30, 34], ids=["26-chars", "30-chars", "34-chars"])
def test_a_paragraph_wrapped_after_n_characters_is_joined_whole(every):
    """A wrap counted in characters: lines that hold numbers are narrower on screen than full Chinese lines,
    and a number that would not fit is pushed onto the next line whole."""
    clean = clean_document(txt(["示例县档案馆2023年度部门整体支出绩效自评报告", "一、部门概况",
                                *wrap_every(PARAGRAPH, every)]))
    assert clean.text.split("\n")[2] == PARAGRAPH


@pytest.mark.parametrize(
    "lines, label, value",
    [
        (["示例县档案馆2023年度部门整体支出绩效自评报告", "本年度支出合计498.20万元，其中基本支出", "401.00万元，项目支出97.20万元。"],
         "expenditure_basic", "401.00"),
        (["示例县档案馆2023年度部门整体支出绩效自评报告", "本年度支出合计498.20万元，预算执行率为", "93.63%，较上年有所提高。"],
         "execution_rate", "93.63"),
        (["示例县档案馆2023年度部门整体支出绩效自评报告", "本馆核定编制", "12人，年末实有在职人员11人。"],
         "staff_authorized", "12"),
    ],
    ids=["money-below-its-label", "rate-below-its-label", "staff-below-its-label"],
)
def test_a_figure_pushed_below_its_label_keeps_the_label(lines, label, value):
    """Too few lines to know the wrap width: the line break stays, and the figure opening the next line is
    named by the words the line above runs on to."""
    record = ingest_text("\n".join(lines))
    assert str(getattr(record.headline, label).value) == value


def test_a_figure_below_a_closed_sentence_or_a_heading_takes_no_label_from_it():
    record = ingest_text("示例县档案馆2023年度部门整体支出绩效自评报告\n（一）基本支出\n401.00万元用于人员工资。")
    assert record.headline.expenditure_basic is None


SCORE_TABLE = """示例县农技站2023年度项目支出绩效自评报告
一、绩效指标完成情况
一级指标    二级指标        三级指标              分值    得分
产出指标    数量指标        完成培训人次          20      18
产出指标    质量指标        培训合格率            20      20
效益指标    社会效益指标    农户满意度            10      9
合计                                              50      47
"""


def _tabbed(text: str) -> str:
    return re.sub(r"(?<=\S) {2,}(?=\S)", "\t", text)


@pytest.mark.parametrize("export", [_tabbed, lambda t: _tabbed(t).replace("\n", "\r\n")], ids=["tabs", "tabs-crlf"])
def test_a_tab_separated_score_table_reads_as_the_spaced_one(export):
    def items(text: str) -> list[tuple]:
        lines = [line for page in pages_of(text) for line in page.lines]
        return [(s.item, s.max, s.score, s.kind) for s in ingest_text("\n".join(lines)).scores]

    assert items(export(SCORE_TABLE)) == items(SCORE_TABLE)
    assert ("完成培训人次", 20, 18, "item") in items(export(SCORE_TABLE))


@pytest.mark.parametrize(
    "text, width",
    [("收入\t651", 11), ("决算数合计\t651", 19), ("a\tb\tc", 17), ("收入 651", 8)],
    ids=["tab-after-short-cell", "tab-after-long-cell", "two-tabs", "no-tab"],
)
def test_a_tab_runs_to_the_next_tab_stop(text, width):
    assert display_width(text) == width


def test_a_short_page_of_rows_and_tabbed_fields_is_not_wrapped():
    """A web page's field line with tab gaps and a few table rows glued together: four lines of a similar
    width are a coincidence, not a page edge; nothing is joined."""
    lines = ["2019年度示例县助学金项目绩效评价指标表", "发布时间: 2020-12-02\t发布机构:教育局\t字体:[\t]",
             "体裁分类:决算信息\t主题分类:科技、教育\t文号:\t索引号:abc/1606877482923",
             "2019年度示例县助学金项目绩效评价指标表", "评价指标评价内容指标名称指标说明目标值分值备注",
             "项目年度绩效目标(定量指标)制度指标规章制度建立与否20", "产出数量指标享受资助人数达到预计值210010",
             "资金支出率达到目标值95%10", "质量指标建档立卡学生全面覆盖100%10", "资助对象满意度达到目标值95%以上10",
             "时效指标及时发放率达到目标值100%20", "成本指标资助标准达标率100%20", "总分", "100"]
    clean = clean_document(txt(lines))
    assert len(clean.text.split("\n")) == len(lines)


@pytest.mark.parametrize(
    "lines, kind",
    [(["示例市示例区文化旅游局2023年度整体(项目)支出", "绩效自评", "一、部门概况"], "dept_and_project"),
     (["示例县农业农村局2023年度高标准农田建设项目", "绩效自评表", "项目名称 高标准农田建设"], "project")],
    ids=["dept-and-project", "project"],
)
def test_a_title_wrapped_over_two_lines_names_the_report(lines, kind):
    assert ingest_text("\n".join(lines)).kind == kind


def test_a_file_name_line_is_not_joined_to_the_text_below():
    lines = ["示例县档案馆2023年部门整体支出绩效报告及附表.docx", *wrap_every(PARAGRAPH, 30)]
    clean = clean_document(txt(lines))
    assert clean.text.split("\n")[:2] == [lines[0], PARAGRAPH]


def test_four_lines_of_one_width_are_no_wrap_width():
    lines = ["评价指标评价内容指标名称指标说明目标值分值", "项目年度绩效目标制度指标规章制度建立与否20",
             "产出数量指标享受资助人数达到预计值210010", "时效指标及时发放率达到目标值达标率100%20",
             "资金支出率达到目标值95%10", "质量指标全面覆盖100%10", "满意度达到目标值95%以上", "成本指标达标率100%20"]
    assert wrap_width(lines) is None
    assert wrap_width(lines[:4] * 2 + lines[4:]) is not None  # eight lines run to it: a page edge


def test_a_page_wrapped_in_columns_is_not_read_as_wrapped_in_characters():
    """A proportional layout fits more digits on a line: lines of equal screen width, not of equal length."""
    lines = ["本年度收入合计1234.56万元，其中财政拨款收入1200.00万元", *(["本单位认真落实预算绩效管理各项要求，细化工作方案"] * 8)]
    found = wrap_width(lines)
    assert found is not None and found.measure is display_width


@given(st.lists(st.text(alphabet="示例档案馆收入支出0123456789.%，。\t ", max_size=60), max_size=30))
def test_wrap_width_never_raises(lines):
    found = wrap_width(lines)
    assert found is None or found.measure in (display_width, grid_width)
