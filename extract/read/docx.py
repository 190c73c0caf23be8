"""DOCX reader: body paragraphs and tables in document order (python-docx for the package, XML for the rest).

Headers and footers are left out.  Each table row becomes one ``| a | b |`` line;
the full grid (merged cells repeated) goes to ``Page.tables``.  Explicit page
breaks (``<w:br w:type="page"/>``) start a new page; rendered page-break marks are
ignored.
"""
from __future__ import annotations

import zipfile
from pathlib import Path

from docx.oxml.ns import qn

from ..errors import EncryptedFile, TooLarge, UnreadableFile
from . import limits
from .document import Document, Page, Table, table_row_line

P, TBL, TR, TC, T, TAB, BR, CR = (qn(t) for t in ("w:p", "w:tbl", "w:tr", "w:tc", "w:t", "w:tab", "w:br", "w:cr"))
SKIPPED = {qn("w:del"), qn("w:instrText"), qn("w:delText"), qn("w:rPr"), qn("w:pPr"),
           "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"}
PAGE_BREAK = "\f"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"


def read(path: Path) -> Document:
    body = _open_body(path)
    builder = _PageBuilder()
    for child in body.iterchildren():
        if child.tag == P:
            builder.add_text(paragraph_text(child))
        elif child.tag == TBL:
            builder.add_table(table_grid(child))
    return Document(path=str(path), format="docx", pages=builder.pages)


def _open_body(path: Path):
    import docx

    try:
        with path.open("rb") as fh:
            head = fh.read(4)
    except OSError as exc:
        raise UnreadableFile(f"cannot read file: {exc.strerror or exc}") from None
    if head == OLE_MAGIC:
        raise EncryptedFile("the DOCX is password-protected (or an old .doc renamed)")
    try:
        package = limits.bounded_package(path)  # a ZIP bomb is refused before anything is inflated
        return docx.Document(package).element.body
    except TooLarge:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise UnreadableFile(f"not a readable DOCX ({type(exc).__name__}: {exc})") from None
    except Exception as exc:  # noqa: BLE001 - python-docx raises many kinds on broken packages
        raise UnreadableFile(f"not a readable DOCX ({type(exc).__name__})") from None


class _PageBuilder:
    def __init__(self) -> None:
        self.pages = [Page(number=1)]

    def add_text(self, text: str) -> None:
        for i, chunk in enumerate(text.split(PAGE_BREAK)):
            if i:
                self.pages.append(Page(number=len(self.pages) + 1))
            self.pages[-1].lines.extend(chunk.split("\n"))

    def add_table(self, grid: list[list[tuple[str, str]]]) -> None:
        if not grid:
            return
        page = self.pages[-1]
        what = {CELL: "cell", SPAN: "colspan", MERGED: "rowspan"}
        positions = [[(text, what[kind]) for text, kind in row] for row in grid]
        page.tables.append(Table.from_positions(positions, page=page.number, strategy="docx"))
        page.lines.extend(table_row_line(shown_cells(row)) for row in grid)


def paragraph_text(p) -> str:
    """A paragraph's visible text: runs, tabs, line breaks ("\\n") and page breaks ("\\f")."""
    parts: list[str] = []
    _collect(p, parts)
    return "".join(parts)


def _collect(element, parts: list[str]) -> None:
    for child in element.iterchildren():
        tag = child.tag
        if tag in SKIPPED or not isinstance(tag, str):
            continue
        if tag == T:
            parts.append(child.text or "")
        elif tag == TAB:
            parts.append("\t")
        elif tag == BR:
            parts.append(PAGE_BREAK if child.get(qn("w:type")) == "page" else "\n")
        elif tag == CR:
            parts.append("\n")
        elif tag not in (TBL, P):
            _collect(child, parts)


def cell_text(tc) -> str:
    """A cell's paragraphs (and nested tables) on one line."""
    pieces = []
    for child in tc.iterchildren():
        if child.tag == P:
            pieces.append(paragraph_text(child).replace(PAGE_BREAK, " "))
        elif child.tag == TBL:
            pieces.extend(" ".join(text for text, _ in row) for row in table_grid(child))
    return " ".join(" ".join(pieces).split())


CELL, SPAN, MERGED = "cell", "span", "merged"


def table_grid(tbl) -> list[list[tuple[str, str]]]:
    """Rows of (text, kind) on the table grid: a cell, a horizontal span repeat, or a vertical-merge repeat."""
    grid: list[list[tuple[str, str]]] = []
    for tr in tbl.iterchildren(TR):
        row: list[tuple[str, str]] = [("", CELL)] * _grid_before(tr)
        for tc in tr.iterchildren(TC):
            span, merge = _cell_props(tc)
            if merge == "continue":
                above = grid[-1][len(row)][0] if grid and len(row) < len(grid[-1]) else ""
                first = (above, MERGED)
            else:
                first = (cell_text(tc), CELL)
            row.extend([first] + [(first[0], SPAN)] * (span - 1))
        grid.append(row)
    return grid


def shown_cells(row: list[tuple[str, str]]) -> list[str]:
    """The cells of a text line: a span once, a vertically merged cell as an empty cell.

    >>> shown_cells([("项目", CELL), ("项目", SPAN), ("90", CELL), ("A", MERGED)])
    ['项目', '90', '']
    """
    return [text if kind == CELL else "" for text, kind in row if kind != SPAN]


def _cell_props(tc) -> tuple[int, str | None]:
    tc_pr = tc.find(qn("w:tcPr"))
    if tc_pr is None:
        return 1, None
    span_el = tc_pr.find(qn("w:gridSpan"))
    merge_el = tc_pr.find(qn("w:vMerge"))
    span = int(span_el.get(qn("w:val"), "1")) if span_el is not None else 1
    merge = None
    if merge_el is not None:
        merge = "restart" if merge_el.get(qn("w:val")) == "restart" else "continue"
    return max(span, 1), merge


def _grid_before(tr) -> int:
    tr_pr = tr.find(qn("w:trPr"))
    el = tr_pr.find(qn("w:gridBefore")) if tr_pr is not None else None
    return int(el.get(qn("w:val"), "0")) if el is not None else 0
