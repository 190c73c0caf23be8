"""The benchmark's pieces work (bench/generate.py, bench/run.py); nothing here asserts on time."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"


def _load(name: str):
    spec = importlib.util.spec_from_file_location(f"selfeval_bench_{name}", BENCH / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> Path:
    pytest.importorskip("reportlab")
    folder = tmp_path_factory.mktemp("bench")
    _load("generate").generate(3, folder)
    return folder


def test_generated_reports_are_the_same_in_every_run(reports, tmp_path):
    again = _load("generate").generate(3, tmp_path)
    assert [p.read_bytes() for p in again] == [p.read_bytes() for p in sorted(reports.glob("*.pdf"))]


def test_generated_reports_have_several_pages_and_a_ruled_table(reports):
    from extract.read import read_document

    doc = read_document(sorted(reports.glob("*.pdf"))[0])
    assert doc.n_pages >= 5 and any(t.strategy == "pdf-ruled" for page in doc.pages for t in page.tables)


def test_bare_text_layer_pass_counts_every_page(reports):
    import pypdfium2 as pdfium

    result = _load("run").child("pypdfium2", reports, None, 1, [])
    assert result["files"] == 3
    assert result["pages"] == sum(len(pdfium.PdfDocument(str(p))) for p in reports.glob("*.pdf"))
    assert result["parent_mb"] > 0


def _result(work: float, pages: int = 70, workers: float = 0.0) -> dict:
    return {"files": 10, "pages": pages, "import_s": 0.1, "work_s": work, "total_s": work + 0.1, "work_cpu_s": work,
            "total_cpu_s": work + 0.1, "parent_mb": 100.0, "workers_mb": workers}


def test_report_states_the_ratios_of_the_targets():
    results = {"pypdfium2": _result(1.0), "pdfplumber": _result(20.0), "records": _result(3.0), "one": _result(4.0),
               "all": _result(2.0, workers=90)}
    text = _load("run").report(results, 2, "(n/a)")
    assert "bare pdfplumber / selfeval 1 job   = 5.00x" in text
    assert "selfeval 1 job / bare pypdfium2    = 4.00x" in text
    assert "selfeval 1 job / selfeval 2 jobs   = 2.00x" in text
    assert "rerun / cached first run           = n/a" in text
    assert "records only: pdfplumber / it = 6.67x" in text
