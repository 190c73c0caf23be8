"""Records as flat tables: rows per output CSV, and one pandas DataFrame per table (pandas loaded lazily).

Column order is the SPEC contract: the SPEC columns come first, in SPEC order;
extra columns the project adds follow after them.  Numbers stay exact: Decimal
values are kept as ``Decimal`` objects in object-dtype columns, never floats.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ..models import HEADLINE_KEYS, Finding, Record, Span

REPORT_COLUMNS = [
    "path", "sha256", "kind", "department", "year", "self_score", "grade",
    *HEADLINE_KEYS, "n_findings", "n_errors",
    "format", "pages", "n_warnings", "warnings", "ocr_pages", "unit_key", "corrected",
]
#: report-level columns repeated on every mention and score row, so that the tables join
REPORT_KEYS = ["department", "report_year", "report_kind", "unit_key"]
MENTION_COLUMNS = [
    "path", "type", "label", "value", "unit", "approx", "raw", "page", "start", "end", "section",
    "key", "origin", "confidence", "row", "column", "column_year", "basis", *REPORT_KEYS,
]
SCORE_COLUMNS = [
    "path", "item", "max", "score", "deduction", "page", "section", "start", "end", "kind",
    "level", "group", "marker", "target", "actual", "reason", "origin", "confidence", *REPORT_KEYS,
]
FINDING_COLUMNS = ["path", "rule", "severity", "message", "claimed", "expected", "evidence"]
ERROR_COLUMNS = ["path", "error", "message"]

#: table name -> its columns, in the order the files are written
TABLE_COLUMNS: dict[str, list[str]] = {
    "reports": REPORT_COLUMNS,
    "mentions": MENTION_COLUMNS,
    "scores": SCORE_COLUMNS,
    "findings": FINDING_COLUMNS,
    "errors": ERROR_COLUMNS,
}

if TYPE_CHECKING:  # pandas is imported only where a DataFrame is built: the ingest path never needs it
    import pandas as pd

Row = dict[str, Any]


def report_row(record: Record) -> Row:
    """The reports.csv row of one record."""
    row: Row = {
        "path": record.source.path,
        "sha256": record.source.sha256,
        "kind": record.kind,
        "department": record.department,
        "year": record.year,
        "self_score": record.self_score,
        "grade": record.grade,
    }
    for key in HEADLINE_KEYS:
        value = getattr(record.headline, key)
        row[key] = None if value is None else value.value
    row["n_findings"] = len(record.findings)
    row["n_errors"] = sum(1 for f in record.findings if f.severity == "error")
    row["format"] = record.source.format
    row["pages"] = record.source.pages
    row["n_warnings"] = len(record.warnings)
    row["warnings"] = "; ".join(record.warnings)
    row["ocr_pages"] = ", ".join(map(str, record.source.ocr_pages))
    row["unit_key"] = record.unit_key
    row["corrected"] = "; ".join(c.field for c in record.corrections)  # fields an overrides file replaced
    return row


#: CSV column -> attribute, where the names differ
_RENAMED = {"column_year": "year"}


def _attrs(item: Any, columns: list[str], record: Record) -> Row:
    """Attributes as they are (Decimal stays Decimal; model_dump would turn it into str), then the report's own."""
    row = {c: getattr(item, _RENAMED.get(c, c)) for c in columns if c != "path" and c not in REPORT_KEYS}
    return {"path": record.source.path, **row, "department": record.department, "report_year": record.year,
            "report_kind": record.kind, "unit_key": record.unit_key}


def mention_rows(record: Record) -> list[Row]:
    return [_attrs(m, MENTION_COLUMNS, record) for m in record.mentions]


def score_rows(record: Record) -> list[Row]:
    return [_attrs(s, SCORE_COLUMNS, record) for s in record.scores]


def evidence_text(spans: Iterable[Span]) -> str:
    """Evidence spans as one cell: ``p3:120-126 "raw"; ...``."""
    return "; ".join(f'p{s.page}:{s.start}-{s.end} "{s.raw}"' for s in spans)


def finding_row(path: str, finding: Finding) -> Row:
    return {
        "path": path,
        "rule": finding.rule,
        "severity": finding.severity,
        "message": finding.message,
        "claimed": finding.claimed,
        "expected": finding.expected,
        "evidence": evidence_text(finding.evidence),
    }


def error_row(error: Any) -> Row:
    """The errors.csv row of an InputError (anything with path, error, message)."""
    return {"path": str(error.path), "error": error.error, "message": error.message}


def record_rows(record: Record) -> dict[str, list[Row]]:
    """All table rows one record contributes, by table name (no 'errors')."""
    return {
        "reports": [report_row(record)],
        "mentions": mention_rows(record),
        "scores": score_rows(record),
        "findings": [finding_row(record.source.path, f) for f in record.findings],
    }


def rows_to_frame(rows: list[Row], columns: list[str]) -> pd.DataFrame:
    """A DataFrame with exactly ``columns`` (object dtype: Decimals and ints stay as they are)."""
    import pandas as pd

    return pd.DataFrame([[row.get(c) for c in columns] for row in rows], columns=columns, dtype=object)


class TableRows:
    """Accumulates table rows record by record (records themselves need not be kept).

    ``store`` makes the container of each table's rows: ``list``, or anything with ``append``,
    ``extend``, ``len`` and iteration (``output.spool.SpooledRows`` keeps them on disk).
    """

    def __init__(self, store=list) -> None:
        self.rows: dict[str, list[Row]] = {name: store() for name in TABLE_COLUMNS}

    def add_record(self, record: Record) -> None:
        self.add_rows(record_rows(record))

    def add_rows(self, rows: dict[str, list[Row]]) -> None:
        for name, table in rows.items():
            self.rows[name].extend(table)

    def add_error(self, error: Any) -> None:
        self.rows["errors"].append(error_row(error))

    def frames(self) -> dict[str, pd.DataFrame]:
        return {name: rows_to_frame(self.rows[name], cols) for name, cols in TABLE_COLUMNS.items()}


def records_to_frames(records: Iterable[Record], errors: Iterable[Any] = ()) -> dict[str, pd.DataFrame]:
    """Tables ``reports, mentions, scores, findings, errors`` for records and input errors.

    >>> frames = records_to_frames([])
    >>> list(frames)
    ['reports', 'mentions', 'scores', 'findings', 'errors']
    >>> list(frames["errors"].columns)
    ['path', 'error', 'message']
    """
    rows = TableRows()
    for record in records:
        rows.add_record(record)
    for error in errors:
        rows.add_error(error)
    return rows.frames()
