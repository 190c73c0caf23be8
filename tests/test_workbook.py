"""selfeval.xlsx read back with openpyxl: Chinese sheets and headers, number formats, numbers as
numbers, frozen header, filters, widths; and the vocabulary in patterns/workbook.yaml."""
from __future__ import annotations

import string
import typing
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from conftest import labelled_texts, needs_shared, record_of
from hypothesis import given, settings
from hypothesis import strategies as st

from extract import errors as error_classes
from extract.checks.rules import RULES
from extract.models import Finding, Headline, HeadlineValue, Kind, Record, Source, Span
from extract.output.files import write_outputs, write_xlsx
from extract.output.frames import TableRows
from extract.output.sheets import grade_band, ranking_rows
from extract.output.workbook import sheet, table, warning_text, write_workbook, xlsx_value
from extract.patterns import load_patterns
from extract.pipeline import InputError, ingest_file

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
PROJECT_FORM = CORPUS / "waterworks_2023.html"  # a 项目支出绩效自评表 with 年度指标值/实际完成值/偏差原因
SHEETS = ["汇总", "报告", "指标", "金额", "问题", "待核对", "历年对比", "主题", "错误"]


def hv(value: str, unit: str = "万元") -> HeadlineValue:
    return HeadlineValue(value=Decimal(value), unit=unit, raw=value, page=1, start=0, end=1)


def record(name: str, score: str | None, grade: str | None, **extra) -> Record:
    return Record(
        source=Source(path=f"r/{name}.txt", sha256=name.encode().hex().ljust(64, "0")[:64], format="txt", pages=2),
        text="x" * 40, kind="project", department=f"{name}局", year=2023,
        self_score=None if score is None else Decimal(score), grade=grade,
        headline=Headline(budget_initial=hv("957.017139"), execution_rate=hv("108", "%")),
        project_name="农村饮水安全项目", supervisor="示例县水务局", **extra,
    )


def demo_records() -> list[Record]:
    finding = Finding(rule="score.within_max", severity="error", message="得分超过分值", claimed="12", expected="≤ 10",
                      evidence=[Span(page=2, start=0, end=1, raw="x")])
    return [
        record("乙", "88", "良好", findings=[finding],
               warnings=["indicator row 水质达标率: its 分值 and 得分 cannot be told apart; left unread",
                         "budget_adjusted left empty: stated with different values 905, 906",
                         "something new the vocabulary does not know"]),
        record("甲", "95", "优秀"),
        record("丙", None, None),
    ]


@pytest.fixture(scope="module")
def book(tmp_path_factory) -> openpyxl.Workbook:
    out = tmp_path_factory.mktemp("wb")
    bad = out / "notes.xyz"
    bad.write_text("?", encoding="utf-8")
    paths = write_outputs([*demo_records(), ingest_file(PROJECT_FORM)],
                          [InputError(str(bad), "unsupported", "unsupported file type .xyz")], out / "o")
    return openpyxl.load_workbook(paths["xlsx"])


def rows_of(ws) -> list[dict]:
    rows = list(ws.iter_rows(values_only=True))
    return [dict(zip(rows[0], r)) for r in rows[1:]]


def cells_of(ws, header: str) -> list:
    """The cells (not values) of one column under ``header`` in the first block."""
    headers = [c.value for c in ws[1]]
    index = headers.index(header)
    return [row[index] for row in ws.iter_rows(min_row=2) if len(row) > index]


def test_sheet_names_are_chinese_and_in_order(book):
    assert book.sheetnames == SHEETS


@pytest.mark.parametrize("name, headers", [
    ("报告", ["报告编号", "单位名称", "年度", "类型", "项目名称", "主管部门", "自评得分(分)", "等级", "年初预算(万元)",
             "调整后预算(万元)"]),
    ("指标", ["报告编号", "单位名称", "年度", "类型", "项目名称", "主管部门", "一级指标", "二级指标", "三级指标"]),
    ("金额", ["报告编号", "单位名称", "年度", "类型", "项目名称"]),
    ("问题", ["报告编号", "单位名称", "年度", "类型", "项目名称", "规则", "严重程度", "说明", "报告值", "应为"]),
    ("待核对", ["报告编号", "单位名称", "年度", "类型", "项目名称", "待核对事项"]),
    ("错误", ["文件名", "错误类型", "说明"]),
    ("汇总", ["排名", "单位名称", "年度", "类型", "项目名称", "自评得分(分)", "等级"]),
], ids=["报告", "指标", "金额", "问题", "待核对", "错误", "汇总"])
def test_identity_columns_come_first(book, name: str, headers: list[str]):
    assert [c.value for c in book[name][1]][: len(headers)] == headers


