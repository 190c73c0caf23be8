"""A batch of inputs, each file under a time limit; in worker processes, a dead worker costs one file.

With one job the files are read here, each under ``SIGALRM`` (a ``timeout`` row when it
rings).  With more, each worker process reads one file at a time and the parent keeps the
clock: a worker still busy ``GRACE_S`` after the limit (stuck in native code, where the alarm
cannot reach) is killed and its file becomes a ``timeout`` row; a worker that dies (killed by the
kernel, a crash in a native library) makes its file a ``crashed`` row.  Either way a fresh
worker takes its place and the batch goes on.  Outcomes come back in input order.  The command
line reads in worker processes even with one job (``isolate``); the Python API reads one job in
its own process unless asked.
"""
from __future__ import annotations

import multiprocessing
import signal
import threading
import time
from collections import deque
from collections.abc import Iterator
from multiprocessing.connection import Connection, wait

from .pipeline import InputError, Outcome, safe_ingest, warm_up
from .read.entries import Entry, shown_path
from .read.limits import Limits, cap_memory

GRACE_S = 10.0  # how long past the limit the parent waits before it kills a worker


class _Expired(BaseException):
    """The per-file alarm rang (a BaseException, so no ``except Exception`` in a reader swallows it)."""


def timeout_row(entry: Entry, limits: Limits) -> InputError:
    return InputError(path=shown_path(entry.path), error="timeout",
                      message=f"took longer than the per-file limit of {limits.timeout_s:g} s (--timeout)")


def _ring(signum, frame):
    raise _Expired


def ingest_timed(entry: Entry, limits: Limits) -> Outcome:
    """``safe_ingest`` under the per-file time limit, where this thread can take an alarm."""
    if (limits.timeout_s <= 0 or not hasattr(signal, "SIGALRM")  # (no alarms on Windows: the parent's clock only)
            or threading.current_thread() is not threading.main_thread()):
        return safe_ingest(entry, limits)
    previous = signal.signal(signal.SIGALRM, _ring)
    try:
        signal.setitimer(signal.ITIMER_REAL, limits.timeout_s)
        try:
            return safe_ingest(entry, limits)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    except _Expired:
        return timeout_row(entry, limits)
    finally:
        signal.signal(signal.SIGALRM, previous)


def run_batch(entries: list[Entry], jobs: int, limits: Limits, isolate: bool = False,
              render: bool = False) -> Iterator[Outcome]:
    """One outcome per entry, in order.  ``isolate``: even one job runs in a worker process, so that a
    crash in native code costs one file, not the run (the command line always isolates).  ``render``:
    a record comes as its outputs made already (:class:`~extract.output.rendered.Rendered`), made by
    the worker that read it."""
    if not entries:
        return
    if not isolate and (jobs <= 1 or len(entries) < 2):
        for entry in entries:
            yield _rendered(ingest_timed(entry, limits), render)
        return
    with WorkerPool(max(1, min(jobs, len(entries))), limits, render) as pool:
        yield from pool.run(entries)


def _rendered(outcome: Outcome, render: bool):
    if not render:
        return outcome
    from .output.rendered import render_outcome

    return render_outcome(outcome)


def _worker_main(conn: Connection, limits: Limits, render: bool = False) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides what an interrupt means
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    cap_memory(limits)
    warm_up()  # the patterns once per worker (inherited when forked), not in its first file
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        index, entry = task
        try:
            outcome = ingest_timed(entry, limits)
        except MemoryError:  # past --max-memory-mb outside the reader's own guard
            outcome = InputError(shown_path(entry.path), "too_large", "out of memory reading this file")
        except Exception as exc:  # noqa: BLE001 - a worker never dies of one file's exception
            outcome = InputError(shown_path(entry.path), "internal", f"{type(exc).__name__}: {exc}")
        _send(conn, index, entry, outcome, render)


def _send(conn: Connection, index: int, entry: Entry, outcome: Outcome, render: bool) -> None:
    """The outcome (rendered when asked and possible) to the parent; a record that cannot be sent is one error row."""
    rendered = _rendered(outcome, render)
    try:
        conn.send((index, rendered))
        return
    except Exception as exc:  # noqa: BLE001 - pickling failed before anything was sent
        problem = exc
    if rendered is not outcome:  # the record as it is: the parent renders it
        try:
            conn.send((index, outcome))
            return
        except Exception as exc:  # noqa: BLE001
            problem = exc
    conn.send((index, InputError(shown_path(entry.path), "internal", f"result not transferable: {problem}")))


IN_FLIGHT = 2  # files a worker holds at once: the next one waits in its pipe while the parent takes the last result


