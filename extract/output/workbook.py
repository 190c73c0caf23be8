"""selfeval.xlsx: a workbook an analyst opens and uses.

Chinese sheet names and headers with units, identity columns first and path/sha256 last,
numbers as numbers with ``#,##0.00`` and percent formats, a frozen header row, a filter
and column widths.  Every word of it (sheet names, headers, kinds, rules, warnings) is data
in ``patterns/workbook.yaml``.

A workbook is a list of :class:`Sheet`; a sheet is one or more :class:`Block` (columns and
rows, stacked top to bottom).  Other parts add sheets with :func:`sheet` (name, columns, rows)
and pass them to :func:`write_workbook` / :func:`build_sheets` as ``extra``.

The workbook is written in openpyxl's write-only mode: rows stream into the file and memory
does not grow with them.  Decimals go into the sheet XML as ``str(value)``, so the stored
digits are exact.
"""
from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from ..patterns import load_patterns
from .safety import safe_cell
from .terminal import display_width

Row = dict[str, Any]
XLSX_MAX_CELL = 32767  # Excel's limit on characters per cell
WIDTH_SAMPLE = 200  # rows looked at to size the columns
MIN_WIDTH, MAX_WIDTH = 6, 50
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
TITLE_FONT = Font(bold=True, size=12)
HUNDRED = Decimal(100)
MARKED = "_marked"  # row key: the column keys whose cells hold a corrected value
CORRECTED_FILL = PatternFill("solid", fgColor="FFF2CC")


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    format: str = "text"  # a name in ``workbook_formats``, ``by_unit`` or ``text``


@dataclass
class Block:
    """Columns and rows (dicts keyed by column key); a titled block sits below the one before it,
    ``indent`` empty columns to the right (so that its columns line up with the block above)."""

    columns: list[Column]
    rows: Iterable[Row]
    title: str | None = None
    indent: int = 0


@dataclass
class Sheet:
    name: str
    blocks: list[Block] = field(default_factory=list)


# --- vocabulary ------------------------------------------------------------------------

def table(name: str) -> Any:
    return load_patterns().table(name)


def column(key: str | Column) -> Column:
    """The column of a key, with its Chinese header and format (an unknown key is its own header)."""
    if isinstance(key, Column):
        return key
    header, fmt = table("workbook_columns").get(key, (key, "text"))
    return Column(key, header, fmt)


def word(vocabulary: str, code: Any) -> Any:
    """``code`` in Chinese from a ``workbook_*`` table (unknown codes stay as they are)."""
    if code is None:
        return None
    return table(vocabulary).get(code, code)


def headline_name(key: str) -> str:
    """A headline key's Chinese name without its unit: ``budget_initial`` -> ``年初预算``."""
    return column(key).header.split("(")[0]


def yes_no(value: Any) -> str | None:
    yes, no = table("workbook_yes_no")
    return None if value is None else (yes if value else no)


def warning_text(warning: str) -> str:
    """A record's warning in Chinese (from ``patterns/workbook.yaml``), or as it is when no entry knows it.

    >>> warning_text("year: no fiscal year stated plainly; left empty")
    '年度：未明确写出预算年度，留空'
    """
    for entry in load_patterns().with_prefix("warning."):  # in file order: the first that matches wins
        match = entry.compiled.search(warning)
        if match:
            groups = match.groupdict()
            if "key" in groups:
                groups["key"] = headline_name(groups["key"])
            return entry.data["zh"].format(**groups)
    return warning


def sheet(name: str, columns: Iterable[str | Column], rows: Iterable[Row]) -> Sheet:
    """A one-block sheet: columns are keys of ``workbook_columns`` (or :class:`Column`), rows dicts by key."""
    return Sheet(name, [Block([column(c) for c in columns], rows)])


def layout(key: str, rows: Iterable[Row], title: bool = False, indent: int = 0) -> Block:
    """The block of a ``workbook_sheets`` layout."""
    spec = table("workbook_sheets")[key]
    return Block([column(c) for c in spec["columns"]], rows, spec["name"] if title else None, indent)


def layout_sheet(key: str, rows: Iterable[Row]) -> Sheet:
    return Sheet(table("workbook_sheets")[key]["name"], [layout(key, rows)])


# --- cells -----------------------------------------------------------------------------

def xlsx_value(value: Any) -> Any:
    """A cell value for openpyxl: strings cleaned of illegal characters, cut to Excel's limit, never a formula."""
    if isinstance(value, Decimal):
        return Decimal(format(value, "f"))  # exact; no exponent form in the sheet XML
    if isinstance(value, str):
        return safe_cell(ILLEGAL_CHARACTERS_RE.sub("", value)[:XLSX_MAX_CELL])
    return value


def as_number(value: Any) -> Any:
    """A decimal string as a Decimal (``"651.17"``), anything else as it is (``"≤ 10"``)."""
    if isinstance(value, str):
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            return value
        return number if number.is_finite() else value
    return value


