"""Render report texts with tests/render.py and read them back with the readers."""
from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from extract.read import read_document

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
    assert lines[0].startswith(f"{expected['department']}{expected['year']}年度") and lines[0].endswith("绩效自评报告")
    assert f"{expected['headline']['execution_rate']}%" in "".join(lines)


# ---------------------------------------------------------------- no text lost

FOOTER = re.compile(r"^— \d+ —$")


def numbers_text() -> str:
    """Paragraphs of varying length, so that figures and lone characters fall at line ends."""
    paragraphs = ["一、支出明细"]
    for k in range(1, 41):
        filler = "本项资金" * (k % 7) + "用于" + "村道养护" * (k % 5)
        paragraphs.append(f"{filler}，第{k}批支出{k * 13.7:.2f}万元，完成率{90 + k % 10}%，得分{k % 9 + 1}分。{'得' * ((k + 3) % 6)}")
    return "\n".join(paragraphs)


def non_space(lines) -> str:
    return "".join("".join(line.split()) for line in lines if not FOOTER.match(line.strip()))


def _render(fmt: str, text: str, path: Path) -> Path:
    pytest.importorskip("reportlab" if fmt == "pdf" else "docx" if fmt == "docx" else "html")
    import render

    return getattr(render, f"render_{fmt}")(text, path / f"doc.{fmt}")


@pytest.mark.parametrize("fmt", ["pdf", "docx", "html"])
@pytest.mark.parametrize("source", ["seed", "numbers"])
def test_rendering_reads_back_every_character(fmt, source, tmp_path):
    """The read text holds exactly the characters of the source, in order (spaces and footers aside)."""
    if source == "seed" and not SEED.exists():
        pytest.skip("shared seed report not available")
    from render import paragraphs_of

    text = SEED.read_text(encoding="utf-8") if source == "seed" else numbers_text()
    doc = read_document(_render(fmt, text, tmp_path))
    assert non_space(line for page in doc.pages for line in page.lines) == non_space(paragraphs_of(text))


# ---------------------------------------------------------------- pipeline twins


@pytest.fixture(scope="module")
def seed_records(tmp_path_factory):
    if not SEED.exists():
        pytest.skip("shared seed report not available")
    from extract.pipeline import ingest_file

    text = SEED.read_text(encoding="utf-8")
    out = tmp_path_factory.mktemp("twins")
    records = {"txt": ingest_file(SEED)}
    for fmt in ("pdf", "docx", "html"):
        records[fmt] = ingest_file(_render(fmt, text, out))
    return records


def level1(record):
    return [(s.number, s.title) for s in record.sections if s.level == 1]


def headline_values(record):
    return {name: (v.value, v.unit) for name, v in record.headline if v is not None and hasattr(v, "value")}


def score_items(record):
    return Counter((s.item, s.max, s.score) for s in record.scores)


TWIN_VIEWS = {
    "level1-sections": level1,
    "meta": lambda r: (r.department, r.year, r.kind),
    "headline": headline_values,
    "scores": score_items,
    "findings": lambda r: sorted(f"{f.severity}:{f.rule}" for f in r.findings),
}


TWIN_CASES = [pytest.param(fmt, view, id=f"{fmt}-{view}") for fmt in ("pdf", "docx", "html") for view in TWIN_VIEWS]


@pytest.mark.parametrize("fmt,view", TWIN_CASES)
def test_seed_rendering_gives_the_record_of_its_text(seed_records, fmt, view):
    see = TWIN_VIEWS[view]
    assert see(seed_records[fmt]) == see(seed_records["txt"])


def test_seed_twins_are_not_empty(seed_records):
    txt = seed_records["txt"]
    assert len(level1(txt)) == 6 and txt.scores and headline_values(txt)


@pytest.mark.parametrize("fmt", ["txt", "pdf", "docx", "html"])
def test_seed_and_its_renderings_raise_no_error(seed_records, fmt):
    assert [f.message for f in seed_records[fmt].findings if f.severity == "error"] == []
