"""The store that keeps every year, one name per unit, year over year and corrections that survive reruns.

The reports are made up here (figures in the style of real ones, sentences our own): the same unit in 2022
and 2023, its name written three ways (traditional characters with 中共, 委员会 written out, the short form).
"""
from __future__ import annotations

import csv
import sqlite3
from decimal import Decimal
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.cli import main
from extract.figures.unit_key import load_aliases, unit_key
from extract.models import HEADLINE_KEYS, Record
from extract.output.yearly import YEAR_COLUMNS, YEAR_FIELDS, year_over_year, year_over_year_frame
from extract.pipeline import ingest_file
from extract.store.db import Store, export_outputs, load_errors, load_flags, load_frames, load_records
from extract.store.overrides import OverrideError, load_overrides

REPORT = """{unit}{year}年度部门整体支出绩效自评报告
一、基本情况
（一）部门概况
本单位核定编制人数{staff_authorized}人，实有在职人员{staff_actual}人。
（二）收支情况
{year}年度年初预算{budget_initial}万元，调整后预算{budget_adjusted}万元。收入合计{income_total}万元，其中财政拨款收入{income_fiscal}万元。支出合计{expenditure_total}万元，其中基本支出{expenditure_basic}万元，项目支出{expenditure_project}万元，预算执行率{execution_rate}%。
二、自评结论
经自评，本单位{year}年度部门整体支出绩效自评得分为{self_score}分，等级为“优秀”。
"""
FIGURES = {
    2022: dict(staff_authorized="12", staff_actual="11", budget_initial="300.00", budget_adjusted="356.40",
               income_total="356.40", income_fiscal="356.40", expenditure_total="350.12",
               expenditure_basic="300.00", expenditure_project="50.12", execution_rate="98.24", self_score="95"),
    2023: dict(staff_authorized="13", staff_actual="12", budget_initial="320.00", budget_adjusted="380.00",
               income_total="380.00", income_fiscal="370.00", expenditure_total="370.00",
               expenditure_basic="310.00", expenditure_project="60.00", execution_rate="97.37", self_score="96.5"),
}
UNIT_KEY = "河湾县委办公室"


def report(unit: str, year: int, **changes: str) -> str:
    return REPORT.format(unit=unit, year=year, **{**FIGURES[year], **changes})


@pytest.fixture
def runs(tmp_path: Path) -> dict[str, Path]:
    """Two runs into one store: 2022 (traditional characters, 中共), then 2023 (委员会) with a copy of 2022."""
    first, second = tmp_path / "in2022", tmp_path / "in2023"
    first.mkdir()
    second.mkdir()
    (first / "hewan_2022.txt").write_text(report("中共河灣縣委辦公室", 2022), encoding="utf-8")
    (second / "hewan_2023.txt").write_text(report("河湾县委员会办公室", 2023), encoding="utf-8")
    (second / "copy_of_2022.txt").write_bytes((first / "hewan_2022.txt").read_bytes())
    db = tmp_path / "store.db"
    assert main(["ingest", str(first), "--out", str(tmp_path / "out1"), "--db", str(db)]) == 0
    assert main(["ingest", str(second), "--out", str(tmp_path / "out2"), "--db", str(db)]) == 0
    return {"db": db, "first": first, "second": second, "tmp": tmp_path}


def read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def sheet_values(path: Path) -> dict[str, list[tuple]]:
    book = openpyxl.load_workbook(path)
    return {name: list(book[name].iter_rows(values_only=True)) for name in book.sheetnames}


# --- one name per unit -------------------------------------------------------------------

@pytest.mark.parametrize("name, key", [
    ("河湾县委办公室", UNIT_KEY),
    ("中共河湾县委办公室", UNIT_KEY),
    ("中国共产党河湾县委员会办公室", UNIT_KEY),
    ("中共河灣縣委辦公室", UNIT_KEY),
    ("河湾县委办公室（公章）", UNIT_KEY),
    ("河湾县 委办公室", UNIT_KEY),
    ("岳陽縣總工會", "岳阳县总工会"),
    ("示例市发展和改革委员会", "示例市发展和改革委"),
    ("示例县人民代表大会常务委员会", "示例县人大常委会"),
    ("示例县人大常委会", "示例县人大常委会"),
    ("示例县发改局", "示例县发展和改革局"),
    ("河湾县文化馆", "河湾县文化馆"),
    (None, None),
    ("  ", None),
], ids=["short", "party-prefix", "party-full-committee", "traditional", "seal-mark", "space", "traditional-union",
        "committee", "people-congress", "people-congress-short", "shipped-alias", "plain", "none", "blank"])
