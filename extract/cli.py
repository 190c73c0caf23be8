"""The ``selfeval`` command line (also ``python -m extract``).  Only this module prints.

Exit status: 0 success; 1 when an input failed, a check found an error, an accuracy
threshold was not met, or selfeval hit an unexpected error; 2 on a usage error; 3 when the run
itself failed (interrupted by Ctrl-C or SIGTERM, the disk full, another run holding --out).
Each failure is one line on stderr, never a traceback.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from . import __version__
from .batch_options import JOBS_HELP, add_batch_options, batch, result_cache
from .errors import SelfevalError
from .inputs import LABEL_NOTE, UsageError, collect_inputs, has_folder, is_label_file  # noqa: F401
from .options import (
    THRESHOLD_FLAGS,
    add_limit_flags,
    add_ocr_flag,
    field_threshold,
    fraction,
    limits_of,
    thresholds_of,
)
from .store.flags import add_correction_flags, add_store_flags

EXIT_OK, EXIT_INPUTS_FAILED, EXIT_USAGE, EXIT_RUN_FAILED = 0, 1, 2, 3


# --- progress ------------------------------------------------------------------------

def outcomes(files: list, args: argparse.Namespace, show_progress: bool, cache=None) -> Iterator:
    """Records and InputErrors for ``files`` (in order), on the engine ``args`` name, with a progress bar."""
    for outcome, _ in batch(files, args, show_progress, cache, limits_of(args)):
        yield outcome


# --- commands ------------------------------------------------------------------------

def cmd_ingest(args: argparse.Namespace) -> int:
    from .ingest_outputs import write_outputs
    from .output.commit import OutputUnusable
    from .output.folders import check_out_dir, without_outputs
    from .rerun import keep_outputs, plan_rerun, reuse_outputs

    files, notes = without_outputs(collect_inputs(args.paths), args.paths, skip=[args.out, args.db])
    cache = result_cache(args)
    try:
        check_out_dir(Path(args.out), args.force)
        plan = plan_rerun(files, args, cache)
        if (reused := reuse_outputs(plan, args.out)) is not None:
            how = "copied from the cache" if reused.copied else f"reused from {args.out}"
            _say_ingested(reused.manifest, args, notes, last=f"unchanged: {len(files)} inputs, outputs {how}")
            return reused.manifest["exit"]
        from .store.run import OptionError  # (not before: the store's modules take a quarter of a second)

        try:
            manifest = write_outputs(files, args, cache, plan, has_folder(args.paths))
        except OptionError as exc:
            raise UsageError(str(exc)) from None
    except OutputUnusable as exc:
        raise UsageError(str(exc)) from None
    keep_outputs(plan, args.out)
    _say_ingested(manifest, args, notes, f"; {cache.stats.hits} from the cache" if cache and cache.stats.hits else "")
    return manifest["exit"]


def _say_ingested(manifest: dict, args: argparse.Namespace, notes: list[str], more: str = "", last: str = "") -> None:
    """An ingest's warnings, notes and summary line (said again, the same, by a rerun that reuses its outputs)."""
    from .output.summary_line import ingest_summary

    said = manifest["said"]
    for note in said["warnings"]:
        print(f"selfeval: warning: {note}", file=sys.stderr)
    for note in [*notes, *said["notes"], *([last] if last else [])]:
        print(f"selfeval: {note}", file=sys.stderr)
    more = "".join((f"; {said['corrected']} corrected" if said["corrected"] else "",
                    f"; stored in {args.db}" if args.db else "", more))
    shown = [Path(args.out) / name for name in said["shown"]]
    print(ingest_summary(manifest["records"], manifest["errors"], Counter(said["severities"]), shown, more),
          file=sys.stderr)


