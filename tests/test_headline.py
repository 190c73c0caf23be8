"""Headline fields: the whole unit's figures only, each pointing at its mention; unsure means empty."""
from __future__ import annotations

from decimal import Decimal

import pytest
from conftest import SEED, needs_seed, record_of

from extract.models import HEADLINE_KEYS
from extract.pipeline import ingest_text

SEED_HEADLINE = {
    "budget_initial": "602.39", "budget_adjusted": None, "income_total": "651.17", "income_fiscal": "651.17",
    "expenditure_total": "651.17", "expenditure_basic": "529.99", "expenditure_project": "121.18",
    "execution_rate": "108", "staff_authorized": "35", "staff_actual": "35",
}


def values(text: str) -> dict:
    rec = ingest_text(text)
    return {k: (None if v is None else str(v.value)) for k, v in rec.headline}


@needs_seed
@pytest.mark.parametrize("key", HEADLINE_KEYS)
def test_seed_headline(key):
    rec = record_of(str(SEED))
    got = getattr(rec.headline, key)
    assert (None if got is None else got.value) == (None if SEED_HEADLINE[key] is None else Decimal(SEED_HEADLINE[key]))
    if got is not None:
        assert rec.text[got.start:got.end] == got.raw
        assert any(m.start == got.start and m.key == key for m in rec.mentions)


def test_figures_outside_the_unit_sections_do_not_compete():
    rec = ingest_text("一、基本情况\n年初预算500万元。\n四、主要绩效\n某项目年初预算600万元。")
    assert rec.headline.budget_initial.value == Decimal("500")


def test_parts_do_not_fill_totals():
    got = values("一、基本情况\n本年支出：100万元，其中：人员经费支出60万元，公用经费支出40万元。")
    assert got["expenditure_total"] == "100" and got["expenditure_basic"] is None


def test_changes_and_other_years_are_not_levels():
    got = values("一、基本情况\n收入：792.22万元。同比上年度增加189.25万元。上年收入决算数为991.58万元。")
    assert got["income_total"] == "792.22"


def test_conflicting_statements_leave_the_field_empty_with_a_warning():
    rec = ingest_text("一、基本情况\n年初预算500万元，执行率90%。\n（二）收支情况\n年初预算600万元。")
    assert rec.headline.budget_initial is None
    assert any("budget_initial" in w for w in rec.warnings)


def test_staff_given_by_group_has_no_total():
    got = values("一、基本情况\n单位行政编制7人，实有在职人数6人；事业编制6人，实有在职人数6人。")
    assert got["staff_authorized"] is None and got["staff_actual"] is None


def test_project_fund_table_fills_the_project_headline():
    text = ("项目支出绩效自评表（2022年度）\n项目资金（万元） 年初预算数 全年预算数 全年执行数 分值 执行率 得分\n"
            "年度资金总额： 90 90 89.97 10 99.97% 10\n其中：本年财政拨款 90 90 89.97\n年度总体目标")
    got = values(text)
    assert (got["budget_initial"], got["budget_adjusted"], got["expenditure_total"], got["execution_rate"]) == (
        "90", "90", "89.97", "99.97")


@pytest.mark.parametrize(
    "text, key, value",
    [("一、基本情况\n现有编制人员80人。其中，机关在职50人、离休3人、退休27人。", "staff_authorized", None),
     ("一、基本情况\n核定编制30人，实有在职人数28人。", "staff_authorized", "30"),
     ("一、基本情况\n本局下辖3个事业单位。机关现有干部职工40人（编制45人）。", "staff_authorized", None),
     ("一、基本情况\n机关现有干部职工40人（编制45人）。", "staff_authorized", "45")],
    ids=["posts-mixed-with-retirees", "plain-posts", "bureau-office-only", "no-subunits"],
)
def test_staff_figures_for_the_whole_unit_only(text, key, value):
    assert values(text)[key] == value


FORM_ON_ONE_LINE = "一、部门(单位)基本概况 联系人 王某 联络电话 0730-1234567 人员编制 {a} 实有人数 {b} 职能职责概述 负责全县档案工作。"