@pytest.mark.parametrize("name", ["报告", "指标", "金额", "问题", "待核对", "错误"])
def test_path_comes_last(book, name: str):
    headers = [c.value for c in book[name][1]]
    assert headers[-1] in ("文件路径", "SHA256") and "文件路径" in headers[-2:]


@pytest.mark.parametrize("name", SHEETS)
def test_header_is_frozen_and_filtered(book, name: str):
    ws = book[name]
    assert ws.freeze_panes == "A2"
    last = openpyxl.utils.get_column_letter(len([c for c in ws[1] if c.value is not None]))
    assert ws.auto_filter.ref.startswith("A1:" + last)


@pytest.mark.parametrize("name", SHEETS)
def test_columns_have_widths(book, name: str):
    widths = [book[name].column_dimensions[openpyxl.utils.get_column_letter(i + 1)].width
              for i in range(len(book[name][1]))]
    assert all(6 <= w <= 52 for w in widths)


@pytest.mark.parametrize("header, number_format, first", [
    ("年初预算(万元)", "#,##0.00", 957.017139),
    ("预算执行率(%)", "0.00%", 1.08),
    ("自评得分(分)", "0.00", 88),
    ("年度", "0", 2023),
], ids=["money", "percent", "score", "year"])
def test_report_numbers_are_numbers_with_formats(book, header: str, number_format: str, first):
    cell = cells_of(book["报告"], header)[0]
    assert isinstance(cell.value, (int, float)) and cell.value == pytest.approx(first)
    assert cell.number_format == number_format


def test_project_form_indicators_keep_target_actual_and_reason(book):
    rows = [r for r in rows_of(book["指标"]) if r["文件路径"].endswith("waterworks_2023.html")]
    by_item = {r["三级指标"]: r for r in rows if r["三级指标"]}
    assert by_item["维修供水管网长度"]["年度指标值"] == "≥18公里"
    assert by_item["维修供水管网长度"]["实际完成值"] == "18.6公里"
    assert by_item["按期完工率"]["偏差原因分析及改进措施"] == "雨季推迟，已督促"
    assert (by_item["按期完工率"]["一级指标"], by_item["按期完工率"]["二级指标"]) == ("产出指标", "时效指标")
    assert by_item["按期完工率"]["得分(分)"] == 8 and by_item["按期完工率"]["分值(分)"] == 10
    assert {r["类型"] for r in rows} == {"项目支出"}


def test_score_cells_are_numbers(book):
    cells = [c for c in cells_of(book["指标"], "得分(分)") if c.value is not None]
    assert cells and all(isinstance(c.value, (int, float)) and c.number_format == "0.00" for c in cells)


def test_mention_values_take_the_format_of_their_unit(book):
    rows = list(book["金额"].iter_rows(min_row=2))
    headers = [c.value for c in book["金额"][1]]
    value, unit = headers.index("数值"), headers.index("计量单位")
    formats = {(r[unit].value, r[value].number_format) for r in rows}
    assert ("万元", "#,##0.00") in formats and ("%", "0.00%") in formats


def test_finding_numbers_are_numbers(book):
    row = rows_of(book["问题"])[0]
    assert (row["报告值"], row["应为"]) == (12, "≤ 10")
    assert (row["规则"], row["严重程度"], row["页码"]) == ("得分不超过分值", "错误", 2)


def test_review_sheet_lists_warnings_in_chinese(book):
    rows = rows_of(book["待核对"])
    assert [r["待核对事项"] for r in rows] == [
        "指标行“水质达标率”：分值与得分无法区分，未读取",
        "调整后预算留空：多处数值不一致（905, 906）",
        "something new the vocabulary does not know",
    ]
    assert rows[0]["原始提示(英文)"].startswith("indicator row")


