"""Where the per-file work runs, and the result cache in front of it.

Every engine runs the same function, :func:`pipeline.safe_ingest`, one file per task,
and yields one outcome per file **in input order**, so the writers, the progress bar
and the outputs do not depend on the engine:

* :class:`LocalEngine` -- this process (1 job) or local worker processes (``--jobs N``,
  default: the cores this process may use; :mod:`extract.batch`); forked workers inherit
  the patterns loaded here, and each loads jieba with the first text that needs it.
* :class:`DaskEngine` -- a dask.distributed cluster (``--engine dask``): the scheduler
  at ``--scheduler ADDRESS``, or a local cluster of ``--jobs`` worker processes when no
  address is given.  Tasks are submitted a window at a time and streamed back with
  ``as_completed``; the parent reorders them, so memory is bounded by the window.  The
  workers open the files by path (shared storage), or, with ``ship``, get their bytes
  with the task.

:func:`run_with_cache` puts the :class:`~extract.cache.ResultCache` in front: files whose
record is cached are read back in the parent and never sent to an engine.
"""
from __future__ import annotations

import logging
import multiprocessing
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

from .cache import ResultCache, fingerprint, input_shas
from .models import Record
from .pipeline import InputError, Outcome, ingest_paths, safe_ingest, warm_up
from .read.entries import shown_path

ENGINES = ("local", "dask")
CONNECT_TIMEOUT_S = 30