def cmd_export(args: argparse.Namespace) -> int:
    from .output.commit import OutputUnusable
    from .output.folders import check_out_dir
    from .store.db import export_outputs, load_flags

    if not Path(args.db).is_file():
        raise UsageError(f"no such store: {args.db}")
    try:
        check_out_dir(Path(args.out), args.force)
    except OutputUnusable as exc:
        raise UsageError(str(exc)) from None
    paths = export_outputs(args.db, args.out)
    overview = overview_after_ingest(args.out)
    for flag in load_flags(args.db):
        print(f"selfeval: {flag['flag']}: {flag['message']}", file=sys.stderr)
    print(f"wrote the outputs of {args.db} to {args.out}: {', '.join(map(str, [paths['xlsx'], *overview]))}",
          file=sys.stderr)
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from .output import check_report as report
    from .output.terminal import render_check, render_input_error
    from .pipeline import InputError

    files = collect_inputs(args.paths)
    corrections = _corrections(args)
    tally = report.CheckTally(errors_only=args.errors_only)
    reports: list[dict] = []
    unreadable: list[dict] = []
    if args.format == "csv":
        print(report.check_csv_header())
    for outcome in outcomes(files, args, has_folder(args.paths), result_cache(args)):
        if isinstance(outcome, InputError):
            tally.add_error()
            if args.format == "text":
                print(render_input_error(outcome) + "\n")
            elif args.format == "csv":
                print(report.check_csv_error_line(outcome))
            unreadable.append(report.error_json(outcome))
            continue
        if corrections is not None:
            corrections.apply(outcome)
        findings = tally.add_record(outcome)
        if not findings and not args.all:
            continue
        if args.format == "text":
            print(render_check(outcome.model_copy(update={"findings": findings})) + "\n")
        elif args.format == "csv":
            for line in report.check_csv_lines(outcome, findings):
                print(line)
        else:
            reports.append(report.record_json(outcome, findings))
    if args.format == "json":
        print(report.check_json(reports, unreadable, tally))
    _say_unmatched(corrections)
    print(tally.summary(listing_all=args.all), file=sys.stderr)
    return 1 if tally.by_severity["error"] or tally.unreadable else 0


def cmd_show(args: argparse.Namespace) -> int:
    from .output.terminal import render_show
    from .pipeline import InputError, ingest_paths

    files = collect_inputs(args.files)
    corrections = _corrections(args)
    failed = 0
    for n, outcome in enumerate(ingest_paths(files, 1, limits_of(args), isolate=True)):
        if n:
            print("\n" + "=" * 72 + "\n")
        if isinstance(outcome, InputError):
            print(f"selfeval: error: {outcome.path}: {outcome.error}: {outcome.message}", file=sys.stderr)
            failed += 1
            continue
        print(render_show(outcome if corrections is None else corrections.apply(outcome)))
    _say_unmatched(corrections)
    return 1 if failed else 0


def _corrections(args: argparse.Namespace):
    """The --overrides and --aliases of a command that only reads (None without them)."""
    if not args.overrides and not args.aliases:
        return None
    from .store.run import Corrections, OptionError

    try:
        return Corrections.from_files(args.overrides, args.aliases)
    except OptionError as exc:
        raise UsageError(str(exc)) from None


def _say_unmatched(corrections) -> None:
    if corrections is not None and (unmatched := corrections.unmatched()):
        print(f"selfeval: {len(unmatched)} override(s) matched no report: {', '.join(unmatched)}", file=sys.stderr)


def overview_after_ingest(out_dir: str) -> list[Path]:
    """report.html of a fresh output folder; a failure is a warning, never the end of the command."""
    from .ingest_outputs import overview_or_warning

    written, warning = overview_or_warning(out_dir)
    if warning:
        print(f"selfeval: warning: {warning}", file=sys.stderr)
    return written


def _warn_if_incomplete(source: str) -> None:
    """An output folder whose manifest does not say it is complete: an interrupted run, or an older selfeval."""
    from .output.commit import read_manifest

    if Path(source).is_dir() and read_manifest(source) is None:
        print(f"selfeval: warning: {source} does not say it is complete (no manifest.json): the outputs of an "
              "interrupted run or of an older selfeval", file=sys.stderr)


