"""One last output made beside another: in a forked process where this platform forks, else in turn.

An ingest ends with two outputs that need every record, and no worker can share them: the workbook
and report.html.  Each takes about as long (0.1 s at 200 reports, 1 s at 2,000).  :func:`start`
forks a process that makes one while this one makes the other, so they take one core each; the
result (anything picklable) comes back through a pipe.  Where forking is unsafe or impossible
(no ``os.fork``, threads running in this process, a failed fork) the work is done in this process
when :meth:`Pending.result` is asked for, as before.

The forked process only reads what this one wrote before the fork (files read at their offsets, see
:meth:`~.spool.PickledSequence._read`), writes its own output file, and leaves with ``os._exit``:
no exit handler, buffer or temporary file of the parent's is touched.
"""
from __future__ import annotations

import os
import pickle
import signal
import threading
from collections.abc import Callable
from typing import Any


class Pending:
    """The result of ``work``, made beside (``pid``: the forked process) or, without one, when asked."""

    def __init__(self, work: Callable[[], Any], pid: int | None = None, pipe: int | None = None) -> None:
        self._work, self.pid, self._pipe = work, pid, pipe

    @property
    def forked(self) -> bool:
        return self.pid is not None

    def result(self) -> Any:
        """What ``work`` returned.  What it raised is raised here: as it is when it ran in this process, as
        :class:`BesideFailed` naming it when it ran in the forked one (or when that process ended without a
        result, e.g. killed)."""
        if self.pid is None:
            return self._work()
        try:
            data = _read_all(self._pipe)
        except BaseException:  # interrupted while waiting: the forked process goes too
            self._pipe = None
            self.cancel()
            raise
        _, status = os.waitpid(self.pid, 0)
        self.pid = None
        if not data:
            raise BesideFailed(f"the process making it ended without a result ({_how(status)})")
        ok, value = pickle.loads(data)
        if ok:
            return value
        raise value

    def cancel(self) -> None:
        """Stop the forked process (this run is being abandoned)."""
        if self.pid is None:
            return
        try:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        except OSError:  # gone already
            pass
        if self._pipe is not None:
            os.close(self._pipe)
        self.pid, self._pipe = None, None


class BesideFailed(RuntimeError):
    """The forked process gave no result."""


def can_fork() -> bool:
    """Whether a process can be forked safely here: ``os.fork`` exists and no other thread runs (a thread
    could hold a lock the child would wait on for ever)."""
    return hasattr(os, "fork") and hasattr(os, "waitpid") and threading.active_count() == 1


def start(work: Callable[[], Any]) -> Pending:
    """``work`` started in a forked process where :func:`can_fork`; else left for :meth:`Pending.result`."""
    if not can_fork():
        return Pending(work)
    read_end, write_end = os.pipe()
    try:
        pid = os.fork()
    except OSError:  # no more processes allowed: in turn, then
        os.close(read_end)
        os.close(write_end)
        return Pending(work)
    if pid == 0:  # the forked process
        os.close(read_end)
        _child(work, write_end)
    os.close(write_end)
    return Pending(work, pid, read_end)


def _child(work: Callable[[], Any], pipe: int) -> None:
    code = 0
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides about an interrupt (and kills this)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        try:
            payload = pickle.dumps((True, work()))
        except Exception as exc:  # noqa: BLE001 - given to the parent, which raises it
            payload = pickle.dumps((False, BesideFailed(f"{type(exc).__name__}: {exc}")))
        view = memoryview(payload)
        while view:
            view = view[os.write(pipe, view):]
    except BaseException:  # noqa: BLE001 - never back into the parent's code
        code = 1
    finally:
        os._exit(code)


def _read_all(pipe: int) -> bytes:
    chunks = []
    try:
        while chunk := os.read(pipe, 1 << 16):
            chunks.append(chunk)
    finally:
        os.close(pipe)
    return b"".join(chunks)


def _how(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"killed by signal {os.WTERMSIG(status)}"
    return f"exit status {os.waitstatus_to_exitcode(status)}"
