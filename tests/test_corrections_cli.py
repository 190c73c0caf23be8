"""An analyst's corrections (--overrides, --aliases) in the commands that only read: check and show apply
them as ingest does."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from extract.cli import main

# A made-up report (our own sentences): self-score 95 written with the grade 合格, a grade-band finding.
REPORT = """示例县档案馆2023年度部门整体支出绩效自评报告
一、基本情况
本单位年初预算100.00万元，全年预算执行数90.00万元。
二、自评结论
经自评，综合得分95分，评价等级为“合格”。
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "archives.txt").write_text(REPORT, encoding="utf-8")
    return tmp_path


def _overrides(folder: Path, *rows: str) -> Path:
    path = folder / "fixes.csv"
    path.write_text("path,field,value,reason\n" + "".join(r + "\n" for r in rows), encoding="utf-8")
    return path


def _check_json(folder: Path, capsys, *extra: str) -> dict:
    main(["check", str(folder / "archives.txt"), "--no-cache", "--all", "--format", "json", *extra])
    return json.loads(capsys.readouterr().out)


def _rules(doc: dict) -> set[str]:
    return {f["rule"] for r in doc["reports"] for f in r["findings"]}


def test_without_corrections_the_grade_disagrees_with_the_score(folder: Path, capsys):
    assert "grade.band" in _rules(_check_json(folder, capsys))


@pytest.mark.parametrize(("row", "gone"), [
    ("archives.txt,grade,优秀,signed form says 优秀", True),
    ("archives.txt,self_score,75,signed form says 75", True),
    ("archives.txt,budget_initial,120,typo", False),
], ids=["grade-corrected", "score-corrected", "other-field"])
def test_check_runs_the_checks_on_the_corrected_record(folder: Path, capsys, row: str, gone: bool):
    doc = _check_json(folder, capsys, "--overrides", str(_overrides(folder, row)))
    assert ("grade.band" not in _rules(doc)) is gone


def test_show_prints_the_corrected_value_and_names_overrides_that_matched_nothing(folder: Path, capsys):
    fixes = _overrides(folder, "archives.txt,self_score,75,signed form", "elsewhere.txt,self_score,60,none")
    assert main(["show", str(folder / "archives.txt"), "--overrides", str(fixes)]) == 0
    out, err = capsys.readouterr()
    assert "75" in out and "1 override(s) matched no report: fixes.csv:3" in err


@pytest.mark.parametrize("command", ["check", "show"])
def test_a_missing_overrides_file_is_a_usage_error(folder: Path, capsys, command: str):
    assert main([command, str(folder / "archives.txt"), "--overrides", str(folder / "none.csv")]) == 2
    assert "no such overrides file" in capsys.readouterr().err
