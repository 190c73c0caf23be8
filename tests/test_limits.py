"""Bounded work: each limit gives a clear error row, a file over time is a timeout row, a dead worker one row."""
from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import pytest
from hostile import docx_bomb, lying_docx, write_report

from extract import batch, pipeline
from extract.pipeline import ingest_paths, safe_ingest
from extract.read.entries import Entry
from extract.read.limits import Limits

ROOT = Path(__file__).resolve().parents[1]
real_read_document = pipeline.read_document
CORPUS = ROOT / "corpus"


@pytest.mark.parametrize(("name", "limits", "words"), [
    ("agriculture_2022.txt", Limits(max_file_mb=0.001), "--max-file-mb"),
    ("water_2022.pdf", Limits(max_pages=1), "--max-pages"),
    ("agriculture_2022.txt", Limits(max_text_mb=0.0001), "--max-text-mb"),
    ("culture_2023.docx", Limits(max_inflated_mb=0.001), "--max-inflated-mb"),
], ids=["file-size", "pages", "text-length", "inflated"])
def test_limit_gives_too_large_row(name: str, limits: Limits, words: str):
    row = safe_ingest(str(CORPUS / name), limits)
    assert (row.error, words in row.message) == ("too_large", True)


@pytest.mark.parametrize("name", ["agriculture_2022.txt", "water_2022.pdf", "culture_2023.docx",
                                  "waterworks_2023.html"])
def test_default_limits_read_real_reports(name: str):
    assert safe_ingest(str(CORPUS / name)).source.format


def test_docx_bomb_refused_in_little_memory(tmp_path: Path):
    """64 MB of tiny paragraphs in a 200 KB DOCX: refused from the ZIP directory, far under 2 GB of memory."""
    bomb = docx_bomb(tmp_path / "bomb.docx", 64)
    assert bomb.stat().st_size < 1024 * 1024
    done = subprocess.run(
        [sys.executable, "-m", "extract", "ingest", str(bomb), "--out", str(tmp_path / "out"),
         "--max-inflated-mb", "16"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    assert done.returncode == 1
    assert "too_large" in (tmp_path / "out" / "errors.csv").read_text(encoding="utf-8-sig")
    assert peak_kb < 2 * 1024 * 1024


def test_docx_directory_that_lies_cannot_make_us_inflate_more(tmp_path: Path):
    """A directory saying 1,000 bytes for 64 MB of XML: the part is inflated in chunks, never past 1,000 bytes."""
    liar = lying_docx(tmp_path / "liar.docx", 64)
    safe_ingest(str(CORPUS / "culture_2023.docx"))  # the readers' modules loaded before memory is traced
    tracemalloc.start()
    try:
        row = safe_ingest(str(liar))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert row.error in ("unreadable", "too_large")
    assert peak < 32 * 1024 * 1024


def _sleeper(entry, limits):
    if "slow" in entry.path:
        time.sleep(30)
    return safe_ingest(entry, limits)


def _deaf_sleeper(entry, limits):
    """Stuck where the alarm cannot reach (as in native code): only the parent's clock ends it."""
    if "slow" in entry.path:
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        time.sleep(30)
    return safe_ingest(entry, limits)


def _crasher(entry, limits):
    if "crash" in entry.path:
        os.kill(os.getpid(), signal.SIGKILL)
    return safe_ingest(entry, limits)


@pytest.fixture
def batch_folder(tmp_path: Path) -> Path:
    for i, name in enumerate(["a.txt", "b.txt", "slow.txt", "crash.txt", "c.txt", "d.txt"]):
        write_report(tmp_path, name, i)
    return tmp_path


def outcomes_by_name(folder: Path, jobs: int, timeout_s: float, limits: Limits | None = None) -> dict[str, str]:
    found = ingest_paths([folder], jobs, limits or Limits(timeout_s=timeout_s))
    return {Path(getattr(o, "path", None) or o.source.path).name: getattr(o, "error", "record") for o in found}


def test_file_over_time_is_a_timeout_row(batch_folder: Path, monkeypatch):
    monkeypatch.setattr(batch, "safe_ingest", _sleeper)
    got = outcomes_by_name(batch_folder, 1, 0.5)
    assert got["slow.txt"] == "timeout"
    assert [n for n, e in got.items() if e == "record"] == ["a.txt", "b.txt", "c.txt", "crash.txt", "d.txt"]


def test_worker_over_time_is_killed_and_replaced(batch_folder: Path, monkeypatch):
    monkeypatch.setattr(batch, "safe_ingest", _deaf_sleeper)
    monkeypatch.setattr(batch, "GRACE_S", 0.5)
    got = outcomes_by_name(batch_folder, 2, 0.5)
    assert got["slow.txt"] == "timeout"
    assert sum(e == "record" for e in got.values()) == 5


def test_dead_worker_costs_only_its_file(batch_folder: Path, monkeypatch):
    monkeypatch.setattr(batch, "safe_ingest", _crasher)
    found = list(ingest_paths([batch_folder], 2, Limits()))
    errors = [o for o in found if hasattr(o, "error")]
    assert len(found) == 6
    assert [(Path(e.path).name, e.error) for e in errors] == [("crash.txt", "crashed")]
    assert "signal 9" in errors[0].message


def test_pool_keeps_input_order(batch_folder: Path):
    entries = [Entry(str(p)) for p in sorted(batch_folder.iterdir())]
    with batch.WorkerPool(2, Limits()) as pool:
        found = list(pool.run(entries))
    assert [o.source.path for o in found] == [e.path for e in entries]


def _hog(path):
    if "slow" in str(path):
        bytearray(1024 * 1024 * 1024)  # 1 GB at once
    return real_read_document(path)


def _address_space_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmSize:"):
            return int(line.split()[1]) / 1024
    pytest.skip("no /proc/self/status here")


def test_worker_over_its_memory_cap_is_a_too_large_row(batch_folder: Path, monkeypatch):
    monkeypatch.setattr(pipeline, "read_document", _hog)  # the workers are forked: they read through it
    cap = _address_space_mb() + 400  # room to read the reports, not for the hog
    got = outcomes_by_name(batch_folder, 2, 0, Limits(max_memory_mb=cap))
    assert got["slow.txt"] == "too_large"
    assert sum(e == "record" for e in got.values()) == 5
