"""Runs that stop cleanly: interrupted, a worker killed, two at once, the disk full -- outputs complete or marked.

The subprocess tests run the real command line through a small driver that makes one file
(``slow.txt``) wait (until a ``.go`` file appears beside its marker, at most a minute) and writes the
pid of the process reading it, so that a signal lands mid-batch.
"""
from __future__ import annotations

import csv
import errno
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hostile import write_report

from extract.cli import main
from extract.output import files as output_files
from extract.output.commit import read_manifest

ROOT = Path(__file__).resolve().parents[1]
DRIVER = """
import os, sys, time
from pathlib import Path
import extract.pipeline as pipeline
from extract.cli import main
real = pipeline.read_document
def slow(path):
    if "segfault" in str(path):
        os.kill(os.getpid(), 11)  # as a crash in a native library would
    if "slow" in str(path):
        marker = Path(sys.argv[1])
        marker.write_text(str(os.getpid()))
        deadline = time.monotonic() + float(sys.argv[2])
        while time.monotonic() < deadline and not marker.with_suffix(".go").exists():
            time.sleep(0.05)
    return real(path)
pipeline.read_document = slow
sys.exit(main(sys.argv[3:]))
"""
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")


def make_folder(folder: Path, names: list[str]) -> Path:
    folder.mkdir()
    for i, name in enumerate(names):
        write_report(folder, name, i)
    return folder


