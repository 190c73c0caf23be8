"""Reruns for free: unchanged inputs and options reuse a complete run's outputs; any difference regenerates them."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extract import cache as cache_module
from extract.cli import main
from extract.rerun import KEEP_SETS, Plan, Tally, prune, reuse_outputs, usable

ROOT = Path(__file__).resolve().parents[1]
# Made-up reports (figures in the style of real ones, sentences our own); broken.pdf is no PDF: an errors.csv row.
REPORTS = {
    "a.txt": "河湾县文化馆2023年度部门整体支出绩效自评报告\n一、基本情况\n2023年度收入合计356.40万元，支出合计350.12万元，"
             "预算执行率98.24%。\n二、自评结论\n经自评，本馆自评得分为95分，等级为“优秀”。\n",
    "b.txt": "山前镇农业服务中心2022年度项目支出绩效自评报告\n一、项目概况\n项目预算资金120.00万元，实际支出118.50万元，"
             "执行率98.75%。\n二、自评结论\n自评得分92分，评价等级为优。\n",
    "broken.pdf": "this is not a PDF at all",
}
TEXT_OUTPUTS = ["records.jsonl", "reports.csv", "mentions.csv", "scores.csv", "findings.csv", "errors.csv",
                "report.html"]


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in REPORTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def ingest(inputs: Path, out: Path, *flags: str, cache: Path | None = None) -> int:
    cached = ["--cache", str(cache)] if cache else []
    return main(["ingest", str(inputs), "--out", str(out), "--jobs", "1", "--force", *cached, *flags])


def stamps(out: Path) -> dict[str, tuple[int, int]]:
    """Each file's (inode, mtime) in ``out``: unchanged when nothing was written."""
    return {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in sorted(out.iterdir())}


def workbook_parts(path: Path) -> dict[str, bytes]:
    """The workbook's parts less its creation time (docProps/core.xml)."""
    with zipfile.ZipFile(path) as book:
        return {name: book.read(name) for name in book.namelist() if name != "docProps/core.xml"}


def assert_same_outputs(out: Path, fresh: Path) -> None:
    for name in TEXT_OUTPUTS:
        assert (out / name).read_bytes() == (fresh / name).read_bytes(), name
    assert workbook_parts(out / "selfeval.xlsx") == workbook_parts(fresh / "selfeval.xlsx")


def summary(err: str) -> list[str]:
    """What an ingest said, less the line that says outputs were reused."""
    return [line for line in err.splitlines() if "unchanged:" not in line]


@pytest.fixture
def first_run(inputs: Path, tmp_path: Path, capsys) -> tuple[Path, Path, int, str]:
    """(out, cache, exit status, what it said) of a first run with a result cache."""
    out, cache = tmp_path / "out", tmp_path / "cache"
    code = ingest(inputs, out, cache=cache)
    return out, cache, code, capsys.readouterr().err


def test_unchanged_rerun_writes_nothing_and_says_the_same(inputs, first_run, capsys):
    out, cache, code, said = first_run
    before = stamps(out)
    assert ingest(inputs, out, cache=cache) == code == 1  # broken.pdf: an errors.csv row
    err = capsys.readouterr().err
    assert stamps(out) == before
    assert f"unchanged: 3 inputs, outputs reused from {out}" in err
    assert summary(err) == summary(said)


