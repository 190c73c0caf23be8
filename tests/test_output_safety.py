"""Outputs safe to open: no text cell a spreadsheet would take for a formula, in CSV or xlsx."""
from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from hostile import write_report
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from extract.cli import main
from extract.output.files import csv_cell, plain, write_outputs
from extract.output.safety import safe_cell
from extract.pipeline import ingest_text

HOSTILE_NAMES = ["=cmd|' -C calc'!A0.txt", "+HYPERLINK(\"x\",\"a\").txt", "@SUM(1+1).txt", "-2+3.txt"]
HOSTILE_CELLS = ['+HYPERLINK("http://x","满意度")', "@SUM(1+1)满意度", "=1+1", "-x", "\tTAB", "\rCR"]
DANGEROUS_CSV = re.compile(r"^(?:[=+@\t\r]|-(?!\d))")


@pytest.mark.parametrize(("text", "shown"), [
    ("=cmd|' -C calc'!A0", "'=cmd|' -C calc'!A0"),
    ('+HYPERLINK("http://x","满意度")', '\'+HYPERLINK("http://x","满意度")'),
    ("@SUM(1+1)满意度", "'@SUM(1+1)满意度"),
    ("-x", "'-x"),
    ("\tA", "'\tA"),
    ("\rA", "'\rA"),
    ("-3.5", "-3.5"),
    ("-5%", "-5%"),
    ("651.17", "651.17"),
    ("满意度", "满意度"),
    ("", ""),
], ids=["equals", "plus", "at", "minus-word", "tab", "cr", "negative-number", "negative-percent", "number",
        "chinese", "empty"])
def test_safe_cell(text: str, shown: str):
    assert safe_cell(text) == shown


def hostile_record(path: str):
    record = ingest_text(
        "河湾县文化馆2023年度部门整体支出绩效自评报告\n一、基本情况\n收入合计356.40万元，支出合计350.12万元。\n"
        "经自评，得分为95分。\n", path=path)
    for cell, mention in zip(HOSTILE_CELLS, record.mentions):
        mention.label = cell
    for item in record.scores:
        item.item = HOSTILE_CELLS[0]
    record.department = HOSTILE_CELLS[1]
    record.warnings.append(HOSTILE_CELLS[2])
    return record


def csv_cells(folder: Path) -> list[str]:
    cells = []
    for path in folder.glob("*.csv"):
        with path.open(encoding="utf-8-sig", newline="") as fh:
            cells += [cell for row in csv.reader(fh) for cell in row]
    return cells


@pytest.mark.parametrize("name", HOSTILE_NAMES, ids=["cmd", "hyperlink", "at-sum", "minus"])
def test_hostile_cells_never_become_formulas(tmp_path: Path, name: str):
    written = write_outputs([hostile_record(name)], [], tmp_path)
    book = load_workbook(written["xlsx"])
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
    assert cells and all(c.data_type != "f" for c in cells)
    assert any(str(c.value).startswith("'=") or str(c.value).startswith("'+") or str(c.value).startswith("'@")
               for c in cells)  # the hostile text is there, neutralised
    bad = [c for c in csv_cells(tmp_path) if DANGEROUS_CSV.match(c)]
    assert bad == []


def test_numbers_stay_numbers(tmp_path: Path):
    written = write_outputs([hostile_record("report.txt")], [], tmp_path)
    sheet = load_workbook(written["xlsx"])["金额"]  # the mentions, 数值 their value
    rows = list(sheet.iter_rows(values_only=True))
    values = [row[rows[0].index("数值")] for row in rows[1:]]
    assert values and all(isinstance(v, (int, float)) for v in values)


def test_hostile_file_names_end_to_end(tmp_path: Path, monkeypatch):
    """Files named on the command line from their own folder: the path cells start with the hostile text."""
    for i, name in enumerate(HOSTILE_NAMES):
        write_report(tmp_path, name, i)
    (tmp_path / "=HYPERLINK(1).pdf").write_bytes(b"not a pdf")  # an error row with a hostile path
    monkeypatch.chdir(tmp_path)
    assert main(["ingest", "--out", "out", "--", *HOSTILE_NAMES, "=HYPERLINK(1).pdf"]) == 1
    book = load_workbook(tmp_path / "out" / "selfeval.xlsx")
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
    assert all(c.data_type != "f" for c in cells)
    assert "'=cmd|' -C calc'!A0.txt" in {c.value for c in cells}
    texts = csv_cells(tmp_path / "out")
    assert [c for c in texts if DANGEROUS_CSV.match(c)] == []
    assert {"'=cmd|' -C calc'!A0.txt", "'=HYPERLINK(1).pdf", "'-2+3.txt"} <= set(texts)


@given(st.one_of(st.none(), st.text(), st.sampled_from(["=1", "+", "-", "-3.5", "@x", "\tA", ""]),
                 st.decimals(allow_nan=False), st.integers(), st.booleans()))
def test_a_csv_cell_is_the_safe_plain_text_of_its_value(value):
    assert csv_cell(value) == safe_cell(plain(value))
