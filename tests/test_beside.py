"""The last outputs made beside each other: a forked process's result, its failures, and the spool both read."""
from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import pytest

from extract.output import beside
from extract.output.spool import PickledSequence

needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this platform")


def _fail():
    raise ValueError("no such folder")


def _die():
    os.kill(os.getpid(), signal.SIGKILL)


@needs_fork
@pytest.mark.parametrize(("work", "expected"), [
    (lambda: ([1, 2], None), ([1, 2], None)),
    (lambda: {"pid": "child"}, {"pid": "child"}),
    (lambda: "x" * 300_000, "x" * 300_000),  # more than a pipe holds at once
], ids=["pair", "dict", "larger-than-a-pipe"])
def test_a_forked_result_comes_back_whole(work, expected):
    pending = beside.start(work)
    assert pending.forked
    assert pending.result() == expected


@needs_fork
@pytest.mark.parametrize(("work", "message"), [(_fail, "ValueError: no such folder"), (_die, "killed by signal 9")],
                         ids=["raises", "killed"])
def test_a_forked_failure_is_raised_in_the_parent_with_its_reason(work, message):
    with pytest.raises(beside.BesideFailed, match=message):
        beside.start(work).result()


@needs_fork
def test_cancel_stops_the_forked_process():
    pending = beside.start(lambda: time.sleep(60))
    pid = pending.pid
    pending.cancel()
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # reaped already: no such child


def test_with_another_thread_running_the_work_is_done_in_this_process_when_asked():
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        pending = beside.start(lambda: os.getpid())
        assert not pending.forked
        assert pending.result() == os.getpid()
    finally:
        stop.set()
        thread.join()


@needs_fork
def test_a_spool_read_in_both_processes_at_once_gives_each_its_items():
    items = PickledSequence()
    for n in range(3000):
        items.append({"n": n, "text": "预算" * (n % 50)})
    pending = beside.start(lambda: [x["n"] for x in items] + [items[7]["n"], items[-1]["n"]])
    here = [x["n"] for x in items]  # the file's position is shared with the forked reader: offsets are read, not seeks
    assert pending.result() == [*range(3000), 7, 2999]
    assert here == list(range(3000))


@needs_fork
def test_an_interrupt_while_waiting_stops_the_forked_process(monkeypatch):
    pending = beside.start(lambda: time.sleep(60))
    pid = pending.pid

    def interrupted(pipe: int) -> bytes:
        os.close(pipe)
        raise KeyboardInterrupt

    monkeypatch.setattr(beside, "_read_all", interrupted)
    with pytest.raises(KeyboardInterrupt):
        pending.result()
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


CORPUS = Path(__file__).resolve().parents[1] / "corpus"


@needs_fork
def test_ingest_writes_the_same_report_html_beside_the_workbook_as_in_turn(tmp_path, monkeypatch, capsys):
    """report.html made in the forked process equals the one made in this process, and the one
    `selfeval report` makes again from the output folder."""
    from extract.cli import main

    forked = []
    start = beside.start

    def spied(work):
        pending = start(work)
        forked.append(pending.forked)
        return pending

    monkeypatch.setattr(beside, "start", spied)
    assert main(["ingest", str(CORPUS), "--out", str(tmp_path / "forked"), "--no-cache", "--jobs", "1"]) == 0
    assert forked == [True]  # report.html really was made in a forked process
    monkeypatch.setattr(beside, "start", start)
    monkeypatch.setattr(beside, "can_fork", lambda: False)
    assert main(["ingest", str(CORPUS), "--out", str(tmp_path / "in-turn"), "--no-cache", "--jobs", "1"]) == 0
    assert main(["report", str(tmp_path / "in-turn"), "--out", str(tmp_path / "again.html")]) == 0
    forked = (tmp_path / "forked" / "report.html").read_text(encoding="utf-8")
    assert forked == (tmp_path / "in-turn" / "report.html").read_text(encoding="utf-8")
    assert forked == (tmp_path / "again.html").read_text(encoding="utf-8")
    assert forked.count('<details class="report"') == 5
