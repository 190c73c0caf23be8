"""report.html without a browser: escaping of hostile text, no outside reference, the charts and tables
present, the record sources and the ``selfeval report`` command."""
from __future__ import annotations

import html
import re
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extract.cli import main
from extract.errors import SelfevalError
from extract.models import Finding, Record, Span
from extract.output.overview import overview_chunks, overview_html
from extract.pipeline import ingest_file, ingest_text
from extract.record_sources import SourceError, load_failed_inputs, load_records

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted((ROOT / "corpus").glob("*_20*.*"))
SAMPLES = [p for p in SAMPLES if not p.name.endswith(".json")]
CHARTS = ["ranking", "grades", "execution", "sections", "findings", "yearly"]
HOSTILE = '<script>alert(1)</script><img src=x onerror="fetch(\'http://example.invalid\')">'


@pytest.fixture(scope="module")
def samples() -> list[Record]:
    return [ingest_file(p) for p in SAMPLES]


def hostile_record() -> Record:
    text = f"{HOSTILE}2023年度部门整体支出绩效自评报告\n一、存在的问题\n{HOSTILE}资金拨付滞后。\n"
    record = ingest_text(text, path=f"{HOSTILE}.txt")
    span = Span(page=1, start=0, end=len(HOSTILE), raw=HOSTILE)
    finding = Finding(rule=HOSTILE, severity="error", message=HOSTILE, claimed=HOSTILE, expected="1", evidence=[span])
    return record.model_copy(update={"department": HOSTILE, "grade": HOSTILE, "self_score": Decimal("90"),
                                     "findings": [finding], "year": 2023})


def test_hostile_text_is_escaped_everywhere():
    page = overview_html([hostile_record(), hostile_record().model_copy(update={"year": 2024})])
    assert "<img" not in page and "alert(1)</script>" not in page
    assert page.count("<script>") == 1  # the page's own script only
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_no_reference_leaves_the_page(samples):
    page = overview_html([*samples, hostile_record()])
    links = re.findall(r'\b(?:href|src|action|xlink:href)\s*=\s*"([^"]*)"', page)
    assert links and all(link.startswith("#") for link in links)
    assert not re.search(r"url\(|@import|<link|<iframe|<object|<embed", page)
    assert "default-src 'none'" in html.unescape(page)  # the Content-Security-Policy forbids whatever slipped through


def test_every_chart_and_table_is_there(samples):
    page = overview_html([*samples, hostile_record()])
    for chart in CHARTS:
        block = re.search(rf'<figure class="chart" id="chart-{chart}">(.*?)</figure>', page, re.S)
        assert block, chart
        if chart != "yearly":  # the samples have no unit in two years
            assert 'class="mark"' in block.group(1), chart
    for table_id in ("table-reports", "table-themes", "table-keywords"):
        assert f'id="{table_id}" class="sortable"' in page
    assert page.count('<details class="report"') == len(samples) + 1


def test_chart_marks_link_to_the_details_of_their_report(samples):
    page = overview_html(samples)
    targets = set(re.findall(r'href="#([^"]+)"', page))
    ids = set(re.findall(r'\bid="([^"]+)"', page))
    assert targets and targets <= ids


def test_findings_link_to_page_and_snippet():
    page = overview_html([hostile_record()])
    assert 'href="#r0-findings"' in page and 'id="r0-f0"' in page
    assert "第1页：" in page and "<mark>" in page


def test_page_is_deterministic(samples):
    assert overview_html(samples) == overview_html(samples)


def test_the_page_comes_in_pieces_one_per_report_details(samples):
    """A writer can write report.html piece by piece: joined, the pieces are the page; no piece holds two reports."""
    chunks = list(overview_chunks(samples))
    assert "".join(chunks) == overview_html(samples)
    assert len(chunks) >= len(samples) + 2 and all(c.count('<details class="report"') <= 1 for c in chunks)


def test_empty_batch_gives_a_page():
    page = overview_html([])
    assert page.startswith("<!DOCTYPE html>") and "无数据" in page


@pytest.fixture(scope="module")
def out_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("out")
    assert main(["ingest", *map(str, SAMPLES), "--out", str(out)]) == 0
    return out


