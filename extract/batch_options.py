"""The command line's batch options: ``--jobs``, the result cache and the engine, and the run they make.

Kept apart from :mod:`extract.cli` (which calls :func:`batch` and :func:`add_batch_options`) so that
the command module stays short; nothing here prints.
"""
from __future__ import annotations

import argparse
from collections.abc import Iterator


def jobs_count(jobs: int) -> int:
    """``--jobs``: 0 (the default) means every core this process may use."""
    from .engines import usable_cores

    return usable_cores() if jobs <= 0 else jobs


def result_cache(args: argparse.Namespace):
    """The result cache ``args`` ask for (``--cache DIR`` / ``--no-cache``); None for commands without one."""
    from .cache import ResultCache, cache_disabled
    from .options import limits_of
    from .read.limits import Limits

    if getattr(args, "no_cache", True) or (not args.cache and cache_disabled()):
        return None
    limits = limits_of(args)
    return ResultCache(args.cache, limits="" if limits == Limits() else repr(limits))


def batch(files: list, args: argparse.Namespace, show_progress: bool, cache=None, limits=None,
          shas: list | None = None, render: bool = False) -> Iterator:
    """(outcome, JSON line or None) for ``files`` in order, on the engine ``args`` name, updating a progress bar
    (``shas``: the files' sha256 when the caller hashed them already; ``render``: a record may come as its
    outputs made by a worker, :class:`~extract.output.rendered.Rendered`, where there is more than one local
    worker; a cluster sends records, and the parent makes their outputs)."""
    from .engines import make_engine, run_with_cache
    from .output.terminal import Progress

    scheduler = getattr(args, "scheduler", None)
    ship = getattr(args, "ship_files", False)
    name = "dask" if scheduler or ship else getattr(args, "engine", "local")
    jobs = jobs_count(args.jobs)
    # one local worker leaves the parent a core of its own: the parent makes the outputs beside it
    render = render and name == "local" and jobs > 1
    engine = make_engine(name, jobs, scheduler, ship, limits, render)
    progress = Progress(len(files), show_progress)
    try:
        for name, pair in zip(files, run_with_cache(files, engine, cache, shas)):
            progress.step(getattr(name, "path", name))
            yield pair
    finally:
        progress.finish()


JOBS_HELP = "worker processes (default 0 = every core this process may use)"


def add_batch_options(p: argparse.ArgumentParser, engines: bool = False) -> None:
    """--jobs, the result cache and (for ingest) the engine."""
    p.add_argument("--jobs", type=int, default=0, metavar="N", help=JOBS_HELP)
    p.add_argument("--cache", metavar="DIR", help="result cache folder (default: $SELFEVAL_CACHE, else "
                                                  "$XDG_CACHE_HOME/selfeval, else ~/.cache/selfeval)")
    p.add_argument("--no-cache", action="store_true", help="read every file again; neither use nor fill the cache")
    if engines:
        p.add_argument("--engine", choices=("local", "dask"), default="local",
                       help="local: this machine's cores (default); dask: a dask.distributed cluster")
        p.add_argument("--scheduler", metavar="ADDRESS", help="the dask scheduler, e.g. tcp://10.0.0.5:8786 "
                                                              "(implies --engine dask; without it a local cluster)")
        p.add_argument("--ship-files", action="store_true",
                       help="send each file's bytes to the dask workers with its task, for workers that do not "
                            "see the files at the same path (implies --engine dask)")
