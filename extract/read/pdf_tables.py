"""Ruled tables of a PDF page, put back into the pypdfium2 lines.

Only pages that draw paths get here.  The tables come from the page's drawn lines
and pdfium's characters (:mod:`.pdf_rules`); pdfplumber finds them only where that
geometry is not enough, or everywhere when ``SELFEVAL_PDF_TABLES=pdfplumber`` (the
reference path the tests compare with).  pdfplumber opens the file only when the
first page that needs it turns up.  A table's text lines (pypdfium2 lines whose first
character lies inside the table's box) are replaced by one ``| a | b |`` line per
row -- unless the cells do not account for the same characters as those lines,
in which case the plain lines stay.  Any failure leaves the page as it was.
"""
from __future__ import annotations

import math
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..patterns import rx
from .document import Page, Table, table_row_line
from .pdf_glyphs import GlyphReader
from .pdf_lines import RawLine

CJK = r"\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
NEWLINE_BETWEEN_CJK = re.compile(rf"(?<=[{CJK}])\s*\n\s*|\s*\n\s*(?=[{CJK}])")
SLACK = 1.5  # points of tolerance around a table's box
PATH_VARIABLE = "SELFEVAL_PDF_TABLES"  # "pdfplumber": every ruled table from pdfplumber (reference path)


def pdfplumber_only() -> bool:
    """True when the environment asks for the pdfplumber reference path."""
    return os.environ.get(PATH_VARIABLE, "").strip().lower() == "pdfplumber"


@dataclass
class FoundTable:
    rows: list[list[str]]  # the full grid, a merged cell's text repeated into every position it covers
    bbox: tuple[float, float, float, float]  # pdfplumber: x0, top, x1, bottom (top-down)
    shown: list[list[str]] | None = None  # cells of the text lines: a column span once, a row span empty

    def row_lines(self) -> list[str]:
        return [table_row_line(cells) for cells in (self.shown or self.rows)]


class TableFinder:
    """pdfplumber on demand: ruled tables, and characters pdfium left out.  Opens the PDF on first use."""

    def __init__(self, path: Path):
        self.path = path
        self._pdf = None
        self._broken = False
        self._open_page: tuple[int, object] | None = None
        self.glyphs = GlyphReader(path)  # the characters pdfium left out, at their origins (parsed on first use)

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self._close_page()
        self.glyphs.close()
        if self._pdf is not None:
            self._pdf.close()

    def add_tables(self, page: Page, index: int, lines: list[tuple[RawLine, str]], mediabox_top: float,
                   fast: Callable[[], list[FoundTable] | None] | None = None) -> None:
        """Fill ``page.tables`` and swap table text lines for row lines where that is reliable.

        ``fast`` gives the tables without pdfplumber, or None where pdfplumber must find them.
        """
        try:
            found = fast() if fast is not None and not pdfplumber_only() else None
            if found is None:
                found = self.find(index)
        except Exception:  # noqa: BLE001 - table finding is best effort
            return
        if not found:
            return
        page.tables = [Table.from_rows(t.rows, page=page.number, strategy="pdf-ruled") for t in found]
        try:
            replaced = replace_table_lines(lines, mediabox_top, found)
        except Exception:  # noqa: BLE001
            return
        if replaced is not None:
            page.lines = replaced

    def find(self, index: int) -> list[FoundTable]:
        plumber_page = self._page(index)
        if plumber_page is None or not (plumber_page.objects.get("line") or plumber_page.objects.get("rect")):
            return []
        found = []
        for table in plumber_page.dedupe_chars().find_tables():
            grid, shown = merged_grid(table, table.extract())
            if len(grid) >= 2 and max(len(r) for r in grid) >= 2 and any(any(r) for r in grid):
                found.append(FoundTable(rows=grid, bbox=tuple(table.bbox), shown=shown))
        return found

    def chars(self, index: int) -> list[dict]:
        """pdfplumber's characters of a page (empty when pdfplumber cannot read it)."""
        plumber_page = self._page(index)
        try:
            return list(plumber_page.chars) if plumber_page is not None else []
        except Exception:  # noqa: BLE001
            return []

    def _page(self, index: int):
        if self._open_page is not None and self._open_page[0] == index:
            return self._open_page[1]
        self._close_page()
        if self._broken:
            return None
        if self._pdf is None:
            try:
                import pdfplumber

                self._pdf = pdfplumber.open(str(self.path))
            except Exception:  # noqa: BLE001
                self._broken = True
                return None
        self._open_page = (index, self._pdf.pages[index])
        return self._open_page[1]

    def _close_page(self) -> None:
        if self._open_page is not None:
            self._open_page[1].close()
            self._open_page = None


