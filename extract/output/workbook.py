"""selfeval.xlsx: a workbook an analyst opens and uses.

Chinese sheet names and headers with units, identity columns first and path/sha256 last,
numbers as numbers with ``#,##0.00`` and percent formats, a frozen header row, a filter
and column widths.  Every word of it (sheet names, headers, kinds, rules, warnings) is data
in ``patterns/workbook.yaml``.

A workbook is a list of :class:`Sheet`; a sheet is one or more :class:`Block` (columns and
rows, stacked top to bottom).  Other parts add sheets with :func:`sheet` (name, columns, rows)
and pass them to :func:`write_workbook` / :func:`build_sheets` as ``extra``.

The workbook is written by :mod:`.xlsx`, row by row: rows stream into the file and memory
does not grow with them.  Decimals go into the sheet XML as their own digits (``651.17``), so
the stored digits are exact.
"""
from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from ..patterns import load_patterns
from .safety import safe_cell
from .terminal import display_width
from .xlsx import Style, XlsxBook, XlsxSheet, cell_xml, column_letter, text_tail

Row = dict[str, Any]
XLSX_MAX_CELL = 32767  # Excel's limit on characters per cell
WIDTH_SAMPLE = 200  # rows looked at to size the columns
MIN_WIDTH, MAX_WIDTH = 6, 50
HUNDRED = Decimal(100)
MARKED = "_marked"  # row key: the column keys whose cells hold a corrected value
CORRECTED_FILL = "FFFFF2CC"  # ARGB of the fill of a cell holding a corrected value
HEADER_STYLE = Style(bold=True, fill="FFDDEBF7", vertical="center")
TITLE_STYLE = Style(bold=True, size=12)
#: characters XML 1.0 does not allow (tab, line feed and carriage return are allowed)
ILLEGAL_CHARACTERS_RE = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]|[\ufffe\uffff]")  # not XML 1.0 characters


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    format: str = "text"  # a name in ``workbook_formats``, ``by_unit`` or ``text``


@dataclass
class Block:
    """Columns and rows (dicts keyed by column key); a titled block sits below the one before it,
    ``indent`` empty columns to the right (so that its columns line up with the block above).

    ``widths``: when given, the rows are made already (:func:`prepared_rows`: the XML of each row's cells,
    :data:`ROW` where its number goes) and ``widths`` are the widest values of each column in the first
    ``WIDTH_SAMPLE`` rows."""

    columns: list[Column]
    rows: Iterable[Row]
    title: str | None = None
    indent: int = 0
    widths: list[int] | None = None


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
    """A cell value for the sheet: strings cleaned of illegal characters, cut to Excel's limit, never a formula
    (Decimals stay as they are: :func:`~.xlsx.cell_xml` writes their digits without an exponent)."""
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
    if value is None:
        return None, None
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
    return _text_width(str(value)) if value is not None else 0


@functools.lru_cache(maxsize=8192)
def _text_width(text: str) -> int:
    """:func:`display_width`, where it matters: a text of ``MAX_WIDTH`` characters or more is at least that
    wide, and every column that wide gets ``MAX_WIDTH`` (so its length will do); names and paths recur."""
    if len(text) >= MAX_WIDTH or text.isascii():
        return len(text)
    return display_width(text)


def column_widths(columns: list[Column], rows: list[Row], widest: list[int] | None = None) -> list[int]:
    """Widths from the headers and a sample of rows (or ``widest``: each column's widest value in them),
    between MIN_WIDTH and MAX_WIDTH."""
    widths = []
    for n, col in enumerate(columns):
        values = [widest[n]] if widest is not None else [_width(row.get(col.key)) for row in rows]
        longest = max([display_width(col.header), *values])
        widths.append(max(MIN_WIDTH, min(MAX_WIDTH, longest + 2)))
    return widths


def value_widths(columns: list[Column], row: Row) -> list[int]:
    """How wide each column's value of ``row`` is (what :func:`column_widths` looks at)."""
    return [_width(row.get(col.key)) for col in columns]


# --- writing ---------------------------------------------------------------------------

@dataclass(frozen=True)
class _Cell:
    """One column of a block, the letter of its cells, and whether a text value is written as it is
    (no number format to look up and no number to read in it)."""

    column: Column
    letter: str
    plain_text: bool


class _StyleNumbers:
    """Style numbers as a book gives them, for rows made away from the book (in a worker)."""

    def __init__(self) -> None:
        self._styles: dict[Style, int] = {Style(): 0}

    def style_id(self, style: Style) -> int:
        return self._styles.setdefault(style, len(self._styles))


class _Styles:
    """The style numbers of the book's cells: every style a cell may have, numbered in a fixed order (so that
    rows made in a worker, without the book, use the book's numbers)."""

    def __init__(self, book: XlsxBook | _StyleNumbers) -> None:
        self.book = book
        self.header = book.style_id(HEADER_STYLE)
        self.title = book.style_id(TITLE_STYLE)
        self.corrected = book.style_id(Style(fill=CORRECTED_FILL))
        self._cells: dict[tuple[str | None, bool], int] = {}
        for number_format in dict.fromkeys(table("workbook_formats").values()):
            for corrected in (False, True):
                self.cell(number_format, corrected)

    def cell(self, number_format: str | None, corrected: bool) -> int:
        key = (number_format, corrected)
        if key not in self._cells:
            self._cells[key] = self.book.style_id(Style(number_format, fill=CORRECTED_FILL if corrected else None))
        return self._cells[key]


