"""Where ``selfeval report`` reads its records from: one entry point, :func:`load_records`.

A source is an ingest output folder (its ``records.jsonl``), a ``.jsonl`` file of records, or the
``--db`` store (:func:`load_from_store`, through :mod:`extract.store.db`).
"""
from __future__ import annotations

import csv
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from .errors import SelfevalError
from .models import Record
from .output.files import RECORDS_FILE

ERRORS_FILE = "errors.csv"
STORE_SUFFIXES = (".db", ".sqlite", ".sqlite3", ".duckdb")


class SourceError(SelfevalError):
    """A record source that cannot be read (missing, not an output folder, a damaged line)."""


def load_records(source: str | Path) -> list[Record]:
    """The records of an ingest output folder, a records ``.jsonl`` file or a store file, in stored order."""
    return list(iter_records(source))


def iter_records(source: str | Path) -> Iterator[Record]:
    """:func:`load_records` one record at a time (a ``.jsonl`` is read line by line; a store at once)."""
    path = Path(source)
    if path.is_dir():
        return iter_jsonl(_records_file(path))
    if path.suffix.lower() in STORE_SUFFIXES:
        return iter(load_from_store(path))
    if path.is_file():
        return iter_jsonl(path)
    raise SourceError(f"no such folder or file: {source}")


def _records_file(folder: Path) -> Path:
    path = folder / RECORDS_FILE
    if not path.is_file():
        raise SourceError(f"{folder} is not an ingest output folder (no {RECORDS_FILE}); run `selfeval ingest` first")
    return path


def iter_jsonl(path: Path) -> Iterator[Record]:
    """The records of a JSON-lines file written by ``ingest``, one line at a time (blank lines skipped)."""
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                yield Record.model_validate_json(line)
            except ValidationError as exc:
                raise SourceError(f"{path}:{number}: not a selfeval record ({exc.error_count()} problem(s))") from None


def load_from_store(path: Path) -> list[Record]:
    """Records from the ``--db`` store (extract/store): every report once, corrections applied."""
    from .store.db import load_records as stored_records

    try:
        return stored_records(path)
    except (sqlite3.DatabaseError, FileNotFoundError, ValidationError) as exc:
        raise SourceError(f"{path}: not a selfeval store ({exc})") from None


@dataclass(frozen=True)
class FailedInput:
    """A row of errors.csv: an input that gave no record."""

    path: str
    error: str
    message: str


def load_failed_inputs(source: str | Path) -> list[FailedInput]:
    """The inputs that gave no record, from an output folder's errors.csv or a store (none for a .jsonl)."""
    if Path(source).suffix.lower() in STORE_SUFFIXES and Path(source).is_file():
        from .store.db import load_errors

        try:
            return [FailedInput(e.path, e.error, e.message) for e in load_errors(source)]
        except sqlite3.DatabaseError as exc:
            raise SourceError(f"{source}: not a selfeval store ({exc})") from None
    path = Path(source) / ERRORS_FILE
    if not path.is_file():
        return []
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return [FailedInput(row.get("path", ""), row.get("error", ""), row.get("message", "")) for row in csv.DictReader(fh)]
