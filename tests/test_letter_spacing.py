"""PDF-copy spacing: letter-spaced lines (Word's character spacing, 基 本 情 况) and a blank between a number
and its unit (95 %, 38508 人) read as the same report written without them.

Every text here is made up.  The blanks of letter-spacing mean nothing inside a heading's title or a
header cell; the blank before a unit is no cell border.
"""
from __future__ import annotations

import pytest

from extract.pipeline import ingest_text
from extract.tables.stream import cells_of
from extract.text.cleanup import remove_artefact_spaces
from extract.text.segment import parse_heading
from extract.text.spacing import is_letter_spaced


@pytest.mark.parametrize(
    "line, expected",
    [
        ("一、部 门(单 位)基 本 情 况", "一、部门(单位)基本情况"),
        ("二、绩 效 目 标 完 成 情 况", "二、绩效目标完成情况"),
        ("二 级 指 标", "二级指标"),
        ("三 公 经 费", "三公经费"),
        ("二 级", "二级"),
        ("一 基本情况", "一 基本情况"),
        ("示例项目 主管部门 示例局 分值", "示例项目 主管部门 示例局 分值"),
        ("是  否  是  否", "是  否  是  否"),
        ("| 项 目 名 称 | 示例 项目 | (2023年 度) |", "| 项目名称 | 示例 项目 | (2023年度) |"),
        ("产 出 指 标 (50分) | 数量指标 |", "产出指标 (50分) | 数量指标 |"),
        ("年 度 资 金 总 额 80 76 95% 是 否", "年度资金总额 80 76 95% 是 否"),
        ("单 位 名 称：  示 例 县 示 例 局    示例 项目 说明", "单位名称：  示例县示例局    示例 项目 说明"),
    ],
    ids=["heading-with-brackets", "heading", "header-word", "header-word-san-gong", "two-characters",
         "heading-separator-kept", "spaced-cells-kept", "wide-cell-gaps-kept", "table-row-cells", "table-row-cell-max",
         "row-name-before-numbers", "field-and-value-a-wide-gap-apart"],
)
def test_letter_spaced_line_reads_as_words(line, expected):
    assert remove_artefact_spaces(line) == expected


@pytest.mark.parametrize(
    "line, spaced",
    [("预 算 执 行 率", True), ("一、部 门(单 位)基 本 情 况", True), ("预算 执行 情况", False), ("是  否", False),
     ("示例局", False)],
    ids=["every-character-apart", "brackets-between", "words-apart", "wide-gap", "no-blank"],
)
def test_is_letter_spaced(line, spaced):
    assert is_letter_spaced(line) is spaced


@pytest.mark.parametrize(
    "cell",
    ["二 级 指 标", "一 级 指 标", "三 公 经 费", "二 级"],
    ids=["er-ji", "yi-ji", "san-gong", "er-ji-short"],
)
def test_letter_spaced_header_word_is_not_a_heading(cell):
    assert parse_heading(cell) is None


def _level1(text: str) -> list[str]:
    return [s.number + s.title for s in ingest_text(text).sections if s.level == 1]


@pytest.mark.parametrize(
    "lines, expected",
    [
        (["示例县示例局2023年度部门整体支出绩效自评报告", "一、部 门(单 位)基 本 情 况", "示例局负责全县的示例工作。",
          "二、绩效目标完成情况", "全年完成示例任务。"],
         ["一、部门(单位)基本情况", "二、绩效目标完成情况"]),
        (["一、基本情况", "示例局负责全县的示例工作。", "一 级 指 标", "二 级 指 标", "三 公 经 费", "二 级",
          "二、绩 效 分 析", "全年完成示例任务。"],
         ["一、基本情况", "二、绩效分析"]),
        (["一、基本情况", "示例局负责全县的示例工作。", "| 一 级 指 标 | 二 级 指 标 | 三 级 指 标 |",
          "二、自评结论", "自评得分95分。"],
         ["一、基本情况", "二、自评结论"]),
        (["示例局2023年度部门整体支出绩效自评报告", "| 一、部 门(单 位)基 本 情 况 |", "| 示例局负责全县的示例工作。 |",
          "二、绩效目标完成情况", "全年完成示例任务。"],
         ["一、部门(单位)基本情况", "二、绩效目标完成情况"]),
        (["示例局2023年度部门整体支出绩效自评报告", "一、", "部 门 基 本 情 况", "示例局负责全县的示例工作。",
          "二、绩 效 目 标 完 成 情 况：全年完成示例任务。"],
         ["一、部门基本情况", "二、绩效目标完成情况"]),
    ],
    ids=["letter-spaced-title-whole", "spaced-header-words-no-headings", "spaced-header-cells-no-headings",
         "letter-spaced-title-in-a-cell", "title-on-the-next-line-and-run-in"],
)
def test_level1_headings_of_letter_spaced_text(lines, expected):
    assert _level1("\n".join(lines)) == expected


@pytest.mark.parametrize(
    "text, cells",
    [
        ("质量指标 合格率 ≥95 % 96 % 10 10", ["质量指标", "合格率", "≥95 %", "96 %", "10", "10"]),
        ("数量指标 培训人数 500 人 520 人 20 20", ["数量指标", "培训人数", "500 人", "520 人", "20", "20"]),
        ("成本指标 培训成本 ≤30 万元 28.5 万元", ["成本指标", "培训成本", "≤30 万元", "28.5 万元"]),
        ("满意度指标(10 分) 群众满意度", ["满意度指标(10 分)", "群众满意度"]),
        ("指标值 度量单位 完成值 95 % 96", ["指标值", "度量单位", "完成值", "95", "%", "96"]),
        ("年度资金总额 2023 年 10 8", ["年度资金总额", "2023", "年", "10", "8"]),
    ],
    ids=["percent", "persons", "money", "stated-maximum", "unit-column-keeps-unit-apart", "no-unit-word"],
)
def test_a_number_and_its_unit_are_one_spaced_cell(text, cells):
    got = cells_of(text, spaced=True)
    assert [c.text for c in got] == cells
    assert all(text[c.start:c.end] == c.text for c in got)


