"""The per-file work as pure functions: path -> Record, text -> Record.

``ingest_file`` is self-contained and picklable-by-name, so a batch can run it in a
process pool (or on a cluster) unchanged.  ``ingest_paths`` walks inputs and yields
one outcome per input: a Record or an :class:`InputError` -- nothing is lost.
"""
from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .checks import rules as checks
from .errors import EmptyDocument, SelfevalError
from .figures import headline, mentions, meta, scores
from .figures.as_written import restore_written
from .figures.ocr_origin import mark_ocr_figures
from .figures.unit_key import unit_key
from .models import Record, Source
from .patterns import load_patterns
from .read import limits as input_limits
from .read import read_document
from .read.document import Document, Page
from .read.entries import Entry, list_entries, shown_path
from .read.limits import Limits
from .tables import grid_figures
from .tables.claims import Claimed, link_groups, year_keys
from .tables.layouts import fund_table, score_table
from .text import cleanup, segment


@dataclass
class InputError:
    """An input that produced no record: one row of errors.csv."""

    path: str
    error: str
    message: str


Outcome = Record | InputError


def build_record(doc: Document, sha256: str, path: str | None = None) -> Record:
    """Everything after reading: cleanup, sections, figures, headline, checks."""
    clean = cleanup.clean_document(doc)
    if not clean.text.strip():
        raise EmptyDocument("; ".join(doc.warnings) or "the document has no text")
    sections = segment.segment(clean.text, clean.page_starts)
    grid = grid_figures(clean.text, clean.page_starts, grid_rows=doc.format != "txt")
    claimed = Claimed(grid.spans)
    t_mentions, t_scores, t_spans, t_notes = fund_table.fund_figures(clean.text, clean.page_starts)
    s_items, s_spans, s_values = score_table.read_score_tables(clean.text, clean.page_starts)
    spans = [*grid.spans, *t_spans, *s_spans]
    t_mentions = claimed.outside(t_mentions)
    t_scores, s_items = claimed.outside(t_scores), claimed.outside(s_items)
    found = mentions.extract_mentions(clean.text, clean.page_starts, sections, [*grid.mentions, *t_mentions],
                                      spans, s_values)
    items = scores.extract_scores(clean.text, clean.page_starts, sections, [*grid.scores, *t_scores, *s_items],
                                  spans)
    from_grid = {id(s) for s in grid.scores}
    items = [s for s in items if id(s) in from_grid or not claimed.overlaps(s.start, s.end)]
    link_groups(items)
    info = meta.extract_meta(clean.text, clean.page_starts, sections, items, spans)
    _grade_from_form(info, grid.grade)
    year_keys(found, info.year)
    record = Record(
        source=Source(path=path or doc.path, sha256=sha256, format=doc.format, pages=max(doc.n_pages, len(clean.page_starts), 1)),
        text=clean.text,
        kind=info.kind,
        department=info.department,
        unit_key=unit_key(info.department),
        project_name=info.project_name,
        supervisor=info.supervisor,
        year=info.year,
        self_score=info.self_score,
        grade=info.grade,
        sections=sections,
        mentions=found,
        scores=items,
        warnings=[*doc.warnings, *clean.warnings, *info.warnings, *grid.warnings, *t_notes],
        page_starts=clean.page_starts,
        provenance=info.provenance,
    )
    record.headline, notes = headline.extract_headline(record)
    record.warnings.extend(notes)
    record.findings = checks.run_checks(record)
    if clean.written is not None:  # read in simplified characters: the record quotes the report as written
        restore_written(record, clean.written)
    mark_ocr_figures(record, doc.pages)
    return record


def _grade_from_form(info, grade) -> None:
    """The grade written in a form's total row, when the report states no other."""
    if info.grade is None and grade is not None:
        info.grade = grade.raw
        info.provenance["grade"] = grade


def ingest_file(path: str | os.PathLike, limits: Limits | None = None) -> Record:
    """Read one report file and return its record (raises SelfevalError subclasses).

    Only a regular file is opened (a FIFO or a device is refused without blocking), and every
    limit in ``limits`` (default: those in force) is checked before the work it bounds.
    """
    with input_limits.active(limits):
        data = input_limits.read_regular(path)
        doc = read_document(Path(path))
        input_limits.check_text(sum(len(line) + 1 for page in doc.pages for line in page.lines))
        return build_record(doc, hashlib.sha256(data).hexdigest(), shown_path(path))


def ingest_text(text: str, path: str = "<text>") -> Record:
    """Build a record from text already in memory (pages split on form feeds)."""
    pages = [Page(number=i + 1, lines=chunk.split("\n")) for i, chunk in enumerate(text.split("\f"))]
    doc = Document(path=path, format="txt", pages=pages)
    return build_record(doc, hashlib.sha256(text.encode("utf-8")).hexdigest(), path)


def safe_ingest(path: str | Entry, limits: Limits | None = None) -> Outcome:
    """``ingest_file`` that never raises: failures (and entries that are no file to read) become InputError rows."""
    entry = path if isinstance(path, Entry) else Entry(os.fspath(path))
    shown = shown_path(entry.path)
    if entry.problem:
        return InputError(path=shown, error=entry.problem, message=entry.message)
    try:
        return ingest_file(entry.path, limits)
    except SelfevalError as exc:
        return InputError(path=shown, error=exc.code, message=str(exc))
    except MemoryError:
        return InputError(path=shown, error="too_large", message="out of memory reading this file")
    except RecursionError:
        return InputError(path=shown, error="internal", message="RecursionError: structure nested too deeply")
    except Exception as exc:  # noqa: BLE001 - a bad file must never stop a batch
        return InputError(path=shown, error="internal", message=f"{type(exc).__name__}: {exc}")


def warm_up() -> None:
    """Load what every file needs, once per process: the patterns.

    Each worker of a batch runs this when it starts (a dask worker from a plugin), so no file
    pays for it.  jieba's dictionary (0.4 s) is loaded by the first label long enough to be cut
    into terms (:func:`extract.values.labels.whole_terms`), not here: many reports have none.
    """
    load_patterns()


def expand_paths(paths: Iterable[str | os.PathLike | Entry]) -> list[Entry]:
    """One Entry per input: files named, and every entry below folders named (sorted, hidden entries skipped).

    Entries that cannot be read (dangling symlinks, FIFOs, devices, unreadable folders) carry their problem,
    so that each becomes an errors.csv row.
    """
    return list_entries(paths)


def ingest_paths(paths: Iterable[str | os.PathLike | Entry], jobs: int = 1,
                 limits: Limits | None = None, isolate: bool = False, render: bool = False) -> Iterator[Outcome]:
    """Yield one Record or InputError per input entry, in input order.

    Every file runs under the per-file time limit (a ``timeout`` row); with ``jobs > 1`` (or
    ``isolate``) files are read in worker processes, and a worker that dies costs only the file it
    was reading (a ``crashed`` row) and is replaced.  ``render``: records come as their outputs, made in
    the worker (:class:`~extract.output.rendered.Rendered`, for the ingest command's writer).
    """
    from .batch import run_batch

    yield from run_batch(expand_paths(paths), jobs, limits or input_limits.current(), isolate, render)
