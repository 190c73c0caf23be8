"""Scanned reports: pages without a text layer read by OCR, page numbers that stay right, and the formats
selfeval does not read itself (.doc/.wps through LibreOffice, advice for .xls/.ofd).

Tests marked ``ocr`` run the real recogniser (rapidocr_onnxruntime) on rendered pages: about 2 s a page
on one core, so they OCR few pages (the seed once, for the whole module).  They need a CJK font for pdfium
to draw the rendered text (.ci/run installs fonts-wqy-microhei) and skip only where rapidocr or the font
is missing.
"""
from __future__ import annotations

import json
import os
import stat
import sys
from decimal import Decimal

import pytest
from conftest import SEED
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.errors import UnreadableFile, UnsupportedFormat
from extract.models import page_of
from extract.pipeline import ingest_file, safe_ingest
from extract.read import legacy, ocr, read_document
from extract.read.document import Document, Page
from extract.text.cleanup import clean_document

PAGE_ONE = "一、基本情况\n本年度收入总计 651.17 万元，年初预算 602.39 万元。"
PAGE_TWO = "二、自评结论\n预算执行率 98.5%，自评得分 95 分，等级为优秀。"


# ---------------------------------------------------------------- lines from boxes


def box(x: float, y: float, text: str, height: float = 20.0, confidence: float = 0.9):
    return ocr._Box(x, x + 10 * len(text), y, y + height, text, confidence)


LINE_CASES = [
    ("one-box-a-line", [box(0, 100, "第一行"), box(0, 150, "第二行")], ["第一行", "第二行"]),
    ("boxes-out-of-order", [box(0, 150, "第二行"), box(0, 100, "第一行")], ["第一行", "第二行"]),
    ("same-line-by-x", [box(95, 101, "万元"), box(0, 100, "预算602.39")], ["预算602.39 万元"]),
    ("skewed-line", [box(0, 100, "收入"), box(30, 106, "651.17")], ["收入 651.17"]),
    ("touching-boxes", [box(0, 100, "收入"), box(22, 100, "651.17")], ["收入651.17"]),
    ("table-cells", [box(0, 100, "项目支出"), box(300, 100, "121.18"), box(500, 100, "100%")],
     ["项目支出  121.18  100%"]),
    ("small-below-large", [box(0, 100, "标题", height=40), box(0, 150, "正文")], ["标题", "正文"]),
]


@pytest.mark.parametrize("boxes, expected", [c[1:] for c in LINE_CASES], ids=[c[0] for c in LINE_CASES])
def test_ocr_boxes_become_lines_in_reading_order(boxes, expected):
    assert [ocr._line_text(line) for line in ocr.lines_of(boxes)] == expected


boxes_strategy = st.lists(
    st.builds(box, st.floats(0, 1000), st.floats(0, 2000), st.text("收入支出万元0123456789.%", min_size=1, max_size=8),
              st.floats(1, 60)),
    max_size=30)


@given(boxes_strategy)
@settings(max_examples=150, deadline=None)
def test_every_ocr_box_lands_in_one_line_once(boxes):
    lines = ocr.lines_of(boxes)
    assert sorted(id(b) for line in lines for b in line) == sorted(id(b) for b in boxes)
    assert all(a.left <= b.left for line in lines for a, b in zip(line, line[1:]))
    flags = ocr.wrap_flags(lines)
    assert flags is None or len(flags) == len(lines)


@pytest.mark.parametrize("value, expected", [("0", False), ("off", False), ("No", False), ("1", True), ("", True)],
                         ids=["zero", "off", "no", "one", "empty"])
def test_ocr_switch_in_the_environment(monkeypatch, value, expected):
    monkeypatch.setenv("SELFEVAL_OCR", value)
    assert ocr.enabled() is expected


@pytest.mark.parametrize("value, expected", [(None, 1), ("2", 2), ("-1", -1), ("many", 1)],
                         ids=["default", "two", "all-cores", "not-a-number"])
