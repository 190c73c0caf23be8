"""Tables flattened into text: fund tables (spaced, piped, glued) and indicator score tables."""
from __future__ import annotations

from decimal import Decimal

import pytest

from extract.tables import grid_figures
from extract.tables.layouts.fund_table import fund_figures, read_fund_tables
from extract.tables.layouts.score_rows import as_grid
from extract.tables.layouts.score_table import read_score_tables
from extract.tables.rebuild import figures_of

HEADER = "项目资金（万元） 全年预算数(A) 全年执行数(B) 分值 执行率(B/A) 得分\n"


def as_items(rows, text: str):
    """Score items of rows read by a glued indicator reader, through the grid's one path to figures."""
    return figures_of([as_grid(rows, text, "test")], text, [0]).scores


def rows(text: str) -> list[dict[str, str]]:
    out = []
    for t in read_fund_tables(text):
        for r in t.rows:
            out.append({t.columns[c].name: tok.text for c, tok in sorted(r.cells.items())} | {"_": r.label})
    return out


@pytest.mark.parametrize(
    "body, expected",
    [
        ("年度资金总额： 20 20 10 100% 10\n其中：本年财政拨款 20 20\n年度总体目标",
         [{"_": "年度资金总额", "全年预算数(A)": "20", "全年执行数(B)": "20", "分值": "10", "执行率(B/A)": "100%", "得分": "10"},
          {"_": "本年财政拨款", "全年预算数(A)": "20", "全年执行数(B)": "20"}]),
        ("| 年度资金总额： | 9.48 | 9.48 | 10 | 100% | 10 |\n| 其他资金 | - | - | | | |\n年度总体目标",
         [{"_": "年度资金总额", "全年预算数(A)": "9.48", "全年执行数(B)": "9.48", "分值": "10", "执行率(B/A)": "100%", "得分": "10"}]),
        ("年度资金总额:202010100.00%10其中:本年财政拨款2020其他资金年度总体目标",
         [{"_": "年度资金总额", "全年预算数(A)": "20", "全年执行数(B)": "20", "分值": "10", "执行率(B/A)": "100.00%", "得分": "10"},
          {"_": "本年财政拨款", "全年预算数(A)": "20", "全年执行数(B)": "20"}]),
    ],
    ids=["spaced", "piped", "glued-proven-by-rate"],
)
def test_fund_table_rows(body, expected):
    assert rows(HEADER + body) == expected


def test_a_row_short_of_cells_gives_no_headline_figure():
    text = "项目资金（万元） 全年预算数(A) 全年执行数(B)\n年度资金总额：202020\n年度总体目标"
    mentions, _, _, _ = fund_figures(text, [0])
    assert [(m.value, m.key, m.label) for m in mentions] == [(Decimal("202020"), None, "年度资金总额 (列不明)")]


def test_fund_figures_keep_offsets_unit_and_headline_keys():
    text = "资金情况（元） 年初预算数 全年预算数 全年执行数\n年度资金总额： 100000 120000 90000\n年度总体目标"
    mentions, items, spans, notes = fund_figures(text, [0])
    assert [(m.value, m.key) for m in mentions] == [
        (Decimal("10"), "budget_initial"), (Decimal("12"), "budget_adjusted"), (Decimal("9"), "expenditure_total")]
    assert all(text[m.start:m.end] == m.raw for m in mentions) and items == []


