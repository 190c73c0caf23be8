"""Records as flat tables: rows per output CSV, and one pandas DataFrame per table (pandas loaded lazily).

Column order is the SPEC contract: the SPEC columns come first, in SPEC order;
extra columns the project adds follow after them.  Every row of every table carries
the report's identity (``report_id``, ``department``, ``report_year``, ``report_kind``,
``project_name``, ``supervisor``) so that the tables join.

The rows (:class:`TableRows`) keep exact ``Decimal`` values: the CSV and JSONL files are
written from them.  The DataFrames of :func:`records_to_frames` give numeric columns
pandas can compute on (nullable ``Float64`` / ``Int64``); exact digits stay in the files.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..models import HEADLINE_KEYS, Finding, Record, ScoreItem, Span

REPORT_ID_LENGTH = 12  # hex digits of the sha256 that name a report (stable across runs)
FILE_ID_MAX_BYTES = 1 << 30  # a file that gave no record is hashed for its id only up to this size
REPORT_COLUMNS = [
    "path", "sha256", "kind", "department", "year", "self_score", "grade",
    *HEADLINE_KEYS, "n_findings", "n_errors",
    "format", "pages", "n_warnings", "warnings", "ocr_pages", "report_id", "project_name", "supervisor",
    "unit_key", "corrected",
]
#: report-level columns repeated on every mention, score, finding and error row, so that the tables join
REPORT_KEYS = ["report_id", "department", "report_year", "report_kind", "project_name", "supervisor", "unit_key"]
MENTION_COLUMNS = [
    "path", "type", "label", "value", "unit", "approx", "raw", "page", "start", "end", "section",
    "key", "origin", "confidence", "row", "column", "column_year", "basis", *REPORT_KEYS,
]
SCORE_COLUMNS = [
    "path", "item", "max", "score", "deduction", "page", "section", "start", "end", "kind",
    "level", "group", "marker", "target", "actual", "reason", "origin", "confidence", "index", "parent", "leaf",
    "score_path", *REPORT_KEYS,
]
FINDING_COLUMNS = ["path", "rule", "severity", "message", "claimed", "expected", "evidence", "evidence_page",
                   *REPORT_KEYS]
ERROR_COLUMNS = ["path", "error", "message", *REPORT_KEYS]
#: one row per record warning: not a CSV file (reports.csv joins them), the workbook's 待核对 sheet
WARNING_COLUMNS = ["path", "warning", *REPORT_KEYS]

#: table name -> its columns, in the order the files are written
TABLE_COLUMNS: dict[str, list[str]] = {
    "reports": REPORT_COLUMNS,
    "mentions": MENTION_COLUMNS,
    "scores": SCORE_COLUMNS,
    "findings": FINDING_COLUMNS,
    "errors": ERROR_COLUMNS,
}

#: columns the DataFrames hold as numbers: exact decimals (-> Float64) and whole numbers (-> Int64)
DECIMAL_COLUMNS = {"self_score", *HEADLINE_KEYS, "value", "max", "score", "deduction", "confidence"}
INTEGER_COLUMNS = {"year", "report_year", "column_year", "n_findings", "n_errors", "pages", "n_warnings",
                   "page", "start", "end", "level", "index", "parent", "evidence_page"}

if TYPE_CHECKING:  # pandas is imported only where a DataFrame is built: the ingest path never needs it
    import pandas as pd

Row = dict[str, Any]


def report_id(sha256: str) -> str:
    """The stable short id of a report: the first hex digits of its sha256.

    >>> report_id("ab12" * 16)
    'ab12ab12ab12'
    """
    return sha256[:REPORT_ID_LENGTH]


def report_keys(record: Record) -> Row:
    """The identity columns every row of ``record`` carries."""
    return {"report_id": report_id(record.source.sha256), "department": record.department,
            "report_year": record.year, "report_kind": record.kind, "project_name": record.project_name,
            "supervisor": record.supervisor, "unit_key": record.unit_key}


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
    row["report_id"] = report_id(record.source.sha256)
    row["project_name"] = record.project_name
    row["supervisor"] = record.supervisor
    row["unit_key"] = record.unit_key
    row["corrected"] = "; ".join(c.field for c in record.corrections)  # fields an overrides file replaced
    return row


#: CSV column -> attribute, where the names differ
_RENAMED = {"column_year": "year"}
_SCORE_DERIVED = {"index", "leaf", "score_path"}
#: score item kinds that are scored parts of the form (not its 总分 / 共得分 lines)
LEAF_KINDS = {"item", "bonus", "deduction"}


def _attrs(item: Any, columns: list[str], record: Record, skip: frozenset | set = frozenset()) -> Row:
    """Attributes as they are (Decimal stays Decimal; model_dump would turn it into str), then the report's own."""
    row = {c: getattr(item, _RENAMED.get(c, c)) for c in columns
           if c != "path" and c not in REPORT_KEYS and c not in skip}
    return {"path": record.source.path, **row, **report_keys(record)}