def test_records_load_back_from_folder_and_file(out_dir: Path, samples):
    from_folder = load_records(out_dir)
    assert [r.source.sha256 for r in from_folder] == [r.source.sha256 for r in samples]
    assert load_records(out_dir / "records.jsonl") == from_folder
    assert load_failed_inputs(out_dir) == []


@pytest.mark.parametrize("make_source,message", [
    (lambda d: d / "missing", "no such folder or file"),
    (lambda d: d, "not an ingest output folder"),
    (lambda d: _write(d / "bad.jsonl", '{"not": "a record"}\n'), "bad.jsonl:1: not a selfeval record"),
    (lambda d: _write(d / "store.db", "not sqlite at all, longer than a header line"), "not a selfeval store"),
    (lambda d: _write(d / "empty.db", ""), "not a selfeval store"),
], ids=["missing", "not-an-output-folder", "damaged-line", "not-a-store", "empty-store-file"])
def test_unreadable_sources_say_why(tmp_path: Path, make_source, message):
    with pytest.raises(SourceError, match=re.escape(message)):
        load_records(make_source(tmp_path))


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_report_command_writes_the_page(out_dir: Path, tmp_path: Path, capsys):
    target = tmp_path / "sub" / "overview.html"
    assert main(["report", str(out_dir), "--out", str(target)]) == 0
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert str(target) in capsys.readouterr().err
    assert (out_dir / "report.html").is_file()  # ingest wrote one too


@pytest.mark.parametrize("argv,status", [
    (["report"], 2),
    (["report", "nowhere-folder"], 2),
    (["report", ".", "--db", "x.db"], 2),
], ids=["no-source", "missing-source", "folder-and-db"])
def test_report_usage_errors(argv, status, capsys):
    assert main(argv) == status
    assert "selfeval: error:" in capsys.readouterr().err


def test_report_of_a_folder_without_records_exit_1(tmp_path: Path, capsys):
    assert main(["report", str(tmp_path)]) == 1
    assert "not an ingest output folder" in capsys.readouterr().err


PIECES = ["存在的问题", "：", "|", "\n", "二、存在的问题", "三、改进措施", "<", ">", "&", '"', "'", "</script>",
          "资金拨付滞后", "一是", "2023年", "自评得分95分", "优秀", "（200字以内）", "下一步改进措施:"]
hostile_text = st.lists(st.sampled_from(PIECES) | st.text(max_size=6), max_size=40).map("".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile_text, hostile_text)
def test_any_text_gives_a_page_with_nothing_unescaped(text, name):
    try:
        record = ingest_text("报告\n" + text, path=name or "x.txt")
    except SelfevalError:
        return
    record = record.model_copy(update={"department": name or None, "grade": name or None})
    page = overview_html([record, record.model_copy(update={"year": 2030})])
    assert page.count("<script>") == 1 and page.count("</script>") == 1
    markup = re.sub(r"<script>.*?</script>|<style>.*?</style>", "", page, flags=re.S)
    assert "<" not in re.sub(r"<(/?[a-z][a-z0-9]*)\b[^<>]*>|<!DOCTYPE html>", "", markup)


def test_ingest_survives_an_overview_that_fails(tmp_path: Path, monkeypatch, capsys):
    import extract.ingest_outputs

    def broken(*args, **kwargs):
        raise ValueError("boom")

    monkeypatch.setattr(extract.ingest_outputs, "write_overview", broken)
    assert main(["ingest", str(SAMPLES[0]), "--out", str(tmp_path / "out")]) == 0
    err = capsys.readouterr().err
    assert "warning: report.html not written: ValueError: boom" in err and "selfeval.xlsx" in err
    assert (tmp_path / "out" / "selfeval.xlsx").is_file()


def test_report_of_a_records_file_lands_beside_it(out_dir: Path, tmp_path: Path):
    records = tmp_path / "batch" / "records.jsonl"
    records.parent.mkdir()
    records.write_bytes((out_dir / "records.jsonl").read_bytes())
    assert main(["report", str(records)]) == 0
    assert (records.parent / "report.html").is_file()


def test_report_out_that_is_a_folder_is_a_usage_error(out_dir: Path, tmp_path: Path, capsys):
    assert main(["report", str(out_dir), "--out", str(tmp_path)]) == 2
    assert "--out is a folder" in capsys.readouterr().err