def scored(text: str) -> list[tuple[str | None, str | None]]:
    items, _, _ = read_score_tables(text, [0])
    return [(None if i.max is None else str(i.max), None if i.score is None else str(i.score)) for i in items]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 偏差原因\n产出指标 数量指标 安装数量 ≥50个 50 8 8 "
         "质量指标 合格率 ≥100% 100 8 7 经费支出合规性 严格执行 达成预期指标 10 10", [("8", "8"), ("8", "7"), ("10", "10")]),
        ("| 一级指标 | 二级指标 | 三级指标 | 分值 | 年度指标值 | 全年实际值 | 得分 |\n"
         "| 产出指标 | 数量指标 | 种植面积 | 20 | 29.5亩 | 29.5亩 | 18 |\n| 质量指标 | 成活率 | 5 | 95% | 95% | 5 |",
         [("20", "18"), ("5", "5")]),
        ("| 一级指标 | 二级指标 | 三级指标 | 年初目标值(A) | 实际完成值(B) | 得分 |\n| 数量指标 | 示范区 | ≧200亩 | 200亩 | 15.0 |",
         [(None, "15.0")]),
        ("绩效指标一级指标二级指标三级指标分值年度指标值全年实际值得分\n安装坡面水标尺10≥266米≥266米10验收合格率20100%100%20",
         [("10", "10"), ("20", "20")]),
        ("一级指标\n二级指标\n三级指标\n分值\n指标解释\n得分\n目标设定\n合理性\n5\n目标是否符合实际\n5\n明确性\n3\n指标是否清晰\n3",
         [("5", "5"), ("3", "3")]),
    ],
    ids=["spaced-adjacent", "piped-max-first", "piped-score-only", "glued", "one-cell-per-line"],
)
def test_indicator_rows(text, expected):
    assert scored(text) == expected


def test_doubled_total():
    assert scored("……总分100100注：") == [("100", "100")]


def test_one_cell_per_line_table_with_row_numbers():
    text = "\n".join(["序号", "项目名称", "资金规模(万元)", "评分情况", "1", "甲项目", "460", "90.1", "2", "乙项目", "265", "83", "说明"])
    figures = grid_figures(text, [0])
    mentions, items = figures.mentions, figures.scores
    assert [(m.label, m.value) for m in mentions] == [("甲项目 资金规模(万元)", Decimal("460")), ("乙项目 资金规模(万元)", Decimal("265"))]
    assert [(i.item, i.score) for i in items] == [("甲项目", Decimal("90.1")), ("乙项目", Decimal("83"))]


@pytest.mark.parametrize(
    "body, expected",
    [
        ("规章制度建立与否20\n享受资助人数达到预计值210010\n资金支出率达到目标值95%10\n及时发放率100%20\n达标率100%40\n总分\n100",
         [("20",), ("10",), ("10",), ("20",), ("40",), ("100",)]),
        ("规章制度建立与否20\n享受资助人数达到预计值210010\n资金支出率达到目标值95%10\n总分\n90", []),
    ],
    ids=["proven-by-total", "total-disagrees"],
)
def test_single_column_glued_rows(body, expected):
    from extract.tables.layouts.score_column import single_column_rows

    text = "指标名称指标说明目标值分值备注\n" + body
    items = as_items(single_column_rows(text, text.index("\n"), len(text), "max"), text)
    assert [(str(i.max),) for i in items] == expected
    assert all(text[i.start:i.end] == i.raw for i in items)


@pytest.mark.parametrize(
    "lines, expected",
    [
        (["| 支出类别 | 年初预算（万元） | 实际支出（万元） |", "| 基本支出 | — | 412.06 |", "| 项目支出 | — | 138.90 |",
          "| 合计 | 536.20 | 550.96 |"],
         [("412.06", "expenditure_basic"), ("138.90", "expenditure_project"), ("536.20", "budget_initial"),
          ("550.96", "expenditure_total")]),
        (["| 项目 | 金额（元） |", "| 基本支出 | 5,299,900.00 |", "| 其他 | 12 |"],
         [("529.99", "expenditure_basic"), ("0.0012", None)]),
        (["| 指标 | 完成值 |", "| 合格率 | 100 |", "| 数量 | 12 |"], []),
    ],
    ids=["unit-in-column-header", "yuan-converted", "no-amount-column"],
)
def test_amount_tables_in_pipe_rows(lines, expected):
    from extract.tables import grid_figures

    text = "\n".join(lines)
    got = grid_figures(text, [0]).mentions
    assert [(str(m.value), m.key) for m in got] == expected
    assert all(text[m.start:m.end] == m.raw and m.row and m.column for m in got)