def test_ocr_threads_from_the_environment(monkeypatch, value, expected):
    if value is None:
        monkeypatch.delenv("SELFEVAL_OCR_THREADS", raising=False)
    else:
        monkeypatch.setenv("SELFEVAL_OCR_THREADS", value)
    assert ocr._threads() == expected


# ---------------------------------------------------------------- page numbers


PAGE_CASES = [
    ("last-page-empty", [["收入651.17万元。"], []]),
    ("first-page-empty", [[], ["收入651.17万元。"]]),
    ("middle-page-empty", [["收入651.17万元。"], [], ["支出529.99万元。"]]),
    ("two-empty-at-end", [["收入651.17万元。"], ["支出529.99万元。"], [], []]),
]


@pytest.mark.parametrize("pages", [c[1] for c in PAGE_CASES], ids=[c[0] for c in PAGE_CASES])
def test_text_keeps_its_page_when_other_pages_have_none(pages):
    doc = Document(path="x.pdf", format="pdf", pages=[Page(number=i + 1, lines=lines) for i, lines in enumerate(pages)])
    clean = clean_document(doc)
    assert len(clean.page_starts) == len(pages)
    for number, lines in enumerate(pages, start=1):
        for line in lines:
            assert page_of(clean.page_starts, clean.text.index(line)) == number, line


WRAP_CASES = [
    ("wrap-joined", [["收入合计1,939.85万元，其中财政拨款收入", "1,939.85万元。"]], [[True, False]],
     ["收入合计1,939.85万元，其中财政拨款收入1,939.85万元。"]),
    ("no-word-no-join", [["收入合计1,939.85万元，其中财政拨款收入", "1,939.85万元。"]], [None],
     ["收入合计1,939.85万元，其中财政拨款收入", "1,939.85万元。"]),
    ("sentence-end-not-joined", [["收入合计1,939.85万元。", "支出合计1,939.85万元。"]], [[True, False]],
     ["收入合计1,939.85万元。", "支出合计1,939.85万元。"]),
    ("heading-not-joined", [["收入合计1,939.85万元，其中财政拨款收入", "二、自评结论"]], [[True, False]],
     ["收入合计1,939.85万元，其中财政拨款收入", "二、自评结论"]),
    ("across-pages", [["收入合计1,939.85万元，其中财政拨款收入"], ["1,939.85万元。"]], [[True], [False]],
     ["收入合计1,939.85万元，其中财政拨款收入1,939.85万元。"]),
]


@pytest.mark.parametrize("pages, wraps, expected", [c[1:] for c in WRAP_CASES], ids=[c[0] for c in WRAP_CASES])
def test_wraps_seen_by_ocr_join_lines(pages, wraps, expected):
    doc = Document(path="x.pdf", format="pdf", pages=[Page(number=i + 1, lines=lines, wraps=flags)
                                                        for i, (lines, flags) in enumerate(zip(pages, wraps))])
    clean = clean_document(doc)
    assert clean.text.split("\n") == expected
    if len(pages) == 2:
        assert clean.text[clean.page_starts[1]:].startswith("1,939.85")


def _two_page_pdf(tmp_path, scan_second: bool = True):
    """Page 1 with a text layer, page 2 an image only (a stamped, scanned last page)."""
    from render import join_pdfs, rasterise_pdf, render_pdf

    first = render_pdf(PAGE_ONE, tmp_path / "one.pdf")
    second = render_pdf(PAGE_TWO, tmp_path / "two.pdf")
    if scan_second:
        second = rasterise_pdf(second, tmp_path / "two-scan.pdf")
    return join_pdfs([first, second], tmp_path / "report.pdf")


def test_image_last_page_without_ocr_leaves_every_figure_on_its_page(tmp_path, monkeypatch):
    monkeypatch.setenv("SELFEVAL_OCR", "0")
    rec = ingest_file(_two_page_pdf(tmp_path))
    assert rec.source.pages == 2 and rec.source.ocr_pages == []
    assert "page 2 has no text layer; OCR needed" in rec.warnings
    assert {(m.value, m.page) for m in rec.mentions if m.type == "money"} == {(Decimal("651.17"), 1), (Decimal("602.39"), 1)}


