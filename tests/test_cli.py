"""The command line through ``main([...])``: exit codes, files written, what people see."""
from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from extract.cli import is_label_file, main
from extract.models import Record

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2] / "shared"
SPEC_HEADERS = {
    "reports.csv": ["path", "sha256", "kind", "department", "year", "self_score", "grade"],
    "mentions.csv": ["path", "type", "label", "value", "unit", "approx", "raw", "page", "start", "end", "section"],
    "scores.csv": ["path", "item", "max", "score", "deduction", "page", "section"],
    "findings.csv": ["path", "rule", "severity", "message", "claimed", "expected"],
    "errors.csv": ["path", "error", "message"],
}

# A made-up report (figures in the style of real ones, sentences our own).
REPORT = """河湾县文化馆2023年度部门整体支出绩效自评报告
一、基本情况
（一）部门概况
本馆核定编制人数12人，实有在职人员11人。
（二）收支情况
2023年度收入合计356.40万元，其中财政拨款收入356.40万元。支出合计350.12万元，其中基本支出300.00万元，项目支出50.12万元，预算执行率98.24%。
二、自评结论
经自评，本馆2023年度部门整体支出绩效自评得分为95分，等级为“优秀”。
三、存在的问题
部分项目资金支付进度偏慢，约有3项工作延后。
"""


@pytest.fixture
def report_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "hewan.txt").write_text(REPORT, encoding="utf-8")
    (folder / "hewan.json").write_text('{"department": "河湾县文化馆"}', encoding="utf-8")  # gold label: skipped
    return folder


def read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def test_ingest_folder_writes_every_output(report_dir: Path, tmp_path: Path, capsys):
    out = tmp_path / "out"
    assert main(["ingest", str(report_dir), "--out", str(out)]) == 0
    names = sorted(p.name for p in out.iterdir() if not p.name.startswith("."))  # .selfeval.lock
    assert names == sorted([*SPEC_HEADERS, "records.jsonl", "selfeval.xlsx", "report.html", "manifest.json"])
    assert "read 1 report, 0 errors" in capsys.readouterr().err


@pytest.mark.parametrize("name", list(SPEC_HEADERS), ids=list(SPEC_HEADERS))
def test_ingest_csv_has_bom_and_spec_header(report_dir: Path, tmp_path: Path, name: str):
    out = tmp_path / "out"
    main(["ingest", str(report_dir), "--out", str(out)])
    assert (out / name).read_bytes().startswith(b"\xef\xbb\xbf")
    header = read_csv(out / name)[0]
    assert header[: len(SPEC_HEADERS[name])] == SPEC_HEADERS[name]