def test_wrapped_score_rows_copied_from_a_pdf():
    from extract.tables.layouts.score_pairs import wrapped_rows

    text = "项目决策(20分)科学决策(10分)必要性\n5 5可行性\n5 4 (\n3分)项目执行执行规范\n3 2 (\n正文说明\n12 8 号文件"
    items = as_items(wrapped_rows(text), text)
    assert [(i.item, str(i.max), str(i.score)) for i in items] == [
        ("必要性", "5", "5"), ("可行性", "5", "4"), ("项目执行执行规范", "3", "2")]


def test_wrapped_pairs_need_a_score_table():
    from extract.tables.layouts.score_pairs import wrapped_rows

    assert wrapped_rows("某段说明文字\n5 5可行性\n3 2 其他") == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("项目决策(10分)完整性4一目标明确4相关性2一按标准管理2可行性2实际需求2适当性2有测算标准2",
         [("4", "4"), ("2", "2"), ("2", "2"), ("2", "2")]),
        ("成本指标(10分)办公所需成本415万元15万元4维修所需成本335万元35万元3绿化成本314.8万元14.8万元3项目",
         [("4", "4"), ("3", "3"), ("3", "3")]),
        ("项目决策(10分)完整性4一目标明确4相关性2一按标准管理2", []),
    ],
    ids=["one-digit-maxima", "amount-cells-between", "does-not-add-up"],
)
def test_glued_rows_proven_by_their_group(text, expected):
    from extract.tables.layouts.score_groups import grouped_rows

    rows, bodies = grouped_rows(text)
    items = as_items(rows, text)
    assert [(str(i.max), str(i.score)) for i in items] == expected
    assert {i.group for i in items} <= {text[:4]}  # each row keeps the group whose maximum proved it
    assert all(text[i.start:i.end] == i.raw for i in items) and len(bodies) == len(items)


@pytest.mark.parametrize(
    "text",
    ["项目管理(100分)" + "".join(f"甲乙{i % 9 + 1}丙丁{i % 7}" for i in range(200)),
     "项目资金（万元） 年初预算数 全年预算数 全年执行数 分值 执行率 得分\n年度资金总额：" + "9" * 27 + "%10\n年度总体目标"],
    ids=["many-readings", "long-glued-digits"],
)
def test_glued_decoders_stay_bounded_and_unsure(text):
    from extract.pipeline import ingest_text

    rec = ingest_text(text)
    assert [s.raw for s in rec.scores if s.score is not None] == []
    assert [m.raw for m in rec.mentions if m.origin == "table"] == []


def test_unsplittable_glued_row_is_a_warning_not_a_figure():
    from extract.pipeline import ingest_text

    rec = ingest_text("项目资金（万元） 全年预算数(A) 全年执行数(B) 分值 执行率(B/A) 得分\n年度资金总额：1234567890123456%10\n年度总体目标")
    assert [m for m in rec.mentions if m.origin == "table"] == []
    assert any("年度资金总额" in w and "left unread" in w for w in rec.warnings)


NET_BUDGET_HEADER = ("资金投入情况（万元）\n行次 全年预算数(A) 统筹整合资金数(B) 扣除统筹整合资金后预算金额(C) 全年到位资金(D) "
                     "预算到位(D/C×100%) 全年执行资金(E) 预算执行(E/C×100%)\n")


