"""The national form templates rendered every way a report reaches us, read back the same.

Two made-up forms: a filled 项目支出绩效自评表 (fund block, indicator block with merged
一级/二级 cells, ★ and 指标N: marks, 总分) and a 部门整体 three-level indicator table
(一级指标 | 分值 | 二级指标 | 分值 | 三级指标 | 分值 | 得分) with its fund table and 合计
row.  Each is rendered as HTML (rowspan), DOCX (vMerge, gridSpan), a ruled PDF, a
borderless PDF split over two pages, and as text flattened one cell per line (empty
cells dropped), in ``|`` rows, and space-separated.  Every rendering must give the
same score rows (name, 分值, 得分, level, group path) and the same fund cells.
"""
from __future__ import annotations

import pytest

from extract.pipeline import ingest_file
from extract.read.document import table_row_line

PROJECT_TEXT = """示例县水务局2023年度农村供水保障项目支出绩效自评报告
一、项目基本情况
本项目保障农村集中供水工程正常运行。
二、项目绩效自评表
[[TABLE:fund]]
[[TABLE:indicators]]
三、自评结论
各项指标基本完成。"""

FUND = [
    ["项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
    ["年度资金总额", "50", "48", "45.6", "10", "95%", "9.5"],
    ["其中：当年财政拨款", "40", "40", "38", "", "", ""],
    ["上年结转资金", "10", "8", "7.6", "", "", ""],
    ["其他资金", "", "", "", "", "", ""],
]
INDICATORS = [
    ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
    ["产出指标", "数量指标", "★★★维修供水管网长度", "≥12公里", "12.5公里", "20", "20", ""],
    ["产出指标", "数量指标", "指标2：新建蓄水池数量", "≥3座", "3座", "10", "10", ""],
    ["产出指标", "质量指标", "工程验收合格率", "100%", "100%", "20", "20", ""],
    ["产出指标", "时效指标", "完工及时率", "100%", "90%", "10", "8", "雨季影响，已督促。"],
    ["效益指标", "社会效益指标", "受益人口数量", "≥5000人", "5200人", "20", "20", ""],
    ["满意度指标", "服务对象满意度指标", "受益群众满意度", "≥90%", "95%", "10", "10", ""],
    ["总分", "", "", "", "", "", "", ""],
]
INDICATOR_TOTAL = ["总分", "", "", "", "", "100", "97.5", ""]
INDICATOR_MERGES = [(1, 0, 4, 0), (1, 1, 2, 1)]
PROJECT_SCORES = {
    ("年度资金总额(执行率)", "10", "9.5", 1, ""),
    ("维修供水管网长度", "20", "20", 3, "产出指标 / 数量指标"),
    ("新建蓄水池数量", "10", "10", 3, "产出指标 / 数量指标"),
    ("工程验收合格率", "20", "20", 3, "产出指标 / 质量指标"),
    ("完工及时率", "10", "8", 3, "产出指标 / 时效指标"),
    ("受益人口数量", "20", "20", 3, "效益指标 / 社会效益指标"),
    ("受益群众满意度", "10", "10", 3, "满意度指标 / 服务对象满意度指标"),
    ("总分", "100", "97.5", None, ""),
}
PROJECT_FUND = {
    ("年度资金总额", "年初预算数", "50"), ("年度资金总额", "全年预算数", "48"), ("年度资金总额", "全年执行数", "45.6"),
    ("年度资金总额", "执行率", "95"),
    ("其中：当年财政拨款", "年初预算数", "40"), ("其中：当年财政拨款", "全年预算数", "40"),
    ("其中：当年财政拨款", "全年执行数", "38"),
    ("上年结转资金", "年初预算数", "10"), ("上年结转资金", "全年预算数", "8"), ("上年结转资金", "全年执行数", "7.6"),
}

DEPT_TEXT = """示例市档案馆2023年度部门整体支出绩效自评报告
一、部门基本情况
本单位负责全市档案的收集、保管和利用。
二、部门整体支出情况
[[TABLE:fund]]
三、绩效指标完成情况
[[TABLE:indicators]]
四、自评结论
自评得分94分，等级为优秀。"""

DEPT_FUND = [
    ["项目", "年初预算数", "全年预算数", "全年支出数", "执行率"],
    ["基本支出", "300", "320", "316.8", "99%"],
    ["项目支出", "100", "120", "110.4", "92%"],
    ["合计", "400", "440", "427.2", "97.09%"],
]
DEPT_INDICATORS = [
    ["一级指标", "分值", "二级指标", "分值", "三级指标", "分值", "得分"],
    ["投入", "20", "预算配置", "10", "在职人员控制率", "5", "5"],
    ["投入", "20", "预算配置", "10", "三公经费变动率", "5", "4"],
    ["投入", "20", "预算执行", "10", "预算完成率", "10", "9"],
    ["过程", "30", "财务管理", "15", "资金使用合规性", "15", "15"],
    ["过程", "30", "资产管理", "15", "资产管理安全性", "15", "14"],
    ["产出", "50", "职责履行", "50", "实际完成率", "25", "25"],
    ["产出", "50", "职责履行", "50", "完成及时率", "25", "22"],
]
DEPT_MERGES = [(1, 0, 3, 0), (1, 1, 3, 1), (1, 2, 2, 2), (1, 3, 2, 3), (4, 0, 5, 0), (4, 1, 5, 1),
               (6, 0, 7, 0), (6, 1, 7, 1), (6, 2, 7, 2), (6, 3, 7, 3)]
DEPT_SCORES = {
    ("投入", "20", None, 1, ""), ("预算配置", "10", None, 2, "投入"),
    ("在职人员控制率", "5", "5", 3, "投入 / 预算配置"), ("三公经费变动率", "5", "4", 3, "投入 / 预算配置"),
    ("预算执行", "10", None, 2, "投入"), ("预算完成率", "10", "9", 3, "投入 / 预算执行"),
    ("过程", "30", None, 1, ""), ("财务管理", "15", None, 2, "过程"), ("资金使用合规性", "15", "15", 3, "过程 / 财务管理"),
    ("资产管理", "15", None, 2, "过程"), ("资产管理安全性", "15", "14", 3, "过程 / 资产管理"),
    ("产出", "50", None, 1, ""), ("职责履行", "50", None, 2, "产出"),
    ("实际完成率", "25", "25", 3, "产出 / 职责履行"), ("完成及时率", "25", "22", 3, "产出 / 职责履行"),
}

FORMS = {
    "project": (PROJECT_TEXT, FUND, INDICATORS[:-1] + [INDICATOR_TOTAL], INDICATOR_MERGES),
    "dept": (DEPT_TEXT, DEPT_FUND, DEPT_INDICATORS, DEPT_MERGES),
}


def _shown(rows, merges):
    """Rows as a flattening shows them: a merged cell once, in its first row."""
    out = []
    for r, row in enumerate(rows):
        out.append([("" if any(m[0] < r <= m[2] and m[1] <= c <= m[3] for m in merges) else v) for c, v in enumerate(row)])
    return out


def flatten(form: str, style: str) -> str:
    text, fund, indicators, merges = FORMS[form]
    tables = {"fund": fund, "indicators": _shown(indicators, merges)}
    out = []
    for line in text.splitlines():
        name = line[len("[[TABLE:"):-2] if line.startswith("[[TABLE:") else None
        if not name:
            out.append(line)
            continue
        for row in tables[name]:
            cells = [c for c in row if c]
            if style == "lines":
                out += cells
            elif style == "pipes":
                out.append(table_row_line(row))
            else:  # spaces
                out.append(" ".join(cells))
    return "\n".join(out) + "\n"


def render(form: str, fmt: str, kind: str, folder):
    pytest.importorskip("reportlab" if fmt == "pdf" else "docx" if fmt == "docx" else "html")
    import render as r

    text, fund, indicators, merges = FORMS[form]
    spec = r.TableSpec(indicators, merges=merges, borderless=kind == "borderless-split",
                       break_after=4 if kind == "borderless-split" else None)
    fund_spec = r.TableSpec(fund, borderless=kind == "borderless-split")
    return getattr(r, f"render_{fmt}")(text, folder / f"{form}-{kind}.{fmt}", tables={"fund": fund_spec, "indicators": spec})


RENDERINGS = [("text", "lines"), ("text", "pipes"), ("text", "spaces"), ("html", "rowspan"), ("docx", "vmerge"),
              ("pdf", "ruled"), ("pdf", "borderless-split")]
IDS = [f"{f}-{k}" for f, k in RENDERINGS]


def record_of(form: str, fmt: str, kind: str, folder):
    if fmt == "text":
        path = folder / f"{form}-{kind}.txt"
        path.write_text(flatten(form, kind), encoding="utf-8")
        return ingest_file(path)
    return ingest_file(render(form, fmt, kind, folder))


def score_rows(record) -> set:
    return {(s.item, None if s.max is None else str(s.max), None if s.score is None else str(s.score), s.level, s.group)
            for s in record.scores if s.origin == "table"}


def fund_cells(record) -> set:
    return {(m.row, m.column, str(m.value)) for m in record.mentions if m.origin == "table" and m.row and m.column}


@pytest.mark.parametrize("fmt,kind", RENDERINGS, ids=IDS)
def test_project_form_scores_in_every_rendering(fmt, kind, tmp_path):
    assert score_rows(record_of("project", fmt, kind, tmp_path)) == PROJECT_SCORES


@pytest.mark.parametrize("fmt,kind", RENDERINGS, ids=IDS)
def test_project_form_fund_block_in_every_rendering(fmt, kind, tmp_path):
    rec = record_of("project", fmt, kind, tmp_path)
    assert fund_cells(rec) >= PROJECT_FUND
    got = {k: str(v.value) for k, v in rec.headline if v is not None}
    assert got == {"budget_initial": "50", "budget_adjusted": "48", "expenditure_total": "45.6", "execution_rate": "95"}


@pytest.mark.parametrize("fmt,kind", RENDERINGS, ids=IDS)
def test_project_form_leaves_keep_marks_targets_and_results(fmt, kind, tmp_path):
    rec = record_of("project", fmt, kind, tmp_path)
    by_name = {s.item: s for s in rec.scores}
    assert by_name["维修供水管网长度"].marker == "★★★"
    assert by_name["新建蓄水池数量"].marker.startswith("指标2")
    assert (by_name["完工及时率"].target, by_name["完工及时率"].actual) == ("100%", "90%")


@pytest.mark.parametrize("fmt,kind", RENDERINGS, ids=IDS)
def test_dept_three_level_table_in_every_rendering(fmt, kind, tmp_path):
    assert score_rows(record_of("dept", fmt, kind, tmp_path)) == DEPT_SCORES


@pytest.mark.parametrize("fmt,kind", RENDERINGS, ids=IDS)
def test_dept_fund_table_total_row_gives_spending_and_rate(fmt, kind, tmp_path):
    rec = record_of("dept", fmt, kind, tmp_path)
    got = {k: str(v.value) for k, v in rec.headline if v is not None}
    assert got["expenditure_total"] == "427.2" and got["execution_rate"] == "97.09"
    assert got["expenditure_basic"] == "316.8" and got["expenditure_project"] == "110.4"


@pytest.mark.parametrize("fmt,kind", RENDERINGS, ids=IDS)
def test_leaves_point_at_their_scored_group(fmt, kind, tmp_path):
    rec = record_of("dept", fmt, kind, tmp_path)
    items = rec.scores
    leaf = next(s for s in items if s.item == "三公经费变动率")
    assert leaf.parent is not None and items[leaf.parent].item == "预算配置"
    assert items[items[leaf.parent].parent].item == "投入"


def test_clean_renderings_raise_no_error(tmp_path):
    for form in FORMS:
        rec = record_of(form, "text", "lines", tmp_path)
        assert [f.message for f in rec.findings if f.severity == "error"] == []


# ---------------------------------------------------------------- claims checked through the grid


def _variant(form: str, change) -> tuple:
    text, fund, indicators, merges = FORMS[form]
    fund, indicators = [list(r) for r in fund], [list(r) for r in indicators]
    change(fund, indicators)
    return text, fund, indicators, merges


def _set(table: str, row: int, col: int, value: str):
    def change(fund, indicators):
        (fund if table == "fund" else indicators)[row][col] = value
    return change


def _both(*changes):
    def change(fund, indicators):
        for c in changes:
            c(fund, indicators)
    return change


VARIANTS = [
    ("total-row-not-its-rows-sum", "dept", _both(_set("fund", 3, 3, "430"), _set("fund", 3, 4, "97.73%")),
     "table.total", "430"),
    ("fund-rate-not-executed-over-budget", "project", _set("fund", 1, 5, "90%"), "table.rate", "90"),
    ("score-above-its-max", "dept", _set("indicators", 1, 6, "6"), "score.within_max", "6"),
    ("group-max-not-its-leaves-sum", "dept", _both(_set("indicators", 1, 3, "12"), _set("indicators", 2, 3, "12")),
     "score.sum_children", "12"),
    ("form-total-not-its-scores-sum", "project", _set("indicators", 7, 6, "99"), "score.form_total", "99"),
]


@pytest.mark.parametrize("style", ["lines", "pipes"])
@pytest.mark.parametrize("name,form,change,rule,claimed", VARIANTS, ids=[v[0] for v in VARIANTS])
def test_table_claims_are_checked_naming_the_cell(name, form, change, rule, claimed, style, tmp_path, monkeypatch):
    monkeypatch.setitem(FORMS, form, _variant(form, change))
    rec = record_of(form, "text", style, tmp_path)
    errors = [f for f in rec.findings if f.severity == "error"]
    assert {f.rule for f in errors} == {rule}
    named = [f for f in errors if f.claimed == claimed]
    assert named and any(claimed in e.raw for e in named[0].evidence)


# ---------------------------------------------------------------- real structure places what text cannot

GAPPY_FUND = [
    ["项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
    ["年度资金总额", "50", "48", "45.6", "10", "95%", "9.5"],
    ["其中：当年财政拨款", "", "40", "38", "", "", ""],  # no initial budget for this part
    ["上年结转资金", "10", "", "7.6", "", "", ""],  # no whole-year budget stated
]


@pytest.mark.parametrize("fmt,kind", [("html", "rowspan"), ("docx", "vmerge"), ("pdf", "ruled")],
                         ids=["html", "docx", "pdf-ruled"])
def test_a_real_grid_places_cells_after_an_empty_cell(fmt, kind, tmp_path, monkeypatch):
    text, _, indicators, merges = FORMS["project"]
    monkeypatch.setitem(FORMS, "project", (text, GAPPY_FUND, indicators, merges))
    cells = fund_cells(record_of("project", fmt, kind, tmp_path))
    assert {("其中：当年财政拨款", "全年预算数", "40"), ("其中：当年财政拨款", "全年执行数", "38"),
            ("上年结转资金", "年初预算数", "10"), ("上年结转资金", "全年执行数", "7.6")} <= cells


def test_the_same_rows_flattened_without_empty_cells_stay_unsure(tmp_path, monkeypatch):
    text, _, indicators, merges = FORMS["project"]
    monkeypatch.setitem(FORMS, "project", (text, GAPPY_FUND, indicators, merges))
    rec = record_of("project", "text", "lines", tmp_path)
    parts = [m for m in rec.mentions if m.row in ("其中：当年财政拨款", "上年结转资金")]
    assert sorted(str(m.value) for m in parts) == ["10", "38", "40", "7.6"]
    assert all(m.column is None and m.key is None for m in parts)
    assert any("cannot be proven" in w for w in rec.warnings)


@pytest.mark.parametrize("fmt,kind", [("html", "rowspan"), ("docx", "vmerge")], ids=["html", "docx"])
def test_readers_fill_the_table_model_with_spans(fmt, kind, tmp_path):
    from extract.read import read_document

    doc = read_document(render("dept", fmt, kind, tmp_path))
    indicators = next(t for page in doc.pages for t in page.tables if t.rows and t.rows[0][0] == "一级指标")
    spans = {(c.row, c.col): (c.rowspan, c.colspan) for c in indicators.cells}
    assert spans[(1, 0)] == (3, 1) and spans[(1, 2)] == (2, 1) and spans[(6, 3)] == (2, 1)
    assert (2, 0) not in spans  # covered by 投入
    assert indicators.rows == DEPT_INDICATORS


def test_a_leaf_left_unread_stops_the_form_total_check(tmp_path, monkeypatch):
    text, fund, indicators, merges = FORMS["project"]
    rows = [list(r) for r in indicators]
    rows[3][6] = ""  # 工程验收合格率: its 得分 cell left blank, so its lone 20 is 分值 or 得分
    monkeypatch.setitem(FORMS, "project", (text, fund, rows, merges))
    rec = record_of("project", "text", "lines", tmp_path)
    assert any(w.startswith("indicator row 工程验收合格率") for w in rec.warnings)
    assert [f.rule for f in rec.findings if f.severity == "error"] == []