def test_error_sheet(book):
    row = rows_of(book["错误"])[0]
    assert (row["文件名"], row["错误类型"], row["错误代码"]) == ("notes.xyz", "不支持的文件类型", "unsupported")
    assert len(row["报告编号"]) == 12


def test_summary_ranks_by_self_score_then_lists_grades_and_units(book):
    rows = list(book["汇总"].iter_rows(values_only=True))
    ranking = [r for r in rows[1:5]]
    assert [(r[0], r[1]) for r in ranking] == [(1, "青溪县水务局"), (2, "甲局"), (3, "乙局"), (None, "丙局")]
    titles = [r[1] for r in rows if r and r[1] in ("等级分布", "各单位问题数")]  # blocks below start under 单位名称
    assert titles == ["等级分布", "各单位问题数"]
    grades = rows[[r[1] for r in rows].index("等级分布") + 2:]
    assert grades[0][1:3] == ("优", 2) and grades[0][3] == pytest.approx(0.5)
    units = rows[[r[1] for r in rows].index("各单位问题数") + 2]
    assert units[1:5] == ("乙局", 1, 1, 1)


def test_summary_lists_empty_headline_fields(book):
    first = rows_of(book["汇总"])[1]
    assert first["单位名称"] == "甲局" and first["未提取主要指标数(项)"] == 8
    assert first["未提取的主要指标"].startswith("调整后预算、收入合计")


def test_equal_scores_share_a_rank():
    rows = [{"self_score": Decimal(s), "year": 2023, "kind": "project"} for s in ("90", "95", "90")]
    assert [r["rank"] for r in ranking_rows(rows)] == [1, 2, 2]


@pytest.mark.parametrize("grade, band", [("优秀", "优"), ("良", "良"), ("合格", "中"), (None, "未注明"), ("甲等", "甲等")])
def test_grade_band(grade, band):
    assert grade_band(grade) == band


def test_extra_sheets_go_before_errors(tmp_path: Path):
    rows = TableRows()
    extra = sheet("附加", ["department", "report_year", "self_score"],
                  [{"department": "甲局", "report_year": 2023, "self_score": Decimal("95")}])
    path = write_xlsx(tmp_path / "x.xlsx", rows.rows, [extra])
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == [*SHEETS[:6], "附加", "错误"]
    assert [c.value for c in book["附加"][1]] == ["单位名称", "年度", "自评得分(分)"]
    assert book["附加"]["C2"].number_format == "0.00"


def test_empty_workbook_has_every_sheet_with_headers(tmp_path: Path):
    book = openpyxl.load_workbook(write_outputs([], [], tmp_path)["xlsx"])
    assert book.sheetnames == SHEETS
    assert all(book[name]["A1"].value for name in SHEETS)


def test_control_characters_are_dropped(tmp_path: Path):
    bad = record("丁", "90", "优").model_copy(update={"department": "控制字符\x01局"})
    book = openpyxl.load_workbook(write_outputs([bad], [], tmp_path)["xlsx"])
    assert rows_of(book["报告"])[0]["单位名称"] == "控制字符局"


# --- the vocabulary ----------------------------------------------------------------------

def test_every_rule_has_a_chinese_name():
    assert {r.id for r in RULES} <= set(table("workbook_rules"))


@pytest.mark.parametrize("vocabulary, codes", [
    ("workbook_kinds", typing.get_args(Kind)),
    ("overview_kinds", typing.get_args(Kind)),
    ("workbook_severities", ("error", "warning", "info")),
    ("workbook_mention_types", ("money", "percent", "count", "staff", "score")),
    ("workbook_score_kinds", ("item", "bonus", "deduction", "overall", "combined")),
    ("workbook_errors", tuple({c.code for c in vars(error_classes).values()
                               if isinstance(c, type) and hasattr(c, "code")}
                              | {"internal", "dangling_symlink", "symlink_loop", "timeout", "crashed", "unwritable"})),
], ids=["kinds", "kinds-in-short", "severities", "mention-types", "score-kinds", "error-codes"])
def test_vocabulary_covers_every_code(vocabulary: str, codes: tuple):
    assert set(codes) <= set(table(vocabulary))


def test_the_short_kinds_name_the_same_kinds_as_the_long_ones():
    assert set(table("overview_kinds")) == set(table("workbook_kinds"))


