"""Write the ingest outputs: records.jsonl, the five CSV files and selfeval.xlsx.

CSV files are UTF-8 with a byte-order mark and always carry their header row.
Decimals are written as plain decimal strings (``651.17``), never through float.
The workbook (:mod:`.workbook`, sheets from :mod:`.sheets`) writes Decimals as *numbers*:
their own digits go into the sheet XML (:mod:`.xlsx`), so the stored digits are exact.

:class:`OutputWriter` streams: records.jsonl and the CSV files grow as records arrive; the
workbook's rows wait on disk (:mod:`.spool`) until it is written, so memory stays flat.
"""
from __future__ import annotations

import csv
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..models import Record
from .frames import TABLE_COLUMNS, Row, TableRows, error_row
from .safety import FORMULA_STARTS, safe_cell
from .sheets import ROW_SHEETS, build_sheets, record_sheets
from .spool import SpooledRows
from .workbook import WIDTH_SAMPLE, Sheet, layout, write_workbook, xlsx_value

if TYPE_CHECKING:
    from .rendered import Rendered
    from .summaries import Summaries

__all__ = ["OutputWriter", "plain", "write_outputs", "write_xlsx", "xlsx_value"]

RECORDS_FILE = "records.jsonl"
XLSX_FILE = "selfeval.xlsx"


def plain(value: Any) -> str:
    """A cell value as CSV text: Decimal without exponent, None as empty.

    >>> plain(Decimal("651.17")), plain(Decimal("1E+2")), plain(None), plain(3)
    ('651.17', '100', '', '3')
    """
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def csv_cell(value: Any) -> str:
    """``safe_cell(plain(value))``, with text that cannot be a formula passed through at once.

    >>> [csv_cell(v) for v in (None, "甲局", "=1+1", Decimal("1E+2"), -3)]
    ['', '甲局', "'=1+1", '100', '-3']
    """
    if value.__class__ is str and not value.startswith(FORMULA_STARTS):
        return value
    return safe_cell(plain(value))


def write_xlsx(path: Path, tables: dict[str, list[Row]], extra: list[Sheet] | None = None,
               prepared: dict | None = None) -> Path:
    """selfeval.xlsx from the table rows; ``extra`` sheets go before the 错误 sheet (``prepared``: the rows of
    the sheets of one row per table row, made already: see :func:`~.sheets.build_sheets`)."""
    return write_workbook(path, build_sheets(tables, extra or [], prepared))


class RecordError:
    """An errors.csv row for a record that could not be written."""

    def __init__(self, path: str, message: str) -> None:
        self.path, self.error, self.message = path, "unwritable", message