def test_ingest_records_have_exact_provenance(report_dir: Path, tmp_path: Path):
    out = tmp_path / "out"
    main(["ingest", str(report_dir), "--out", str(out)])
    lines = (out / "records.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1  # the gold .json beside the report is not an input
    record = Record.model_validate_json(lines[0])
    for m in record.mentions:
        assert record.text[m.start:m.end] == m.raw
    rows = read_csv(out / "reports.csv")
    assert rows[1][0].endswith("hewan.txt")


def test_ingest_unsupported_file_is_listed_and_exit_1(report_dir: Path, tmp_path: Path, capsys):
    (report_dir / "notes.xyz").write_text("not a report", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["ingest", str(report_dir), "--out", str(out)]) == 1
    rows = read_csv(out / "errors.csv")
    assert [(Path(r[0]).name, r[1]) for r in rows[1:]] == [("notes.xyz", "unsupported")]
    assert len((out / "records.jsonl").read_text(encoding="utf-8").splitlines()) == 1
    assert "1 error" in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv",
    [["ingest", "/no/such/path"], ["check", "/no/such/path"], ["show", "/no/such/file.txt"],
     ["eval", "/no/such/dir"], [], ["ingest"], ["eval", ".", "--min", "money:speed=3"]],
    ids=["ingest-missing", "check-missing", "show-missing", "eval-missing", "no-command", "no-path",
         "bad-threshold"],
)
def test_usage_errors_exit_2(argv, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.strip()


def test_show_prints_sections_and_headline(report_dir: Path, capsys):
    assert main(["show", str(report_dir / "hewan.txt")]) == 0
    out = capsys.readouterr().out
    for expected in ("基本情况", "自评结论", "headline", "sections", "findings", "hewan.txt"):
        assert expected in out


def test_show_unreadable_file_exit_1(tmp_path: Path, capsys):
    bad = tmp_path / "x.xyz"
    bad.write_text("?", encoding="utf-8")
    assert main(["show", str(bad)]) == 1
    assert capsys.readouterr().err.startswith("selfeval: error:")


def test_check_exit_status_follows_error_findings(report_dir: Path, capsys):
    from extract.pipeline import ingest_file

    record = ingest_file(report_dir / "hewan.txt")
    expected = 1 if any(f.severity == "error" for f in record.findings) else 0
    assert main(["check", str(report_dir), "--all"]) == expected
    assert "hewan.txt" in capsys.readouterr().out


def test_check_unreadable_input_exit_1(report_dir: Path, capsys):
    (report_dir / "broken.pdf").write_bytes(b"%PDF-1.4 this is not really a pdf")
    assert main(["check", str(report_dir)]) == 1
    assert "broken.pdf" in capsys.readouterr().out


@pytest.mark.parametrize(
    "name, siblings, expected",
    [("a.json", ["a.txt"], True), ("a.expected.json", ["a.pdf"], True), ("a.json", [], False),
     ("a.json", ["b.txt"], False), ("a.md", ["a.txt"], False)],
    ids=["label-beside-txt", "expected-beside-pdf", "lonely-json", "other-stem", "markdown"],
)
def test_is_label_file(tmp_path: Path, name: str, siblings: list[str], expected: bool):
    for s in [name, *siblings]:
        (tmp_path / s).write_text("x", encoding="utf-8")
    assert is_label_file(tmp_path / name) is expected


def write_gold(folder: Path, **overrides) -> None:
    gold = {"kind": "dept_overall", "year": 2023, "department": "河湾县文化馆", "self_score": "95", "grade": "优秀",
            "headline": {"income_total": "356.40"}, "money": [["收入合计", "356.40", "356.40万元"]],
            "percent": [], "scores": [], "headings": ["一、基本情况", "二、自评结论", "三、存在的问题"]}
    gold.update(overrides)
    (folder / "hewan.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")


def test_eval_prints_table_and_writes_json(report_dir: Path, tmp_path: Path, capsys):
    write_gold(report_dir)
    out_json = tmp_path / "eval.json"
    assert main(["eval", str(report_dir), "--json", str(out_json)]) == 0
    out = capsys.readouterr().out
    assert "precision" in out and "headline" in out
    assert json.loads(out_json.read_text(encoding="utf-8"))["files"] == 1


def test_eval_unmet_threshold_exit_1(report_dir: Path, capsys):
    write_gold(report_dir, department="某个并不存在的单位")
    assert main(["eval", str(report_dir), "--min-headline-recall", "1"]) == 1
    assert "threshold not met" in capsys.readouterr().err


def test_eval_without_labels_is_an_error(tmp_path: Path, capsys):
    assert main(["eval", str(tmp_path)]) == 1
    assert "no labelled reports" in capsys.readouterr().err


def test_module_help_runs():
    done = subprocess.run([sys.executable, "-m", "extract", "--help"], cwd=ROOT, capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0
    assert "ingest" in done.stdout and "eval" in done.stdout


@pytest.mark.skipif(not (SHARED / "corpus").is_dir(), reason="shared corpus not present")
def test_eval_shared_corpus_without_thresholds(capsys):
    assert main(["eval", str(SHARED / "corpus"), "--no-misses"]) == 0
    assert "money" in capsys.readouterr().out


def test_check_text_shows_each_finding_with_page_and_snippet():
    from decimal import Decimal

    from extract.models import Finding, Source, Span
    from extract.output.terminal import render_check

    text = "支出合计350.12万元，其中基本支出300.00万元，项目支出60.12万元。"
    record = Record(
        source=Source(path="r.txt", sha256="0" * 64, format="txt", pages=1), text=text, self_score=Decimal(90),
        findings=[Finding(rule="expenditure_sum", severity="error", message="基本支出与项目支出之和不等于支出合计",
                          claimed="350.12", expected="360.12",
                          evidence=[Span(page=1, start=4, end=12, raw=text[4:12])])],
    )
    out = render_check(record)
    assert "ERROR   expenditure_sum" in out
    assert "claimed 350.12, expected 360.12" in out
    assert "p.1  支出合计«350.12万元»，其中基本支出" in out
