"""Command-line edges (empty input, --out a file, show of several files or a folder, the ingest
summary) and ``check`` for QA (--errors-only, --format text|json|csv, --all, the summary line)."""
from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest

from extract.cli import main
from extract.models import Finding, Record, Source
from extract.output.check_report import CheckTally, check_csv_lines

# Made-up reports (figures in the style of real ones, sentences our own).  The second one states
# an execution rate that its amounts do not give (an error finding).
GOOD = """河湾县文化馆2023年度部门整体支出绩效自评报告
一、基本情况
2023年度收入合计356.40万元，其中财政拨款收入356.40万元。支出合计350.12万元，其中基本支出300.00万元，项目支出50.12万元。
二、自评结论
经自评，本馆2023年度部门整体支出绩效自评得分为95分，等级为“优秀”。
"""
BAD = """山前县档案馆2023年度部门整体支出绩效自评报告
一、基本情况
2023年度年初预算200.00万元，决算支出180.00万元，年初预算支出完成率100%。
二、自评结论
经自评，本馆2023年度部门整体支出绩效自评得分为90分，等级为“优秀”。
"""


@pytest.fixture
def reports(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "bad.txt").write_text(BAD, encoding="utf-8")
    return folder


def run(argv: list[str], capsys) -> tuple[int, str, str]:
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# --- empty input, --out -----------------------------------------------------------------

@pytest.mark.parametrize("command", ["ingest", "check", "show"])
def test_empty_folder_is_a_clear_error(tmp_path: Path, command: str, capsys):
    empty = tmp_path / "empty"
    empty.mkdir()
    argv = [command, str(empty)] + (["--out", str(tmp_path / "o")] if command == "ingest" else [])
    code, _, err = run(argv, capsys)
    assert code == 1
    assert "no input files in" in err and "Traceback" not in err
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize("out", ["file.txt", "file.txt/sub"], ids=["is-a-file", "under-a-file"])
def test_out_that_is_a_file_is_a_usage_error(reports: Path, tmp_path: Path, out: str, capsys):
    (tmp_path / "file.txt").write_text("keep me", encoding="utf-8")
    code, _, err = run(["ingest", str(reports), "--out", str(tmp_path / out)], capsys)
    assert code == 2
    assert "--out" in err or "output folder" in err
    assert "FileExistsError" not in err and "Traceback" not in err
    assert (tmp_path / "file.txt").read_text(encoding="utf-8") == "keep me"


def test_ingest_summary_counts_findings_and_ends_with_workbook_and_overview(reports: Path, tmp_path: Path, capsys):
    code, _, err = run(["ingest", str(reports), "--out", str(tmp_path / "o")], capsys)
    assert code == 0
    line = err.strip().splitlines()[-1]
    assert "read 2 reports, 0 errors" in line
    assert "1 finding (1 error)" in line
    assert line.endswith(f'{tmp_path / "o" / "selfeval.xlsx"}, {tmp_path / "o" / "report.html"}')
    assert (tmp_path / "o" / "selfeval.xlsx").is_file()


# --- show -------------------------------------------------------------------------------

def test_show_takes_several_files(reports: Path, capsys):
    code, out, _ = run(["show", str(reports / "good.txt"), str(reports / "bad.txt")], capsys)
    assert code == 0
    assert out.count("source      ") == 2 and "=" * 72 in out


def test_show_takes_a_folder(reports: Path, capsys):
    code, out, _ = run(["show", str(reports)], capsys)
    assert code == 0
    assert "good.txt" in out and "bad.txt" in out