def test_every_sheet_column_has_a_header_and_a_known_format():
    columns, formats = table("workbook_columns"), {*table("workbook_formats"), "text", "by_unit"}
    used = {c for spec in table("workbook_sheets").values() for c in spec["columns"]}
    assert used <= set(columns)
    assert all(fmt in formats for _, fmt in columns.values())


WARNINGS = load_patterns().with_prefix("warning.")


@pytest.mark.parametrize("entry", WARNINGS, ids=[e.id for e in WARNINGS])
def test_each_warning_example_reads_in_chinese(entry):
    for example in entry.positive:
        text = warning_text(example)
        assert text != example and "{" not in text and not text.isascii()


@pytest.mark.parametrize("entry", WARNINGS, ids=[e.id for e in WARNINGS])
def test_each_warning_fills_only_groups_its_pattern_has(entry):
    placeholders = set(string.Formatter().parse(entry.data["zh"]))
    assert {name for _, name, _, _ in placeholders if name} <= set(entry.compiled.groupindex)


@given(st.text(max_size=80))
def test_warning_text_never_raises(text: str):
    assert isinstance(warning_text(text), str)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.one_of(st.none(), st.text(max_size=40), st.text(alphabet="a\x00\x0b\ufffe\uffff\ud800表", max_size=8),
                          st.decimals(allow_nan=False, allow_infinity=False,
                                                                       places=4, max_value=10**9, min_value=-10**9),
                          st.integers(-10**6, 10**6)), min_size=3, max_size=3))
def test_any_cell_values_write_and_read_back(tmp_path_factory, values):
    columns = ["report_id", "department", "budget_initial", "execution_rate"]
    rows = [dict(zip(columns, ["r1", *values]))]
    path = write_workbook(tmp_path_factory.mktemp("h") / "h.xlsx", [sheet("任意", columns, rows)])
    read = list(openpyxl.load_workbook(path)["任意"].iter_rows(values_only=True))
    assert read[0] == ("报告编号", "单位名称", "年初预算(万元)", "预算执行率(%)")
    assert read[1][0] == "r1"
    assert all(not isinstance(v, str) or not set(v) & set("\x00\x0b\ufffe\uffff") for v in read[1])


def test_header_and_block_title_cells_are_styled(book):
    ws = book["汇总"]
    assert ws["A1"].font.b and ws["A1"].fill.fgColor.rgb.endswith("DDEBF7") and ws["A1"].alignment.vertical == "center"
    title = next(c for row in ws.iter_rows() for c in row if c.value == "等级分布")
    assert title.font.b and title.font.sz == 12


def test_decimals_keep_every_digit_in_the_sheet(tmp_path: Path):
    """More digits than a double holds, and no exponent: the sheet XML has the Decimal's own digits."""
    rows = [{"budget_initial": Decimal("12345678901234567.891")}, {"budget_initial": Decimal("1E+2")}]
    path = write_workbook(tmp_path / "d.xlsx", [sheet("数", ["budget_initial"], rows)])
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert "<v>12345678901234567.891</v>" in xml and "<v>100</v>" in xml


TEXTS = [" 前后空格 ", "a<b>&c", "两行\n文字", 'quote"d', "回车\r符", "\t制表"]


def test_text_cells_read_back_as_written(tmp_path: Path):
    path = write_workbook(tmp_path / "t.xlsx", [sheet("文", ["department"], [{"department": t} for t in TEXTS])])
    read = [r[0] for r in openpyxl.load_workbook(path)["文"].iter_rows(min_row=2, values_only=True)]
    assert read == [xlsx_value(t) for t in TEXTS] and read[:4] == TEXTS[:4]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(max_size=30), min_size=1, max_size=4))
def test_any_text_reads_back_as_its_safe_form(tmp_path_factory, texts):
    path = write_workbook(tmp_path_factory.mktemp("t") / "t.xlsx",
                          [sheet("文", ["department"], [{"department": t} for t in texts])])
    read = [r[0] for r in openpyxl.load_workbook(path)["文"].iter_rows(min_row=2, max_col=1, values_only=True)]
    assert read == [xlsx_value(t) or None for t in texts]


# --- 历年对比 and 主题: sheets built from whole records -------------------------------------

