"""The per-file work as pure functions: path -> Record, text -> Record.

``ingest_file`` is self-contained and picklable-by-name, so a batch can run it in a
process pool (or on a cluster) unchanged.  ``ingest_paths`` walks inputs and yields
one outcome per input: a Record or an :class:`InputError` -- nothing is lost.
"""
from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from .checks import rules as checks
from .errors import EmptyDocument, SelfevalError, UnreadableFile
from .figures import headline, mentions, meta, scores
from .figures.ocr_origin import mark_ocr_figures
from .models import Record, Source
from .read import read_document
from .read.document import Document, Page
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
    info = meta.extract_meta(clean.text, clean.page_starts, sections, items)
    _grade_from_form(info, grid.grade)
    year_keys(found, info.year)
    record = Record(
        source=Source(path=path or doc.path, sha256=sha256, format=doc.format, pages=max(doc.n_pages, len(clean.page_starts), 1)),
        text=clean.text,
        kind=info.kind,
        department=info.department,
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
    mark_ocr_figures(record, doc.pages)
    return record


def _grade_from_form(info, grade) -> None:
    """The grade written in a form's total row, when the report states no other."""
    if info.grade is None and grade is not None:
        info.grade = grade.raw
        info.provenance["grade"] = grade


def ingest_file(path: str | os.PathLike) -> Record:
    """Read one report file and return its record (raises SelfevalError subclasses)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableFile(f"cannot read file: {exc.strerror or exc}") from exc
    doc = read_document(path)
    return build_record(doc, hashlib.sha256(data).hexdigest(), str(path))


def ingest_text(text: str, path: str = "<text>") -> Record:
    """Build a record from text already in memory (pages split on form feeds)."""
    pages = [Page(number=i + 1, lines=chunk.split("\n")) for i, chunk in enumerate(text.split("\f"))]
    doc = Document(path=path, format="txt", pages=pages)
    return build_record(doc, hashlib.sha256(text.encode("utf-8")).hexdigest(), path)


def safe_ingest(path: str) -> Outcome:
    """``ingest_file`` that never raises: failures become InputError rows."""
    try:
        return ingest_file(path)
    except SelfevalError as exc:
        return InputError(path=str(path), error=exc.code, message=str(exc))
    except Exception as exc:  # noqa: BLE001 - a bad file must never stop a batch
        return InputError(path=str(path), error="internal", message=f"{type(exc).__name__}: {exc}")


def expand_paths(paths: Iterable[str | os.PathLike]) -> list[str]:
    """Files named, and every file below folders named (sorted, hidden files skipped)."""
    found: list[str] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            found.extend(
                str(f) for f in sorted(p.rglob("*"))
                if f.is_file() and not any(part.startswith(".") for part in f.relative_to(p).parts)
            )
        else:
            found.append(str(p))
    return found


def ingest_paths(paths: Iterable[str | os.PathLike], jobs: int = 1) -> Iterator[Outcome]:
    """Yield one Record or InputError per input file, in input order."""
    files = expand_paths(paths)
    if jobs <= 1 or len(files) < 2:
        for f in files:
            yield safe_ingest(f)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from pool.map(safe_ingest, files, chunksize=4)