def fake_recogniser(image):
    """What the recogniser gives for PAGE_TWO: two lines, the second in two boxes of different confidence."""
    return [
        ([[0, 100], [120, 100], [120, 120], [0, 120]], "二、自评结论", 0.99),
        ([[0, 160], [260, 160], [260, 180], [0, 180]], "预算执行率98.5%，", 0.97),
        ([[262, 161], [600, 161], [600, 181], [262, 181]], "自评得分95分，等级为优秀。", 0.81),
    ]


def test_ocr_page_figures_carry_origin_confidence_and_their_page(tmp_path, monkeypatch):
    monkeypatch.setattr(ocr, "recognise", fake_recogniser)
    monkeypatch.setattr(ocr, "available", lambda: True)
    rec = ingest_file(_two_page_pdf(tmp_path))
    assert rec.source.ocr_pages == [2]
    assert any(w.startswith("page 2 read by OCR") for w in rec.warnings)
    assert not any("OCR needed" in w for w in rec.warnings)
    figures = {(m.value, m.page, m.origin, m.confidence) for m in rec.mentions}
    assert (Decimal("651.17"), 1, "prose", None) in figures
    assert (Decimal("98.5"), 2, "ocr", Decimal("0.97")) in figures
    assert rec.self_score == Decimal("95") and rec.provenance["self_score"].page == 2
    assert all(s.origin == "ocr" and s.confidence == Decimal("0.81") for s in rec.scores if s.page == 2)


def test_failing_recogniser_leaves_the_page_unread_with_a_warning(tmp_path, monkeypatch):
    def broken(image):
        raise RuntimeError("model file damaged")

    monkeypatch.setattr(ocr, "recognise", broken)
    monkeypatch.setattr(ocr, "available", lambda: True)
    doc = read_document(_two_page_pdf(tmp_path))
    assert doc.ocr_pages == []
    assert any("OCR failed (RuntimeError: model file damaged)" in w for w in doc.warnings)
    assert "page 2 has no text layer; OCR needed" in doc.warnings


def test_without_rapidocr_the_page_says_how_to_install_it(tmp_path, monkeypatch):
    monkeypatch.delenv("SELFEVAL_OCR", raising=False)
    monkeypatch.setattr(ocr, "available", lambda: False)
    doc = read_document(_two_page_pdf(tmp_path))
    assert doc.ocr_pages == []
    assert any("pip install rapidocr_onnxruntime" in w for w in doc.warnings)
    assert "page 2 has no text layer; OCR needed" in doc.warnings


def test_page_where_ocr_finds_nothing_says_so(tmp_path, monkeypatch):
    monkeypatch.setattr(ocr, "recognise", lambda image: [])
    monkeypatch.setattr(ocr, "available", lambda: True)
    doc = read_document(_two_page_pdf(tmp_path))
    assert doc.ocr_pages == []
    assert doc.warnings == ["page 2: no text layer, and OCR found no text"]


def test_text_pages_are_never_sent_to_ocr(tmp_path, monkeypatch):
    def refuse(image):
        raise AssertionError("a page with a text layer went to OCR")

    monkeypatch.setattr(ocr, "recognise", refuse)
    monkeypatch.setattr(ocr, "available", lambda: True)
    doc = read_document(_two_page_pdf(tmp_path, scan_second=False))
    assert doc.ocr_pages == [] and doc.warnings == []


# ---------------------------------------------------------------- the real recogniser


@pytest.fixture(scope="module")
def can_ocr(tmp_path_factory):
    from render import cjk_glyphs_render

    if not ocr.available():
        pytest.skip("rapidocr_onnxruntime is not installed")
    if not cjk_glyphs_render(tmp_path_factory.mktemp("font")):
        pytest.skip("no CJK font for pdfium to draw the rendered pages (apt-get install fonts-wqy-microhei)")