def _format_name(col: Column, row: Row) -> str:
    if col.format != "by_unit":
        return col.format
    return table("workbook_unit_formats").get(row.get("unit") or "", "text")


def cell_value(col: Column, row: Row) -> tuple[Any, str | None]:
    """The value of ``col`` in ``row`` and its number format (percent cells hold the fraction: 108 -> 1.08)."""
    value = row.get(col.key)
    fmt = _format_name(col, row)
    if fmt == "number":
        value = as_number(value)
    if not isinstance(value, (int, float, Decimal)) or isinstance(value, bool):
        return xlsx_value(value), None
    if fmt == "percent":
        value = Decimal(value) / HUNDRED
    return xlsx_value(value), table("workbook_formats").get(fmt)


def _width(value: Any) -> int:
    if isinstance(value, (int, float, Decimal)):
        return len(format(value, ",.2f")) + 1
    return display_width(str(value)) if value is not None else 0


def column_widths(columns: list[Column], rows: list[Row]) -> list[int]:
    """Widths from the headers and a sample of rows, between MIN_WIDTH and MAX_WIDTH."""
    widths = []
    for col in columns:
        longest = max([display_width(col.header), *(_width(row.get(col.key)) for row in rows)])
        widths.append(max(MIN_WIDTH, min(MAX_WIDTH, longest + 2)))
    return widths


# --- writing ---------------------------------------------------------------------------

def _header_cells(ws: Any, columns: list[Column]) -> list[WriteOnlyCell]:
    cells = []
    for col in columns:
        cell = WriteOnlyCell(ws, value=col.header)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment = Alignment(vertical="center")
        cells.append(cell)
    return cells


def _row_cells(ws: Any, columns: list[Column], row: Row) -> list[WriteOnlyCell]:
    cells = []
    for col in columns:
        value, fmt = cell_value(col, row)
        cell = WriteOnlyCell(ws, value=value)
        if fmt:
            cell.number_format = fmt
        if col.key in row.get(MARKED, ()):
            cell.fill = CORRECTED_FILL
        cells.append(cell)
    return cells


def _write_block(ws: Any, block: Block, rows: Iterable[Row], first_row: int) -> int:
    """Write one block from ``first_row``; returns the number of sheet rows written."""
    written = 0
    pad: list[Any] = [None] * block.indent
    if block.title:
        title = WriteOnlyCell(ws, value=block.title)
        title.font = TITLE_FONT
        ws.append([*pad, title])
        written += 1
    ws.append([*pad, *_header_cells(ws, block.columns)])
    written += 1
    for row in rows:
        ws.append([*pad, *_row_cells(ws, block.columns, row)])
        written += 1
    return written


def _sample(rows: Iterable[Row]) -> tuple[list[Row], Iterator[Row]]:
    """The first rows (for widths) and an iterator over all of them."""
    iterator = iter(rows)
    head = list(itertools.islice(iterator, WIDTH_SAMPLE))
    return head, itertools.chain(head, iterator)


def sheet_title(name: str) -> str:
    """A name Excel accepts for a sheet: no ``[]:*?/\\``, at most 31 characters.

    >>> sheet_title("历年对比: 2022/2023")
    '历年对比_ 2022_2023'
    """
    return re.sub(r"[\[\]:*?/\\]", "_", name)[:31] or "_"


def write_sheet(book: Workbook, spec: Sheet) -> None:
    """One sheet: the first untitled block gets the frozen header and the filter; blocks are stacked."""
    ws = book.create_sheet(title=sheet_title(spec.name))
    samples = [_sample(b.rows) for b in spec.blocks]
    widths: dict[int, int] = {}
    for block, (head, _) in zip(spec.blocks, samples):
        for i, w in enumerate(column_widths(block.columns, head), start=1 + block.indent):
            widths[i] = max(widths.get(i, 0), w)
    for i, w in widths.items():
        ws.column_dimensions[get_column_letter(i)].width = w
    first = spec.blocks[0] if spec.blocks else None
    if first is not None and first.title is None and first.columns:
        ws.freeze_panes = "A2"
    row_no = 1
    for n, (block, (_, rows)) in enumerate(zip(spec.blocks, samples)):
        if n:
            ws.append([])
            row_no += 1
        start = row_no + (1 if block.title else 0)
        row_no += _write_block(ws, block, rows, row_no)
        if n == 0 and block.title is None and block.columns:
            ws.auto_filter.ref = f"A{start}:{get_column_letter(len(block.columns))}{max(start, row_no - 1)}"


def write_workbook(path: str | Path, sheets: Iterable[Sheet]) -> Path:
    """Write ``sheets`` into an .xlsx file (write-only mode); returns the path."""
    book = Workbook(write_only=True)
    for spec in sheets:
        write_sheet(book, spec)
    book.save(path)
    return Path(path)