@pytest.mark.parametrize(
    "row, keyed",
    [
        # B blank: C = A - 0 and D/C = 100% leave one way, A is 52.80
        ("1 52.80 52.80 52.80 100.00% 30.80 58.33%",
         {"budget_adjusted": "52.80", "expenditure_total": "30.80", "execution_rate": "58.33"}),
        ("1 62.80 10 52.80 52.80 100.00% 30.80 58.33%",
         {"budget_adjusted": "62.80", "expenditure_total": "30.80", "execution_rate": "58.33"}),
        # a cell is missing but C = A - B fits no way: nothing is placed by guess
        ("1 62.80 52.80 52.80 100.00% 30.80 58.33%", {}),
    ],
    ids=["deduction-blank", "every-cell", "net-budget-contradicts"],
)
def test_missing_cells_aligned_by_the_tables_own_formulas(row, keyed):
    text = NET_BUDGET_HEADER + "年度资金总额： " + row + "\n年度总体目标"
    mentions, _, _, _ = fund_figures(text, [0])
    assert {m.key: str(m.value) for m in mentions if m.key} == keyed
    assert sorted(str(m.value) for m in mentions if m.type == "money") == sorted(row.split()[1:-3] + row.split()[-2:-1])


#: the 云南 2022年度项目支出绩效自评表 as a web page copies it: one cell per line, each closed by ``|``, empty cells kept
#: as bare ``|`` lines; the form's 权重 filled and its 得分 left blank
YUNNAN_BAR_LINES = "\n".join([
    "预算执行情况(10分) |", "年度预算数(万元) |", "年初预算 |", "调整后预算数 |", "预算执行数 |", "预算执行率 |", "权重 |", "得分 |",
    "原因 |", "年度资金总额 |", "50.00 |", "60.00 |", "54.00 |", "90.00% |", "10 |", "|", "|",
    "绩效指标(90分) |", "一级指标 |", "二级指标 |", "三级指标 |", "指标性质 |", "指标值 |", "度量单位 |", "完成值 |", "权重 |",
    "得分 |", "未完成原因分析 |", "产出指标 |", "数量指标 |", "发放覆盖率 |", "= |", "100 |", "% |", "|", "60 |", "|", "|",
    "效益指标 |", "社会效益指标 |", "足额保障率 |", "= |", "100 |", "% |", "|", "30 |", "|", "|", "合计 |", "100 |", "|", "|",
    "评价结论 |",
])


def test_bar_closed_cells_keep_their_empty_cells_and_a_blank_score_is_no_score():
    from extract.pipeline import ingest_text

    rec = ingest_text(YUNNAN_BAR_LINES)
    got = [(s.item, str(s.max), s.score, s.level, s.group) for s in rec.scores if s.origin == "table"]
    assert ("发放覆盖率", "60", None, 3, "产出指标 / 数量指标") in got
    assert ("足额保障率", "30", None, 3, "效益指标 / 社会效益指标") in got
    assert ("合计", "100", None, None, "") in got  # its blank 得分 and 原因 cells place the 100 in 权重


@pytest.mark.parametrize(
    "tail, expected",
    [(["合计 |", "100 |", "|", "|"], [("100", None)]),
     (["合计 |", "100 |", "|", "未达标 |"], []),  # a reason written: the row is one cell short, not proven
     (["合计 |", "100 |", "96 |", "|"], [("100", "96")])],
    ids=["blank-score", "reason-written", "scored"],
)
def test_total_row_placed_by_kept_empty_cells(tail, expected):
    from extract.pipeline import ingest_text

    lines = YUNNAN_BAR_LINES.split("\n")
    rec = ingest_text("\n".join([*lines[:lines.index("合计 |")], *tail, "评价结论 |"]))
    assert [(str(s.max), None if s.score is None else str(s.score)) for s in rec.scores if s.item == "合计"] == expected


def test_a_fund_heading_restating_the_rows_maximum_is_not_an_item_of_its_own():
    from extract.pipeline import ingest_text

    rec = ingest_text(YUNNAN_BAR_LINES)
    tens = [s for s in rec.scores if s.max == Decimal(10)]
    assert len(tens) == 1 and tens[0].raw == "10" and tens[0].item == "预算执行情况"  # named by the heading