def start(tmp_path: Path, args: list[str], sleep_s: float = 60) -> tuple[subprocess.Popen, Path]:
    marker = tmp_path / f"marker-{time.monotonic_ns()}.pid"
    proc = subprocess.Popen([sys.executable, "-c", DRIVER, str(marker), str(sleep_s), *args], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    return proc, marker


def wait_for(marker: Path, proc: subprocess.Popen) -> int:
    for _ in range(1200):
        if marker.exists() and marker.read_text():
            return int(marker.read_text())
        if proc.poll() is not None:
            break
        time.sleep(0.05)
    raise AssertionError(f"never reached the slow file: {proc.communicate()}")


def jsonl_lines(out: Path) -> int:
    return len((out / "records.jsonl").read_text(encoding="utf-8").splitlines())


def error_rows(out: Path) -> list[dict]:
    with (out / "errors.csv").open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def assert_consistent(out: Path) -> dict:
    """A complete folder: manifest present, its counts those of the files, no staging left."""
    manifest = read_manifest(out)
    assert manifest is not None
    assert jsonl_lines(out) == manifest["records"] and len(error_rows(out)) == manifest["errors"]
    assert manifest["records"] + manifest["errors"] == manifest["inputs"]
    assert not list(out.glob(".partial-*"))
    return manifest


@pytest.fixture
def previous_run(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    assert main(["ingest", str(make_folder(tmp_path / "old", ["x.txt", "y.txt", "z.txt"])), "--out", str(out)]) == 0
    return out


@pytest.mark.parametrize(("jobs", "how"), [("1", "sigint"), ("2", "sigint"), ("2", "sigterm")])
def test_interrupted_run_leaves_previous_outputs(tmp_path: Path, previous_run: Path, jobs: str, how: str):
    folder = make_folder(tmp_path / "new", ["a.txt", "b.txt", "slow.txt", "c.txt", "d.txt", "e.txt"])
    proc, marker = start(tmp_path, ["ingest", str(folder), "--out", str(previous_run), "--force", "--jobs", jobs])
    wait_for(marker, proc)
    if how == "sigint":
        os.killpg(proc.pid, signal.SIGINT)  # as Ctrl-C does: the whole process group
    else:
        proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 3
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert ("interrupted" if how == "sigint" else "terminated") in err
    assert assert_consistent(previous_run)["records"] == 3


def test_killed_worker_costs_only_its_file(tmp_path: Path):
    folder = make_folder(tmp_path / "in", ["a.txt", "b.txt", "slow.txt", "c.txt", "d.txt", "e.txt"])
    out = tmp_path / "out"
    proc, marker = start(tmp_path, ["ingest", str(folder), "--out", str(out), "--jobs", "2"])
    os.kill(wait_for(marker, proc), signal.SIGKILL)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 1, err
    manifest = assert_consistent(out)
    assert (manifest["records"], manifest["errors"]) == (5, 1)
    row = error_rows(out)[0]
    assert (Path(row["path"]).name, row["error"]) == ("slow.txt", "crashed")


def test_crash_in_native_code_costs_one_file_with_one_job(tmp_path: Path):
    """The command line reads in a worker process even with one job: a segfault is one ``crashed`` row."""
    folder = make_folder(tmp_path / "in", ["a.txt", "segfault.txt", "b.txt"])
    out = tmp_path / "out"
    proc, _ = start(tmp_path, ["ingest", str(folder), "--out", str(out)])
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 1, err
    assert (assert_consistent(out)["records"], [r["error"] for r in error_rows(out)]) == (2, ["crashed"])
    assert "signal 11" in error_rows(out)[0]["message"]


def test_second_concurrent_run_refuses(tmp_path: Path):
    first_in = make_folder(tmp_path / "first", ["a.txt", "slow.txt"])
    second_in = make_folder(tmp_path / "second", ["b.txt"])
    out = tmp_path / "out"
    first, marker = start(tmp_path, ["ingest", str(first_in), "--out", str(out)])
    wait_for(marker, first)
    second = subprocess.run([sys.executable, "-m", "extract", "ingest", str(second_in), "--out", str(out)],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    marker.with_suffix(".go").touch()  # the first run goes on
    assert second.returncode == 3
    assert "another selfeval run" in second.stderr and "Traceback" not in second.stderr
    _, err = first.communicate(timeout=120)
    assert first.returncode == 0, err
    assert assert_consistent(out)["records"] == 2


def test_disk_full_is_a_run_failure(tmp_path: Path, previous_run: Path, monkeypatch, capsys):
    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(output_files, "write_xlsx", full)
    folder = make_folder(tmp_path / "new", ["a.txt"])
    assert main(["ingest", str(folder), "--out", str(previous_run), "--force"]) == 3
    err = capsys.readouterr().err
    assert "run failed: No space left on device" in err and len(err.strip().splitlines()) == 1
    assert assert_consistent(previous_run)["records"] == 3


def test_out_that_is_a_file_is_a_usage_error(tmp_path: Path, capsys):
    (tmp_path / "taken").write_text("x", encoding="utf-8")
    folder = make_folder(tmp_path / "in", ["a.txt"])
    assert main(["ingest", str(folder), "--out", str(tmp_path / "taken")]) == 2
    assert "is a file" in capsys.readouterr().err


def test_manifest_counts_a_complete_run(tmp_path: Path, previous_run: Path):
    manifest = json.loads((previous_run / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["complete"] is True and set(manifest["files"]) >= {"records.jsonl", "errors.csv", "selfeval.xlsx"}


def test_record_that_does_not_serialise_is_one_error_row(tmp_path: Path, monkeypatch):
    from extract.models import Record

    real = Record.model_dump_json

    def dump(self, *args, **kwargs):
        if self.source.path.endswith("b.txt"):
            raise ValueError("cannot serialise")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Record, "model_dump_json", dump)
    out = tmp_path / "out"
    assert main(["ingest", str(make_folder(tmp_path / "in", ["a.txt", "b.txt", "c.txt"])), "--out", str(out)]) == 1
    manifest = assert_consistent(out)
    assert (manifest["records"], manifest["errors"]) == (2, 1)
    row = error_rows(out)[0]
    assert (Path(row["path"]).name, row["error"]) == ("b.txt", "unwritable")


def test_report_on_a_folder_that_does_not_say_it_is_complete_warns(tmp_path: Path, previous_run: Path, capsys):
    assert main(["report", str(previous_run), "--out", str(tmp_path / "a.html")]) == 0
    assert "does not say it is complete" not in capsys.readouterr().err
    (previous_run / "manifest.json").unlink()
    assert main(["report", str(previous_run), "--out", str(tmp_path / "b.html")]) == 0
    assert "does not say it is complete" in capsys.readouterr().err


def test_a_result_for_another_file_makes_the_file_held_a_crashed_row(tmp_path: Path, monkeypatch):
    """A worker that answers with another file's index (never expected) costs that file, not the batch:
    it becomes a ``crashed`` row and the other files still give records (the batch does not wait for ever)."""
    from extract import batch
    from extract.read.entries import Entry
    from extract.read.limits import Limits

    folder = make_folder(tmp_path / "in", ["a.txt", "b.txt", "c.txt"])
    send = batch._send

    def confused(conn, index, entry, outcome, render):
        send(conn, index + 100 if entry.path.endswith("b.txt") else index, entry, outcome, render)

    monkeypatch.setattr(batch, "_send", confused)  # the workers fork with it
    previous = signal.signal(signal.SIGALRM, lambda *_: pytest.fail("the batch waited for ever"))
    signal.alarm(120)
    try:
        entries = [Entry(str(folder / n)) for n in ("a.txt", "b.txt", "c.txt")]
        outcomes = list(batch.run_batch(entries, 1, Limits(), isolate=True))
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert [getattr(o, "error", "record") for o in outcomes] == ["record", "crashed", "record"]
