"""An ingest's output folder written from its inputs, and report.html of any record source.

:func:`write_outputs` runs the batch (cached records from the result cache, the rest on the engine),
writes records.jsonl, the CSV files, selfeval.xlsx and report.html into a staging folder and
publishes them with a manifest that says how many records and errors there were, what the run has
to say on the terminal and (see :mod:`extract.rerun`) what a rerun needs to reuse the outputs.
The command line prints; nothing here does.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING

from .batch_options import batch
from .options import limits_of

if TYPE_CHECKING:
    from .output.summaries import Summaries
    from .rerun import Plan

REPORT_FILE = "report.html"


class TargetIsFolder(ValueError):
    """report.html would go where a folder is (a usage error)."""


def write_outputs(files: list, args: argparse.Namespace, cache, plan: Plan, show_progress: bool) -> dict:
    """Ingest ``files`` into ``args.out``; the manifest written last (OptionError for a bad option file,
    OutputUnusable for an --out that cannot take outputs)."""
    from .output.commit import staged_run, terminate_raises
    from .output.files import XLSX_FILE, OutputWriter
    from .rerun import Tally
    from .store.run import IngestRun

    run = IngestRun(files, db=args.db, overrides=args.overrides, aliases=args.aliases)
    tally = Tally()
    with staged_run(args.out) as staged, terminate_raises():
        with OutputWriter(staged.staging) as out:
            fixes = run.corrections
            as_made = run.store is None and not fixes.overrides and fixes.aliases is None  # nothing to correct
            # records the run corrects come whole: the workers would render what the corrections change
            for outcome, line in batch(files, args, show_progress, cache, limits_of(args), plan.shas, render=as_made):
                _add_outcome(out, run, tally, outcome, line, args, as_made)
            summaries = out.finish_text()
            report = _overview_beside(str(staged.staging), summaries)
            try:
                out.close()  # the workbook, while report.html is made beside it
            except BaseException:
                report.cancel()
                raise
        overview, warning = _overview_result(report)  # part of the published set
        if summaries is not None:
            summaries.close()
        tally.reusable = tally.reusable and warning is None
        said = {"warnings": [*out.notes, *([warning] if warning else [])], "notes": run.notes(),
                "corrected": run.n_corrected, "shown": [XLSX_FILE, *(p.name for p in overview)]}
        fields = tally.manifest_fields(plan, staged.staging, said)
        manifest = json.loads(staged.publish({"inputs": len(files), **fields}, _version()).read_text(encoding="utf-8"))
        run.close()  # the store takes the run only with its outputs
    return manifest


def _add_outcome(out, run, tally, outcome, line: str | None, args: argparse.Namespace, as_made: bool) -> None:
    """One outcome into the outputs, the run and the tally.  A record a worker rendered is written as it
    came when nothing corrects it (``as_made``); otherwise it is read back from its line and corrected."""
    from .output.rendered import Rendered
    from .pipeline import InputError

    if isinstance(outcome, InputError):
        out.add_error(outcome)
        run.add_error(outcome)
        tally.add_error(outcome.error)
        return
    if isinstance(outcome, Rendered):
        if as_made and outcome.slim is not None:
            out.add_rendered(outcome)  # bytes to write
            run.keep(outcome.slim)
            tally.add_record(outcome.slim)
            return
        outcome, line = outcome.record(), outcome.line
    if out.add_record(*_corrected(run, outcome, line, args)):
        run.keep(outcome)
        tally.add_record(outcome)
    else:  # written as an error row by the writer
        tally.add_error("internal")


def _version() -> str:
    from . import __version__

    return __version__


def _corrected(run, record, line: str | None, args: argparse.Namespace) -> tuple:
    """The record with the run's corrections; its cached JSON line only where nothing changed it."""
    run.correct(record)
    unchanged = not record.corrections and not args.aliases
    return record, (line if unchanged else None)


def write_overview(source: str, out: str | None = None, summaries: Summaries | None = None) -> tuple[Path, int]:
    """Write report.html for a record source (an output folder, a records .jsonl or a store); (path, n records).

    ``summaries``: the source's records already summarised (by the workbook's writer), else they are read."""
    from .output.overview import overview_chunks
    from .output.summaries import summarise
    from .record_sources import iter_records, load_failed_inputs

    if summaries is None:
        summaries = summarise(iter_records(source))  # one record at a time: memory grows with the summaries only
    target = Path(out) if out else _default_report_path(Path(source))
    if target.is_dir():
        raise TargetIsFolder(f"--out is a folder, not a file: {target}")
    target.parent.mkdir(parents=True, exist_ok=True)
    errors = load_failed_inputs(source)
    _write_pieces(target, overview_chunks(summaries.records, errors, words=summaries.words))
    return target, len(summaries.records)


def _write_pieces(target: Path, pieces) -> None:
    """Write the text ``pieces`` one by one (the whole text is never in memory); ``target`` appears only
    when all are written."""
    part = target.with_name(f".{target.name}.part")
    try:
        with part.open("w", encoding="utf-8") as fh:
            for piece in pieces:
                fh.write(piece)
        part.replace(target)
    finally:
        part.unlink(missing_ok=True)


def overview_or_warning(out_dir: str, summaries: Summaries | None = None) -> tuple[list[Path], str | None]:
    """report.html of a fresh output folder, or why not: a failure is a warning, never the end of the run."""
    try:
        return [write_overview(out_dir, summaries=summaries)[0]], None
    except Exception as exc:  # noqa: BLE001 - the other outputs are written; say why this one is not
        return [], f"report.html not written: {type(exc).__name__}: {exc}"


def _overview_beside(out_dir: str, summaries: Summaries | None):
    """report.html of a fresh output folder started in a process of its own where one can be forked
    (:mod:`.output.beside`); its :func:`overview_or_warning` comes from :func:`_overview_result`."""
    from .output.beside import start

    return start(lambda: overview_or_warning(out_dir, summaries))


def _overview_result(report) -> tuple[list[Path], str | None]:
    try:
        return report.result()
    except Exception as exc:  # noqa: BLE001 - the process making it died: the other outputs stand
        return [], f"report.html not written: {exc}"


def _default_report_path(source: Path) -> Path:
    if source.is_dir():
        return source / REPORT_FILE
    return source.with_name(REPORT_FILE) if source.suffix.lower() == ".jsonl" else Path(REPORT_FILE)
