"""Borderless tables on a PDF page: consecutive lines whose words stand in the same columns.

A line is cut into segments where pdfium put a space over a wide gap (at least
``GAP_EM`` times the font size; prose has gaps of one space, justified prose a
fraction of a point).  A run of at least ``MIN_ROWS`` consecutive lines of two or
more segments is a table when the segments, projected onto the x axis, leave at
least ``MIN_COLUMNS`` separate columns, every column is used by two lines or more,
no line puts two segments into one column, and ``MIN_ROWS`` lines fill at least
``MIN_COLUMNS`` columns.  Those lines become ``| a | b | c |`` rows.  Anything
less stays prose: a table missed is text kept, prose cut into cells is damage.
"""
from __future__ import annotations

import ctypes
import re
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from .document import Page, Table, table_row_line
from .pdf_lines import RawLine

GAP_EM = 1.5
MIN_ROWS = 3
MIN_COLUMNS = 3
COLUMN_TOLERANCE = 1.0  # points: segments closer than this belong to one column
TOKEN = re.compile(r"\S+")


@dataclass
class Segment:
    x0: float
    x1: float
    text: str


def add_tables(page: Page, lines: list[tuple[RawLine, str]], textpage) -> None:
    """Replace runs of column-aligned lines in ``page.lines`` by row lines; add them to ``page.tables``."""
    if len(lines) < MIN_ROWS or len(page.lines) != len(lines):
        return
    runs = _in_runs([may_cut(raw, text) for raw, text in lines])
    cut = [line_segments(raw, text, textpage) if run else [] for (raw, text), run in zip(lines, runs)]
    out: list[str] = []
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and len(cut[j]) >= 2:
            j += 1
        rows = table_rows(cut[i:j]) if j - i >= MIN_ROWS else None
        if rows is None:
            out.append(page.lines[i])
            i += 1
            continue
        page.tables.append(Table.from_rows(rows, page=page.number, strategy="pdf-borderless"))
        out.extend(table_row_line(row) for row in rows)
        i = j
    page.lines = out


def may_cut(raw: RawLine, text: str) -> bool:
    """A line that may have a wide gap: positioned, unchanged by cleaning, with a space inside."""
    return raw.positioned and not raw.inserts and " " in text.strip() and " ".join(raw.text.split()) == text


def _in_runs(may: list[bool]) -> list[bool]:
    """The lines in a run of ``MIN_ROWS`` or more lines that may be cut: only those can be rows of a table
    (a table's rows are consecutive lines of two segments or more), so only their characters are measured."""
    out = [False] * len(may)
    start = 0
    for k in range(len(may) + 1):
        if k < len(may) and may[k]:
            continue
        if k - start >= MIN_ROWS:
            out[start:k] = [True] * (k - start)
        start = k + 1
    return out


def line_segments(raw: RawLine, text: str, textpage) -> list[Segment]:
    """The line cut at wide gaps; [] for a line without a space, without positions, or changed by cleaning."""
    if not may_cut(raw, text):
        return []
    tokens = [(m.start(), m.end()) for m in TOKEN.finditer(raw.text)]
    handle, char_box, font_size = textpage.raw, pdfium_c.FPDFText_GetCharBox, pdfium_c.FPDFText_GetFontSize
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    at = [ctypes.byref(v) for v in (left, right, bottom, top)]  # pdfium's order: left, right, bottom, top
    boxes: dict[int, tuple[float, float]] = {}

    def box(k: int) -> tuple[float, float]:
        """Left and right edge of the line's character k."""
        if k not in boxes:
            if not char_box(handle, raw.start + k, *at):
                raise pdfium.PdfiumError("Failed to get charbox.")
            boxes[k] = left.value, right.value
        return boxes[k]

    segments: list[Segment] = []
    first = tokens[0][0]
    for (a, b), (c, _) in zip(tokens, tokens[1:]):
        size = font_size(handle, raw.start + b - 1) or 10.0
        if box(c)[0] - box(b - 1)[1] >= GAP_EM * size:
            segments.append(Segment(box(first)[0], box(b - 1)[1], " ".join(raw.text[first:b].split())))
            first = c
    last_end = tokens[-1][1]
    segments.append(Segment(box(first)[0], box(last_end - 1)[1], " ".join(raw.text[first:last_end].split())))
    return segments


def columns_of(rows: list[list[Segment]]) -> list[tuple[float, float]]:
    """The x intervals covered by the segments, merged where they touch."""
    spans = sorted((s.x0, s.x1) for row in rows for s in row)
    merged: list[list[float]] = []
    for x0, x1 in spans:
        if merged and x0 <= merged[-1][1] + COLUMN_TOLERANCE:
            merged[-1][1] = max(merged[-1][1], x1)
        else:
            merged.append([x0, x1])
    return [(a, b) for a, b in merged]


def table_rows(rows: list[list[Segment]]) -> list[list[str]] | None:
    """Cells per row when the rows form a table by the rules above, else None."""
    columns = columns_of(rows)
    if len(columns) < MIN_COLUMNS:
        return None
    out: list[list[str]] = []
    used = [0] * len(columns)
    for row in rows:
        cells = [""] * len(columns)
        taken = set()
        for seg in row:
            k = next(i for i, (a, b) in enumerate(columns) if a <= seg.x0 <= b)
            if k in taken:
                return None
            taken.add(k)
            cells[k] = seg.text
            used[k] += 1
        out.append(cells)
    full = sum(1 for row in rows if len(row) >= MIN_COLUMNS)
    if min(used) < 2 or full < MIN_ROWS:
        return None
    return out