@pytest.mark.ocr
def test_ocr_reads_a_scanned_last_page_onto_its_own_page(can_ocr, tmp_path, monkeypatch):
    monkeypatch.delenv("SELFEVAL_OCR", raising=False)
    rec = ingest_file(_two_page_pdf(tmp_path))
    assert rec.source.ocr_pages == [2]
    money = {(m.value, m.page, m.origin) for m in rec.mentions if m.type == "money"}
    assert money == {(Decimal("651.17"), 1, "prose"), (Decimal("602.39"), 1, "prose")}
    rate = next(m for m in rec.mentions if m.type == "percent")
    assert (rate.value, rate.page, rate.origin) == (Decimal("98.5"), 2, "ocr")
    assert Decimal("0.5") < rate.confidence <= 1
    assert (rec.self_score, rec.grade) == (Decimal("95"), "优秀")


@pytest.mark.ocr
def test_scanned_sample_report_gives_its_expected_record(can_ocr, tmp_path, monkeypatch):
    """The project's own sample PDF (three pages, a ruled table) scanned: runs without ../shared."""
    from conftest import ROOT
    from render import rasterise_pdf

    monkeypatch.delenv("SELFEVAL_OCR", raising=False)
    sample = ROOT / "corpus" / "water_2022.pdf"
    expected = json.loads(sample.with_name("water_2022.expected.json").read_text(encoding="utf-8"))
    rec = ingest_file(rasterise_pdf(sample, tmp_path / "water-scan.pdf"))
    assert rec.source.ocr_pages == [1, 2, 3]
    assert (rec.kind, rec.department, rec.year, str(rec.self_score), rec.grade) == (
        expected["kind"], expected["department"], expected["year"], str(expected["self_score"]), expected["grade"])
    got = {k: None if v is None else v.value for k, v in rec.headline}
    assert got == {k: None if v is None else Decimal(str(v)) for k, v in expected["headline"].items()}


@pytest.fixture(scope="module")
def scanned_seed(can_ocr, tmp_path_factory):
    """The seed report rendered to PDF, every page rasterised and put back as an image only, then ingested.
    Every page is needed: the unit is the name the body repeats over the whole report."""
    if not SEED.exists():
        pytest.skip("shared seed report not available")
    from render import rasterise_pdf, render_pdf

    folder = tmp_path_factory.mktemp("scan")
    text_pdf = render_pdf(SEED.read_text(encoding="utf-8"), folder / "seed.pdf")
    saved = os.environ.pop("SELFEVAL_OCR", None)
    try:
        return ingest_file(rasterise_pdf(text_pdf, folder / "seed-scan.pdf"))
    finally:
        if saved is not None:
            os.environ["SELFEVAL_OCR"] = saved


@pytest.mark.ocr
def test_scanned_seed_gives_the_gold_facts_from_ocr(scanned_seed):
    gold = json.loads(SEED.with_suffix(".json").read_text(encoding="utf-8"))
    rec = scanned_seed
    assert (rec.department, rec.year, str(rec.self_score), rec.grade, rec.kind) == (
        gold["department"], gold["year"], gold["self_score"], gold["grade"], gold["kind"])
    assert {k: None if v is None else str(v.value) for k, v in rec.headline} == gold["headline"]


@pytest.mark.ocr
def test_scanned_seed_says_it_was_read_by_ocr(scanned_seed):
    rec = scanned_seed
    assert rec.source.ocr_pages == list(range(1, rec.source.pages + 1))
    assert any("read by OCR" in w for w in rec.warnings)
    values = [v for _, v in rec.headline if v is not None]
    assert values and all(v.origin == "ocr" and Decimal("0.5") < v.confidence <= 1 for v in values)
    assert rec.mentions and all(m.origin == "ocr" and m.confidence is not None for m in rec.mentions)
    assert all(rec.text[m.start:m.end] == m.raw for m in rec.mentions)


# ---------------------------------------------------------------- formats read elsewhere


@pytest.mark.parametrize("suffix, advice", [(".xls", "save the report as .docx or PDF"), (".ofd", "export it to PDF"),
                                            (".et", "export it to PDF")], ids=["xls", "ofd", "et"])