@pytest.mark.parametrize("text, authorized, actual", [
    (FORM_ON_ONE_LINE.format(a="21", b="19"), "21", "19"),
    (FORM_ON_ONE_LINE.format(a="21", b="19").replace(" ", ""), "21", "19"),  # cleanup took the blanks out
    ("一、基本情况 人员编制 2023年调整。", None, None),  # a year, no staff figure
], ids=["cells-apart-by-blanks", "cells-run-together", "a-year-after-the-field"])
def test_basic_data_form_flattened_onto_one_line(text, authorized, actual):
    got = values(text)
    assert (got["staff_authorized"], got["staff_actual"]) == (authorized, actual)


@pytest.mark.parametrize(
    "text, value",
    [("项目支出绩效自评报告\n一、项目概况\n下达某县农村道路养护转移支付资金（第二批）120万元，用于养护。", "120"),
     ("项目支出绩效自评报告\n一、项目概况\n上级下达补助资金：甲乡道路项目40万元；乙村桥梁项目25万元；丙镇供水项目35万元。"
      "共计下达转移支付资金100万元。", None)],
    ids=["transfer-payment-with-aside", "sum-of-several-projects"],
)
def test_project_allocation(text, value):
    assert values(text)["budget_adjusted"] == value


@pytest.mark.parametrize(
    "sentence, key, value",
    [("2023年初部门预算批复的总支出为800万元。", "budget_initial", "800"),
     ("年初预算安排资金800万元。", "budget_initial", "800"),
     ("年初預算800萬元，全年預算900萬元。", "budget_adjusted", "900"),
     ("本年度共计支出850万元。", "expenditure_total", "850"),
     ("全年累计支出资金850万元。", "expenditure_total", "850"),
     ("部门整体支出850万元。", "expenditure_total", "850"),
     ("2023年度支出决算850万元。", "expenditure_total", "850"),
     ("基本支出决算数600万元。", "expenditure_basic", "600"),
     ("部门整体支出预算执行率为97.5%。", "execution_rate", "97.5"),
     ("核定全额编制数12名。", "staff_authorized", "12"),
     ("实有在岗人员11人。", "staff_actual", "11"),
     ("全局共有干部职工11人。", "staff_actual", "11"),
     ("财政补助收入700万元。", "income_fiscal", "700"),
     ("年初部门预算800万元。", "budget_initial", "800"),
     ("年初预算总额800万元。", "budget_initial", "800"),
     ("预算调整后为900万元。", "budget_adjusted", "900"),
     ("全年预算总额900万元。", "budget_adjusted", "900"),
     ("整体预算执行率97.5%。", "execution_rate", "97.5"),
     ("定编12人。", "staff_authorized", "12"),
     ("核定编制五人，实有在职人员四人。", "staff_actual", "4"),
     ("核定编制五人，实有在职人员四人。", "staff_authorized", "5"),
     ("共有职工12人。", "staff_actual", "12"),
     ("年中追加预算100万元。", "budget_adjusted", None),
     ("某项目执行率88%。", "execution_rate", None)],
    ids=["initial-approved-total", "initial-arranged", "traditional-full-year", "gongji-spent", "leiji-spent",
         "overall-spending", "final-accounts", "basic-final", "overall-rate", "fully-funded-posts", "on-post",
         "cadres-and-workers", "fiscal-subsidy", "initial-dept-budget", "initial-total", "after-adjustment",
         "full-year-total", "overall-budget-rate", "dingbian", "staff-in-words", "posts-in-words", "gongyou-zhigong", "top-up-is-a-change", "one-project-rate"],
)
def test_unit_figures_in_prose(sentence, key, value):
    assert values("一、基本情况\n" + sentence)[key] == value


@pytest.mark.parametrize(
    "sentence, key, value",
    [("该项目预算数为60万元，已支出58万元。", "budget_adjusted", "60"),
     ("该项目预算数为60万元，已支出58万元。", "expenditure_total", "58"),
     ("项目总预算60萬元，已撥付58萬元。", "budget_adjusted", "60"),
     ("截至年底，项目资金支出58万元。", "expenditure_total", "58"),
     ("市财政批复项目资金60万元。", "budget_adjusted", "60"),
     ("该项目预算安排29.6万，实际支出29.6万。", "expenditure_total", "29.6")],
    ids=["budget-number", "spent", "traditional-total-budget", "fund-spending", "approved-funds", "wan-without-yuan"],
)
def test_project_figures_in_prose(sentence, key, value):
    assert values("某项目支出绩效自评报告\n一、项目概况\n" + sentence)[key] == value