def usable_cores() -> int:
    """The cores this process may run on (its CPU affinity), at least 1."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # not Linux
        return os.cpu_count() or 1


class Engine(Protocol):
    def run(self, files: list) -> Iterator[Outcome]: ...


class LocalEngine:
    """This machine: worker processes (``jobs`` of them; ``isolate``: even for one job), each file under
    the per-file limits, a worker that dies costing one file (see :mod:`extract.batch`)."""

    def __init__(self, jobs: int = 0, limits=None, isolate: bool = False, render: bool = False) -> None:
        self.jobs = jobs if jobs > 0 else usable_cores()
        self.limits, self.isolate = limits, isolate
        self.render = render  # records come as their outputs, made in the workers (the ingest command's writer)

    def run(self, files: list[str]) -> Iterator[Outcome]:
        if files and multiprocessing.get_start_method() == "fork":
            warm_up()  # once, here: forked workers inherit the compiled patterns instead of each loading them
        return ingest_paths(files, self.jobs, self.limits, isolate=self.isolate, render=self.render)


class DaskEngine:
    """A dask.distributed cluster: ``scheduler`` is its address (``tcp://host:8786``) or None for a local one."""

    def __init__(self, scheduler: str | None = None, jobs: int = 0, window: int | None = None,
                 ship: bool = False, limits=None) -> None:
        self.scheduler = scheduler
        self.jobs = jobs if jobs > 0 else usable_cores()
        self.window = window
        self.ship = ship  # send each file's bytes with its task: the workers need no shared storage
        self.limits = limits  # the input limits (a worker thread takes no alarm: no per-file timeout there)

    def run(self, files: list[str]) -> Iterator[Outcome]:
        if not files:
            return
        client, cluster = self._connect()
        try:
            yield from self._stream(client, files)
        finally:
            client.close()
            if cluster is not None:
                cluster.close()

    def _connect(self):
        try:
            from distributed import Client, LocalCluster
        except ImportError as exc:
            from .errors import SelfevalError

            raise SelfevalError("--engine dask needs dask.distributed: pip install 'selfeval[dask]'") from exc
        cluster = None
        if self.scheduler:
            try:
                client = Client(self.scheduler, timeout=CONNECT_TIMEOUT_S)
            except (OSError, TimeoutError) as exc:
                from .errors import SelfevalError

                raise SelfevalError(f"cannot reach the dask scheduler at {self.scheduler}: {exc}") from exc
        else:
            cluster = LocalCluster(n_workers=self.jobs, threads_per_worker=1, dashboard_address=None,
                                   silence_logs=logging.ERROR)
            client = Client(cluster)
        try:
            _check_workers(client)
            _register_warm_up(client)
        except BaseException:
            client.close()
            if cluster is not None:
                cluster.close()
            raise
        return client, cluster

    def _submit(self, client, file):
        if self.ship:
            path = str(getattr(file, "path", file))
            return client.submit(ingest_shipped, path, _read_bytes(path, self.limits), self.limits, pure=False)
        return client.submit(safe_ingest, file, self.limits, pure=False)

    def _stream(self, client, files: list[str]) -> Iterator[Outcome]:
        from distributed import as_completed

        window = self.window or max(8, 4 * sum(client.nthreads().values()))
        index: dict = {}
        done: dict[int, Outcome] = {}
        queue = as_completed()
        submitted = returned = 0

        def submit_up_to(limit: int) -> None:
            nonlocal submitted
            while submitted < min(limit, len(files)):
                future = self._submit(client, files[submitted])
                index[future] = submitted
                queue.add(future)
                submitted += 1

        submit_up_to(window)
        for future in queue:
            i = index.pop(future)
            done[i] = _result(future, files[i])
            future.release()
            while returned in done:
                yield done.pop(returned)
                returned += 1
            submit_up_to(returned + window)


def ingest_shipped(path: str, data: bytes | InputError, limits=None) -> Outcome:
    """``safe_ingest`` of a file whose bytes came with the task (read from a temporary copy on the worker);
    the parent's input error row, where it could not ship them."""
    if isinstance(data, InputError):
        return data
    with tempfile.TemporaryDirectory(prefix="selfeval-") as folder:
        copy = Path(folder) / ("file" + Path(path).suffix)
        copy.write_bytes(data)
        outcome = safe_ingest(str(copy), limits)
    shown = shown_path(path)
    if isinstance(outcome, InputError):
        return InputError(path=shown, error=outcome.error, message=outcome.message.replace(str(copy), shown))
    outcome.source.path = shown
    return outcome


def _read_bytes(path: str, limits=None) -> bytes | InputError:
    """The bytes to ship, read as the reader reads them (a regular file within the limits, never blocking),
    or the input error row that says why they cannot be (the worker gives it back as it is)."""
    from .errors import SelfevalError
    from .read import limits as input_limits

    try:
        with input_limits.active(limits):
            return input_limits.read_regular(path)
    except SelfevalError as exc:
        return InputError(path=shown_path(path), error=exc.code, message=str(exc))


def _result(future, path: str) -> Outcome:
    """A finished task's outcome; a task the cluster lost (a killed worker ...) is an input error."""
    try:
        return future.result()
    except Exception as exc:  # noqa: BLE001 - one lost task must not stop the batch
        return InputError(path=path, error="internal", message=f"dask task failed: {type(exc).__name__}: {exc}")


def _expected_stamp() -> str:
    return fingerprint()


def _check_workers(client) -> None:
    """Every worker must run this selfeval (same version, patterns and code), or the records would differ."""
    from .errors import SelfevalError

    expected = _expected_stamp()
    try:
        stamps = client.run(fingerprint)
    except Exception as exc:  # noqa: BLE001 - a worker without selfeval cannot even unpickle the call
        raise SelfevalError(f"a dask worker cannot run selfeval ({type(exc).__name__}: {exc}); "
                            "install the same selfeval on every worker") from exc
    odd = sorted(address for address, stamp in stamps.items() if stamp != expected)
    if odd:
        raise SelfevalError(f"dask workers {', '.join(odd)} run another selfeval (version, patterns, code or reading libraries) "
                            "than this one; install the same selfeval on every worker")


def _register_warm_up(client) -> None:
    from distributed.diagnostics.plugin import WorkerPlugin

    class WarmUp(WorkerPlugin):
        name = "selfeval-warm-up"

        def setup(self, worker) -> None:
            warm_up()

    register = getattr(client, "register_plugin", None) or client.register_worker_plugin
    register(WarmUp())


def make_engine(name: str = "local", jobs: int = 0, scheduler: str | None = None, ship: bool = False,
                limits=None, render: bool = False) -> Engine:
    """The command line's engine: local worker processes (isolated even for one job), or dask.  ``render``:
    local workers send records as their outputs made (ingest); dask sends records (the parent renders)."""
    if name == "dask":
        return DaskEngine(scheduler, jobs, ship=ship, limits=limits)
    return LocalEngine(jobs, limits, isolate=True, render=render)


def run_with_cache(files: list[str], engine: Engine, cache: ResultCache | None = None,
                   shas: list[str | None] | None = None) -> Iterator[tuple[Outcome, str | None]]:
    """(outcome, its records.jsonl line or None) per file, in input order; cached records skip the engine.

    ``shas``: the files' sha256 (:func:`input_shas`) when the caller has them, else they are hashed here.
    A file whose bytes (and suffix) repeat an earlier file of the batch is not sent either: by the
    time it is reached, the earlier one's record is in the cache.
    """
    if cache is None:
        for outcome in engine.run(files):
            yield outcome, None
        return
    paths = [shown_path(_path_of(f)) for f in files]
    shas = input_shas(files) if shas is None else shas
    from_cache = _from_cache(cache, paths, shas)
    computed = engine.run([f for f, hit in zip(files, from_cache) if not hit])
    for file, path, sha, hit in zip(files, paths, shas, from_cache):
        loaded = cache.load(sha, path) if hit else None
        if loaded is not None:
            yield loaded
            continue
        if hit:  # an entry that could not be read (or an earlier copy that failed): work it out now
            outcome = next(iter(engine.run([file])))
        else:
            cache.stats.misses += 1
            outcome = next(computed)
        yield outcome, _keep(cache, outcome)


def _from_cache(cache: ResultCache, paths: list[str], shas: list[str | None]) -> list[bool]:
    """Per file: is its record in the cache already, or will it be (an earlier file of the batch has its bytes)?"""
    first: set = set()
    out = []
    for path, sha in zip(paths, shas):
        entry = cache.entry(sha, path) if sha else None
        out.append(entry is not None and (entry in first or entry.is_file()))
        if entry is not None:
            first.add(entry)
    return out


def _path_of(file) -> str:
    """The file system path of ``file`` (a path, or an entry with ``.path``)."""
    return os.fspath(getattr(file, "path", file))


def _keep(cache: ResultCache, outcome: Outcome) -> str | None:
    from .output.rendered import Rendered

    if isinstance(outcome, Rendered):  # made by a worker: its line and its (slim) record's source
        if outcome.slim is None:
            cache.store(outcome.record(), outcome.line)
        else:
            cache.store(outcome.slim, outcome.line)
        return outcome.line
    if not isinstance(outcome, Record):
        return None
    line = outcome.model_dump_json()
    cache.store(outcome, line)
    return line