def merged_grid(table, extracted: list[list[str | None]]) -> tuple[list[list[str]], list[list[str]]]:
    """The table's grid with merged cells filled in, and the cells its text lines show.

    pdfplumber gives ``None`` where no cell starts at a grid position: the position is
    covered by a cell that starts to the left (a column span: repeated in the grid,
    shown once in the line) or above (a row span: repeated in the grid, an empty
    cell in the line) - the same convention as the DOCX and HTML readers.
    """
    xs = sorted({cell[0] for cell in table.cells})
    tops = sorted({cell[1] for cell in table.cells})
    text_at = {}
    for r, row in enumerate(table.rows):
        for c, bbox in enumerate(row.cells):
            if bbox is not None:
                text_at[tuple(bbox)] = (cell_text(extracted[r][c]), r)
    grid, shown = [], []
    for r, values in enumerate(extracted):
        full, line = [], []
        for c, value in enumerate(values):
            if value is not None:
                full.append(cell_text(value))
                line.append(cell_text(value))
                continue
            text, anchor_row = _covering(table.cells, text_at, xs[c], tops[r]) if c < len(xs) and r < len(tops) else ("", r)
            full.append(text)
            if anchor_row != r:
                line.append("")
        grid.append(full)
        shown.append(line)
    return grid, shown


def _covering(cells, text_at, x: float, top: float) -> tuple[str, int]:
    """Text and first row of the cell that covers the grid position (x, top); ("", -1) when none does."""
    for bbox in cells:
        x0, t0, x1, b0 = bbox
        if x0 - SLACK <= x < x1 - SLACK and t0 - SLACK <= top < b0 - SLACK and tuple(bbox) in text_at:
            return text_at[tuple(bbox)]
    return "", -1


def cell_text(cell: str | None) -> str:
    """A cell's text on one line: wrapped CJK joined directly, other breaks as spaces.

    >>> cell_text("年初预算\\n（万元）"), cell_text("Total\\nbudget"), cell_text(None)
    ('年初预算（万元）', 'Total budget', '')
    """
    if not cell:
        return ""
    return " ".join(NEWLINE_BETWEEN_CJK.sub("", cell.strip()).split())


def replace_table_lines(lines: list[tuple[RawLine, str]], mediabox_top: float,
                        found: list[FoundTable]) -> list[str] | None:
    """The page's lines with each table's lines replaced by its row lines, or None when unsure."""
    out: list[str] = []
    emitted: set[int] = set()
    dropped = [""] * len(found)
    for raw, line in lines:
        if math.isnan(raw.y):
            return None
        k = _table_of_line(raw, mediabox_top, found)
        if k is None:
            out.append(line)
            continue
        dropped[k] += line
        if k not in emitted:
            emitted.add(k)
            out.extend(found[k].row_lines())
    if any(not _same_characters(dropped[k], found[k].rows if found[k].shown is None else found[k].shown) for k in emitted):
        return None
    if len(emitted) < len(found):
        return None
    return out


def _table_of_line(raw: RawLine, mediabox_top: float, found: list[FoundTable]) -> int | None:
    """Index of the table whose box holds the line's first character, if any."""
    x, y_down = raw.x + 1.0, mediabox_top - raw.y - 1.0
    for k, table in enumerate(found):
        x0, t0, x1, b0 = table.bbox
        if x0 - SLACK <= x <= x1 + SLACK and t0 - SLACK <= y_down <= b0 + SLACK:
            return k
    return None


def _same_characters(lines_text: str, rows: list[list[str]]) -> bool:
    """True when the cells hold (nearly) the characters of the lines they replace."""
    a = "".join(lines_text.split())
    b = "".join("".join(cell.split()) for row in rows for cell in row)
    return abs(len(a) - len(b)) <= max(2, len(a) // 10) and set(b) <= set(a) | set(" ")


ROW_LINE = re.compile(r"^\| .* \|$")


def stitch_continued(pages: list[Page]) -> None:
    """A table that ends one page and starts the next with as many columns becomes one Table.

    The rows go to the first page's Table; a repeated header row is dropped from the
    rows and from the next page's lines.
    """
    last: Table | None = None  # the table the previous page ends with
    for page in pages:
        first = page.tables[0] if page.tables else None
        if last is not None and first is not None and _width(first) == _width(last) and _edge_is_table(page.lines):
            rows = first.rows
            if rows and rows[0] == last.rows[0]:
                rows = rows[1:]
                page.lines.remove(next(line for line in page.lines if ROW_LINE.match(line)))
            last.extend_rows(rows)
            page.tables.pop(0)
            if not page.tables:
                last = last if _edge_is_table(page.lines[::-1]) else None
                continue
        last = page.tables[-1] if page.tables and _edge_is_table(page.lines[::-1]) else None


def _width(table: Table) -> int:
    return max((len(row) for row in table.rows), default=0)


def _edge_is_table(lines: list[str]) -> bool:
    """True when the first line that is not a page number is a table row line."""
    page_number = rx("read.page_number_line")
    for line in lines:
        if page_number.match(line):
            continue
        return bool(ROW_LINE.match(line))
    return False
