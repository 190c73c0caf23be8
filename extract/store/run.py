"""What one ingest run does besides writing its output folder: the --overrides, --aliases and --db options.

:class:`IngestRun` corrects each record (overrides, then its unit key with a bureau's aliases), adds it to
the store, and collects what a person should hear (flags, overrides that matched no report).  A missing
or malformed option file is an :class:`OptionError` (the command line reports it as a usage error).
"""
from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from ..errors import PatternError, SelfevalError
from ..figures.unit_key import Aliases, load_aliases
from ..models import Record
from .db import Store, same_year_group
from .overrides import Override, OverrideError, correct_record, load_overrides


class OptionError(SelfevalError):
    """An option's file is missing or malformed."""

    code = "usage"


def read_overrides(path: str | None) -> list[Override]:
    """The corrections in an overrides file ([] without one)."""
    if not path:
        return []
    if not Path(path).is_file():
        raise OptionError(f"no such overrides file: {path}")
    try:
        return load_overrides(path)
    except OverrideError as exc:
        raise OptionError(str(exc)) from None


def read_aliases(path: str | None) -> Aliases | None:
    """A bureau's unit names (None without a file)."""
    if not path:
        return None
    if not Path(path).is_file():
        raise OptionError(f"no such aliases file: {path}")
    try:
        return load_aliases(path)
    except (PatternError, KeyError, TypeError, AttributeError, UnicodeDecodeError) as exc:
        raise OptionError(f"aliases file {path}: {exc}") from None


def open_store(db: str | None, files: list[str], overrides: list[Override]) -> Store | None:
    """The --db store opened for a run (None without --db), the new overrides kept and applied to what it holds."""
    if not db:
        return None
    if Path(db).is_dir():
        raise OptionError(f"--db {db} is a folder, not a file")
    try:
        store = Store(db)
        store.begin_run(files)
    except sqlite3.DatabaseError as exc:
        raise OptionError(f"--db {db} is not a selfeval store: {exc}") from None
    store.save_overrides(overrides)
    return store


class Corrections:
    """An analyst's corrections: overrides (each record's fields replaced, the checks run again) and a
    bureau's unit aliases, as ``ingest`` applies them; ``used``: the overrides' sources that matched."""

    def __init__(self, overrides: list[Override], aliases: Aliases | None = None,
                 used: set[str] | None = None) -> None:
        self.overrides, self.aliases = overrides, aliases
        self.used: set[str] = set(used or ())

    @classmethod
    def from_files(cls, overrides: str | None = None, aliases: str | None = None) -> Corrections:
        """From ``--overrides`` and ``--aliases`` (OptionError for a bad or missing file)."""
        return cls(read_overrides(overrides), read_aliases(aliases))

    def apply(self, record: Record) -> Record:
        """The record with the overrides applied and its unit key (with the bureau's aliases)."""
        correct_record(record, self.overrides, self.aliases)
        self.used.update(c.source for c in record.corrections)
        return record

    def unmatched(self, given: list[Override] | None = None) -> list[str]:
        """The sources of the overrides (of ``given``, default all) that matched no record."""
        return [o.source for o in (self.overrides if given is None else given) if o.source not in self.used]


class IngestRun:
    """Corrections and the store for one ingest run (raises OptionError for a bad option file)."""

    def __init__(self, files: list[str], db: str | None = None, overrides: str | None = None,
                 aliases: str | None = None) -> None:
        self.given = read_overrides(overrides)  # this run's file (a store adds those it kept)
        aliases_read = read_aliases(aliases)
        self.store = open_store(db, files, self.given)
        if self.store is None:
            self.corrections = Corrections(self.given, aliases_read)
        else:
            self.corrections = Corrections(self.store.overrides(), aliases_read, set(self.store.used_sources))
        self.flags: list[dict] = []
        self.n_corrected = 0
        self._seen: dict[tuple, str] = {}  # without a store: (sha256,) and (unit, year, kind) -> first path

    def correct(self, record: Record) -> Record:
        """The record with the overrides applied and its unit key (with the bureau's aliases)."""
        self.corrections.apply(record)
        self.n_corrected += bool(record.corrections)
        return record

    def keep(self, record: Record) -> None:
        """Add a corrected record to the store (or, without one, look for copies and same-year files)."""
        if self.store is not None:
            self.flags += self.store.add_record(record)
        else:
            self.flags += self._in_run_flags(record)

    def _in_run_flags(self, record: Record) -> list[dict]:
        """Without a store, the same flags within this run (both rows stay in the outputs)."""
        path, flags = record.source.path, []
        if (first := self._seen.setdefault((record.source.sha256,), path)) != path:
            flags.append({"flag": "duplicate", "message": f"{path} is the same file as {first}"})
        elif record.unit_key and record.year is not None:
            group = (record.unit_key, record.year, *same_year_group(record.kind, record.project_name))
            if (first := self._seen.setdefault(group, path)) != path:
                flags.append({"flag": "same_unit_year",
                              "message": f"{path} and {first} are both {record.unit_key} {record.year} ({record.kind})"})
        return flags

    def add_error(self, error: Any) -> None:
        if self.store is not None:
            self.store.add_error(error)

    def close(self) -> None:
        """Commit the store (a run that stops before this leaves the store as it was)."""
        if self.store is not None:
            self.store.close()

    def notes(self) -> list[str]:
        """Flags raised and overrides of the given file that matched no report."""
        unmatched = self.corrections.unmatched(self.given)
        return [*(f"{f['flag']}: {f['message']}" for f in self.flags),
                *([f"{len(unmatched)} override(s) matched no report: {', '.join(unmatched)}"] if unmatched else [])]