@pytest.mark.parametrize(
    "body, expected",
    [
        ("质量指标渔船补贴发放率100%100%10时效指标", [("渔船补贴发放率", "10", "质量指标")]),
        ("满意度指标群众满意度≥90%95%10总分", [("群众满意度", "10", "满意度指标")]),
        ("数量指标补贴渔船数6620质量指标", []),  # no % sign: the digits cannot be split for sure
    ],
    ids=["percent-cells", "comparator-in-target", "no-proof"],
)
def test_glued_rows_of_a_score_only_form_split_at_percent_signs(body, expected):
    text = "二级指标三级指标年初目标值(A)实际完成值(B)得分" + body
    items, _, values = read_score_tables(text, [0])
    got = [(i.item, str(i.score), i.group) for i in items if i.max is None and i.kind == "item"]
    assert got == expected
    assert all(text[i.start:i.end] == i.raw for i in items) and len(values) == 2 * len(expected)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("二、绩效评价指标评分一级指标分值二级指标分值三级指标分值得分项目决策20项目目标4相关性22",
         [("项目决策", "20", None, 1), ("项目目标", "4", None, 2)]),
        ("一级指标分值二级指标分值三级指标分值得分项目决策20项目目标4立项依据充分性22", [("项目决策", "20", None, 1)]),
    ],
    ids=["groups-with-maxima", "digits-run-together-stay-unread"],
)
def test_cells_run_together_cut_at_script_changes_and_column_names(text, expected):
    from extract.pipeline import ingest_text

    rec = ingest_text(text)
    got = [(s.item, str(s.max), s.score, s.level) for s in rec.scores if s.origin == "table"]
    assert all(g in got for g in expected)
    assert not any(s.score is not None for s in rec.scores if s.origin == "table")  # 22 is not cut into 2 | 2


def test_glued_rows_keep_their_group_as_parent():
    from extract.pipeline import ingest_text

    rec = ingest_text("项目决策(10分)完整性4一目标明确4相关性2一按标准管理2可行性2实际需求2适当性2有测算标准2")
    group = next(k for k, s in enumerate(rec.scores) if s.item == "项目决策")
    leaves = [s for s in rec.scores if s.score is not None]
    assert len(leaves) == 4 and all(s.parent == group and s.group == "项目决策" for s in leaves)


def test_glued_rows_keep_a_leaf_mark_apart_from_the_name():
    text = "三级指标分值年度指标值实际完成值得分★补助鱼塘面积10≥266亩≥266亩10水标尺宽度5≥2米≥2米4"
    items, spans, values = read_score_tables(text, [0])
    assert [(i.item, i.marker, str(i.max), str(i.score)) for i in items] == [
        ("补助鱼塘面积", "★", "10", "10"), ("水标尺宽度", None, "5", "4")]
    assert all(text[i.start:i.end] == i.raw for i in items) and len(spans) == 2 and len(values) == 4


@pytest.mark.parametrize("text,levels", [
    ("三级指标分值年度指标值实际完成值得分★补助鱼塘面积10≥266亩≥266亩10水标尺宽度5≥2米≥2米4", [3, 3]),
    ("指标名称分值年度指标值实际完成值得分补助鱼塘面积10≥266亩≥266亩10水标尺宽度5≥2米≥2米4", [None, None]),
], ids=["header-names-level-3", "header-names-no-level"])
def test_glued_rows_take_the_level_their_header_names(text, levels):
    items, _, _ = read_score_tables(text, [0])
    assert [i.level for i in items] == levels
    assert all(i.partial for i in items)  # rows read one by one: no sum over them is proven