def test_show_goes_on_after_an_unreadable_file(reports: Path, capsys):
    (reports / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    code, out, err = run(["show", str(reports)], capsys)
    assert code == 1
    assert "broken.pdf" in err and "good.txt" in out


# --- check ------------------------------------------------------------------------------

def test_check_lists_only_reports_with_findings(reports: Path, capsys):
    code, out, err = run(["check", str(reports)], capsys)
    assert code == 1
    assert "bad.txt" in out and "good.txt" not in out
    assert "by rule: rate.matches_amounts 1" in err
    assert "1 report(s) without findings not listed" in err


def test_check_all_lists_every_report(reports: Path, capsys):
    _, out, err = run(["check", str(reports), "--all"], capsys)
    assert "good.txt" in out and "bad.txt" in out and "not listed" not in err


def test_check_json_is_one_document_with_a_summary(reports: Path, capsys):
    code, out, _ = run(["check", str(reports), "--format", "json"], capsys)
    doc = json.loads(out)
    assert code == 1
    assert doc["summary"]["by_rule"] == {"rate.matches_amounts": 1}
    assert doc["summary"]["reports"] == 2 and doc["summary"]["reports_with_findings"] == 1
    [report] = doc["reports"]
    assert report["path"].endswith("bad.txt") and report["department"] == "山前县档案馆"
    finding = report["findings"][0]
    assert (finding["rule"], finding["severity"], finding["claimed"]) == ("rate.matches_amounts", "error", "100")


def test_check_csv_has_the_findings_columns(reports: Path, capsys):
    (reports / "notes.xyz").write_text("?", encoding="utf-8")
    _, out, _ = run(["check", str(reports), "--format", "csv"], capsys)
    rows = list(csv.DictReader(io.StringIO(out)))
    by_rule = {r["rule"]: r for r in rows}
    assert set(by_rule) == {"input.unsupported", "rate.matches_amounts"}
    assert by_rule["input.unsupported"]["path"].endswith("notes.xyz")
    assert by_rule["rate.matches_amounts"]["report_year"] == "2023"
    assert by_rule["rate.matches_amounts"]["expected"] == "90"


def tally_of(*severities: str, errors_only: bool = False) -> tuple[CheckTally, list[Finding]]:
    record = Record(source=Source(path="r.txt", sha256="0" * 64, format="txt", pages=1), text="x",
                    self_score=Decimal(90),
                    findings=[Finding(rule=f"rule.{s}", severity=s, message=s) for s in severities])
    tally = CheckTally(errors_only=errors_only)
    return tally, tally.add_record(record)


@pytest.mark.parametrize("severities, errors_only, listed, summary", [
    (("error", "warning"), False, 2, "2 finding(s) (1 error, 1 warning)"),
    (("error", "warning"), True, 1, "1 error finding(s) (1 error)"),
    (("warning",), True, 0, "0 error finding(s) (none)"),
    ((), False, 0, "0 finding(s) (none)"),
], ids=["all", "errors-only", "errors-only-none", "none"])
def test_check_tally(severities, errors_only, listed, summary):
    tally, shown = tally_of(*severities, errors_only=errors_only)
    assert len(shown) == listed
    assert summary in tally.summary()
    assert ("not listed" in tally.summary()) == (listed == 0)


def test_errors_only_drops_warnings_from_the_listing(reports: Path, capsys):
    _, out, err = run(["check", str(reports), "--errors-only", "--all"], capsys)
    assert "WARNING" not in out and "error finding(s)" in err


def test_check_csv_lines_keep_exact_decimals():
    record = Record(source=Source(path="r.txt", sha256="0" * 64, format="txt", pages=1), text="x",
                    findings=[Finding(rule="x", severity="error", message="m", claimed="651.17", expected="1E+2")])
    [line] = check_csv_lines(record, record.findings)
    assert line.startswith("r.txt,x,error,m,651.17,1E+2")


def test_check_csv_cells_never_become_formulas():
    record = Record(source=Source(path="=HYPERLINK(1).txt", sha256="0" * 64, format="txt", pages=1), text="x",
                    findings=[Finding(rule="x", severity="error", message="@SUM(1)", claimed="-3.5")])
    [line] = check_csv_lines(record, record.findings)
    assert line.startswith("'=HYPERLINK(1).txt,x,error,'@SUM(1),-3.5,")
