"""Segmentation: heading levels, run-in headings, non-headings, section types, the seed tree."""
from __future__ import annotations

import pytest
from conftest import SEED, corpus_texts, gold_of, needs_seed, needs_shared, record_of

from extract.text.segment import parse_heading, section_type, segment


@pytest.mark.parametrize(
    "line, level, number, title",
    [
        ("一、基本情况", 1, "一、", "基本情况"),
        ("十一、其他需要说明的事项", 1, "十一、", "其他需要说明的事项"),
        ("一 基本情况", 1, "一", "基本情况"),
        ("第二部分 绩效分析", 1, "第二部分", "绩效分析"),
        ("（一）部门整体概况", 2, "（一）", "部门整体概况"),
        ("(二)部门整体支出绩效目标。", 2, "(二)", "部门整体支出绩效目标"),
        ("三) 当年部门整体支出绩效", 2, "三)", "当年部门整体支出绩效"),
        ("（一）预算编制情况总分 28 分，得分 28 分。", 2, "（一）", "预算编制情况"),
        ("1.部门主要职责", 3, "1.", "部门主要职责"),
        ("2、收入:792.22万元。", 3, "2、", "收入"),
        ("3． 部门人员编制构成。", 3, "3．", "部门人员编制构成"),
        ("（1）产出指标", 4, "（1）", "产出指标"),
        ("①数量指标:2023年完成", 5, "①", "数量指标"),
        ("  • 一、绩效目标分解下达情况", 1, "一、", "绩效目标分解下达情况"),
    ],
    ids=["l1", "l1-eleven", "l1-space", "part", "l2", "l2-ascii", "l2-lost-bracket", "l2-run-in",
         "l3-dot", "l3-comma", "l3-fullwidth", "l4", "l5-circled", "bullet"],
)
def test_heading_levels(line, level, number, title):
    h = parse_heading(line)
    assert (h.level, h.number, h.title) == (level, number, title)


@pytest.mark.parametrize(
    "line",
    ["一是贯彻执行党中央的路线方针", "一年来，我办依法编制预算", "1.5亿元的项目资金已拨付", "2022.12.31前完成",
     "一、基本情况……………………3", "40 次，跟踪常委会议定事项", "十分重视绩效管理工作"],
    ids=["yi-shi", "yi-nian", "decimal", "date", "toc", "count-at-line-start", "shi-fen"],
)
def test_not_headings(line):
    assert parse_heading(line) is None


@pytest.mark.parametrize(
    "title, kind",
    [("基本情况", "基本情况"), ("部门(单位)概况", "基本情况"), ("自评结论", "自评结论"), ("綜合評價結論", "自评结论"),
     ("绩效分析", "绩效分析"), ("主要绩效", "主要绩效"), ("存在的问题及改进意见", "存在问题"), ("相关建议", "相关建议"),
     ("部门整体收支情况", "收支情况"), ("部门整体支出绩效目标及任务", "绩效目标"), ("下一步改进措施", "改进措施")],
    ids=lambda x: x if isinstance(x, str) else None,
)
def test_section_types(title, kind):
    assert section_type(title) == kind


def test_toc_block_is_not_taken_for_headings():
    text = "\n".join(["目录", "一、基本情况", "二、自评结论", "三、绩效分析", "四、存在问题", "正文开始，本单位的情况如下。"])
    assert [s.number for s in segment(text, [0]) if s.level == 1] == []


def test_inline_level1_in_glued_text():
    text = "某镇人民政府2021年部门整体支出绩效评价报告 根据有关通知要求，现将情况报告如下： 一、基本情况 某镇是县政府领导下的镇一级政权机构，主要职能包括执行决定。"
    secs = segment(text, [0])
    assert [(s.number, s.title) for s in secs if s.level == 1] == [("一、", "基本情况")]


def test_sections_nest_and_close():
    text = "一、基本情况\n（一）概况\n1.职责\n正文\n二、自评结论\n正文"
    secs = segment(text, [0])
    assert [(s.level, s.parent) for s in secs] == [(1, None), (2, 0), (3, 1), (1, None)]
    assert secs[0].end == secs[3].start and text[secs[3].start:].startswith("二、")


@needs_seed
def test_seed_tree():
    rec = record_of(str(SEED))
    top = [s.title for s in rec.sections if s.level == 1]
    assert top == ["基本情况", "自评结论", "绩效分析", "主要绩效", "存在的问题及改进意见", "相关建议"]
    children = {s.title: [c.title for c in rec.sections if c.parent == i] for i, s in enumerate(rec.sections)}
    assert children["基本情况"] == ["部门整体概况", "部门整体收支情况", "部门整体支出绩效目标及任务"]
    assert children["预算执行情"] == ["资金管理", "项目管理", "资产管理", "人员管理", "制度管理"]


