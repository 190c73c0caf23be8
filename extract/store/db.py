"""A store that keeps every year: ``selfeval ingest ... --db FILE`` adds each run to one SQLite file.

- ``records``: one row per distinct report file (upserted by sha256), with the full record as JSON;
  a later run replaces a report's record, a second copy of the same file is not counted twice.
- ``reports``, ``mentions``, ``scores``, ``findings``: the rows of the CSV tables, for SQL and pandas
  (``pd.read_sql("select * from reports", sqlite3.connect(FILE))``); numbers are exact decimal text.
- ``errors``: inputs that gave no record (dropped when a later run reads the path).
- ``flags``: ``duplicate`` (the same file under another path) and ``same_unit_year`` (two different
  files for the same unit, year and kind).
- ``overrides``: corrections; applied to the stored records and to every later ingest.
- ``copies``: every path each file was seen under; ``runs``: when each run happened.

:func:`load_records` gives the Records back, :func:`export_outputs` regenerates the ingest outputs.
"""
from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..models import Record
from ..output.files import plain, write_outputs
from ..output.frames import TABLE_COLUMNS, record_rows, records_to_frames
from ..pipeline import InputError
from .overrides import Override, apply_overrides

if TYPE_CHECKING:
    import pandas as pd

SCHEMA_VERSION = "1"
ROW_TABLES = ("reports", "mentions", "scores", "findings")
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS runs (id INTEGER PRIMARY KEY, started TEXT, inputs TEXT);
CREATE TABLE IF NOT EXISTS records (
    id INTEGER PRIMARY KEY, sha256 TEXT UNIQUE NOT NULL, path TEXT, unit_key TEXT, department TEXT,
    year INTEGER, kind TEXT, project_name TEXT, record TEXT NOT NULL, run INTEGER);
CREATE TABLE IF NOT EXISTS copies (sha256 TEXT, path TEXT, run INTEGER, PRIMARY KEY (sha256, path));
CREATE TABLE IF NOT EXISTS errors (id INTEGER PRIMARY KEY, path TEXT UNIQUE, error TEXT, message TEXT, run INTEGER);
CREATE TABLE IF NOT EXISTS flags (
    id INTEGER PRIMARY KEY, flag TEXT, sha256 TEXT, other TEXT, message TEXT, run INTEGER,
    UNIQUE (flag, sha256, other));
CREATE TABLE IF NOT EXISTS overrides (
    target TEXT, field TEXT, value TEXT, reason TEXT, source TEXT, PRIMARY KEY (target, field));
"""


def _group_kind(kind: str | None) -> str:
    """Department reports (整体 or 整体+项目) are one kind for the same-unit-and-year flag."""
    return "dept" if kind in ("dept_overall", "dept_and_project") else kind or "other"


def same_year_group(kind: str | None, project_name: str | None) -> tuple[str, str | None]:
    """What two reports of one unit and year share when they report the same thing (the same-unit-and-year
    flag): their kind, departments' kinds as one, and for a project report its project."""
    return _group_kind(kind), (project_name if kind == "project" else None)


