"""One small project self-evaluation form, its tables rendered eight ways, read back the same.

The form and its figures are made up for these tests.  Each rendering must give the
money mentions (value, unit) and the score items (max, score) of its text twin, in
which the tables are ``| a | b |`` rows.
"""
from __future__ import annotations

from collections import Counter

import pytest

from extract.pipeline import ingest_file
from extract.read import read_document
from extract.read.document import table_row_line

FORM = """青山县农业农村局2023年度田间道路修缮项目支出绩效自评报告
一、项目基本情况
本项目修缮村内田间道路，方便农户生产出行，由县农业农村局组织实施。
二、项目资金与绩效指标完成情况
项目资金安排与执行情况见下表。
[[TABLE:fund]]
年度绩效指标完成情况见下表。
[[TABLE:indicators]]
三、自评结论
本项目各项指标均已完成，自评结果为优。"""

FUND = [
    ["项目资金（万元）", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
    ["年度资金总额", "20", "20", "10", "100%", "10"],
    ["其中：本年财政拨款", "20", "20", "", "", ""],
]
HEADER = ["一级指标", "二级指标", "三级指标", "分值", "年度指标值", "实际完成值", "得分"]
INDICATORS = [
    HEADER,
    ["产出指标", "数量指标", "修缮道路长度", "10", "≥266米", "≥266米", "10"],
    ["产出指标", "质量指标", "验收合格率", "20", "100%", "100%", "20"],
    ["产出指标", "时效指标", "按期完工率", "10", "100%", "100%", "10"],
    ["产出指标", "成本指标", "每米修缮成本", "10", "≤752元", "751元", "10"],
    ["效益指标", "社会效益指标", "受益农户数", "20", "≥300户", "312户", "20"],
    ["满意度指标", "服务对象满意度指标", "受益群众满意度", "20", "≥90%", "96%", "20"],
    ["总分", "", "", "100", "", "", "100"],
]
#: A two-row header: 绩效指标 over the three levels, the other headings spanning both rows;
#: 产出指标 spanning its four rows.
MERGED_ROWS = [["绩效指标", "", "", "分值", "年度指标值", "实际完成值", "得分"]] + INDICATORS
MERGES = [(0, 0, 0, 2), (0, 3, 1, 3), (0, 4, 1, 4), (0, 5, 1, 5), (0, 6, 1, 6), (2, 0, 5, 0)]


def text_twin() -> str:
    tables = {"fund": FUND, "indicators": INDICATORS}
    out = []
    for line in FORM.splitlines():
        name = line[len("[[TABLE:"):-2] if line.startswith("[[TABLE:") else None
        out.extend(table_row_line(row) for row in tables[name]) if name else out.append(line)
    return "\n".join(out) + "\n"


def _tables(kind: str) -> dict:
    from render import TableSpec

    if kind == "borderless-split":
        return {"fund": TableSpec(FUND, borderless=True), "indicators": TableSpec(INDICATORS, borderless=True, break_after=4)}
    if kind == "ruled-split-repeated-header":
        rows = INDICATORS[:4] + [HEADER] + INDICATORS[4:]
        return {"fund": FUND, "indicators": TableSpec(rows, break_after=4)}
    if kind == "borderless-split-repeated-header":
        rows = INDICATORS[:4] + [HEADER] + INDICATORS[4:]
        return {"fund": TableSpec(FUND, borderless=True), "indicators": TableSpec(rows, borderless=True, break_after=4)}
    if kind == "merged-header":
        return {"fund": FUND, "indicators": TableSpec(MERGED_ROWS, merges=MERGES)}
    return {"fund": FUND, "indicators": INDICATORS}


RENDERINGS = [
    ("pdf", "ruled"),
    ("pdf", "borderless-split"),
    ("pdf", "ruled-split-repeated-header"),
    ("pdf", "borderless-split-repeated-header"),
    ("pdf", "merged-header"),
    ("docx", "ruled"),
    ("docx", "merged-header"),
    ("html", "ruled"),
    ("html", "merged-header"),
]
IDS = [f"{fmt}-{kind}" for fmt, kind in RENDERINGS]


def render_form(fmt: str, kind: str, folder) -> object:
    pytest.importorskip("reportlab" if fmt == "pdf" else "docx" if fmt == "docx" else "html")
    import render

    return getattr(render, f"render_{fmt}")(FORM, folder / f"{kind}.{fmt}", tables=_tables(kind))


@pytest.fixture(scope="module")
def twin(tmp_path_factory):
    path = tmp_path_factory.mktemp("twin") / "form.txt"
    path.write_text(text_twin(), encoding="utf-8")
    return ingest_file(path)


def money(record) -> Counter:
    return Counter((m.value, m.unit) for m in record.mentions if m.unit and "元" in m.unit)


def scores(record) -> Counter:
    return Counter((s.max, s.score) for s in record.scores)


def test_text_twin_has_the_fund_figures_and_the_indicator_scores(twin):
    assert money(twin)[(20, "万元")] == 4
    assert (100, 100) in scores(twin) and len(scores(twin)) >= 3


@pytest.mark.parametrize("fmt,kind", RENDERINGS, ids=IDS)
def test_rendering_gives_the_money_of_its_text_twin(fmt, kind, twin, tmp_path):
    assert money(ingest_file(render_form(fmt, kind, tmp_path))) == money(twin)


@pytest.mark.parametrize("fmt,kind", RENDERINGS, ids=IDS)
def test_rendering_gives_the_scores_of_its_text_twin(fmt, kind, twin, tmp_path):
    assert scores(ingest_file(render_form(fmt, kind, tmp_path))) == scores(twin)


# ---------------------------------------------------------------- reader side


def all_tables(doc):
    return [table for page in doc.pages for table in page.tables]


@pytest.mark.parametrize("kind", ["borderless-split", "ruled-split-repeated-header", "borderless-split-repeated-header"])
def test_pdf_table_over_two_pages_is_one_table(kind, tmp_path):
    doc = read_document(render_form("pdf", kind, tmp_path))
    assert doc.n_pages == 2
    assert [t.rows for t in all_tables(doc)] == [FUND, INDICATORS]
    lines = [line for page in doc.pages for line in page.lines if line.startswith("| ")]
    assert lines == [table_row_line(row) for row in FUND + INDICATORS]


def test_pdf_merged_cells_repeat_in_rows_and_show_once_in_lines(tmp_path):
    doc = read_document(render_form("pdf", "merged-header", tmp_path))
    _, indicators = all_tables(doc)
    assert indicators.rows[0] == ["绩效指标"] * 3 + HEADER[3:]
    assert indicators.rows[1] == HEADER
    assert indicators.rows[2:] == INDICATORS[1:]
    lines = doc.pages[0].lines
    assert table_row_line(["绩效指标", *HEADER[3:]]) in lines
    assert table_row_line(["", *INDICATORS[2][1:]]) in lines


def prose_lines() -> str:
    """Prose full of figures and spaces: it must never come out as table rows."""
    rows = [
        "一、预算执行情况",
        "2023 年 3 月 15 日下达资金 20 万元，4 月 2 日支付 12.5 万元，6 月 30 日支付 7.5 万元。",
        "项目完成 266 米，验收 合格 率 100%，受益 农户 312 户，群众 满意 度 96%。",
        "得分 10 分 分值 10 分 执行率 100% 得分 10 分 分值 20 分 得分 20 分。",
        "单位：万元          填报日期：2024 年 1 月 10 日",
        "联系人：张某          电话：0751 1234567",
    ]
    return "\n".join(rows * 3)


def test_pdf_prose_with_figures_is_never_a_table(tmp_path):
    pytest.importorskip("reportlab")
    from render import render_pdf

    doc = read_document(render_pdf(prose_lines(), tmp_path / "prose.pdf"))
    assert all_tables(doc) == []
    assert not any(line.startswith("| ") for page in doc.pages for line in page.lines)