def _norm(h: str) -> str:
    """A heading as the accuracy command compares it (blanks, separators, brackets, character form)."""
    from extract.gold import norm_heading

    return norm_heading(h)


@needs_shared
def test_corpus_level1_headings_agree_with_gold():
    tp = fp = fn = 0
    for path in corpus_texts():
        got = [_norm(s.number + s.title) for s in record_of(str(path)).sections if s.level == 1]
        want = [_norm(h) for h in gold_of(path)["headings"]]
        hit = sum(min(got.count(h), want.count(h)) for h in set(want))
        tp, fp, fn = tp + hit, fp + len(got) - hit, fn + len(want) - hit
    # 101 texts: 118 right, 0 extra, 0 missed (precision 1.000, recall 1.000)
    assert tp / (tp + fp) >= 0.99 and tp / (tp + fn) >= 0.99, (tp, fp, fn)


@pytest.mark.parametrize(
    "text, want",
    [
        ("一 绩效管理工作开展情况。\n本单位高度重视。\n二 部门整体支出情况。\n全年支出100万元。",
         [("一", "绩效管理工作开展情况"), ("二", "部门整体支出情况")]),
        ("一绩效管理工作开展情况。\n本单位高度重视。\n二存在的问题及改进措施。\n无。",
         [("一", "绩效管理工作开展情况"), ("二", "存在的问题及改进措施")]),
        ("一 是加强管理。\n二 是完善制度。", []),
        ("一般公共预算支出情况。\n三公经费支出情况。", []),
        ("根据要求现将情况报告如下：一、基本情况，本局是示例县政府工作部门，负责全县的示例工作，"
         "二、绩效目标完成情况分析，完成了年初设定目标，全年支出100万元，三、存在的问题，暂无。",
         [("一、", "基本情况"), ("二、", "绩效目标完成情况分析"), ("三、", "存在的问题")]),
        ("一、绩效目标分解下达情况示例厅下达示例专项资金20万元，用于示例工作，资金已全部到位并按计划使用完毕，"
         "二、绩效目标完成情况分析（一）资金投入情况，资金到位及时，其它支出5万元四、绩效自评结果拟应用和公开情况按要求公开。",
         [("一、", "绩效目标分解下达情况"), ("二、", "绩效目标完成情况分析"), ("四、", "绩效自评结果拟应用和公开情况")]),
        ("一、基本情况我单位是示例县的一个部门，主要职责是做好全县的示例工作（一）部门职责 做好示例工作"
         "二、绩效目标完成情况分析（一）目标 全年支出100万元三、存在的问题无。",
         [("一、", "基本情况"), ("二、", "绩效目标完成情况分析"), ("三、", "存在的问题")]),
        ("一、基本情况\n共有三级指标，其中一、二级指标由财政确定，三、四级指标由单位设定，各指标均已完成，未发现偏差情况。",
         [("一、", "基本情况")]),
        ("一、\n基本情况\n本局是示例县政府工作部门。\n二、\n绩效目标\n完成了目标。",
         [("一、", "基本情况"), ("二、", "绩效目标")]),
        ("**一、基本情况**\n本局是示例县政府工作部门。\n**二、绩效目标**\n完成了目标。",
         [("一、", "基本情况"), ("二、", "绩效目标")]),
        ("示例局2022年度部门整体支出绩效自评报告\n一 绩效管理工作开展情况。本单位高度重视绩效管理工作，成立了领导小组，"
         "制定了方案。二 部门整体支出情况。全年支出100万元，执行率100%。 三 存在的问题。无。",
         [("一", "绩效管理工作开展情况"), ("二", "部门整体支出情况"), ("三", "存在的问题")]),
        ("一、基本情况\n本局今年共实施项目三个，资金已全部到位并按计划使用完毕，效果良好。一项目资金使用情况良好，二项目资金管理规范。",
         [("一、", "基本情况")]),
        ("一、项目概况\n本项目用于示例救助。\n、项目绩效情况\n群众满意度98%。\n、评价结论及建议\n无。",
         [("一、", "项目概况"), ("、", "项目绩效情况"), ("、", "评价结论及建议")]),
        ("、项目绩效情况\n群众满意度98%。\n、项目绩效情况较好，群众满意。", []),
        ("一、部门概况\n(一)部门职能\n、绩效目标\n、评价结论\n、存在的问题\n本局高度重视，现将情况报告如下。\n一、部门概况\n本局是示例县政府工作部门。",
         [("一、", "部门概况")]),
        ("示例中心2022年整体和项目支出绩效自评总结报告 一 绩效管理工作开展情况。 本单位高度重视绩效管理工作，成立了领导小组，"
         "制定了方案。 二 部门(单位)整体和项目绩效自评结果。 按照要求开展自评，全年支出100万元。",
         [("一", "绩效管理工作开展情况"), ("二", "部门(单位)整体和项目绩效自评结果")]),
        ("一、部门(单位)基本概况\n本局是示例县政府工作部门。\n二、部门(单位", [("一、", "部门(单位)基本概况")]),
        ("示例学校专项资金绩效自评价报告一、基本情况本校2022年项目一个，资金100万元二、项目资金使用及管理情况资金严格按照文件要求使用"
         "三、预算支出组织实施情况全年支出87万元四、预算支出绩效情况保证了学校的正常运转五、存在的问题及原因分析暂无问题六、几点建议拨款应及时",
         [("一、", "基本情况"), ("二、", "项目资金使用及管理情况"), ("三、", "预算支出组织实施情况"), ("四、", "预算支出绩效情况"),
          ("五、", "存在的问题及原因分析"), ("六、", "几点建议")]),
        ("示例局2022年度部门整体支出绩效自评报告一、部门概况本局是政府工作部门，负责全县的示例工作二、部门整体支出管理及使用情况全年支出100万元"
         "三、部门整体支出绩效情况完成了年初目标四、存在的主要问题暂无五、改进措施和有关建议加强管理",
         [("一、", "部门概况"), ("二、", "部门整体支出管理及使用情况"), ("三、", "部门整体支出绩效情况"), ("四、", "存在的主要问题"),
          ("五、", "改进措施和有关建议")]),
    ],
    ids=["numeral-space-full-stop", "numeral-no-separator", "yi-space-shi", "yiban-sangong",
         "one-line-dump-commas", "one-line-dump-glued-numbers", "run-in-titles", "numbered-list-in-prose",
         "number-on-its-own-line", "markdown-bold", "dump-numbers-without-separator", "one-project-is-not-a-heading",
         "numerals-lost", "numeral-lost-without-numbered-heading", "toc-with-numerals-lost", "bare-numbers-in-a-dump",
         "heading-cut-by-excerpt-end", "dump-budget-spending-titles", "dump-compound-titles"],
)
def test_level1_habits(text, want):
    from extract.pipeline import ingest_text

    rec = ingest_text(text)
    assert [(s.number, s.title) for s in rec.sections if s.level == 1] == want