def cmd_report(args: argparse.Namespace) -> int:
    if bool(args.source) == bool(args.db):
        raise UsageError("give either an ingest output folder (or records .jsonl) or --db FILE")
    source = args.source or args.db
    if not Path(source).exists():
        raise UsageError(f"no such folder or file: {source}")
    from .ingest_outputs import TargetIsFolder, write_overview

    try:
        path, n = write_overview(source, args.out)
    except TargetIsFolder as exc:
        raise UsageError(str(exc)) from None
    _warn_if_incomplete(source)
    print(f"overview of {n} report{'s' * (n != 1)}: {path}", file=sys.stderr)
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from . import evaluate
    from .pipeline import InputError

    for d in args.dirs:
        if not Path(d).is_dir():
            raise UsageError(f"not a folder: {d}")
    pairs = evaluate.find_pairs(args.dirs)
    if not pairs:
        raise SelfevalError(f"no labelled reports (X.txt with X.json or X.expected.json) in {', '.join(args.dirs)}")
    docs = []
    for (report, gold_path), outcome in zip(pairs, outcomes([str(r) for r, _ in pairs], args, True)):
        record = None if isinstance(outcome, InputError) else outcome
        doc = evaluate.compare(record, evaluate.load_gold(gold_path), file=report.stem)
        if record is None:
            doc.misses.insert(0, evaluate.Miss(report.stem, "input", None, None, outcome.message, "unread"))
        docs.append(doc)
    report = evaluate.summarise(docs)
    print(evaluate.format_report(report, show_misses=not args.no_misses))
    if args.json:
        Path(args.json).write_text(json.dumps(report.to_dict(), ensure_ascii=False, indent=1, default=str),
                                   encoding="utf-8")
    failures = evaluate.unmet_thresholds(report, thresholds_of(args))
    for failure in failures:
        print(f"selfeval: threshold not met: {failure}", file=sys.stderr)
    return 1 if failures else 0


# --- parser --------------------------------------------------------------------------

def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="selfeval",
        description="Turn budget-performance self-evaluation reports (绩效自评报告) into structured data.",
    )
    parser.add_argument("--version", action="version", version=f"selfeval {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("ingest", help="read reports and write records.jsonl, CSV files and selfeval.xlsx",
                       description="Read reports and write records.jsonl, reports/mentions/scores/findings/"
                                   "errors.csv (UTF-8 with BOM) and selfeval.xlsx. " + LABEL_NOTE,
                       epilog="exit status: 0 every input produced a record, 1 some failed "
                              "(listed in errors.csv), 2 usage error, 3 the run failed (interrupted, disk full, "
                              "another run writing to DIR); then DIR keeps its previous outputs. "
                              "DIR/manifest.json, written last, says the outputs are complete.")
    p.add_argument("paths", nargs="+", metavar="PATH", help="report file or folder")
    p.add_argument("--out", default="output", metavar="DIR",
                   help="output folder (default: output/); a file there is a usage error")
    add_batch_options(p, engines=True)
    add_ocr_flag(p)
    add_limit_flags(p)
    add_store_flags(p)
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("export", help="write the ingest outputs for everything in a --db store",
                       description="Regenerate records.jsonl, the CSV files and selfeval.xlsx from a store that "
                                   "`selfeval ingest --db FILE` filled: every report once, every year.")
    p.add_argument("db", metavar="DB", help="the store file")
    p.add_argument("--out", default="output", metavar="DIR", help="output folder (default: output/)")
    p.add_argument("--force", action="store_true", help="replace the outputs in an --out folder that holds files")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("check", help="run the consistency checks and print the findings",
                       description="Read reports and print their consistency findings with source snippets; "
                                   "only reports with findings are listed unless --all. A summary line with the "
                                   "counts per rule goes to stderr. " + LABEL_NOTE,
                       epilog="exit status: 1 when any finding has severity error or an input could not be read")
    p.add_argument("paths", nargs="+", metavar="PATH", help="report file or folder")
    add_batch_options(p)
    p.add_argument("--errors-only", action="store_true", help="list only findings of severity error")
    p.add_argument("--format", choices=["text", "json", "csv"], default="text",
                   help="text for people (default); json: one document with a summary; csv: findings.csv rows")
    p.add_argument("--all", action="store_true", help="also list reports without findings")
    add_ocr_flag(p)
    add_limit_flags(p)
    add_correction_flags(p)
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("show", help="reports for a person: sections, headline figures, scores, findings",
                       description="Print each report's metadata, section tree, headline fields, score items, "
                                   "mention counts, findings and warnings, each with page and source snippet. "
                                   + LABEL_NOTE,
                       epilog="exit status: 1 when a file could not be read")
    p.add_argument("files", nargs="+", metavar="PATH", help="report file or folder")
    add_ocr_flag(p)
    add_limit_flags(p)
    add_correction_flags(p)
    p.set_defaults(func=cmd_show)

    p = sub.add_parser("report", help="write report.html: charts and tables of an ingest output folder",
                       description="Write one self-contained HTML overview (report.html, works offline): ranking "
                                   "by self-score, grade distribution, execution rate against budget, section "
                                   "scores, findings per report, year over year and the themes of the reports' "
                                   "problems, with sortable tables and a details block per report.",
                       epilog="exit status: 0 written, 1 the source cannot be read, 2 usage error")
    p.add_argument("source", nargs="?", metavar="OUT", help="an ingest output folder (or its records.jsonl)")
    p.add_argument("--db", metavar="FILE", help="read the records from a store instead")
    p.add_argument("--out", metavar="FILE", help="where to write (default: OUT/report.html)")
    p.set_defaults(func=cmd_report)

    p = sub.add_parser(
        "eval", help="accuracy against gold labels (X.json beside X.txt)",
        description="Ingest every report X.txt/.pdf/.docx/.html that has X.json (or X.expected.json) beside it "
                    "and print TP/FP/FN, precision and recall per field, then the misses per file. "
                    "'headline' sums the ten headline keys, self_score, grade, year and department. "
                    "Keys missing from a gold file are not evaluated.",
        epilog="Thresholds take 0..1 (or a percentage above 1); exit status 1 when one is not met, "
               "0 otherwise (no thresholds: always 0). Fields for --min: headline, each headline key, "
               "self_score, grade, year, department, kind, money, percent, scores, headings.")
    p.add_argument("dirs", nargs="+", metavar="DIR", help="folder with reports and gold labels")
    p.add_argument("--jobs", type=int, default=0, metavar="N", help=JOBS_HELP)
    p.add_argument("--json", metavar="FILE", help="also write the numbers (and misses) as JSON")
    p.add_argument("--no-misses", action="store_true", help="print the table only")
    for flag, (field, metric) in THRESHOLD_FLAGS.items():
        p.add_argument("--" + flag.replace("_", "-"), type=fraction, metavar="X",
                       help=f"fail unless {field} {metric} >= X")
    p.add_argument("--min", action="append", type=field_threshold, metavar="FIELD:METRIC=X",
                   help="generic threshold, repeatable, e.g. --min money:recall=0.8")
    add_ocr_flag(p)
    p.set_defaults(func=cmd_eval)
    return parser