FUND_SPACED = ("项目资金（万元） 年初预算数 全年预算数 全年执行数 分值 执行率 得分\n"
               "年度资金总额 80 80 76 10 95.00 % 9.5\n其中：当年财政拨款 80 80 76\n年度总体目标")
FUND_GLUED = ("示例项目绩效自评表项目资金(万元)全年预算数(A)全年执行数(B)执行率(B/A)年度资金总额62.562.5100 %"
              "其中:本级资金62.562.5100 %其他资金年度 总体 目标年初设定目标全年实际完成情况完成示例任务"
              "绩 效 指 标一级 指标二级 指标三级指标年度指标 值全年 完成值")  # cells run together, some broken by blanks
INDICATORS_SPACED = " ".join([  # a table flattened to one line, its cells separated by blanks
    "一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分",
    "产出指标 数量指标 示例培训场次 ≥50 个 50 8 8",
    "质量指标 示例验收合格率 ≥95 % 96 % 20 20",
    "成本指标 示例总成本 ≤90 万元 90 8 8",
    "满意度指标 服务对象满意度指标 示例群众满意度 ≥90 % 93 % 10 9",
    "总分 100 97",
])
NUMBERED_SPACED_HEADER = "\n".join([
    "重点评价结果如下：", "序号 |", "评价项目名称 |", "资金规模(万元) |", "评 分 情 况 |", "评 级 情 况 |",
    "1 |", "示例道路养护项目 |", "120 |", "88.5 |", "良 |",
    "2 |", "示例学校改造项目 |", "300 |", "91 |", "优 |",
])


@pytest.mark.parametrize(
    "text, headline",
    [
        (FUND_SPACED, {"budget_adjusted": "80", "expenditure_total": "76", "execution_rate": "95.00"}),
        (FUND_GLUED, {"budget_adjusted": "62.5", "expenditure_total": "62.5", "execution_rate": "100"}),
    ],
    ids=["fund-row-spaced-rate", "fund-row-glued-rate"],
)
def test_fund_rate_with_its_percent_a_blank_apart(text, headline):
    rec = ingest_text(text)
    got = {k: str(getattr(rec.headline, k).value) for k in headline if getattr(rec.headline, k)}
    assert got == headline
    for k in headline:
        span = getattr(rec.headline, k)
        assert rec.text[span.start:span.end] == span.raw


@pytest.mark.parametrize(
    "text, items",
    [
        (INDICATORS_SPACED, {("示例培训场次", "8", "8"), ("示例验收合格率", "20", "20"), ("示例总成本", "8", "8"),
                             ("示例群众满意度", "10", "9")}),
        (NUMBERED_SPACED_HEADER, {("示例道路养护项目", "None", "88.5"), ("示例学校改造项目", "None", "91")}),
    ],
    ids=["indicator-rows-units-apart", "numbered-table-letter-spaced-header"],
)
def test_scores_of_spaced_tables(text, items):
    names = {name for name, _, _ in items}
    rec = ingest_text(text)
    got = {(s.item, str(s.max), str(s.score)) for s in rec.scores if s.item in names}
    assert got == items  # each row read once, its figures in their columns


def test_letter_spaced_fund_heading_states_the_block_maximum():
    """A fund block under 预 算 执 行 情 况(10 分) with its own 权重 column: the heading is the block's header, the
    total row its one item (no second item from the total row's name)."""
    text = "\n".join(["预 算 执 行 情 况(10 分) |", "年度预算数(万元) |", "年初预算 |", "调整后预算数 |", "预算执行数 |",
                      "预算执行率 |", "权重 |", "得分 |", "总额 |", "50 |", "50 |", "45 |", "90.00 % |", "10 |", "9 |",
                      "绩效指标(90 分) |"])
    rec = ingest_text(text)
    assert [(s.item, str(s.max), str(s.score)) for s in rec.scores if s.max == 10] == [("预算执行情况", "10", "9")]


@pytest.mark.parametrize("heading, maximum", [("预算执行情况(万元)(20 分)", "20"), ("预算执行情况(万元)(2 0 分)", None)],
                         ids=["max-a-blank-from-its-unit", "max-digits-letter-spaced"])
def test_a_fund_headings_maximum_is_kept_only_where_the_text_holds_it_as_read(heading, maximum):
    """The maximum on the fund block's total row comes from its heading; digits written apart (2 0) have no span
    of the text that reads 20, so the item's maximum is left empty rather than pointed at the wrong characters."""
    rows = [[heading, "预算数(A)", "执行数(B)", "执行率(B/A)", "得分(分*执行率)"], ["年度资金总额", "100", "95", "95%", "19"]]
    record = ingest_text("示例学院2023年度学生资助项目绩效目标自评表\n" + "\n".join(" | ".join(r) + " |" for r in rows))
    item = next(s for s in record.scores if s.item.startswith("年度资金总额"))
    assert (None if item.max is None else str(item.max), str(item.score)) == (maximum, "19")
    assert record.text[item.start:item.end] == item.raw


def test_a_unit_column_named_in_a_sentence_does_not_split_numbers_from_their_units():
    from extract.tables.stream import cells_of

    text = "本表金额的计量单位：万元。\n合格率 95 % 96 %"
    assert [c.text for c in cells_of(text, spaced=True)][-3:] == ["合格率", "95 %", "96 %"]