def test_traditional_characters_in_labels():
    got = values("一、基本情況\n年初預算600萬元，調整後預算650萬元。財政補助收入600萬元，較上年減少50萬元。"
                 "本年支出合計640萬元，預算執行率98.46%。")
    assert (got["budget_initial"], got["budget_adjusted"], got["income_fiscal"], got["expenditure_total"],
            got["execution_rate"]) == ("600", "650", "600", "640", "98.46")


@pytest.mark.parametrize(
    "text, basic",
    [("年初预算600万元，其中基本支出500万元，项目支出100万元。", None),
     ("年初预算600万元，其中基本支出500万元。实际支出640万元，其中基本支出520万元。", "520"),
     ("预算执行数640万元，其中基本支出520万元。", "520")],
    ids=["parts-of-a-budget", "budget-and-spending", "execution-is-spending"],
)
def test_parts_of_a_budget_are_not_spending(text, basic):
    assert values("一、基本情况\n" + text)["expenditure_basic"] == basic


def test_a_clause_that_names_another_year_fills_nothing():
    rec = ingest_text("2023年度部门整体支出绩效自评报告\n一、基本情况\n2022年支出300万元，2023年支出320万元。")
    assert rec.year == 2023 and rec.headline.expenditure_total.value == Decimal("320")


def test_figures_stated_respectively():
    got = values("一、基本情况\n年初预算、调整后预算分别为600万元、650万元，编制人数和实有人数分别为35人、33人。")
    assert (got["budget_initial"], got["budget_adjusted"], got["staff_authorized"], got["staff_actual"]) == (
        "600", "650", "35", "33")


@pytest.mark.parametrize(
    "text, key, value",
    [("收入：财政拨款收入600万元，其他收入51.17万元，合计651.17万元。", "income_total", "651.17"),
     ("（二）支出情况：基本支出500万元，项目支出140万元，合计640万元。", "expenditure_total", "640"),
     ("培训费10万元，差旅费5万元，合计15万元。", "expenditure_total", None)],
    ids=["income-list", "spending-list-with-number", "list-without-a-head"],
)
def test_a_lists_total_is_named_by_its_head(text, key, value):
    assert values("一、基本情况\n" + text)[key] == value


@pytest.mark.parametrize(
    "text, key, value",
    [("一、基本情况\n本所在职人员总数42人，其中管理人员5人。", "staff_actual", "42"),
     ("一、基本情况\n截至2023年末，本馆年未实有人数9人。", "staff_actual", "9"),
     ("一、基本情况\n核定编制20人，202312月末在编在职人员19人。", "staff_actual", "19"),
     ("一、基本情况\n本中心为事业单位，核定事业编制21人。在职人员编制21人，其中事业编制21人，在职实有20人。",
      "staff_authorized", "21"),
     ("一、基本情况\n本局机关核定行政编制数12人，在职11人。下属事业单位核定编制数40人，在职人员38人。",
      "staff_authorized", None),
     ("一、基本情况\n本局总编制30个，其中行政编制10个、事业编制20个。在职人员总数27人，其中行政编制人员9人。"
      "参公编制人员调出1人。", "staff_authorized", "30"),
     ("一、基本情况\n本局总编制30个，其中行政编制10个、事业编制20个。在职人员总数27人，其中行政编制人员9人。"
      "参公编制人员调出1人。", "staff_actual", "27"),
     ("一、基本情况\n编制数16人（行政编制10人，事业编制6人），实有15人（行政10人，事业5人）。", "staff_authorized", "16"),
     ("一、基本情况\n编制数16人（行政编制10人，事业编制6人），实有15人（行政10人，事业5人）。", "staff_actual", "15"),
     ("一、基本情况\n核定编制12人，实有在职人员11人，其中：在职行政人员8人，在职工勤人员3人。", "staff_actual", "11")],
    ids=["total-head-count", "year-end-typo", "month-end", "single-group-equal-to-total", "office-and-subunits",
         "group-change-is-no-group", "group-change-head-count", "groups-in-a-bracket", "head-count-groups-in-a-bracket",
         "groups-named-like-the-total"],
)
def test_staff_phrasings(text, key, value):
    assert values(text)[key] == value