class _Worker:
    """A worker process and the files it holds, oldest first; the oldest is the one it is reading."""

    def __init__(self, context, limits: Limits, render: bool = False) -> None:
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_worker_main, args=(child, limits, render), daemon=True)
        self.process.start()
        child.close()
        self.tasks: deque[tuple[int, Entry]] = deque()
        self.deadline = float("inf")  # of the oldest file: its clock starts when the worker takes it up

    @property
    def task(self) -> tuple[int, Entry] | None:
        """The file being read now."""
        return self.tasks[0] if self.tasks else None

    def give(self, index: int, entry: Entry, limit_s: float) -> None:
        self.conn.send((index, entry))
        self.tasks.append((index, entry))
        if len(self.tasks) == 1:
            self.start_clock(limit_s)

    def start_clock(self, limit_s: float) -> None:
        self.deadline = time.monotonic() + limit_s + GRACE_S if limit_s > 0 and self.tasks else float("inf")

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()


class WorkerPool:
    """``jobs`` worker processes, replaced when one dies or is killed for running over time.  Each holds
    up to ``IN_FLIGHT`` files, so that it never waits on the parent between two files."""

    def __init__(self, jobs: int, limits: Limits, render: bool = False) -> None:
        self.context = multiprocessing.get_context()
        self.limits, self.render = limits, render
        self.workers = [_Worker(self.context, limits, render) for _ in range(jobs)]
        self.replaced = 0
        self.pending: deque[tuple[int, Entry]] = deque()

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, exc_type, *exc: object) -> None:
        for worker in self.workers:
            if exc_type is None and worker.process.is_alive():
                try:
                    worker.conn.send(None)
                except OSError:
                    pass
        for worker in self.workers:
            if exc_type is None:
                worker.process.join(2)
            worker.kill()

    def run(self, entries: list[Entry]) -> Iterator[Outcome]:
        self.pending = deque(enumerate(entries))
        done: dict[int, Outcome] = {}
        next_out = 0
        while next_out < len(entries):
            self._hand_out()
            self._collect(done)
            while next_out in done:
                yield done.pop(next_out)
                next_out += 1

    def _hand_out(self) -> None:
        """Fill every worker up to ``IN_FLIGHT`` files, in input order across workers (round robin)."""
        for _ in range(IN_FLIGHT):
            for worker in list(self.workers):
                if len(worker.tasks) >= IN_FLIGHT or not self.pending:
                    continue
                index, entry = self.pending.popleft()
                if not worker.process.is_alive():  # died between tasks
                    worker = self._replace(worker)
                try:
                    worker.give(index, entry, self.limits.timeout_s)
                except OSError:  # died just now, before it had the file: a fresh one takes it
                    self._replace(worker).give(index, entry, self.limits.timeout_s)

    def _collect(self, done: dict[int, Outcome]) -> None:
        busy = [w for w in self.workers if w.tasks]
        wait_s = max(0.0, min(w.deadline for w in busy) - time.monotonic()) if busy else 0.0
        handles = [h for w in busy for h in (w.conn, w.process.sentinel)]
        ready = set(wait(handles, timeout=min(wait_s, 60.0)))
        for worker in busy:
            if worker.conn in ready or worker.process.sentinel in ready:
                self._receive(worker, done)
            elif time.monotonic() > worker.deadline:
                done[worker.task[0]] = timeout_row(worker.task[1], self.limits)
                worker.tasks.popleft()
                self._replace(worker)

    def _receive(self, worker: _Worker, done: dict[int, Outcome]) -> None:
        """Every result the worker has sent; if it died, its current file is a ``crashed`` row."""
        try:
            while worker.tasks and worker.conn.poll():
                got_index, outcome = worker.conn.recv()
                if got_index != worker.tasks[0][0]:  # never expected (results come back in the order given):
                    raise EOFError                    # the file it holds becomes a crashed row below
                index, _ = worker.tasks.popleft()
                done[index] = outcome
                worker.start_clock(self.limits.timeout_s)
            if worker.process.is_alive():
                return
        except (EOFError, OSError):
            pass
        if not worker.tasks:  # it finished its files, then exited
            self._replace(worker)
            return
        index, entry = worker.tasks.popleft()
        worker.process.join(1)
        code = worker.process.exitcode
        how = f"killed by signal {-code}" if code is not None and code < 0 else f"exit status {code}"
        done[index] = InputError(shown_path(entry.path), "crashed",
                                 f"the worker reading this file died ({how}); the batch went on without it")
        self._replace(worker)

    def _replace(self, worker: _Worker) -> _Worker:
        """A fresh worker in ``worker``'s place; the files it held but had not begun go back first in line."""
        self.pending.extendleft(reversed(worker.tasks))
        worker.tasks.clear()
        worker.kill()
        fresh = _Worker(self.context, self.limits, self.render)
        self.workers[self.workers.index(worker)] = fresh
        self.replaced += 1
        return fresh
