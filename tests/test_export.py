"""Tables and output files: SPEC columns, BOM, exact decimals, clean XLSX cells."""
from __future__ import annotations

import csv
import hashlib
import os
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

from extract.models import Finding, Headline, HeadlineValue, Mention, Record, ScoreItem, Source, Span
from extract.output.files import write_outputs
from extract.output.frames import TableRows, evidence_text, records_to_frames
from extract.pipeline import InputError

SPEC_COLUMNS = {
    "reports": ["path", "sha256", "kind", "department", "year", "self_score", "grade",
                "budget_initial", "budget_adjusted", "income_total", "income_fiscal", "expenditure_total",
                "expenditure_basic", "expenditure_project", "execution_rate", "staff_authorized", "staff_actual",
                "n_findings", "n_errors"],
    "mentions": ["path", "type", "label", "value", "unit", "approx", "raw", "page", "start", "end", "section"],
    "scores": ["path", "item", "max", "score", "deduction", "page", "section"],
    "findings": ["path", "rule", "severity", "message", "claimed", "expected"],
    "errors": ["path", "error", "message"],
}
TEXT = "收入合计651.17万元，执行率108%。\x01"


def make_record() -> Record:
    money = Mention(type="money", label="收入合计", value=Decimal("651.17"), unit="万元", raw="651.17万元",
                    page=1, start=4, end=12)
    rate = Mention(type="percent", label="执行率", value=Decimal(108), unit="%", raw="108%",
                   page=1, start=16, end=20)
    return Record(
        source=Source(path="r/demo.txt", sha256="0" * 64, format="txt", pages=1),
        text=TEXT, kind="dept_overall", department="示例局", year=2023, self_score=Decimal("95.5"),
        headline=Headline(income_total=HeadlineValue(value=Decimal("651.17"), unit="万元", raw="651.17万元",
                                                     page=1, start=4, end=12)),
        mentions=[money, rate],
        scores=[ScoreItem(item="预算执行率", max=Decimal(10), score=Decimal("9.75"), page=1, start=0, end=4)],
        findings=[Finding(rule="sum_mismatch", severity="error", message="控制字符\x01在此", claimed="1",
                          expected="2", evidence=[Span(page=1, start=4, end=12, raw="651.17万元")])],
    )


@pytest.mark.parametrize("table", list(SPEC_COLUMNS), ids=list(SPEC_COLUMNS))
def test_empty_frames_have_spec_columns(table: str):
    frame = records_to_frames([])[table]
    assert frame.empty
    assert list(frame.columns[: len(SPEC_COLUMNS[table])]) == SPEC_COLUMNS[table]


EXACT_CELLS = [("reports", "income_total", Decimal("651.17")), ("reports", "self_score", Decimal("95.5")),
               ("reports", "n_errors", 1), ("mentions", "value", Decimal("651.17")),
               ("scores", "score", Decimal("9.75")), ("findings", "evidence", 'p1:4-12 "651.17万元"')]
EXACT_IDS = ["headline-decimal", "self-score", "n-errors", "mention-value", "score", "evidence"]


@pytest.mark.parametrize("table, column, expected", EXACT_CELLS, ids=EXACT_IDS)
def test_rows_keep_exact_values(table: str, column: str, expected):
    rows = TableRows()
    rows.add_record(make_record())
    value = rows.rows[table][0][column]
    assert value == expected and type(value) is type(expected)


@pytest.mark.parametrize("table, column, expected", EXACT_CELLS[:5], ids=EXACT_IDS[:5])
def test_frames_give_numbers_pandas_computes_on(table: str, column: str, expected):
    series = records_to_frames([make_record()])[table][column]
    assert pd.api.types.is_numeric_dtype(series.dtype)
    assert series.iloc[0] == pytest.approx(float(expected))
    assert series.max() == pytest.approx(float(max(expected, series.iloc[-1])))


def test_frames_describe_gives_figures():
    described = records_to_frames([make_record()])["reports"].describe()
    assert {"self_score", "income_total", "year"} <= set(described.columns)


def test_empty_frame_columns_are_numeric_too():
    assert pd.api.types.is_numeric_dtype(records_to_frames([])["reports"]["self_score"].dtype)