class OutputWriter:
    """Write outputs into ``out_dir`` as records and input errors arrive.

    records.jsonl and the CSV files grow row by row; the workbook's rows wait in a
    :class:`~.spool.SpooledRows` on disk until :meth:`close` writes selfeval.xlsx.  Each record's slim
    summary (:mod:`.summaries`, for 历年对比, 主题 and report.html) waits on disk too, so the memory held
    does not grow with the number of records.
    :meth:`add_rendered` takes a record's outputs made already (in a batch's worker: :mod:`.rendered`);
    :meth:`add_record` makes them here, with the same function.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     with OutputWriter(d) as out:
    ...         pass
    ...     sorted(p.name for p in out.paths.values())[:2]
    ['errors.csv', 'findings.csv']
    """

    def __init__(self, out_dir: str | Path) -> None:
        self.out_dir = Path(out_dir)
        self.out_dir.mkdir(parents=True, exist_ok=True)
        self.tables = TableRows(store=SpooledRows)
        #: sheets other parts add to the workbook (历年对比, 主题 ...), written before 错误
        self.extra_sheets: list[Sheet] = []
        #: things a person should know about the outputs (the CLI prints them as warnings)
        self.notes: list[str] = []
        from .summaries import Summaries

        #: the slim records of the record sheets and report.html, gathered one at a time (None once one failed)
        self.summaries: Summaries | None = Summaries()
        self._summary_failure: Exception | None = None
        #: the rows of the sheets of one row per table row, made already (:func:`~.workbook.prepared_rows`)
        self.sheet_rows = {key: PreparedRows(len(layout(key, []).columns)) for key in ROW_SHEETS}
        self.paths: dict[str, Path] = {"records": self.out_dir / RECORDS_FILE}
        self._jsonl = self.paths["records"].open("w", encoding="utf-8", newline="\n")
        self._csv = {name: CsvStream(self.out_dir / f"{name}.csv", columns) for name, columns in TABLE_COLUMNS.items()}

    def add_record(self, record: Record, json_line: str | None = None) -> bool:
        """Write the record once it serialises whole (``json_line``: its JSON, when the caller has it);
        otherwise one error row (False), the batch goes on."""
        from .rendered import render

        try:
            rendered = render(record, json_line)
        except Exception as exc:  # noqa: BLE001 - one bad record must not lose the batch
            self.add_error(RecordError(record.source.path, f"record not serialisable: {type(exc).__name__}"))
            return False
        self.add_rendered(rendered)
        return True

    def add_rendered(self, rendered: Rendered) -> None:
        """Write a record's outputs made already (:func:`~.rendered.render`, in a worker): bytes only."""
        self._jsonl.write(rendered.line + "\n")
        for name, text in rendered.csv.items():
            self._csv[name].write_text(text)
        for name, (n, data) in rendered.rows.items():
            self.tables.rows[name].add_pickled(data, n)
        for key, (n, data, widths) in rendered.sheets.items():
            self.sheet_rows[key].add(n, data, widths)
        if rendered.summary is None:
            self._summarise(rendered.line)
        elif self.summaries is not None:
            self.summaries.add(*rendered.summary)

    def _summarise(self, line: str) -> None:
        """Add the summary of the record just written (read back from its line, as a reader of
        records.jsonl sees it) while the batch runs; a failure is kept for :meth:`_record_sheets` to note."""
        if self.summaries is None:
            return
        try:
            from .summaries import slim_record

            slim, words = slim_record(Record.model_validate_json(line))
        except Exception as exc:  # noqa: BLE001 - the records and tables stand; the CLI says why the sheets are missing
            self.summaries.close()
            self._summary_failure, self.summaries = exc, None
            return
        self.summaries.add(slim, words)

    def add_error(self, error: Any) -> None:
        row = error_row(error)  # once: its report id hashes the file
        self._csv["errors"].write([row])
        self.tables.rows["errors"].append(row)

    def finish_text(self) -> Summaries | None:
        """Finish records.jsonl and the CSV files (nothing more is added); returns the summaries of the
        records written, None when they could not be made (the workbook notes why)."""
        if not self._jsonl.closed:
            self._jsonl.close()
            for name, stream in self._csv.items():
                self.paths[name] = stream.close()
        return self.summaries

    def close(self) -> dict[str, Path]:
        """Finish records.jsonl and the CSV files, write the workbook; returns name -> path."""
        if "xlsx" in self.paths:
            return self.paths
        self.finish_text()
        extra = [*self._record_sheets(), *self.extra_sheets]
        prepared = {key: (rows.rows, rows.widest) for key, rows in self.sheet_rows.items()}
        self.paths["xlsx"] = write_xlsx(self.out_dir / XLSX_FILE, self.tables.rows, extra, prepared)
        self._close_spools()
        return self.paths

    def _close_spools(self) -> None:
        for rows in [*self.tables.rows.values(), *(r.rows for r in self.sheet_rows.values())]:
            rows.close()

    def _record_sheets(self) -> list[Sheet]:
        """历年对比 and 主题 from the summaries of the records written; a failure is a note, the workbook is
        still written."""
        try:
            if self.summaries is None:
                raise self._summary_failure
            return record_sheets(self.summaries.records, self.summaries.words)
        except Exception as exc:  # noqa: BLE001 - the other sheets stand; the CLI says why these are missing
            self.notes.append(f"历年对比 and 主题 sheets not written: {type(exc).__name__}: {exc}")
            return []

    def __enter__(self) -> OutputWriter:
        return self

    def __exit__(self, exc_type, *exc: object) -> None:
        if exc_type is None:
            self.close()
        elif not self._jsonl.closed:  # interrupted: no workbook written from partial data
            self._jsonl.close()
            for stream in self._csv.values():
                stream.close()
            self._close_spools()


class PreparedRows:
    """A sheet's rows made already, on disk (:class:`~.spool.SpooledRows`), and the widest value of each
    column among the first ``WIDTH_SAMPLE`` of them."""

    def __init__(self, n_columns: int) -> None:
        self.rows = SpooledRows()
        self.widest = [0] * n_columns
        self._sampled = 0

    def add(self, n: int, data: bytes, widths: list[list[int]]) -> None:
        """``n`` rows pickled (a list of their XML), with the widths of the values of the first of them."""
        self.rows.add_pickled(data, n)
        for row in widths[:max(0, WIDTH_SAMPLE - self._sampled)]:
            self.widest = [max(a, b) for a, b in zip(self.widest, row)]
            self._sampled += 1


class CsvStream:
    """One CSV file written row by row (header first)."""

    def __init__(self, path: Path, columns: list[str]) -> None:
        self.path, self.columns = path, columns
        self._fh = path.open("w", encoding="utf-8-sig", errors="backslashreplace", newline="")
        self._writer = csv.writer(self._fh)
        self._writer.writerow(columns)

    def write(self, rows: list[Row]) -> None:
        self._writer.writerows([csv_cell(row.get(c)) for c in self.columns] for row in rows)

    def write_text(self, text: str) -> None:
        """Rows written as CSV text already (:func:`~.rendered.csv_text`)."""
        self._fh.write(text)

    def close(self) -> Path:
        self._fh.close()
        return self.path


def write_outputs(records: Iterable[Record], errors: Iterable[Any], out_dir: str | Path) -> dict[str, Path]:
    """Write every output file for ``records`` and ``errors`` into ``out_dir``.

    Returns ``{"records", "reports", "mentions", "scores", "findings", "errors", "xlsx"} -> Path``.
    """
    with OutputWriter(out_dir) as out:
        for record in records:
            out.add_record(record)
        for error in errors:
            out.add_error(error)
    return out.paths
