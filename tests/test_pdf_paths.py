"""The fast PDF path (ruled tables from pdfium's drawn lines) gives the records of the pdfplumber path.

Every kind of PDF the other tests build is built here again and read twice: as the
reader reads by default, and with ``SELFEVAL_PDF_TABLES=pdfplumber`` (every ruled
table found by pdfplumber, as before).  Documents and records must be identical.
"""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from extract.pipeline import ingest_file
from extract.read import pdf_rules, pdf_tables, read_document

pytest.importorskip("reportlab")

REPO = Path(__file__).resolve().parents[1]
SEED = REPO.parent / "shared" / "seed" / "leichang_2022.txt"


def _seed_text() -> str:
    if not SEED.exists():
        pytest.skip("shared seed report not available")
    return SEED.read_text(encoding="utf-8")


def _seed(folder: Path, **options) -> Path:
    from render import render_pdf

    return render_pdf(_seed_text(), folder / "seed.pdf", **options)


def _seed_with_tables(folder: Path) -> Path:
    from render import TableSpec, render_pdf

    rows = [["支出类别", "年初预算（万元）", "实际支出（万元）"], ["基本支出", "480.00", "529.99"],
            ["项目支出", "122.39", "121.18"], ["合计", "602.39", "651.17"]]
    text = _seed_text().replace("二、", "[[TABLE:fund]]\n二、", 1)
    return render_pdf(text, folder / "seed-tables.pdf", tables={"fund": TableSpec(rows, break_after=2)})


def _twin(kind: str):
    def build(folder: Path) -> Path:
        import test_table_twins

        return test_table_twins.render_form("pdf", kind, folder)
    return build


def _template(form: str, kind: str):
    def build(folder: Path) -> Path:
        import test_grid_templates

        return test_grid_templates.render(form, "pdf", kind, folder)
    return build


def _module_text(module: str, name: str):
    def build(folder: Path) -> Path:
        from render import render_pdf

        value = getattr(__import__(module), name)
        return render_pdf(value() if callable(value) else value, folder / f"{name}.pdf")
    return build


def _readers_table(folder: Path) -> Path:
    from render import render_pdf

    rows = [["项目", "年初预算", "执行数"], ["基本支出", "480.00", "529.99"], ["合计", "602.39", "651.17"]]
    return render_pdf("一、基本情况\n预算执行情况如下。", folder / "table.pdf", table_rows=rows)


def _readers_mixed(folder: Path) -> Path:
    import test_readers

    return test_readers._pdf(folder / "mixed.pdf", [test_readers._text_page, test_readers._image_page,
                                                    test_readers._text_page])


def _two_row_cells(c) -> None:
    """The text of a 2 x 2 ruled table at (72..372, 600..640): a label and an amount per row."""
    c.drawString(80, 625, "基本支出")
    c.drawString(230, 625, "529.99")
    c.drawString(80, 605, "合计")
    c.drawString(230, 605, "651.17")


def _curves_beside_a_table(folder: Path) -> Path:
    """A page with a curve and a slanted line: the fast path must hand it to pdfplumber."""
    import test_readers

    def page(c):
        test_readers._text_page(c)
        c.circle(300, 300, 40)
        c.line(100, 100, 200, 150)
        for y in (600, 620, 640):
            c.line(72, y, 372, y)
        for x in (72, 222, 372):
            c.line(x, 600, x, 640)
        _two_row_cells(c)
    return test_readers._pdf(folder / "curves.pdf", [page])


def _thin_rectangle_rules(folder: Path) -> Path:
    """A table ruled with thin filled rectangles (as Word draws cell borders), one cell shaded."""
    import test_readers

    def page(c):
        test_readers._text_page(c)
        c.setFillGray(0.9)
        c.rect(72, 620, 150, 20, fill=1, stroke=0)
        c.setFillGray(0)
        for y in (600, 620, 640):
            c.rect(72, y - 0.25, 300, 0.5, fill=1, stroke=0)
        for x in (72, 222, 372):
            c.rect(x - 0.25, 600, 0.5, 40, fill=1, stroke=0)
        _two_row_cells(c)
    return test_readers._pdf(folder / "thin.pdf", [page])


def _bold_cells(folder: Path) -> Path:
    """A ruled table whose header cells are drawn twice, a little apart ("fake bold")."""
    import test_readers

    def page(c):
        test_readers._text_page(c)
        for y in (560, 600, 640):
            c.line(72, y, 472, y)
        for x in (72, 322, 472):
            c.line(x, 560, x, 640)
        for dx in (0.0, 0.35):
            c.drawString(80 + dx, 620, "部门整体支出绩效自评指标名称")
            c.drawString(330 + dx, 620, "年初预算数")
        c.drawString(80, 580, "基本支出")
        c.drawString(330, 580, "529.99")
    return test_readers._pdf(folder / "bold-cells.pdf", [page])


def _rotated_cell(folder: Path) -> Path:
    """A ruled table with a cell written upwards: pdfplumber reads it (the fast path hands the page over)."""
    import test_readers

    def page(c):
        test_readers._text_page(c)
        for y in (560, 640):
            c.line(72, y, 372, y)
        for x in (72, 222, 372):
            c.line(x, 560, x, 640)
        c.saveState()
        c.translate(150, 570)
        c.rotate(90)
        c.drawString(0, 0, "基本支出")
        c.restoreState()
        c.drawString(230, 600, "529.99")
    return test_readers._pdf(folder / "rotated.pdf", [page])


