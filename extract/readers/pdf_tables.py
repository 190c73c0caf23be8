"""Ruled tables of a PDF page: found by pdfplumber, put back into the pypdfium2 lines.

Only pages that draw paths get here, and pdfplumber opens the file only when the
first such page turns up.  A table's text lines (pypdfium2 lines whose first
character lies inside the table's box) are replaced by one ``| a | b |`` line per
row -- unless the cells do not account for the same characters as those lines,
in which case the plain lines stay.  Any failure leaves the page as it was.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..document import Page, Table, table_row_line

CJK = r"\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
NEWLINE_BETWEEN_CJK = re.compile(rf"(?<=[{CJK}])\s*\n\s*|\s*\n\s*(?=[{CJK}])")
SLACK = 1.5  # points of tolerance around a table's box


@dataclass
class FoundTable:
    rows: list[list[str]]
    bbox: tuple[float, float, float, float]  # pdfplumber: x0, top, x1, bottom (top-down)


class TableFinder:
    """Opens the PDF with pdfplumber on first use; closes it on exit."""

    def __init__(self, path: Path):
        self.path = path
        self._pdf = None
        self._broken = False

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        if self._pdf is not None:
            self._pdf.close()

    def add_tables(self, page: Page, index: int, textpage, raw: str, mediabox_top: float,
                   clean: Callable[[str], str | None] | None = None) -> None:
        """Fill ``page.tables`` and swap table text lines for row lines where that is reliable."""
        try:
            found = self.find(index)
        except Exception:  # noqa: BLE001 - table finding is best effort
            return
        if not found:
            return
        page.tables = [Table(rows=t.rows, page=page.number) for t in found]
        try:
            lines = replace_table_lines(raw, textpage, mediabox_top, found, clean or _default_clean)
        except Exception:  # noqa: BLE001
            return
        if lines is not None:
            page.lines = lines

    def find(self, index: int) -> list[FoundTable]:
        plumber_page = self._page(index)
        if plumber_page is None:
            return []
        try:
            if not (plumber_page.objects.get("line") or plumber_page.objects.get("rect")):
                return []
            found = []
            for table in plumber_page.dedupe_chars().find_tables():
                rows = [[cell_text(c) for c in row] for row in table.extract()]
                if len(rows) >= 2 and max(len(r) for r in rows) >= 2 and any(any(r) for r in rows):
                    found.append(FoundTable(rows=rows, bbox=tuple(table.bbox)))
            return found
        finally:
            plumber_page.close()

    def _page(self, index: int):
        if self._broken:
            return None
        if self._pdf is None:
            try:
                import pdfplumber

                self._pdf = pdfplumber.open(str(self.path))
            except Exception:  # noqa: BLE001
                self._broken = True
                return None
        return self._pdf.pages[index]


def cell_text(cell: str | None) -> str:
    """A cell's text on one line: wrapped CJK joined directly, other breaks as spaces.

    >>> cell_text("年初预算\\n（万元）"), cell_text("Total\\nbudget"), cell_text(None)
    ('年初预算（万元）', 'Total budget', '')
    """
    if not cell:
        return ""
    return " ".join(NEWLINE_BETWEEN_CJK.sub("", cell.strip()).split())


def _default_clean(line: str) -> str | None:
    line = line.strip()
    return line or None


def replace_table_lines(raw: str, textpage, mediabox_top: float, found: list[FoundTable],
                        clean: Callable[[str], str | None]) -> list[str] | None:
    """The page's lines with each table's lines replaced by its row lines, or None when unsure."""
    if len(raw) != textpage.count_chars():
        return None
    out: list[str] = []
    emitted: set[int] = set()
    dropped = [""] * len(found)
    for match in re.finditer(r"[^\r\n]+", raw):
        line = clean(match.group())
        if line is None:
            continue
        k = _table_of_line(match, textpage, mediabox_top, found)
        if k is None:
            out.append(line)
            continue
        dropped[k] += line
        if k not in emitted:
            emitted.add(k)
            out.extend(table_row_line(row) for row in found[k].rows)
    if any(not _same_characters(dropped[k], found[k].rows) for k in emitted) or len(emitted) < len(found):
        return None
    return out


def _table_of_line(match: re.Match, textpage, mediabox_top: float, found: list[FoundTable]) -> int | None:
    """Index of the table whose box holds the line's first character, if any."""
    offset = match.start() + (len(match.group()) - len(match.group().lstrip()))
    left, bottom, right, top = textpage.get_charbox(offset)
    x, y_down = (left + right) / 2, mediabox_top - (bottom + top) / 2
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