@pytest.mark.parametrize(
    "sentence, key, value",
    [("本年财政资金收入合计500万元，其中基本支出财政拨款收入300万元。", "income_fiscal", "500"),
     ("本年财政资金支出合计480万元，其中基本支出300万元，项目支出180万元。", "expenditure_total", "480"),
     ("部门预算总额800万元，其中基本支出700万元，项目支出100万元。执行率均为100%。", "execution_rate", "100"),
     ("部门预算总额800万元，其中基本支出700万元，项目支出100万元。完成率达到95%。", "execution_rate", None),
     ("项目支出100万元，项目完成率均达到100%。", "execution_rate", None),
     ("本年财政拨款收入300万元，上年结转15万元，合计315万元。", "income_total", "315"),
     ("本年财政拨款收入300万元，上年结转15万元，合计315万元。", "income_fiscal", "300"),
     ("基本支出200万元，项目支出90万元，合计290万元。", "expenditure_total", "290"),
     ("基本支出200万元，项目支出90万元，合计295万元。", "expenditure_total", None),
     ("上年度支出280万元。", "expenditure_total", None)],
    ids=["fiscal-funds-income", "fiscal-funds-spending", "rate-of-all-funds", "bare-rate-not-of-all",
         "project-rate-of-all", "proven-income-total", "carry-over-is-this-year", "proven-spending-total",
         "unproven-total", "last-year-spending"],
)
def test_unit_funds_in_prose_sections(sentence, key, value):
    assert values("一、基本情况\n" + sentence)[key] == value


@pytest.mark.parametrize(
    "text, value",
    [("项目支出绩效自评报告\n一、项目概况\n本年实施项目共6个，调整后项目预算500万元。", None),
     ("项目支出绩效自评报告\n一、项目概况\n年初批复4个项目300万元，调整预算后项目预算280万元。", None),
     ("项目支出绩效自评报告\n一、项目概况\n某道路项目分两批实施，合计批复总投资900万元。", "900")],
    ids=["counted-projects", "projects-with-budget", "approved-total-investment"],
)
def test_project_reports_of_several_projects(text, value):
    assert values(text)["budget_adjusted"] == value


@pytest.mark.parametrize(
    "text, key, value",
    [("项目支出绩效自评报告\n一、项目概况\n本校按每生每年800元安排，共计120万元，其中上级资金90万元，本级30万元。",
      "budget_adjusted", "120"),
     ("项目支出绩效自评报告\n一、项目概况\n下达给本单位资金5万元，其中：造林补助3万元，抚育补助调减2万元。",
      "budget_adjusted", None),
     ("项目支出绩效自评报告\n一、项目概况\n本校按每生每年800元支出，共计120万元。", "budget_adjusted", None),
     ("项目支出绩效自评报告\n一、项目基本情况\n计划投资额(万元)120.00实际到位资金(万元)100.00实际使用情况(万元)95.00",
      "budget_adjusted", "120.00"),
     ("项目支出绩效自评报告\n一、项目基本情况\n计划投资额(万元)120.00实际到位资金(万元)100.00实际使用情况(万元)95.00",
      "expenditure_total", "95.00"),
     ("项目支出绩效自评报告\n一、项目概况\n已兑现受灾农户临时生活救助资金3.6万元。", "expenditure_total", "3.6")],
    ids=["allocated-then-total", "net-of-cuts", "spent-then-total-is-no-budget", "form-planned-investment",
         "form-actual-use", "paid-out-relief"],
)
def test_project_allocation_phrasings(text, key, value):
    assert values(text)[key] == value


@pytest.mark.parametrize(
    "sentence, key, value",
    [("年初下达部门预算600万元。", "budget_initial", "600"),
     ("年初预算总收入600万元。", "budget_initial", "600"),
     ("追加后预算650万元。", "budget_adjusted", "650"),
     ("全年实际支出数630万元。", "expenditure_total", "630"),
     ("核定编制总数15人。", "staff_authorized", "15"),
     ("编制内实有人数14人。", "staff_actual", "14"),
     ("本站2023底有职工14人。", "staff_actual", "14"),
     ("全局干部职工总数25人。", "staff_actual", "25")],
    ids=["initial-issued", "initial-total-income", "after-top-up", "actual-spent-number", "posts-total",
         "within-posts-actual", "year-end-without-nian", "cadres-total"],
)
def test_more_unit_label_forms(sentence, key, value):
    assert values("一、基本情况\n" + sentence)[key] == value