@functools.cache
def _worker_styles() -> _Styles:
    return _Styles(_StyleNumbers())


@functools.lru_cache(maxsize=8192)
def _text_tail(text: str) -> str:
    """:func:`~.xlsx.text_tail` of a text value made safe (:func:`xlsx_value`); the same names, units and
    paths recur on many rows."""
    return text_tail(xlsx_value(text))


def _row_xml(cells: list[_Cell], row: Row, row_no: int | str, styles: _Styles) -> str:
    """The cells of one row; its last cell is written even when empty (the row keeps its width for readers)."""
    marked = row.get(MARKED) or ()
    parts = []
    written = True
    for cell in cells:
        key = cell.column.key
        value = row.get(key)
        corrected = key in marked if marked else False
        if value.__class__ is str and cell.plain_text:
            xml = f'<c r="{cell.letter}{row_no}" s="{styles.corrected}"' if corrected else f'<c r="{cell.letter}{row_no}"'
            parts.append(xml + _text_tail(value))
            written = True
            continue
        if value is None:
            xml = f'<c r="{cell.letter}{row_no}" s="{styles.corrected}"/>' if corrected else ""
        else:
            value, fmt = cell_value(cell.column, row)
            xml = cell_xml(f"{cell.letter}{row_no}", value, styles.cell(fmt, corrected) if fmt or corrected else 0)
        written = bool(xml)
        if xml:
            parts.append(xml)
    if not written and cells:
        parts.append(f'<c r="{cells[-1].letter}{row_no}"/>')
    return "".join(parts)


def _cells(block: Block) -> list[_Cell]:
    first_column = 1 + block.indent
    return [_Cell(col, column_letter(first_column + i), col.format not in ("number", "by_unit"))
            for i, col in enumerate(block.columns)]


#: stands for the row number in a row made ahead (:func:`prepared_rows`): a character no cell holds
#: (:data:`ILLEGAL_CHARACTERS_RE` removes it from text)
ROW = "\x00"


def prepared_rows(block: Block) -> tuple[list[str], list[list[int]]]:
    """The XML of each row of ``block`` (:data:`ROW` for its number, the book's style numbers) and the
    widths of the values of its first ``WIDTH_SAMPLE`` rows: a sheet's rows made where the record is read."""
    cells, styles = _cells(block), _worker_styles()
    rows = list(block.rows)
    return ([_row_xml(cells, row, ROW, styles) for row in rows],
            [value_widths(block.columns, row) for row in rows[:WIDTH_SAMPLE]])


def _write_block(sheet: XlsxSheet, block: Block, rows: Iterable[Row], first_row: int, styles: _Styles) -> int:
    """Write one block from ``first_row``; returns the number of sheet rows written."""
    row_no = first_row
    if block.title:
        sheet.add_row(row_no, cell_xml(f"{column_letter(1 + block.indent)}{row_no}", block.title, styles.title))
        row_no += 1
    cells = _cells(block)
    sheet.add_row(row_no, "".join(cell_xml(f"{c.letter}{row_no}", c.column.header, styles.header) for c in cells))
    row_no += 1
    if block.widths is not None:  # made already: the row's number goes in
        for row in rows:
            sheet.add_row(row_no, row.replace(ROW, str(row_no)))
            row_no += 1
        return row_no - first_row
    for row in rows:
        sheet.add_row(row_no, _row_xml(cells, row, row_no, styles))
        row_no += 1
    return row_no - first_row


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


def write_sheet(book: XlsxBook, spec: Sheet, styles: _Styles | None = None) -> None:
    """One sheet: the first untitled block gets the frozen header and the filter; blocks are stacked."""
    styles = styles or _Styles(book)
    samples = [_sample(b.rows) if b.widths is None else ([], b.rows) for b in spec.blocks]
    widths: dict[int, float] = {}
    for block, (head, _) in zip(spec.blocks, samples):
        for i, w in enumerate(column_widths(block.columns, head, block.widths), start=1 + block.indent):
            widths[i] = max(widths.get(i, 0), w)
    first = spec.blocks[0] if spec.blocks else None
    headed = first is not None and first.title is None and bool(first.columns)
    sheet = book.add_sheet(sheet_title(spec.name), widths, freeze_header=headed)
    row_no = 1
    for n, (block, (_, rows)) in enumerate(zip(spec.blocks, samples)):
        if n:
            row_no += 1  # an empty row between blocks
        start = row_no + (1 if block.title else 0)
        row_no += _write_block(sheet, block, rows, row_no, styles)
        if n == 0 and headed:
            sheet.auto_filter(f"A{start}:{column_letter(len(block.columns))}{max(start, row_no - 1)}")


def write_workbook(path: str | Path, sheets: Iterable[Sheet]) -> Path:
    """Write ``sheets`` into an .xlsx file, row by row (memory does not grow with the rows); returns the path."""
    with XlsxBook(path) as book:
        styles = _Styles(book)
        for spec in sheets:
            write_sheet(book, spec, styles)
    return Path(path)
