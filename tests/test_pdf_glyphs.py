"""Glyphs pdfium leaves out: decoded at their origins only, and put back where they stand on the page."""
from __future__ import annotations

import math

import pytest

from extract.read import pdf_glyphs, pdf_lines, read_document
from extract.read.pdf_lines import RawLine

TITLE = "示例县卫生健康委员会综合服2023年度部门整体支出绩效自评报告"  # one glyph too wide: 告 wraps alone


def _line(text: str, y: float, start: int = 0) -> RawLine:
    return RawLine(text=text, start=start, x=100.0, y=y)


PLACES = [
    ("footer-drawn-first", [("— 1 —", 40.0), ("标题第一行", 733.0), ("正文", 677.0)], 705.0,
     ["— 1 —", "标题第一行", "告", "正文"]),
    ("footer-drawn-last", [("标题第一行", 733.0), ("正文", 677.0), ("— 1 —", 40.0)], 705.0,
     ["标题第一行", "告", "正文", "— 1 —"]),
    ("nothing-above", [("— 1 —", 40.0), ("正文", 677.0)], 760.0, ["— 1 —", "告", "正文"]),
    ("nothing-placed", [], 705.0, ["告"]),
]


@pytest.mark.parametrize("lines,y,expected", [p[1:] for p in PLACES], ids=[p[0] for p in PLACES])
def test_recovered_line_goes_under_the_line_above_it_on_the_page(lines, y, expected):
    out = pdf_lines.recover([_line(t, ly, k) for k, (t, ly) in enumerate(lines)], [(100.0, y, "告")])
    assert [line.text for line in out] == expected


def test_fake_bold_pieces_count_once():
    pieces = [(100.0, 700.0, "告"), (100.35, 700.0, "告"), (130.0, 700.0, "得")]
    assert pdf_lines.distinct_pieces(pieces) == [(100.0, 700.0, "告"), (130.0, 700.0, "得")]


def _lone_glyph_pdf(tmp_path):
    pytest.importorskip("reportlab")
    from render import render_pdf

    return render_pdf(f"{TITLE}\n一、基本情况\n正文。", tmp_path / "lone.pdf", footer_first=True)


def _origins_of(path, text: str) -> list[tuple[float, float]]:
    """pdfium's origins of every draw of a character on page 1."""
    import pypdfium2 as pdfium

    textpage = pdfium.PdfDocument(str(path))[0].get_textpage()
    raw = textpage.get_text_range()
    return [pdfium_origin(textpage, k) for k, c in enumerate(raw) if c == text]


def pdfium_origin(textpage, k: int) -> tuple[float, float]:
    import ctypes

    import pypdfium2.raw as pdfium_c

    x, y = ctypes.c_double(), ctypes.c_double()
    pdfium_c.FPDFText_GetCharOrigin(textpage.raw, k, x, y)
    return x.value, y.value


def test_glyphs_at_decodes_the_characters_drawn_at_the_origins(tmp_path):
    path = _lone_glyph_pdf(tmp_path)
    origins = _origins_of(path, "告")[-1:]
    found = pdf_glyphs.glyphs_at(path, 0, origins)
    assert [text for _, _, text in found] and {text for _, _, text in found} == {"告"}
    assert all(math.isclose(x, origins[0][0], abs_tol=0.5) for x, _, _ in found)


def test_glyphs_at_an_origin_without_a_glyph_finds_nothing(tmp_path):
    assert pdf_glyphs.glyphs_at(_lone_glyph_pdf(tmp_path), 0, [(1.0, 1.0)]) == []


def test_glyphs_at_of_a_broken_file_finds_nothing(tmp_path):
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4 not really")
    assert pdf_glyphs.glyphs_at(path, 0, [(1.0, 1.0)]) == []


def test_a_lone_title_glyph_pdfium_leaves_out_comes_back_under_the_title(tmp_path, monkeypatch):
    """pdfium drops the lone 告 (as it does where the font has no glyph boxes); it comes back after
    the title's first line, not in front of the footer that the PDF draws first."""
    path = _lone_glyph_pdf(tmp_path)
    lone = [o for o in _origins_of(path, "告") if o[1] < 740][-1:]  # the wrapped 告, not 报告 of the title
    real_raw_lines = pdf_lines.raw_lines

    def without_lone_glyph(raw, textpage):
        return [line for line in real_raw_lines(raw, textpage) if line.text.strip() != "告"]

    monkeypatch.setattr(pdf_lines, "raw_lines", without_lone_glyph)
    monkeypatch.setattr(pdf_lines, "missing_objects", lambda page: lone)  # one page
    lines = read_document(path).pages[0].lines
    assert lines[:3] == ["— 1 —", TITLE[:-1], "告"]


def test_a_file_is_parsed_once_for_all_its_pages_that_ask(tmp_path, monkeypatch):
    """Pages with missing glyphs reuse the file's parse (page tree, fonts); the same glyphs come back."""
    import pdfminer.pdfdocument

    parses = []
    document = pdfminer.pdfdocument.PDFDocument
    monkeypatch.setattr(pdfminer.pdfdocument, "PDFDocument", lambda *a, **k: parses.append(1) or document(*a, **k))
    path = _lone_glyph_pdf(tmp_path)
    origins = _origins_of(path, "告")[-1:]
    with pdf_glyphs.GlyphReader(path) as reader:
        first, again, nowhere = reader.glyphs_at(0, origins), reader.glyphs_at(0, origins), reader.glyphs_at(0, [(1.0, 1.0)])
    assert first == again == pdf_glyphs.glyphs_at(path, 0, origins) and {t for _, _, t in first} == {"告"}
    assert nowhere == [] and len(parses) == 2  # once for the reader, once for the one-off call