@pytest.mark.parametrize("group,level", [("数量指标", 3), ("科学决策", 3), ("项目决策", None)])
def test_glued_rows_under_a_proven_group_are_leaves_below_a_level_2_group(group, level):
    """Under a level-2 group a row is a level-3 leaf; under a level-1 group it may be a level-2 item or a leaf
    whose level-2 cell was lost."""
    from extract.pipeline import ingest_text

    rec = ingest_text(f"{group}(10分)完整性4一目标明确4相关性2一按标准管理2可行性2实际需求2适当性2有测算标准2")
    leaves = [s for s in rec.scores if s.score is not None]
    assert len(leaves) == 4 and all(s.level == level and s.group == group for s in leaves)


# 湖北 财政预算支出项目绩效目标自评表 as a PDF copy keeps it: 项目 | 项目权重 | 评价内容 | 分值 | 自评分 | 复核分 | 评价标准及依据,
# the group's weight a cell of its own (项目决策 | 10 分), the scoring rules' sentences between the rows
WEIGHTED = ("项目 项目权重 评价内容 分值 自评分 复核分 评价标准及依据 "
            "项目决策 10 分 决策依据 5 5 有项目年度工作计划计 5 分,没有不得分。 目标申报 5 4 按时申报计 5 分。 "
            "项目管理 20 分 财务制度 10 10 制度健全计 10 分。 运行监管 10 8 每缺一项扣 0.5 分。 "
            "产出 指标 40 分 产出数量 20 18 ")


@pytest.mark.parametrize("text", [WEIGHTED, WEIGHTED.replace("。 ", "。\n")],
                         ids=["one-line", "a-row-a-line"])
def test_group_weight_cells_copied_with_spaces_give_groups_and_their_rows(text):
    from extract.pipeline import ingest_text

    rec = ingest_text(text)
    got = {(s.item, str(s.max), s.score and str(s.score), s.group) for s in rec.scores if s.origin == "table"}
    assert got == {("项目决策", "10", None, ""), ("决策依据", "5", "5", "项目决策"), ("目标申报", "5", "4", "项目决策"),
                   ("项目管理", "20", None, ""), ("财务制度", "10", "10", "项目管理"), ("运行监管", "10", "8", "项目管理"),
                   ("产出指标", "40", None, ""), ("产出数量", "20", "18", "产出指标")}
    assert all(rec.text[s.start:s.end] == s.raw for s in rec.scores)
    assert all(s.level is None for s in rec.scores)  # the frameworks' words do not prove a depth


@pytest.mark.parametrize("text", [
    "项目决策 10 分 决策依据 5 5 其余说明。",  # one weight cell: a sentence's figure as much as a table's
    "项目决策 10 分 决策依据 12 5 产出指标 40 分 ",  # a row's 分值 above its group's weight: no row of it
    "本项目决策 10 分,得分 9 分。项目管理 20分,得分 18分。",  # weights written in sentences, not cells
], ids=["one-group", "row-above-its-group", "sentences"])
def test_weight_cells_unproven_give_no_rows(text):
    from extract.tables.layouts.score_weights import weight_rows

    rows = weight_rows(text)
    assert not [r for r in rows if r.score is not None]


def test_rows_read_one_by_one_prove_no_group_sum():
    """项目管理 25 分 over rows of 10 and 10: a row of the group may be unread (its cells interleaved with a rule's
    sentence), so the sum check says nothing."""
    from extract.pipeline import ingest_text

    rec = ingest_text(WEIGHTED.replace("项目管理 20 分", "项目管理 25 分"))
    assert [s.max for s in rec.scores if s.item == "项目管理"] == [25]
    assert not [f for f in rec.findings if f.rule == "score.sum_children"]


def test_a_level_2_group_over_its_proven_rows_takes_level_2():
    from extract.pipeline import ingest_text

    rec = ingest_text("数量指标(10分)完整性4一目标明确4相关性2一按标准管理2可行性2实际需求2适当性2有测算标准2")
    group = next(s for s in rec.scores if s.item == "数量指标")
    assert group.level == 2 and all(s.level == 3 for s in rec.scores if s.score is not None)