@pytest.mark.parametrize(
    "title, cut",
    [("绩效目标分解下达情况示例厅下达资金", "绩效目标分解下达情况"), ("部门基本情况我单位是", "部门基本情况"),
     ("項目支出明細情況支出內容", "项目支出明细情况"), ("示例县概况", None), ("二级指标完成情况", None)],
    ids=["template", "prefixed", "traditional", "not-opening-with-a-title", "list-of-levels"],
)
def test_template_title(title, cut):
    from extract.text.segment import template_title, to_simplified

    got = template_title(title)
    assert (to_simplified(got) if got else None) == cut


RUN_TOGETHER = ("一、基本情况 本单位负责全县档案工作。 二、绩效分析 （一）预算编制情况 编制依据充分。该项总分20分，得分19分。"
                " （二）预算执行情况 执行进度均衡。该项总分30分，得分28分。 （三）资产管理情况 账实相符。该项总分10分，得分10分。")


@pytest.mark.parametrize("text, level2", [
    (RUN_TOGETHER, ["预算编制情况", "预算执行情况", "资产管理情况"]),
    (RUN_TOGETHER.replace("（二）", "（五）"), ["预算编制情况"]),  # out of sequence: (五) and what follows are no headings
    ("一、基本情况 主要工作包括（一）人员经费管理；（二）项目经费管理，均按制度执行，全年运行平稳，未发现违规问题。", []),
    ("一、基本情况\n本单位年度支出主要包括 （一）人员经费，全年支出120万元，用于在职人员工资； （二）公用经费，全年支出30万元。", []),
], ids=["in-sequence", "out-of-sequence", "a-list-inside-a-sentence", "a-list-after-a-blank"])
def test_level2_headings_inside_a_page_whose_lines_ran_together(text, level2):
    sections = segment(text, [0])
    assert [s.title for s in sections if s.level == 2] == level2


def test_run_together_level2_headings_name_their_score_items():
    from extract.pipeline import ingest_text

    items = {s.item: (str(s.max), str(s.score)) for s in ingest_text(RUN_TOGETHER).scores}
    assert items == {"预算编制情况": ("20", "19"), "预算执行情况": ("30", "28"), "资产管理情况": ("10", "10")}
