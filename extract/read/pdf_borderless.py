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

import re
from dataclasses import dataclass

import pypdfium2.raw as pdfium_c

from .document import Page, Table, table_row_line
from .pdf_lines import RawLine

GAP_EM = 1.5
MIN_ROWS = 3
MIN_COLUMNS = 3
COLUMN_TOLERANCE = 1.0  # points: segments closer than this belong to one column


@dataclass
class Segment:
    x0: float
    x1: float
    text: str


def add_tables(page: Page, lines: list[tuple[RawLine, str]], textpage) -> None:
    """Replace runs of column-aligned lines in ``page.lines`` by row lines; add them to ``page.tables``."""
    if len(lines) < MIN_ROWS or len(page.lines) != len(lines):
        return
    cut = [line_segments(raw, text, textpage) for raw, text in lines]
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


def line_segments(raw: RawLine, text: str, textpage) -> list[Segment]:
    """The line cut at wide gaps; [] for a line without a space, without positions, or changed by cleaning."""
    if not raw.positioned or raw.inserts or " " not in text.strip() or " ".join(raw.text.split()) != text:
        return []
    tokens = [(m.start(), m.end()) for m in re.finditer(r"\S+", raw.text)]
    boxes = {}

    def box(k: int):
        if k not in boxes:
            boxes[k] = textpage.get_charbox(raw.start + k)
        return boxes[k]

    segments: list[Segment] = []
    first = tokens[0][0]
    for (a, b), (c, _) in zip(tokens, tokens[1:]):
        size = pdfium_c.FPDFText_GetFontSize(textpage.raw, raw.start + b - 1) or 10.0
        if box(c)[0] - box(b - 1)[2] >= GAP_EM * size:
            segments.append(Segment(box(first)[0], box(b - 1)[2], " ".join(raw.text[first:b].split())))
            first = c
    last_end = tokens[-1][1]
    segments.append(Segment(box(first)[0], box(last_end - 1)[2], " ".join(raw.text[first:last_end].split())))
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