def test_rerun_into_another_folder_copies_the_outputs(inputs, first_run, tmp_path, capsys):
    out, cache, code, said = first_run
    other = tmp_path / "other"
    assert ingest(inputs, other, cache=cache) == code
    err = capsys.readouterr().err
    assert "outputs copied from the cache" in err
    assert summary(err) == summary(said.replace(str(out), str(other)))
    for name in [*TEXT_OUTPUTS, "selfeval.xlsx"]:
        assert (other / name).read_bytes() == (out / name).read_bytes(), name
    manifest = json.loads((other / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["reused_from"] and manifest["exit"] == code and manifest["errors"] == 1


def change_input(inputs: Path, tmp_path: Path, monkeypatch) -> list[str]:
    (inputs / "a.txt").write_text(REPORTS["a.txt"].replace("95分", "96分"), encoding="utf-8")
    return []


def add_input(inputs: Path, tmp_path: Path, monkeypatch) -> list[str]:
    (inputs / "c.txt").write_text(REPORTS["b.txt"].replace("2022", "2023"), encoding="utf-8")
    return []


def delete_input(inputs: Path, tmp_path: Path, monkeypatch) -> list[str]:
    (inputs / "b.txt").unlink()
    return []


def another_limit(inputs: Path, tmp_path: Path, monkeypatch) -> list[str]:
    return ["--max-text-mb", "0.0001"]  # a.txt and b.txt become too_large rows


def overrides_file(inputs: Path, tmp_path: Path, monkeypatch) -> list[str]:
    path = tmp_path / "overrides.csv"
    path.write_text("path,field,value,reason\na.txt,self_score,90,checked by hand\n", encoding="utf-8")
    return ["--overrides", str(path)]


def other_patterns(inputs: Path, tmp_path: Path, monkeypatch) -> list[str]:
    monkeypatch.setattr(cache_module, "fingerprint", lambda patterns=None: "0123456789abcdef")
    return []


def no_ocr(inputs: Path, tmp_path: Path, monkeypatch) -> list[str]:
    monkeypatch.setenv("SELFEVAL_OCR", "1")  # restored after the test: --no-ocr sets it to 0
    return ["--no-ocr"]


def no_cache(inputs: Path, tmp_path: Path, monkeypatch) -> list[str]:
    return ["--no-cache"]


def delete_output_and_its_copy(inputs: Path, tmp_path: Path, monkeypatch) -> list[str]:
    (tmp_path / "out" / "scores.csv").unlink()
    for kept in (tmp_path / "cache" / "outputs").iterdir():
        (kept / "scores.csv").unlink()
    return []


def edit_output_and_its_copy(inputs: Path, tmp_path: Path, monkeypatch) -> list[str]:
    for folder in [tmp_path / "out", *(tmp_path / "cache" / "outputs").iterdir()]:
        text = (folder / "reports.csv").read_bytes()
        (folder / "reports.csv").write_bytes(text.replace(b"95", b"59"))  # the same size, other bytes
    return []


REGENERATE = [change_input, add_input, delete_input, another_limit, overrides_file, other_patterns, no_ocr, no_cache,
              delete_output_and_its_copy, edit_output_and_its_copy]


@pytest.mark.parametrize("change", REGENERATE, ids=lambda f: f.__name__.replace("_", " "))
def test_any_difference_regenerates_the_outputs(change, inputs, first_run, tmp_path, monkeypatch, capsys):
    out, cache, _, _ = first_run
    flags = change(inputs, tmp_path, monkeypatch)
    code = ingest(inputs, out, *flags, cache=cache)
    err = capsys.readouterr().err
    assert "unchanged:" not in err
    fresh = tmp_path / "fresh"
    assert ingest(inputs, fresh, *flags, "--no-cache") == code
    assert_same_outputs(out, fresh)
    assert summary(capsys.readouterr().err) == summary(err.replace(str(out), str(fresh)).replace(
        "; 1 from the cache", "").replace("; 2 from the cache", ""))


def delete_output(out: Path) -> None:
    (out / "scores.csv").unlink()


def edit_output(out: Path) -> None:
    text = (out / "reports.csv").read_bytes()
    (out / "reports.csv").write_bytes(text.replace(b"95", b"59"))


def drop_manifest(out: Path) -> None:
    (out / "manifest.json").unlink()


@pytest.mark.parametrize("damage", [delete_output, edit_output, drop_manifest], ids=lambda f: f.__name__.replace("_", " "))
def test_damaged_outputs_are_restored_from_the_cache(damage, inputs, first_run, tmp_path, capsys):
    out, cache, code, _ = first_run
    fresh = tmp_path / "fresh"
    ingest(inputs, fresh, "--no-cache")
    capsys.readouterr()
    damage(out)
    assert ingest(inputs, out, cache=cache) == code
    assert "outputs copied from the cache" in capsys.readouterr().err
    assert_same_outputs(out, fresh)


def test_a_damaged_copy_in_the_cache_is_not_used(inputs, first_run, tmp_path, capsys):
    out, cache, code, _ = first_run
    (kept,) = (cache / "outputs").iterdir()
    (kept / "records.jsonl").write_text("{}\n", encoding="utf-8")
    other = tmp_path / "other"
    assert ingest(inputs, other, cache=cache) == code
    assert "unchanged:" not in capsys.readouterr().err
    assert (other / "records.jsonl").read_bytes() == (out / "records.jsonl").read_bytes()


def test_partly_changed_folder_reads_only_the_changed_file(inputs, first_run, tmp_path, capsys):
    out, cache, code, _ = first_run
    change_input(inputs, tmp_path, None)
    assert ingest(inputs, out, cache=cache) == code
    assert "1 from the cache" in capsys.readouterr().err  # b.txt from the cache; a.txt read again, broken.pdf tried again
    lines = (out / "records.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["source"]["path"].rsplit("/", 1)[-1] for line in lines] == ["a.txt", "b.txt"]


def test_a_store_is_never_skipped(inputs, first_run, tmp_path, capsys):
    out, cache, _, _ = first_run
    for _ in range(2):
        ingest(inputs, out, "--db", str(tmp_path / "store.db"), cache=cache)
        assert "unchanged:" not in capsys.readouterr().err


@pytest.mark.parametrize(("errors", "reusable"), [([], True), (["unsupported", "encrypted"], True), (["timeout"], False),
                                                  (["crashed"], False), (["empty", "internal"], False)],
                         ids=["no errors", "errors of the file itself", "a timeout", "a crashed worker",
                              "an internal error"])
def test_only_runs_without_passing_errors_are_kept_for_reuse(errors, reusable, tmp_path):
    tally = Tally()
    for kind in errors:
        tally.add_error(kind)
    (tmp_path / "records.jsonl").write_text("", encoding="utf-8")
    fields = tally.manifest_fields(Plan([], "k" * 32, tmp_path / "outputs"), tmp_path, {})
    assert ("key" in fields) == reusable
    assert fields["exit"] == (1 if errors else 0)


@pytest.mark.parametrize(("sizes", "keep_bytes", "left"), [
    ([10, 10, 10], 100, ["set00", "set01", "set02"]),
    ([10, 10, 10], 25, ["set00", "set01"]),
    ([50, 10, 10], 25, ["set00"]),  # the most recent set stays, however big
], ids=["all fit", "the oldest over the bound", "only the newest"])
def test_prune_keeps_recent_sets_within_the_byte_bound(sizes, keep_bytes, left, tmp_path):
    for n, size in enumerate(sizes):  # set00 the most recently used
        folder = tmp_path / f"set{n:02}"
        folder.mkdir()
        (folder / "records.jsonl").write_bytes(b"x" * size)
        os.utime(folder, (2000 - n, 2000 - n))
    prune(tmp_path, keep_bytes=keep_bytes)
    assert sorted(p.name for p in tmp_path.iterdir()) == left


def test_prune_keeps_the_most_recently_used_sets(tmp_path):
    for n in range(KEEP_SETS + 3):
        folder = tmp_path / f"set{n:02}"
        folder.mkdir()
        os.utime(folder, (1000 + n, 1000 + n))
    (tmp_path / ".tmp-dead").mkdir()
    os.utime(tmp_path / ".tmp-dead", (1000, 1000))
    prune(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"set{n:02}" for n in range(3, KEEP_SETS + 3)]


def test_the_unchanged_rerun_loads_no_patterns_jieba_pydantic_store_or_pandas(inputs, first_run):
    out, cache, code, _ = first_run
    probe = ("import sys; from extract.cli import main; "
             f"code = main(['ingest', {str(inputs)!r}, '--out', {str(out)!r}, '--cache', {str(cache)!r}, '--force']); "
             "heavy = [m for m in ('extract.pipeline', 'extract.store.run', 'extract.models', 'pydantic', 'jieba', 'pandas', "
             "'yaml', 'openpyxl') "
             "if m in sys.modules]; print(code, heavy)")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=False)
    assert done.stdout.strip() == f"{code} []", done.stderr
    assert "outputs reused" in done.stderr


def test_a_run_without_report_html_is_not_reused(inputs, tmp_path, monkeypatch, capsys):
    import extract.ingest_outputs

    def broken(*args, **kwargs):
        raise ValueError("boom")

    monkeypatch.setattr(extract.ingest_outputs, "write_overview", broken)
    for _ in range(2):
        assert ingest(inputs, tmp_path / "out", cache=tmp_path / "cache") == 1
        err = capsys.readouterr().err
        assert "report.html not written" in err and "unchanged:" not in err


JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=8),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
                    max_leaves=8)
NAMES = st.sampled_from(["records.jsonl", "../escape", ".hidden", "manifest.json", "", "a/b", "x.csv"])
MANIFESTS = st.fixed_dictionaries(
    {"complete": st.just(True), "key": st.sampled_from(["k" * 32, "other"])},
    optional={"files": st.dictionaries(NAMES, JSON, max_size=3) | JSON,
              "sha256": st.dictionaries(NAMES, JSON, max_size=3) | JSON,
              "said": st.fixed_dictionaries({}, optional={n: JSON for n in ("warnings", "notes", "shown", "severities",
                                                                             "corrected")}) | JSON,
              "records": JSON, "errors": JSON, "exit": JSON})


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(in_out=MANIFESTS, in_cache=MANIFESTS)
def test_reuse_never_raises_on_any_manifest(in_out, in_cache, tmp_path):
    out, store = tmp_path / "out", tmp_path / "outputs"
    kept = store / ("k" * 32)
    for folder, manifest in ((out, in_out), (kept, in_cache)):
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "records.jsonl").write_text("{}\n", encoding="utf-8")
        (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    reused = reuse_outputs(Plan([], "k" * 32, store), out)
    assert reused is None or usable(reused.manifest, "k" * 32)
    assert not (tmp_path / "escape").exists()
