"""Every entry of a folder accounted for: a record, or an errors.csv row with its reason."""
from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hostile import write_gbk_named, write_report

from extract.cli import main
from extract.pipeline import expand_paths, safe_ingest
from extract.read.entries import shown_path

ROOT = Path(__file__).resolve().parents[1]
needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")


def read_rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture
def mixed_folder(tmp_path: Path):
    """20 good reports, one more under a GBK file name, a dangling symlink, a FIFO, random bytes as .html."""
    folder = tmp_path / "in"
    folder.mkdir()
    expected = {}
    for i in range(20):
        name = f"report_{i:02d}.{'html' if i % 4 == 3 else 'txt'}"
        expected[str(folder / name)] = write_report(folder, name, i)
    gbk_path, figures = write_gbk_named(folder, 20)
    expected[shown_path(gbk_path)] = figures
    (folder / "gone.txt").symlink_to(folder / "nowhere.txt")
    os.mkfifo(folder / "pipe.txt")
    (folder / "noise.html").write_bytes(os.urandom(200 * 1024))
    return folder, expected


@needs_fifo
def test_24_entries_all_accounted_for(mixed_folder, tmp_path: Path):
    folder, expected = mixed_folder
    out = tmp_path / "out"
    assert main(["ingest", str(folder), "--out", str(out), "--timeout", "60"]) == 1
    records = [json.loads(line) for line in (out / "records.jsonl").read_text(encoding="utf-8").splitlines()]
    errors = {Path(r["path"]).name: r for r in read_rows(out / "errors.csv")}
    assert len(records) + len(errors) == 24
    assert {name: errors[name]["error"] for name in errors} == {
        "gone.txt": "dangling_symlink", "pipe.txt": "not_regular", "noise.html": "unreadable"}
    assert "FIFO" in errors["pipe.txt"]["message"] and "binary" in errors["noise.html"]["message"]
    assert {r["source"]["path"] for r in records} == set(expected)
    for record in records:
        for key, value in expected[record["source"]["path"]].items():
            assert record["headline"][key]["value"] == str(value), (record["source"]["path"], key)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert (manifest["inputs"], manifest["records"], manifest["errors"]) == (24, 21, 3)


@needs_fifo
def test_24_entries_with_workers(mixed_folder, tmp_path: Path):
    folder, expected = mixed_folder
    out = tmp_path / "out"
    assert main(["ingest", str(folder), "--out", str(out), "--jobs", "2"]) == 1
    assert len((out / "records.jsonl").read_text(encoding="utf-8").splitlines()) == 21
    assert len(read_rows(out / "errors.csv")) == 3


def test_gbk_name_shown_escaped(tmp_path: Path):
    path, _ = write_gbk_named(tmp_path, 0)
    record = safe_ingest(path)
    shown = record.source.path
    assert shown.startswith(str(tmp_path)) and shown.endswith(".txt")
    assert "\\xba\\xd3" in shown  # 河 in GBK, bytes kept and shown escaped
    assert shown.encode("utf-8") and record.model_dump_json()  # no lone surrogates left


@pytest.mark.parametrize(("make", "code"), [
    (lambda p: p.symlink_to(p.parent / "missing"), "dangling_symlink"),
    (lambda p: p.symlink_to("/dev/zero"), "not_regular"),
    (lambda p: os.mkfifo(p), "not_regular"),
    (lambda p: p.symlink_to(p.parent), "symlink_loop"),
], ids=["dangling", "dev-zero", "fifo", "loop"])
def test_special_entry_is_an_error_row(tmp_path: Path, make, code: str):
    folder = tmp_path / "in"
    folder.mkdir()
    make(folder / "entry.txt")
    (entry,) = expand_paths([folder])
    assert safe_ingest(entry).error == code


def test_unreadable_folder_is_a_row(tmp_path: Path, monkeypatch):
    folder = tmp_path / "in"
    (folder / "locked").mkdir(parents=True)
    real_scandir = os.scandir

    def scandir(path):
        if os.fspath(path).endswith("locked"):
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    (entry,) = expand_paths([folder])
    row = safe_ingest(entry)
    assert (row.error, Path(row.path).name) == ("unreadable", "locked")
    assert "Permission denied" in row.message


@pytest.mark.skipif(os.geteuid() == 0 if hasattr(os, "geteuid") else True, reason="root reads every file")
def test_unreadable_file_is_a_row(tmp_path: Path):
    path = tmp_path / "secret.txt"
    path.write_text("收入合计100万元", encoding="utf-8")
    path.chmod(0)
    assert safe_ingest(str(path)).error == "unreadable"


@pytest.mark.parametrize("target", ["fifo", "dev-zero"])
def test_named_special_file_never_blocks(tmp_path: Path, target: str):
    """A FIFO named on the command line and /dev/zero behind a symlink: an error row at once."""
    path = tmp_path / "named.txt"
    if target == "fifo":
        if not hasattr(os, "mkfifo"):
            pytest.skip("no FIFOs here")
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")
    done = subprocess.run([sys.executable, "-m", "extract", "ingest", str(path), "--out", str(tmp_path / "out")],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert read_rows(tmp_path / "out" / "errors.csv")[0]["error"] == "not_regular"


@pytest.mark.parametrize(("make", "code"), [
    (lambda p: p.symlink_to(p.parent / "missing"), "dangling_symlink"),
    (lambda p: p.symlink_to("/dev/zero"), "not_regular"),
    (lambda p: None, "unreadable"),
], ids=["dangling", "dev-zero", "missing"])
def test_named_entry_has_the_same_reason_as_in_a_folder(tmp_path: Path, make, code: str):
    path = tmp_path / "named.txt"
    make(path)
    (entry,) = expand_paths([path])
    assert safe_ingest(entry).error == code
