"""A record's share of the ingest outputs, made where the record was read (a batch's worker process).

Everything an output file needs from one record alone is made by :func:`render`: its records.jsonl
line, its CSV rows as text, the workbook's rows of it (pickled, as :class:`~.spool.SpooledRows` keeps
them) and its summary (:mod:`.summaries`, with the theme words: jieba runs here, not in the parent).
The parent of a batch then only writes bytes (:meth:`~.files.OutputWriter.add_rendered`); the outputs
are the same as when the parent makes them from the record (:meth:`~.files.OutputWriter.add_record`
uses this same function).
"""
from __future__ import annotations

import csv
import io
import pickle
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..models import Record
from .frames import TABLE_COLUMNS, record_rows
from .sheets import SUMMARY_TABLES, record_sheet_rows

if TYPE_CHECKING:
    from .themes import ReportWords

#: the tables written as CSV files per record (errors come from the parent; warnings are the workbook's only)
CSV_TABLES = [name for name in TABLE_COLUMNS if name != "errors"]


@dataclass
class Rendered:
    """One record's outputs: ``line`` (its JSON, no newline), ``csv`` (table -> CSV text of its rows),
    ``rows`` (table -> (row count, pickled rows): the tables 汇总 reads), ``sheets`` (workbook sheet ->
    (row count, its rows' XML pickled, the widths of their values)) and ``summary`` (slim record, theme
    words; None when it could not be made: the writer tries again and says why)."""

    line: str
    csv: dict[str, str]
    rows: dict[str, tuple[int, bytes]]
    sheets: dict[str, tuple[int, bytes, list[list[int]]]]
    summary: tuple[Record, ReportWords] | None = None

    @property
    def slim(self) -> Record | None:
        """The slim record: source, identity, findings (what a tally and the run's flags read)."""
        return self.summary[0] if self.summary is not None else None

    def record(self) -> Record:
        """The whole record, read back from its line."""
        return Record.model_validate_json(self.line)


def csv_text(rows: list[dict], columns: list[str]) -> str:
    """The CSV text of ``rows`` (as :class:`~.files.CsvStream` writes them)."""
    from .files import csv_cell

    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows([csv_cell(row.get(c)) for c in columns] for row in rows)
    return buffer.getvalue()


def render(record: Record, json_line: str | None = None) -> Rendered:
    """The outputs of ``record`` (``json_line``: its JSON when the caller has it); raises when it does not
    serialise whole (the writer makes that an error row)."""
    line = json_line or record.model_dump_json()
    line.encode("utf-8")
    rows = record_rows(record)
    texts = {name: csv_text(rows[name], TABLE_COLUMNS[name]) for name in CSV_TABLES}
    pickled = {name: (len(rows[name]), _pickled(rows[name])) for name in SUMMARY_TABLES if rows.get(name)}
    sheets = {key: (len(xml), _pickled(xml), widths) for key, (xml, widths) in record_sheet_rows(rows).items()}
    return Rendered(line, texts, pickled, sheets, summary_of(line))


def _pickled(rows: list) -> bytes:
    return pickle.dumps(rows, protocol=pickle.HIGHEST_PROTOCOL)


def summary_of(line: str) -> tuple[Record, ReportWords] | None:
    """The summary of the record written as ``line`` (read back, as a reader of records.jsonl sees it);
    None when it cannot be made."""
    from .summaries import slim_record

    try:
        return slim_record(Record.model_validate_json(line))
    except Exception:  # noqa: BLE001 - the writer makes it again and keeps the reason
        return None


def render_outcome(outcome):
    """A worker's outcome rendered when it is a record (and renders; else as it is)."""
    if not isinstance(outcome, Record):
        return outcome
    try:
        return render(outcome)
    except Exception:  # noqa: BLE001 - the parent writes the record itself (and its error row if any)
        return outcome