def test_unit_key(name, key):
    assert unit_key(name) == key


@pytest.mark.parametrize("suffix, text", [
    (".yaml", "entries:\n  - id: unit_alias.hewan_party_office\n    comment: renamed in 2023\n"
              "    words: [河湾县委办公室, 河湾县委办]\n    positive: [河湾县委办]\n"),
    (".csv", "alias,canonical\n河湾县委办,河湾县委办公室\n"),
], ids=["yaml", "csv"])
def test_a_bureau_extends_the_aliases(tmp_path: Path, suffix: str, text: str):
    path = tmp_path / f"aliases{suffix}"
    path.write_text(text, encoding="utf-8")
    aliases = load_aliases(path)
    assert unit_key("中共河湾县委办", aliases) == UNIT_KEY
    assert unit_key("河湾县委办") == "河湾县委办"  # not without the bureau's file


def test_ingest_aliases_option_sets_the_key(tmp_path: Path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(report("河湾县委办", 2022), encoding="utf-8")
    aliases = tmp_path / "aliases.csv"
    aliases.write_text("alias,canonical\n河湾县委办,河湾县委办公室\n", encoding="utf-8")
    assert main(["ingest", str(folder), "--out", str(tmp_path / "out"), "--aliases", str(aliases)]) == 0
    assert read_csv(tmp_path / "out" / "reports.csv")[0]["unit_key"] == UNIT_KEY


# --- the store ---------------------------------------------------------------------------

def test_store_holds_one_unit_and_counts_the_copy_once(runs):
    records = load_records(runs["db"])
    assert [(Path(r.source.path).name, r.year) for r in records] == [("hewan_2022.txt", 2022), ("hewan_2023.txt", 2023)]
    assert {r.unit_key for r in records} == {UNIT_KEY}
    assert {r.department for r in records} == {"中共河灣縣委辦公室", "河湾县委员会办公室"}  # as written
    flags = load_flags(runs["db"])
    assert [(f["flag"], Path(f["other"]).name) for f in flags] == [("duplicate", "copy_of_2022.txt")]


def test_year_over_year_shows_the_change_of_every_headline_figure(runs):
    rows = year_over_year(load_records(runs["db"]))
    assert [r["field"] for r in rows] == list(YEAR_FIELDS)
    for row in rows:
        field = row["field"]
        before, after = Decimal(FIGURES[2022][field]), Decimal(FIGURES[2023][field])
        assert (row["unit"], row["unit_key"], row["year_from"], row["year_to"]) == (UNIT_KEY, UNIT_KEY, 2022, 2023)
        assert (row["value_from"], row["value_to"], row["change"]) == (before, after, after - before), field
    frame = year_over_year_frame(load_frames(runs["db"])["reports"])
    assert list(frame.columns) == YEAR_COLUMNS and len(frame) == len(YEAR_FIELDS)


def test_outputs_regenerated_from_the_store_equal_a_direct_run(runs):
    tmp = runs["tmp"]
    direct, again = tmp / "direct", tmp / "again"
    assert main(["ingest", str(runs["first"]), str(runs["second"] / "hewan_2023.txt"), "--out", str(direct)]) == 0
    assert main(["export", str(runs["db"]), "--out", str(again)]) == 0
    for name in ("records.jsonl", "reports.csv", "mentions.csv", "scores.csv", "findings.csv", "errors.csv"):
        assert (again / name).read_bytes() == (direct / name).read_bytes(), name
    xlsx = [p.name for p in direct.glob("*.xlsx")]
    assert xlsx and all(sheet_values(again / n) == sheet_values(direct / n) for n in xlsx)


def test_rerun_replaces_rather_than_adds(runs):
    assert main(["ingest", str(runs["second"]), "--out", str(runs["tmp"] / "out3"), "--db", str(runs["db"])]) == 0
    assert len(load_records(runs["db"])) == 2
    assert len(load_flags(runs["db"])) == 1


def test_pandas_reads_the_store_tables(runs):
    with sqlite3.connect(runs["db"]) as con:
        reports = pd.read_sql('select * from reports order by year', con)
        mentions = pd.read_sql('select distinct unit_key, report_year from mentions order by report_year', con)
    assert list(reports["unit_key"]) == [UNIT_KEY, UNIT_KEY]
    assert [Decimal(v) for v in reports["expenditure_total"]] == [Decimal("350.12"), Decimal("370.00")]
    assert mentions.values.tolist() == [[UNIT_KEY, 2022], [UNIT_KEY, 2023]]


def test_two_different_files_for_one_unit_and_year_are_flagged(tmp_path: Path):
    db = tmp_path / "s.db"
    with Store(db) as store:
        store.begin_run()
        for name, score in (("a.txt", "95"), ("b.txt", "90")):
            path = tmp_path / name
            path.write_text(report("河湾县委办公室", 2023, self_score=score), encoding="utf-8")
            store.add_record(ingest_file(path))
    flags = load_flags(db)
    assert [f["flag"] for f in flags] == ["same_unit_year"]
    assert len(load_records(db)) == 2  # both are kept: they are different reports


def test_year_over_year_notes_a_year_with_two_reports():
    rows = [{"unit_key": "u", "year": 2022, "kind": "dept_overall", "self_score": 90, "sha256": "a"},
            {"unit_key": "u", "year": 2023, "kind": "dept_and_project", "self_score": 92.5, "sha256": "b"},
            {"unit_key": "u", "year": 2023, "kind": "dept_overall", "self_score": 80, "sha256": "c"},
            {"unit_key": "v", "year": 2023, "kind": "dept_overall", "self_score": 80, "sha256": "d"}]
    [row] = year_over_year(pd.DataFrame(rows))
    assert (row["value_from"], row["value_to"], row["change"]) == (Decimal(90), Decimal("92.5"), Decimal("2.5"))
    assert row["note"]


def test_errors_are_stored_and_cleared_when_the_path_reads(tmp_path: Path):
    folder = tmp_path / "in"
    folder.mkdir()
    bad = folder / "late.txt"
    bad.write_text("", encoding="utf-8")
    db = tmp_path / "s.db"
    assert main(["ingest", str(folder), "--out", str(tmp_path / "o1"), "--db", str(db)]) == 1
    assert [Path(e.path).name for e in load_errors(db)] == ["late.txt"]
    bad.write_text(report("河湾县委办公室", 2023), encoding="utf-8")
    assert main(["ingest", str(folder), "--out", str(tmp_path / "o2"), "--db", str(db)]) == 0
    assert load_errors(db) == []
    lines = export_outputs(db, tmp_path / "o3")["errors"].read_text(encoding="utf-8-sig").strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("path,error,message")


# --- output folders ------------------------------------------------------------------------

def test_an_output_folder_is_never_read_as_input(tmp_path: Path, capsys):
    folder = tmp_path / "work"
    folder.mkdir()
    (folder / "a.txt").write_text(report("河湾县委办公室", 2023), encoding="utf-8")
    assert main(["ingest", str(folder), "--out", str(folder / "output"), "--db", str(folder / "s.db")]) == 0
    assert main(["ingest", str(folder), "--out", str(tmp_path / "second")]) == 0
    assert "skipped" in capsys.readouterr().err
    assert read_csv(tmp_path / "second" / "errors.csv") == []
    assert len(read_csv(tmp_path / "second" / "reports.csv")) == 1


@pytest.mark.parametrize("force, status", [(False, 2), (True, 0)], ids=["refused", "forced"])
def test_an_existing_output_folder_is_not_overwritten_silently(tmp_path: Path, capsys, force, status):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(report("河湾县委办公室", 2023), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["ingest", str(folder), "--out", str(out)]) == 0
    before = (out / "reports.csv").stat().st_mtime_ns
    (folder / "b.txt").write_text(report("河湾县文化馆", 2023), encoding="utf-8")
    assert main(["ingest", str(folder), "--out", str(out), *(["--force"] if force else [])]) == status
    assert len(read_csv(out / "reports.csv")) == (2 if force else 1)
    if not force:
        assert (out / "reports.csv").stat().st_mtime_ns == before
        assert "--force" in capsys.readouterr().err


# --- corrections -------------------------------------------------------------------------

def overrides_file(tmp_path: Path) -> Path:
    path = tmp_path / "overrides.csv"
    path.write_text("path,field,value,reason\n"
                    "in2023/hewan_2023.txt,self_score,97,checked against the signed form\n"
                    "hewan_2023.txt,budget_initial,321.50,typo in the report\n", encoding="utf-8")
    return path


def test_an_override_changes_a_value_and_survives_a_rerun(runs):
    tmp, db = runs["tmp"], runs["db"]
    fixes = overrides_file(tmp)
    assert main(["ingest", str(runs["second"]), "--out", str(tmp / "o3"), "--db", str(db), "--overrides", str(fixes)]) == 0
    assert main(["ingest", str(runs["second"]), "--out", str(tmp / "o4"), "--db", str(db)]) == 0  # no file now
    written = [Record.model_validate_json(line) for line in (tmp / "o4" / "records.jsonl").read_text("utf-8").splitlines()]
    for record in [r for r in [*load_records(db), *written] if r.year == 2023]:
        assert record.self_score == Decimal("97")
        assert record.headline.budget_initial.value == Decimal("321.50")
        assert {(c.field, c.original, c.value) for c in record.corrections} == {
            ("self_score", "96.5", "97"), ("budget_initial", "320.00", "321.50")}
    row = next(r for r in read_csv(tmp / "o4" / "reports.csv") if r["year"] == "2023")
    assert (row["self_score"], row["corrected"]) == ("97", "self_score; budget_initial")
    changes = {r["field"]: r["change"] for r in year_over_year(load_records(db))}
    assert changes["self_score"] == Decimal("2") and changes["budget_initial"] == Decimal("21.50")


def test_an_override_without_a_store_applies_on_every_run(tmp_path: Path):
    folder = tmp_path / "in2023"
    folder.mkdir()
    (folder / "hewan_2023.txt").write_text(report("河湾县委员会办公室", 2023), encoding="utf-8")
    fixes = overrides_file(tmp_path)
    for out in ("o1", "o2"):
        assert main(["ingest", str(folder), "--out", str(tmp_path / out), "--overrides", str(fixes)]) == 0
        assert read_csv(tmp_path / out / "reports.csv")[0]["self_score"] == "97"


def test_the_workbook_marks_corrected_cells(tmp_path: Path):
    from openpyxl import load_workbook

    from extract.output.workbook import CORRECTED_FILL

    folder = tmp_path / "in2023"
    folder.mkdir()
    (folder / "hewan_2023.txt").write_text(report("河湾县委员会办公室", 2023), encoding="utf-8")
    assert main(["ingest", str(folder), "--out", str(tmp_path / "out"), "--overrides", str(overrides_file(tmp_path))]) == 0
    sheet = load_workbook(tmp_path / "out" / "selfeval.xlsx")["报告"]
    headers = [c.value for c in sheet[1]]
    row = {h: c for h, c in zip(headers, sheet[2])}
    marked = {h for h, c in row.items() if c.fill.fgColor.rgb == CORRECTED_FILL}
    assert marked == {"自评得分(分)", "年初预算(万元)"}
    assert row["自评得分(分)"].value == 97 and row["已更正字段"].value == "自评得分、年初预算"


def test_an_override_that_matches_no_report_is_named(tmp_path: Path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(report("河湾县委办公室", 2023), encoding="utf-8")
    fixes = tmp_path / "fixes.csv"
    fixes.write_text(f"path,field,value,reason\n{folder / 'a.txt'},grade,良,x\nb.txt,grade,良,typo\n", encoding="utf-8")
    assert main(["ingest", str(folder), "--out", str(tmp_path / "out"), "--overrides", str(fixes)]) == 0
    assert read_csv(tmp_path / "out" / "reports.csv")[0]["grade"] == "良"  # an absolute path matches
    assert "1 override(s) matched no report: fixes.csv:3" in capsys.readouterr().err


@pytest.mark.parametrize("text, message", [
    ("path,field,value,reason\na.txt,colour,red,x\n", "unknown field"),
    ("path,field,value,reason\na.txt,self_score,ninety,x\n", "not a number"),
    ("path,field,value,reason\n,self_score,90,x\n", "sha256 or path"),
    ("path,field,value,reason\na.txt,kind,memo,x\n", "kind"),
], ids=["unknown-field", "not-a-number", "no-target", "bad-kind"])
def test_a_malformed_overrides_file_is_a_usage_error(tmp_path: Path, capsys, text: str, message: str):
    path = tmp_path / "fixes.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(OverrideError, match=message):
        load_overrides(path)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(report("河湾县委办公室", 2023), encoding="utf-8")
    assert main(["ingest", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--overrides", str(path)]) == 2
    assert message in capsys.readouterr().err


def test_yaml_overrides_by_sha256_fill_a_missing_figure(tmp_path: Path):
    from extract.pipeline import ingest_text
    from extract.store.overrides import apply_overrides

    record = ingest_text(report("河湾县委办公室", 2023).replace("实有在职人员12人。", ""), path="x.txt")
    assert record.headline.staff_actual is None
    path = tmp_path / "fixes.yaml"
    path.write_text(f"overrides:\n  - sha256: {record.source.sha256}\n    field: headline.staff_actual\n"
                    f"    value: 12\n    reason: from the staffing table\n", encoding="utf-8")
    applied = apply_overrides(record, load_overrides(path))
    assert [(c.field, c.original, c.value) for c in applied] == [("staff_actual", None, "12")]
    value = record.headline.staff_actual
    assert (value.value, value.unit, record.text[value.start:value.end]) == (Decimal(12), "人", value.raw)


def test_headline_keys_are_all_year_fields():
    assert YEAR_FIELDS == ("self_score", *HEADLINE_KEYS)


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.none(), st.text(max_size=40), st.text(alphabet="中共國縣委員會辦公室（）() 　县局", max_size=20)))
def test_unit_key_never_raises_and_is_stable(name):
    key = unit_key(name)
    assert key is None or (isinstance(key, str) and unit_key(key) == key)


def test_a_corrected_department_gets_its_unit_key(tmp_path: Path):
    from extract.pipeline import ingest_text
    from extract.store.overrides import correct_record

    record = ingest_text(report("河湾县委办公室", 2023), path="in/a.txt")
    path = tmp_path / "fixes.csv"
    path.write_text("path,field,value,reason\na.txt,department,中共河湾县委宣传部,wrong unit read\n", encoding="utf-8")
    correct_record(record, load_overrides(path))
    assert (record.department, record.unit_key) == ("中共河湾县委宣传部", "河湾县委宣传部")
    assert record.corrections[0].original == "河湾县委办公室"


def test_without_a_store_a_run_still_names_copies_and_two_files_for_one_year(tmp_path: Path, capsys):
    folder = tmp_path / "in"
    (folder / "b").mkdir(parents=True)
    (folder / "a.txt").write_text(report("河湾县委办公室", 2023), encoding="utf-8")
    (folder / "b" / "a.txt").write_text(report("河湾县委办公室", 2023), encoding="utf-8")
    (folder / "c.txt").write_text(report("中共河湾县委办公室", 2023, self_score="90"), encoding="utf-8")
    assert main(["ingest", str(folder), "--out", str(tmp_path / "out")]) == 0
    err = capsys.readouterr().err
    assert "duplicate: " in err and "same_unit_year: " in err
    assert len(read_csv(tmp_path / "out" / "reports.csv")) == 3  # the outputs keep every input's row


def test_a_file_changed_since_an_earlier_run_replaces_its_earlier_version(tmp_path: Path):
    folder = tmp_path / "in"
    folder.mkdir()
    path = folder / "a.txt"
    db = tmp_path / "s.db"
    path.write_text(report("河湾县委办公室", 2023), encoding="utf-8")
    assert main(["ingest", str(folder), "--out", str(tmp_path / "o1"), "--db", str(db)]) == 0
    path.write_text(report("河湾县委办公室", 2023, self_score="91"), encoding="utf-8")
    assert main(["ingest", str(folder), "--out", str(tmp_path / "o2"), "--db", str(db)]) == 0
    assert [r.self_score for r in load_records(db)] == [Decimal("91")]
    assert load_flags(db) == []


def test_the_same_file_by_another_path_spelling_is_no_duplicate(tmp_path: Path, monkeypatch):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(report("河湾县委办公室", 2023), encoding="utf-8")
    db = tmp_path / "s.db"
    assert main(["ingest", str(folder), "--out", str(tmp_path / "o1"), "--db", str(db)]) == 0
    monkeypatch.chdir(tmp_path)
    assert main(["ingest", "in", "--out", "o2", "--db", "s.db"]) == 0
    assert len(load_records(db)) == 1 and load_flags(db) == []


def test_the_html_overview_reads_the_store(runs, capsys):
    target = runs["tmp"] / "overview.html"
    assert main(["report", "--db", str(runs["db"]), "--out", str(target)]) == 0
    page = target.read_text(encoding="utf-8")
    assert "overview of 2 reports" in capsys.readouterr().err
    assert UNIT_KEY in page and "预算执行率(%)" in page  # one unit, compared over its two years


def test_a_failed_run_leaves_the_store_as_it_was(runs, monkeypatch):
    import errno

    from extract.output import files as output_files

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    before = [(r.source.sha256, r.self_score) for r in load_records(runs["db"])]
    monkeypatch.setattr(output_files, "write_xlsx", full)
    (runs["second"] / "hewan_2023.txt").write_text(report("河湾县委员会办公室", 2023, self_score="80"), encoding="utf-8")
    assert main(["ingest", str(runs["second"]), "--out", str(runs["tmp"] / "o9"), "--db", str(runs["db"])]) == 3
    assert [(r.source.sha256, r.self_score) for r in load_records(runs["db"])] == before
