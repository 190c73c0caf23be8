"""Runs that stop cleanly: outputs are staged, published only when complete, under a lock.

An ingest writes into a hidden staging folder inside ``--out`` (``.partial-PID``).  Only when
every file is written does :meth:`Run.publish` move them into ``--out``: first the old
``manifest.json`` goes (the folder now says it is incomplete), then each output file replaces its
predecessor, then the new manifest -- input, record and error counts, written last -- marks the set
complete.  A run interrupted before that leaves the previous outputs as they were; one cut off
while moving leaves a folder with no manifest, which :func:`read_manifest` reports as incomplete.
A lock (``flock`` on ``--out/.selfeval.lock``, released by the kernel when the process dies) makes
a second run into the same folder refuse.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no lock
    fcntl = None

MANIFEST_FILE = "manifest.json"
LOCK_FILE = ".selfeval.lock"
STAGING_PREFIX = ".partial-"


class OutputUnusable(Exception):
    """``--out`` cannot be an output folder (a file, not writable): a usage error."""


class RunFailed(Exception):
    """The run itself failed (another run holds the lock, the disk is full, interrupted)."""


class Interrupted(BaseException):
    """SIGTERM, raised where the run is, so that it stops as cleanly as on Ctrl-C."""


@contextmanager
def terminate_raises() -> Iterator[None]:
    """SIGTERM stops the run like Ctrl-C: staged outputs dropped, the previous outputs left as they were."""
    def stop(signum, frame):
        raise Interrupted("terminated")

    try:
        previous = signal.signal(signal.SIGTERM, stop)
    except ValueError:  # not the main thread: leave SIGTERM as it is
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


class Run:
    """One ingest's staging folder inside ``out``."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.staging = out / f"{STAGING_PREFIX}{os.getpid()}"

    def publish(self, counts: dict[str, int], version: str = "") -> Path:
        """Move the staged outputs into place; the manifest, written last, says they are complete."""
        names = sorted(p.name for p in self.staging.iterdir())
        manifest = {"complete": True, "selfeval": version, "finished": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                    **counts, "files": {n: (self.staging / n).stat().st_size for n in names}}
        staged_manifest = self.staging / MANIFEST_FILE
        _write_synced(staged_manifest, json.dumps(manifest, ensure_ascii=False, indent=1) + "\n")
        with _signals_held():
            (self.out / MANIFEST_FILE).unlink(missing_ok=True)
            for name in names:
                os.replace(self.staging / name, self.out / name)
            os.replace(staged_manifest, self.out / MANIFEST_FILE)
        self.staging.rmdir()
        return self.out / MANIFEST_FILE


@contextmanager
def _signals_held() -> Iterator[None]:
    """Ctrl-C and SIGTERM wait while the outputs are moved (a few renames), then take effect."""
    held = {signal.SIGINT, signal.SIGTERM}
    try:
        signal.pthread_sigmask(signal.SIG_BLOCK, held)
    except (AttributeError, ValueError):  # pragma: no cover - no signal masks here
        yield
        return
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, held)


def _write_synced(path: Path, text: str) -> None:
    with path.open("w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())


def prepare(out: str | Path) -> Path:
    """The output folder, created; OutputUnusable when it is a file or cannot be written."""
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise OutputUnusable(f"--out {out} is a file, not a folder")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputUnusable(f"cannot create output folder {out}: {exc.strerror or exc}") from None
    if not os.access(out, os.W_OK | os.X_OK):
        raise OutputUnusable(f"output folder {out} is not writable")
    return out


@contextmanager
def staged_run(out: str | Path) -> Iterator[Run]:
    """Lock ``out``, give a staging folder; on any failure the staging folder goes and ``out`` stays as it was."""
    out = prepare(out)
    with _locked(out):
        _remove_stale_staging(out)
        run = Run(out)
        run.staging.mkdir()
        try:
            yield run
        finally:
            shutil.rmtree(run.staging, ignore_errors=True)


@contextmanager
def _locked(out: Path) -> Iterator[None]:
    if fcntl is None:
        yield
        return
    fd = os.open(out / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise RunFailed(f"another selfeval run is writing to {out}; wait for it to finish "
                            f"(or use another --out)") from None
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        yield
    finally:
        os.close(fd)


def _remove_stale_staging(out: Path) -> None:
    """Staging folders of runs that died (we hold the lock, so no live run owns one)."""
    for stale in out.glob(STAGING_PREFIX + "*"):
        shutil.rmtree(stale, ignore_errors=True)


def read_manifest(out: str | Path) -> dict | None:
    """The manifest of a complete output folder, or None when the folder does not say it is complete."""
    try:
        manifest = json.loads((Path(out) / MANIFEST_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return manifest if isinstance(manifest, dict) and manifest.get("complete") is True else None