@pytest.mark.parametrize("table", ["reports", "mentions", "scores", "findings"])
def test_every_row_carries_the_report_identity(table: str):
    row = records_to_frames([make_record()])[table].iloc[0]
    assert row["report_id"] == "0" * 12
    assert row["department"] == "示例局"
    assert row["report_kind" if table != "reports" else "kind"] == "dept_overall"
    assert row["report_year" if table != "reports" else "year"] == 2023


def test_score_rows_carry_path_level_and_leaf():
    group = ScoreItem(item="产出指标", max=Decimal(50), score=Decimal(45), page=1, start=0, end=4, level=1,
                      origin="table")
    child = ScoreItem(item="数量", max=Decimal(20), score=Decimal(18), page=1, start=0, end=2, level=2,
                      group="产出指标", origin="table")
    total = ScoreItem(item="总分", score=Decimal(45), page=1, start=0, end=2, kind="overall")
    record = make_record().model_copy(update={"scores": [group, child, total]})
    frame = records_to_frames([record])["scores"]
    assert frame["score_path"].tolist() == ["产出指标", "产出指标 / 数量", "总分"]
    assert frame["leaf"].tolist() == [False, True, False]
    assert frame["level"].tolist()[:2] == [1, 2]


def test_error_rows(tmp_path: Path):
    bad = tmp_path / "x.xyz"
    bad.write_bytes(b"not a report")
    frame = records_to_frames([], [InputError(path=str(bad), error="unsupported", message="no")])["errors"]
    row = frame.iloc[0]
    assert [row["path"], row["error"], row["message"]] == [str(bad), "unsupported", "no"]
    assert row["report_id"] == hashlib.sha256(b"not a report").hexdigest()[:12]
    assert row["department"] is None


def test_evidence_text_joins_spans():
    spans = [Span(page=3, start=120, end=126, raw="36.3万元"), Span(page=4, start=1, end=2, raw="5")]
    assert evidence_text(spans) == 'p3:120-126 "36.3万元"; p4:1-2 "5"'


@pytest.fixture
def written(tmp_path: Path) -> dict[str, Path]:
    return write_outputs([make_record()], [InputError("bad.xyz", "unsupported", "not a report")], tmp_path / "o")


@pytest.mark.parametrize("name", ["reports", "mentions", "scores", "findings", "errors"])
def test_csv_starts_with_bom_and_header(written, name: str):
    data = written[name].read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    header = next(csv.reader(data.decode("utf-8-sig").splitlines()))
    assert header[: len(SPEC_COLUMNS[name])] == SPEC_COLUMNS[name]


def test_empty_outputs_still_have_headers(tmp_path: Path):
    paths = write_outputs([], [], tmp_path)
    for name, columns in SPEC_COLUMNS.items():
        lines = paths[name].read_text(encoding="utf-8-sig").splitlines()
        assert len(lines) == 1 and lines[0].split(",")[: len(columns)] == columns
    assert paths["records"].read_text(encoding="utf-8") == ""


def test_csv_decimals_are_written_exactly(written):
    with written["mentions"].open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["value"] for r in rows] == ["651.17", "108"]
    assert "651.17" in written["reports"].read_text(encoding="utf-8-sig")
    assert "651.1700" not in written["reports"].read_text(encoding="utf-8-sig")


def test_jsonl_round_trips(written):
    line = written["records"].read_text(encoding="utf-8").splitlines()[0]
    assert '"value":"651.17"' in line
    assert Record.model_validate_json(line) == make_record()


def test_csv_rows_carry_the_report_identity(written):
    with written["scores"].open(encoding="utf-8-sig", newline="") as fh:
        row = next(csv.DictReader(fh))
    assert (row["report_id"], row["department"], row["report_year"], row["report_kind"]) == \
        ("0" * 12, "示例局", "2023", "dept_overall")
    assert (row["score_path"], row["leaf"]) == ("预算执行率", "True")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_error_row_of_a_fifo_does_not_block(tmp_path: Path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    frame = records_to_frames([], [InputError(path=str(fifo), error="unreadable", message="not a file")])["errors"]
    assert frame.iloc[0]["report_id"] is None