def test_formats_not_read_say_how_to_convert(tmp_path, suffix, advice):
    path = tmp_path / f"report{suffix}"
    path.write_bytes(b"\xd0\xcf\x11\xe0 not really")
    outcome = safe_ingest(str(path))
    assert outcome.error == "unsupported" and advice in outcome.message


@pytest.mark.parametrize("suffix", [".doc", ".wps"])
def test_old_word_files_without_libreoffice_say_how_to_convert(tmp_path, monkeypatch, suffix):
    monkeypatch.setattr(legacy, "soffice", lambda: None)
    path = tmp_path / f"report{suffix}"
    path.write_bytes(b"\xd0\xcf\x11\xe0 not really")
    outcome = safe_ingest(str(path))
    assert outcome.error == "unsupported"
    assert "save it as .docx" in outcome.message and "soffice --headless --convert-to docx" in outcome.message


def _fake_soffice(tmp_path, body: str):
    """An executable standing in for LibreOffice: ``body`` is Python run with its arguments in sys.argv."""
    script = tmp_path / "soffice"
    script.write_text(f"#!{sys.executable}\nimport sys\n{body}\n", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return str(script)


CONVERT_BODY = """
sys.path.insert(0, {tests!r})
from pathlib import Path
from render import render_docx
args = sys.argv[1:]
out = Path(args[args.index("--outdir") + 1])
out.mkdir(parents=True, exist_ok=True)
src = Path(args[-1])
render_docx(src.read_text(encoding="utf-8"), out / (src.stem + ".docx"))
"""


@pytest.mark.parametrize("suffix", [".doc", ".wps"])
def test_old_word_files_are_converted_by_libreoffice(tmp_path, monkeypatch, suffix):
    from pathlib import Path

    tests = str(Path(__file__).resolve().parent)
    command = _fake_soffice(tmp_path, CONVERT_BODY.format(tests=tests))
    monkeypatch.setattr(legacy, "soffice", lambda: command)
    path = tmp_path / f"report{suffix}"
    path.write_text(PAGE_ONE + "\n" + PAGE_TWO, encoding="utf-8")  # the fake converter reads it as text
    rec = ingest_file(path)
    assert rec.source.path == str(path) and rec.self_score == Decimal("95")
    assert any("converted to .docx by LibreOffice" in w for w in rec.warnings)


def test_libreoffice_that_hangs_is_stopped(tmp_path, monkeypatch):
    command = _fake_soffice(tmp_path, "import time\ntime.sleep(60)")
    monkeypatch.setattr(legacy, "soffice", lambda: command)
    monkeypatch.setattr(legacy, "CONVERT_TIMEOUT", 1)
    path = tmp_path / "report.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(UnreadableFile, match="more than 1 s"):
        read_document(path)


def test_libreoffice_that_writes_nothing_is_an_error_row(tmp_path, monkeypatch):
    command = _fake_soffice(tmp_path, "pass")
    monkeypatch.setattr(legacy, "soffice", lambda: command)
    path = tmp_path / "report.wps"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    outcome = safe_ingest(str(path))
    assert outcome.error == "unreadable" and "could not convert" in outcome.message


def test_unknown_suffix_still_unsupported(tmp_path):
    with pytest.raises(UnsupportedFormat, match="unsupported file type .xyz"):
        read_document(tmp_path / "report.xyz")


def test_no_ocr_flag_leaves_scanned_pages_unread(tmp_path, monkeypatch):
    from extract.cli import main

    monkeypatch.setenv("SELFEVAL_OCR", "1")  # restored after the test, whatever main sets
    monkeypatch.setattr(ocr, "recognise", fake_recogniser)
    monkeypatch.setattr(ocr, "available", lambda: True)
    pdf = _two_page_pdf(tmp_path)
    assert main(["ingest", str(pdf), "--out", str(tmp_path / "out"), "--no-ocr"]) == 0
    record = json.loads((tmp_path / "out" / "records.jsonl").read_text(encoding="utf-8"))
    assert record["source"]["ocr_pages"] == [] and "page 2 has no text layer; OCR needed" in record["warnings"]