class Store:
    """An open store; use as a context manager (commits on success)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.con = sqlite3.connect(self.path, timeout=60)  # another run adding to the store: wait for it
        self.con.executescript(_SCHEMA)
        self.con.execute("INSERT OR IGNORE INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
        for name in ROW_TABLES:
            self._ensure_row_table(name)
        self.run: int | None = None
        self._written: set[str] = set()
        self.used_sources: set[str] = set()  # overrides (by source) that changed a stored record

    # --- schema ------------------------------------------------------------------------

    def _ensure_row_table(self, name: str) -> None:
        """The table of one CSV's rows: report_sha256, then the CSV's columns (added when the CSV gains some)."""
        self.con.execute(f'CREATE TABLE IF NOT EXISTS "{name}" (report_sha256 TEXT)')
        have = {row[1] for row in self.con.execute(f'PRAGMA table_info("{name}")')}
        for column in TABLE_COLUMNS[name]:
            if column not in have:
                self.con.execute(f'ALTER TABLE "{name}" ADD COLUMN "{column}"')

    # --- writing -----------------------------------------------------------------------

    def begin_run(self, inputs: Iterable[str] = ()) -> int:
        started = datetime.now(timezone.utc).isoformat(timespec="seconds")
        self.run = self.con.execute("INSERT INTO runs (started, inputs) VALUES (?, ?)",
                                    (started, "\n".join(map(str, inputs)))).lastrowid
        self._written = set()
        return self.run

    def add_record(self, record: Record) -> list[dict]:
        """Upsert ``record`` by its sha256; returns the flags this raised (duplicate, same unit and year)."""
        sha, path = record.source.sha256, record.source.path
        first_path = self._first_path(sha)
        self.con.execute("INSERT OR IGNORE INTO copies VALUES (?, ?, ?)", (sha, path, self.run))
        self.con.execute("DELETE FROM errors WHERE path = ?", (path,))
        elsewhere = first_path is not None and not same_file(first_path, path) and Path(first_path).exists()
        if sha in self._written or elsewhere:
            # a second copy of a file already stored: flagged, counted once (the first copy's record stands)
            return [self._flag("duplicate", sha, path, f"the same file as {first_path}; counted once")]
        self._written.add(sha)
        replaced = self._drop_earlier_versions(sha, path)
        self._write_record(record)  # new, read again (a rerun), or moved from a path that is gone
        return replaced + self._same_unit_year(record)

    def _drop_earlier_versions(self, sha: str, path: str) -> list[dict]:
        """A file changed since an earlier run (same path, other content): its earlier version goes."""
        old = [row[0] for row in self.con.execute("SELECT sha256 FROM records WHERE path = ? AND sha256 != ?",
                                                  (path, sha))]
        for earlier in old:
            self.con.execute("DELETE FROM records WHERE sha256 = ?", (earlier,))
            self.con.execute("DELETE FROM flags WHERE sha256 = ? OR other = ?", (earlier, earlier))
            for name in ROW_TABLES:
                self.con.execute(f'DELETE FROM "{name}" WHERE report_sha256 = ?', (earlier,))
        return [{"flag": "replaced", "sha256": sha, "other": earlier,
                 "message": f"{path} changed since an earlier run; its earlier version is replaced"} for earlier in old]

    def _first_path(self, sha: str) -> str | None:
        row = self.con.execute("SELECT path FROM records WHERE sha256 = ?", (sha,)).fetchone()
        return row[0] if row else None

    def _write_record(self, record: Record) -> None:
        sha = record.source.sha256
        self.con.execute(
            "INSERT INTO records (sha256, path, unit_key, department, year, kind, project_name, record, run) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (sha256) DO UPDATE SET path = excluded.path, "
            "unit_key = excluded.unit_key, department = excluded.department, year = excluded.year, "
            "kind = excluded.kind, project_name = excluded.project_name, record = excluded.record, run = excluded.run",
            (sha, record.source.path, record.unit_key, record.department, record.year, record.kind,
             record.project_name, record.model_dump_json(), self.run))
        tables = record_rows(record)
        for name in ROW_TABLES:  # the CSV tables (record_rows may give more, e.g. for the workbook)
            rows = tables.get(name, [])
            self.con.execute(f'DELETE FROM "{name}" WHERE report_sha256 = ?', (sha,))
            columns = TABLE_COLUMNS[name]
            names = ", ".join(f'"{c}"' for c in ["report_sha256", *columns])
            marks = ", ".join("?" * (len(columns) + 1))
            self.con.executemany(f'INSERT INTO "{name}" ({names}) VALUES ({marks})',
                                 [[sha, *(_cell(row.get(c)) for c in columns)] for row in rows])

    def _same_unit_year(self, record: Record) -> list[dict]:
        if not record.unit_key or record.year is None:
            return []
        rows = self.con.execute(
            "SELECT sha256, path, kind, project_name FROM records WHERE unit_key = ? AND year = ? AND sha256 != ?",
            (record.unit_key, record.year, record.source.sha256)).fetchall()
        group = same_year_group(record.kind, record.project_name)
        return [self._flag("same_unit_year", record.source.sha256, sha,
                           f"another file for {record.unit_key} {record.year} ({record.kind}): {path}")
                for sha, path, kind, name in rows if same_year_group(kind, name) == group]

    def _flag(self, flag: str, sha: str, other: str, message: str) -> dict:
        self.con.execute("INSERT OR IGNORE INTO flags (flag, sha256, other, message, run) VALUES (?, ?, ?, ?, ?)",
                         (flag, sha, other, message, self.run))
        return {"flag": flag, "sha256": sha, "other": other, "message": message}

    def add_error(self, error: Any) -> None:
        """An input that gave no record (replaces an earlier error row of the same path)."""
        self.con.execute("INSERT INTO errors (path, error, message, run) VALUES (?, ?, ?, ?) ON CONFLICT (path) "
                         "DO UPDATE SET error = excluded.error, message = excluded.message, run = excluded.run",
                         (str(error.path), error.error, error.message, self.run))

    def save_overrides(self, overrides: Iterable[Override]) -> int:
        """Keep ``overrides`` (one per report and field: the newest wins) and apply them to the stored records;
        returns how many stored records changed."""
        overrides = list(overrides)
        if not overrides:
            return 0  # the stored ones were applied when they came
        for o in overrides:
            self.con.execute("INSERT OR REPLACE INTO overrides VALUES (?, ?, ?, ?, ?)",
                             (o.target, o.field, o.value, o.reason, o.source))
        stored, changed = self.overrides(), 0
        for record in records_of(self.con):
            if applied := apply_overrides(record, stored):
                self.used_sources.update(c.source for c in applied)
                self._write_record(record)
                changed += 1
        return changed

    # --- reading -----------------------------------------------------------------------

    def overrides(self) -> list[Override]:
        return [Override(*row) for row in self.con.execute(
            "SELECT target, field, value, reason, source FROM overrides ORDER BY rowid")]

    def close(self) -> None:
        self.con.commit()
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, exc_type, *exc: object) -> None:
        if exc_type is not None:
            self.con.rollback()
        self.close()


def same_file(a: str, b: str) -> bool:
    """Two paths of one file (``in/a.txt`` and ``/work/in/a.txt``)."""
    if a == b:
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _cell(value: Any) -> Any:
    """A value as stored: exact text for Decimals, ints as ints, None as NULL."""
    if value is None or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    return plain(value)


def records_of(con: sqlite3.Connection) -> list[Record]:
    return [Record.model_validate_json(row[0]) for row in con.execute("SELECT record FROM records ORDER BY id")]


@contextmanager
def _connection(db: str | Path | Store) -> Iterator[sqlite3.Connection]:
    """The store's connection (closed afterwards only when opened here)."""
    if isinstance(db, Store):
        yield db.con
        return
    if not Path(db).is_file():
        raise FileNotFoundError(f"no store at {db}")
    con = sqlite3.connect(db)
    try:
        yield con
    finally:
        con.close()


