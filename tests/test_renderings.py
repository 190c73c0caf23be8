"""Render report texts with tests/render.py and read them back with the readers."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from extract.readers import read_document

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED = SHARED / "seed" / "leichang_2022.txt"
SEED_FIGURES = ["651.17", "529.99", "121.18", "602.39"]
CORPUS = REPO / "corpus"
SAMPLES = sorted(p for p in CORPUS.glob("*.expected.json"))


@pytest.fixture(scope="module")
def seed_text() -> str:
    if not SEED.exists():
        pytest.skip("shared seed report not available")
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seed_pdf(seed_text, tmp_path_factory):
    pytest.importorskip("reportlab")
    from render import render_pdf

    return read_document(render_pdf(seed_text, tmp_path_factory.mktemp("pdf") / "seed.pdf"))


def joined(doc) -> str:
    return "\n".join(line for page in doc.pages for line in page.lines)


def test_seed_pdf_has_several_pages_and_no_warnings(seed_pdf):
    assert seed_pdf.n_pages > 1
    assert seed_pdf.warnings == []


@pytest.mark.parametrize("figure", SEED_FIGURES)
def test_seed_pdf_keeps_figures_whole(seed_pdf, figure):
    assert re.search(rf"(?<![\d.]){re.escape(figure)}(?![\d.])", joined(seed_pdf))


def test_seed_pdf_page_footers_are_lines_of_their_page(seed_pdf):
    footers = [line for page in seed_pdf.pages for line in page.lines if re.fullmatch(r"— \d+ —", line)]
    assert footers == [f"— {page.number} —" for page in seed_pdf.pages]


def test_seed_docx_gives_the_seed_paragraphs(seed_text, tmp_path):
    from render import paragraphs_of, render_docx

    doc = read_document(render_docx(seed_text, tmp_path / "seed.docx"))
    assert [line for line in doc.pages[0].lines if line] == paragraphs_of(seed_text)


def test_seed_html_gives_the_seed_paragraphs(seed_text, tmp_path):
    from render import paragraphs_of, render_html

    doc = read_document(render_html(seed_text, tmp_path / "seed.html"))
    assert doc.pages[0].lines == [" ".join(p.split()) for p in paragraphs_of(seed_text)]


WRAPPED = "一、基本情况\n" + "本单位年初预算602.39万元，全年支出651.17万元，其中基本支出529.99万元，项目支出121.18万元。" * 5


def test_wrapped_justified_paragraph_keeps_numbers_whole(tmp_path):
    pytest.importorskip("reportlab")
    from render import render_pdf

    doc = read_document(render_pdf(WRAPPED, tmp_path / "wrapped.pdf"))
    lines = doc.pages[0].lines
    assert len(lines) > 6  # the long paragraph wrapped
    text = "".join(lines)
    for figure in SEED_FIGURES:
        assert text.count(figure) == 5


@pytest.mark.parametrize("expected_path", SAMPLES, ids=[p.name.split(".")[0] for p in SAMPLES])
def test_corpus_sample_reads_back(expected_path):
    stem = expected_path.name.removesuffix(".expected.json")
    (source,) = [p for p in CORPUS.glob(stem + ".*") if not p.name.endswith(".json")]
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    doc = read_document(source)
    lines = joined(doc).split("\n")
    assert doc.warnings == []
    assert [line for line in lines if line in expected["headings"]] == expected["headings"]
    assert lines[0] == f"{expected['department']}{expected['year']}年度部门整体支出绩效自评报告"
    assert f"{expected['headline']['execution_rate']}%" in "".join(lines)