def yearly_report(unit: str, year: int, budget: str, score: str) -> str:
    """A made-up report (sentences our own) with a problems section."""
    return (f"{unit}{year}年度部门整体支出绩效自评报告\n一、基本情况\n{year}年度年初预算{budget}万元。\n"
            f"二、自评结论\n经自评，{year}年度部门整体支出绩效自评得分为{score}分。\n"
            "三、存在的问题\n预算编制不够精细，资金拨付进度偏慢，绩效目标设定不够明确。\n")


@pytest.fixture(scope="module")
def yearly_book(tmp_path_factory) -> openpyxl.Workbook:
    from extract.pipeline import ingest_text

    records = [ingest_text(yearly_report("河湾县文化馆", 2022, "300.00", "90"), "a2022.txt"),
               ingest_text(yearly_report("河湾县文化馆", 2023, "356.40", "95"), "a2023.txt"),
               ingest_text(yearly_report("山前县档案馆", 2023, "120.00", "88"), "b2023.txt")]
    return openpyxl.load_workbook(write_outputs(records, [], tmp_path_factory.mktemp("y"))["xlsx"])


def test_yearly_sheet_puts_a_unit_s_years_side_by_side(yearly_book):
    rows = {r["指标"]: r for r in rows_of(yearly_book["历年对比"])}
    budget = rows["年初预算"]
    assert (budget["单位名称"], budget["上年度"], budget["本年度"]) == ("河湾县文化馆", 2022, 2023)
    assert (budget["上年数值"], budget["本年数值"], budget["变动"]) == (300, pytest.approx(356.4), pytest.approx(56.4))
    assert rows["自评得分"]["变动"] == 5 and rows["自评得分"]["计量单位"] == "分"
    headers = [c.value for c in yearly_book["历年对比"][1]]
    row = next(r for r in yearly_book["历年对比"].iter_rows(min_row=2) if r[headers.index("指标")].value == "年初预算")
    assert row[headers.index("变动")].number_format == "#,##0.00"


def test_theme_sheet_lists_problems_that_recur_across_units(yearly_book):
    rows = rows_of(yearly_book["主题"])
    assert rows and all(r["单位数"] >= 2 for r in rows)
    assert "河湾县文化馆" in rows[0]["单位"] and "山前县档案馆" in rows[0]["单位"]


def test_a_failing_record_sheet_is_a_note_and_the_workbook_stands(tmp_path: Path, monkeypatch):
    import extract.output.files as files

    def boom(*records_and_words):
        raise ValueError("boom")

    monkeypatch.setattr(files, "record_sheets", boom)
    with files.OutputWriter(tmp_path) as out:
        out.add_record(demo_records()[1])
    assert out.notes == ["历年对比 and 主题 sheets not written: ValueError: boom"]
    assert openpyxl.load_workbook(out.paths["xlsx"]).sheetnames == [*SHEETS[:6], "错误"]


def test_a_workbook_that_fails_half_way_leaves_no_file(tmp_path: Path):
    def rows():
        yield {"department": "甲局"}
        raise ValueError("boom")

    with pytest.raises(ValueError):
        write_workbook(tmp_path / "x.xlsx", [sheet("表", ["department"], rows())])
    assert not (tmp_path / "x.xlsx").exists()


@pytest.mark.parametrize("warning", [
    "OCR is not installed (pip install rapidocr_onnxruntime); pages without text were not read",
    "OCR failed (RuntimeError: no model); pages without text were not read",
    "pages 1–3, 5 read by OCR (no text layer): figures from OCR carry origin \"ocr\" and the recogniser's "
    "confidence; check them against the scan",
    "page 4: no text layer, and OCR found no text",
], ids=["ocr-missing", "ocr-failed", "read-by-ocr", "ocr-found-nothing"])
def test_the_ocr_readers_warnings_are_shown_in_chinese(warning: str):
    from extract.output.workbook import warning_text

    shown = warning_text(warning)
    assert shown != warning and "OCR" in shown and not shown.isascii()


@needs_shared
def test_every_warning_on_the_real_texts_is_shown_in_chinese():
    """A warning the code writes with no entry in patterns/workbook.yaml would show in English in the workbook."""
    from extract.output.workbook import warning_text

    untranslated = {w for path in labelled_texts() for w in record_of(str(path)).warnings if warning_text(w) == w}
    assert not untranslated