def load_records(db: str | Path | Store) -> list[Record]:
    """Every report in the store, once each, in the order they were first stored (corrections applied)."""
    with _connection(db) as con:
        return records_of(con)


def load_errors(db: str | Path | Store) -> list[InputError]:
    """The inputs that gave no record (and have not given one since)."""
    with _connection(db) as con:
        return [InputError(*row) for row in con.execute("SELECT path, error, message FROM errors ORDER BY id")]


def load_flags(db: str | Path | Store) -> list[dict]:
    """The store's flags: ``duplicate`` and ``same_unit_year`` rows (flag, sha256, other, message, run)."""
    with _connection(db) as con:
        cur = con.execute("SELECT flag, sha256, other, message, run FROM flags ORDER BY id")
        return [dict(zip(("flag", "sha256", "other", "message", "run"), row)) for row in cur]


def load_frames(db: str | Path | Store) -> dict[str, pd.DataFrame]:
    """The tables of :func:`extract.output.frames.records_to_frames` for everything in the store."""
    return records_to_frames(load_records(db), load_errors(db))


def export_outputs(db: str | Path | Store, out_dir: str | Path) -> dict[str, Path]:
    """Write the ingest outputs (records.jsonl, the CSV files, selfeval.xlsx) for everything in the store."""
    return write_outputs(load_records(db), load_errors(db), out_dir)