# --- entry point ---------------------------------------------------------------------

def _tolerant_streams() -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="replace")
        except (AttributeError, ValueError, OSError):
            pass


def main(argv: list[str] | None = None) -> int:
    _tolerant_streams()
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, usage errors
        return exc.code if isinstance(exc.code, int) else 2
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    from .output.commit import Interrupted, RunFailed

    if getattr(args, "no_ocr", False):
        os.environ["SELFEVAL_OCR"] = "0"  # read by the PDF reader, here and in worker processes
    try:
        return args.func(args)
    except UsageError as exc:
        print(f"selfeval: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except (KeyboardInterrupt, Interrupted) as exc:
        how = "terminated" if isinstance(exc, Interrupted) else "interrupted"
        print(f"\nselfeval: {how}; run failed, previous outputs (if any) left as they were", file=sys.stderr)
        return EXIT_RUN_FAILED
    except BrokenPipeError:
        sys.stdout = open(os.devnull, "w")  # output piped into e.g. `head` that stopped reading
        return EXIT_INPUTS_FAILED
    except RunFailed as exc:
        print(f"selfeval: run failed: {exc}", file=sys.stderr)
        return EXIT_RUN_FAILED
    except OSError as exc:  # the disk full, the output folder gone: the run, not an input, failed
        where = f" ({exc.filename})" if exc.filename else ""
        print(f"selfeval: run failed: {exc.strerror or exc}{where}", file=sys.stderr)
        return EXIT_RUN_FAILED
    except SelfevalError as exc:
        print(f"selfeval: error: {exc}", file=sys.stderr)
        return EXIT_INPUTS_FAILED
    except Exception as exc:  # noqa: BLE001 - no traceback ever reaches the user
        print(f"selfeval: error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_INPUTS_FAILED