def _bench_reports(folder: Path) -> list[Path]:
    spec = importlib.util.spec_from_file_location("selfeval_bench_generate", REPO / "bench" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module.generate(4, folder)


BUILDERS = {
    "seed": _seed,
    "seed-footer-first": lambda folder: _seed(folder, footer_first=True),
    "seed-with-split-table": _seed_with_tables,
    "numbers": _module_text("test_renderings", "numbers_text"),
    "wrapped": _module_text("test_renderings", "WRAPPED"),
    "prose": _module_text("test_table_twins", "prose_lines"),
    "readers-table": _readers_table,
    "readers-mixed": _readers_mixed,
    "curves-beside-a-table": _curves_beside_a_table,
    "thin-rectangle-rules": _thin_rectangle_rules,
    "rotated-cell": _rotated_cell,
    "bold-cells": _bold_cells,
    **{f"twin-{kind}": _twin(kind) for kind in ("ruled", "borderless-split", "ruled-split-repeated-header",
                                                 "borderless-split-repeated-header", "merged-header")},
    **{f"template-{form}-{kind}": _template(form, kind) for form in ("project", "dept")
       for kind in ("ruled", "borderless-split")},
}


def _both_paths(path: Path, monkeypatch):
    monkeypatch.delenv(pdf_tables.PATH_VARIABLE, raising=False)
    fast = (read_document(path), ingest_file(path))
    monkeypatch.setenv(pdf_tables.PATH_VARIABLE, "pdfplumber")
    slow = (read_document(path), ingest_file(path))
    return fast, slow


def _pages(doc):
    return [(p.number, p.lines, [t.rows for t in p.tables]) for p in doc.pages], doc.warnings


def _assert_same(path: Path, monkeypatch) -> None:
    (fast_doc, fast_record), (slow_doc, slow_record) = _both_paths(path, monkeypatch)
    assert _pages(fast_doc) == _pages(slow_doc)
    assert fast_record.model_dump(mode="json") == slow_record.model_dump(mode="json")


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_fast_path_gives_the_pdfplumber_records(name, tmp_path, monkeypatch):
    _assert_same(BUILDERS[name](tmp_path), monkeypatch)


@pytest.mark.parametrize("path", sorted((REPO / "corpus").glob("*.pdf")), ids=lambda p: p.name)
def test_fast_path_gives_the_pdfplumber_records_of_the_sample_corpus(path, monkeypatch):
    _assert_same(path, monkeypatch)


def test_fast_path_gives_the_pdfplumber_records_of_generated_reports(tmp_path, monkeypatch):
    for path in _bench_reports(tmp_path):
        _assert_same(path, monkeypatch)


def test_ruled_tables_of_plain_rules_need_no_pdfplumber(tmp_path, monkeypatch):
    """On the renderer's ruled tables the fast path decides alone: pdfplumber is never opened."""
    monkeypatch.delenv(pdf_tables.PATH_VARIABLE, raising=False)

    def refuse(self, index):
        raise AssertionError("pdfplumber asked")
    monkeypatch.setattr(pdf_tables.TableFinder, "find", refuse)
    doc = read_document(_readers_table(tmp_path))
    assert doc.pages[0].tables[0].rows[-1] == ["合计", "602.39", "651.17"]


def test_fake_bold_cells_count_once(tmp_path):
    import pypdfium2 as pdfium

    page = pdfium.PdfDocument(str(_bold_cells(tmp_path)))[0]
    textpage = page.get_textpage()
    found = pdf_rules.ruled_tables(page, textpage, textpage.get_text_range())
    assert found[0].rows[0] == ["部门整体支出绩效自评指标名称", "年初预算数"]


def test_drawn_twice_characters_inside_a_table_count_once():
    chars = [("合", 10.0, 10.0, 20.0, 20.0), ("计", 20.0, 10.0, 30.0, 20.0), ("合", 10.35, 10.0, 20.35, 20.0),
             ("计", 20.35, 10.0, 30.35, 20.0), ("合", 10.0, 50.0, 20.0, 60.0)]
    assert pdf_rules.deduped(chars, (0, 0, 100, 100)) == [chars[0], chars[1], chars[4]]
    assert pdf_rules.deduped(chars, (0, 0, 100, 40)) == chars[:2]


def test_thin_rectangles_make_the_table_without_pdfplumber(tmp_path):
    import pypdfium2 as pdfium

    page = pdfium.PdfDocument(str(_thin_rectangle_rules(tmp_path)))[0]
    textpage = page.get_textpage()
    found = pdf_rules.ruled_tables(page, textpage, textpage.get_text_range())
    assert [t.rows for t in found] == [[["基本支出", "529.99"], ["合计", "651.17"]]]


@pytest.mark.parametrize("build", [_curves_beside_a_table, _rotated_cell], ids=["curves", "rotated-cell"])
def test_geometry_the_fast_path_does_not_read_goes_to_pdfplumber(build, tmp_path):
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(build(tmp_path)))
    page = pdf[0]
    textpage = page.get_textpage()
    assert pdf_rules.ruled_tables(page, textpage, textpage.get_text_range()) is None