def mention_rows(record: Record) -> list[Row]:
    return [_attrs(m, MENTION_COLUMNS, record) for m in record.mentions]


def score_path(item: ScoreItem) -> str:
    """The item's place in the score tree, top first: ``产出指标 / 数量指标 / 水质检测次数``."""
    return " / ".join([*(g.strip() for g in item.group.split(" / ") if g.strip()), item.item])


def _has_children(scores: list[ScoreItem]) -> set[int]:
    """Indexes of items that other items stand under (by ``parent``, or named as a group above them)."""
    parents = {s.parent for s in scores if s.parent is not None}
    groups = {g.strip() for s in scores for g in s.group.split(" / ") if g.strip()}
    return parents | {i for i, s in enumerate(scores) if s.item in groups}


def score_rows(record: Record) -> list[Row]:
    """One row per score item; ``leaf`` marks the items to sum (scored items with nothing under them)."""
    above = _has_children(record.scores)
    rows = []
    for i, s in enumerate(record.scores):
        row = _attrs(s, SCORE_COLUMNS, record, _SCORE_DERIVED)
        row.update(index=i, leaf=s.kind in LEAF_KINDS and i not in above, score_path=score_path(s))
        rows.append({c: row.get(c) for c in SCORE_COLUMNS})
    return rows


def evidence_text(spans: Iterable[Span]) -> str:
    """Evidence spans as one cell: ``p3:120-126 "raw"; ...``."""
    return "; ".join(f'p{s.page}:{s.start}-{s.end} "{s.raw}"' for s in spans)


def finding_row(record: Record, finding: Finding) -> Row:
    return {
        "path": record.source.path,
        "rule": finding.rule,
        "severity": finding.severity,
        "message": finding.message,
        "claimed": finding.claimed,
        "expected": finding.expected,
        "evidence": evidence_text(finding.evidence),
        "evidence_page": finding.evidence[0].page if finding.evidence else None,
        **report_keys(record),
    }


def file_id(path: str) -> str | None:
    """The report id of a file that gave no record (its sha256 prefix), or None when it is no regular file
    (a FIFO would block), is larger than FILE_ID_MAX_BYTES or cannot be read."""
    try:
        if not Path(path).is_file() or Path(path).stat().st_size > FILE_ID_MAX_BYTES:
            return None
        digest = hashlib.sha256()
        with Path(path).open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return None
    return report_id(digest.hexdigest())


def error_row(error: Any) -> Row:
    """The errors.csv row of an InputError (anything with path, error, message); no unit, year or kind is known."""
    row: Row = {"path": str(error.path), "error": error.error, "message": error.message}
    return {**row, **dict.fromkeys(REPORT_KEYS), "report_id": file_id(str(error.path))}


def record_rows(record: Record) -> dict[str, list[Row]]:
    """All table rows one record contributes, by table name (no 'errors'; 'warnings' for the workbook)."""
    return {
        "reports": [report_row(record)],
        "mentions": mention_rows(record),
        "scores": score_rows(record),
        "findings": [finding_row(record, f) for f in record.findings],
        "warnings": [{"path": record.source.path, "warning": w, **report_keys(record)} for w in record.warnings],
    }


def _numeric(values: list[Any], column: str) -> Any:
    """A pandas array for a numeric column (None -> <NA>), or the values as they are."""
    import pandas as pd

    if column in DECIMAL_COLUMNS:
        return pd.array([None if v is None else float(v) for v in values], dtype="Float64")
    if column in INTEGER_COLUMNS:
        return pd.array([None if v is None else int(v) for v in values], dtype="Int64")
    return pd.Series(values, dtype=object)


def rows_to_frame(rows: list[Row], columns: list[str]) -> pd.DataFrame:
    """A DataFrame with exactly ``columns``: numbers as nullable Float64 / Int64, the rest as objects."""
    import pandas as pd

    return pd.DataFrame({c: _numeric([row.get(c) for row in rows], c) for c in columns}, columns=columns)


class TableRows:
    """Accumulates table rows record by record (records themselves need not be kept).

    ``store`` makes the container of each table's rows: ``list``, or anything with ``append``,
    ``extend``, ``len`` and iteration (``output.spool.SpooledRows`` keeps them on disk).
    """

    def __init__(self, store=list) -> None:
        self.rows: dict[str, list[Row]] = {name: store() for name in [*TABLE_COLUMNS, "warnings"]}

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
    >>> list(frames["errors"].columns)[:3]
    ['path', 'error', 'message']
    """
    rows = TableRows()
    for record in records:
        rows.add_record(record)
    for error in errors:
        rows.add_error(error)
    return rows.frames()