@pytest.mark.parametrize(
    "sentence, key, value",
    [("全年执行数900万元，预算执行率90%。\n（二）项目情况\n城区绿化项目预算200万元，支出150万元，执行率75%。",
      "execution_rate", "90"),
     ("全年执行数900万元，预算执行率90%。\n（二）项目情况\n城区绿化项目预算200万元，支出150万元，执行率75%。",
      "expenditure_total", "900"),
     ("部门整体支出900万元，其中项目资金300万元，执行率90%。", "execution_rate", "90"),
     ("全年执行数900万元。\n二、项目支出情况\n1.城区绿化项目\n年初预算200万元，全年支出150万元，执行率75%。",
      "budget_initial", None),
     ("全年执行数900万元。\n二、项目支出情况\n1.城区绿化项目\n年初预算200万元，全年支出150万元，执行率75%。",
      "expenditure_total", "900")],
    ids=["named-project-rate", "named-project-spending", "unit-project-funds", "project-section-budget",
         "project-section-spending"],
)
def test_a_named_projects_figures_are_not_the_units(sentence, key, value):
    assert values("部门整体支出绩效自评报告\n一、基本情况\n" + sentence)[key] == value


ALLOCATION_TITLE = "示例县民政局关于2021年困难群众救助补助资金项目绩效自评报告\n一、资金基本情况\n"


@pytest.mark.parametrize(
    "body, initial, adjusted",
    [
        ("2021年困难群众救助补助资金下达我县111万元，其中低保资金100万元，孤儿保障金11万元，调减40万元，"
         "全年实际下达71万元，已全额发放。", "111", "71"),
        ("年初下达资金80万元。9月追加资金20万元，调整后下达资金100万元。", "80", "100"),
        # the arithmetic fails (111 - 40 is not 60): neither figure is taken as proven
        ("资金下达我县111万元，调减40万元，全年实际下达60万元。", None, None),
        # no change stated between them: no adjustment to prove
        ("资金下达我县111万元，全年实际下达111万元。", None, None),
    ],
    ids=["cut", "increase", "sum-fails", "no-change"],
)
def test_an_allocation_adjusted_during_the_year_is_proven_by_its_arithmetic(body, initial, adjusted):
    got = values(ALLOCATION_TITLE + body)
    assert (got["budget_initial"], got["budget_adjusted"]) == (initial, adjusted)


@pytest.mark.parametrize(
    "body, initial, adjusted",
    [
        ("根据《示例市财政局关于2021年部门预算的批复》(示财建〔2021〕6号),市财政下达示例县交通运输局道路养护经费260万元。",
         "260", None),
        # another year's approval says nothing of this year's budget
        ("根据《示例市财政局关于2020年部门预算的批复》,市财政下达道路养护经费260万元。", None, None),
    ],
    ids=["this-years-approval", "another-years-approval"],
)
def test_an_allocation_under_the_budget_approval_is_the_initial_budget(body, initial, adjusted):
    got = values("示例县交通运输局道路养护经费项目绩效自评报告\n2021年度\n一、项目资金情况\n" + body)
    assert (got["budget_initial"], got["budget_adjusted"]) == (initial, adjusted)


@pytest.mark.parametrize(
    "body, initial",
    [("部门预算安排450万元，年中追加50万元，调整后预算500万元。", "450"),
     ("部门预算安排450万元，年中追加50万元，全年实际下达500万元。", None)],  # the final figure does not name the unit's budget
    ids=["labelled-adjusted-budget", "unlabelled-final"],
)
def test_a_units_budget_adjusted_during_the_year(body, initial):
    got = values("示例县林业局2022年度部门整体支出绩效自评报告\n一、部门基本情况\n" + body)
    assert got["budget_initial"] == initial


RUN_ON = "一、基本情况 本单位负责全县档案的接收和保管工作，全年运行平稳。 （一）机构人员 核定编制18名。 （二）预算收支 {body}"


@pytest.mark.parametrize("body, label", [
    ("2023年度收入合计343.75万元，其中财政拨款收入343.75万元。", "收入"),  # not 预算收支2023年度收入
    ("：651.17万元。", "预算收支"),  # nothing between: the title is the label
], ids=["label-after-a-run-on-heading", "heading-title-as-label"])
def test_a_figure_after_a_run_on_heading_takes_its_own_label(body, label):
    from extract.pipeline import ingest_text

    record = ingest_text(RUN_ON.format(body=body))
    assert [s.title for s in record.sections if s.level == 2] == ["机构人员", "预算收支"]
    assert [m.label for m in record.mentions if m.type == "money"][0] == label
