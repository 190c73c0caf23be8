"""Ruled tables from the page's drawn lines (pdfium page objects), cell text from pdfium's characters.

The fast path of :mod:`.pdf_tables`: no pdfminer parse.  The straight segments of
the page's path objects become pdfplumber-style edges (a rectangle four, a line or
polyline one per segment); pdfplumber's own geometry (snap, join, intersections,
cells, tables -- pure functions, no parsing) makes the cells, so the grid is the
one pdfplumber finds.  Each cell's text is made the way pdfplumber's
``Table.extract`` makes it: the characters whose centre lies in the cell, in lines
of tops within 3 points, words split at spaces and at gaps over 3 points.
Characters drawn twice at (nearly) one place ("fake bold") count once -- only
inside the tables found.

:func:`ruled_tables` returns None where the page's geometry is not enough for this
(curves, slanted lines, form XObjects, a rotated or offset page, rotated characters,
text that does not map 1:1 onto pdfium's characters); the caller then asks pdfplumber.
"""
from __future__ import annotations

import ctypes

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from . import pdf_grid, pdf_objects, pdf_tables

SEGMENT_LINE, SEGMENT_MOVE = pdfium_c.FPDF_SEGMENT_LINETO, pdfium_c.FPDF_SEGMENT_MOVETO
X_TOLERANCE = Y_TOLERANCE = 3.0  # pdfplumber's extract_text defaults
DUPLICATE = 1.0  # points: pdfplumber's dedupe_chars tolerance
ANGLE_EPSILON = 1e-3  # radians: a character drawn at an angle
TABLE_SETTINGS = {"snap": 3.0, "join": 3.0, "edge_min_length": 3.0, "prefilter": 1.0, "intersection": 3.0}


class NotEnough(Exception):
    """The page holds geometry this path does not read the way pdfplumber does."""


def ruled_tables(page, textpage, raw: str, objects: pdf_objects.PageObjects | None = None) -> list | None:
    """FoundTable list of the page's ruled tables, or None when pdfplumber must decide."""
    objects = objects or pdf_objects.scan(page)
    try:
        height = _page_height(page)
        edges = page_edges(objects, height)
    except NotEnough:
        return None
    if not edges:
        return []
    tables = cell_groups(edges)
    if not tables:
        return []
    if len(raw) != textpage.count_chars():
        return None
    try:
        chars = page_chars(textpage, raw, height, objects)
    except NotEnough:
        return None
    found = []
    for cells in tables:
        table = pdf_grid.GridTable(cells)
        extracted = extract(table, deduped(chars, table.bbox))
        grid, shown = pdf_tables.merged_grid(table, extracted)
        if len(grid) >= 2 and max(len(r) for r in grid) >= 2 and any(any(r) for r in grid):
            found.append(pdf_tables.FoundTable(rows=grid, bbox=tuple(table.bbox), shown=shown))
    return found


def _page_height(page) -> float:
    if page.get_rotation() % 360:
        raise NotEnough("rotated page")
    left, bottom, right, top = page.get_mediabox()
    if left or bottom or tuple(page.get_cropbox()) != (left, bottom, right, top):
        raise NotEnough("offset page box")
    return top


# ------------------------------------------------------------------ edges


def page_edges(objects: pdf_objects.PageObjects, height: float) -> list[dict]:
    """pdfplumber-style edges (top-down coordinates) of the page's path objects."""
    if objects.broken or objects.count < 0:
        raise pdfium.PdfiumError("Failed to get pageobject.")
    if objects.forms:
        raise NotEnough("form XObject")
    edges: list[dict] = []
    matrix = pdfium_c.FS_MATRIX()
    for path in objects.paths:
        if not pdfium_c.FPDFPageObj_GetMatrix(path, matrix):
            raise pdfium.PdfiumError("Failed to get matrix of pageobject.")
        for subpath in _subpaths(path):
            points = [_apply(matrix, p) for p in subpath]
            for p0, p1 in _segments(points):
                edges.append(_edge(p0, p1, height))
    return [e for e in edges if e[_length_key(e)] >= TABLE_SETTINGS["prefilter"]]


def _subpaths(path) -> list[list[tuple[float, float]]]:
    """The path's points, one list per subpath; a closed subpath repeats its first point."""
    out: list[list[tuple[float, float]]] = []
    x, y = ctypes.c_float(), ctypes.c_float()
    at = ctypes.byref(x), ctypes.byref(y)
    get_segment, get_type, get_point, get_close = (pdfium_c.FPDFPath_GetPathSegment, pdfium_c.FPDFPathSegment_GetType,
                                                   pdfium_c.FPDFPathSegment_GetPoint, pdfium_c.FPDFPathSegment_GetClose)
    for k in range(pdfium_c.FPDFPath_CountSegments(path)):
        segment = get_segment(path, k)
        kind = get_type(segment)
        if kind not in (SEGMENT_LINE, SEGMENT_MOVE):
            raise NotEnough("curve")
        get_point(segment, *at)
        if kind == SEGMENT_MOVE or not out:
            out.append([])
        out[-1].append((x.value, y.value))
        if get_close(segment) and out[-1][0] != out[-1][-1]:
            out[-1].append(out[-1][0])
    return out


def _apply(matrix, point: tuple[float, float]) -> tuple[float, float]:
    x, y = point
    return matrix.a * x + matrix.c * y + matrix.e, matrix.b * x + matrix.d * y + matrix.f


def _segments(points: list[tuple[float, float]]):
    """Consecutive point pairs; every one must be horizontal or vertical."""
    for p0, p1 in zip(points, points[1:]):
        if p0 == p1:
            continue
        if p0[0] != p1[0] and p0[1] != p1[1]:
            raise NotEnough("slanted segment")
        yield p0, p1


def _edge(p0, p1, height: float) -> dict:
    x0, x1 = sorted((p0[0], p1[0]))
    y0, y1 = sorted((p0[1], p1[1]))
    top, bottom = height - y1, height - y0
    return {"object_type": "line", "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top,
            "y0": y0, "y1": y1, "width": x1 - x0, "height": bottom - top,
            "orientation": "h" if top == bottom else "v"}


def _length_key(edge: dict) -> str:
    return "height" if edge["orientation"] == "v" else "width"


def cell_groups(edges: list[dict]) -> list[list[tuple]]:
    """The cells of each table the edges make, by pdfplumber's own geometry (:mod:`.pdf_grid`)."""
    s = TABLE_SETTINGS
    return pdf_grid.table_cells(edges, s["snap"], s["join"], s["edge_min_length"], s["intersection"])


# ------------------------------------------------------------------ characters


def page_chars(textpage, raw: str, height: float,
               objects: pdf_objects.PageObjects | None = None) -> list[tuple[str, float, float, float, float]]:
    """(text, x0, top, x1, bottom) of the page's printed characters (pdfium's generated ones left out);
    NotEnough for a rotated character (pdfplumber reads those in lines of their own direction).

    pdfium generates only spaces and line breaks, and a character's angle is that of its text
    object's matrix: on a page whose text objects all stand upright only spaces are asked whether
    they were generated, and no character its angle."""
    if objects is None or not _upright(objects.texts):
        return _checked_chars(textpage, raw, height)
    handle, loose, generated = textpage.raw, pdfium_c.FPDFText_GetLooseCharBox, pdfium_c.FPDFText_IsGenerated
    rect = pdfium_c.FS_RECTF()
    box = ctypes.byref(rect)
    out = []
    for k, text in enumerate(raw):
        if text.isspace() and (text in "\r\n" or generated(handle, k) == 1):
            continue
        if loose(handle, k, box):
            out.append((text, rect.left, height - rect.top, rect.right, height - rect.bottom))
    return out


def _upright(texts: list) -> bool:
    """Every text object's matrix keeps text horizontal and left to right (its characters' angle is 0)."""
    matrix = pdfium_c.FS_MATRIX()
    get_matrix = pdfium_c.FPDFPageObj_GetMatrix
    return all(get_matrix(obj, matrix) and matrix.b == 0 and matrix.a > 0 for obj in texts)


def _checked_chars(textpage, raw: str, height: float) -> list[tuple[str, float, float, float, float]]:
    """:func:`page_chars` asking pdfium of every character whether it was generated and at what angle."""
    out = []
    rect = pdfium_c.FS_RECTF()
    for k, text in enumerate(raw):
        if text in "\r\n" or pdfium_c.FPDFText_IsGenerated(textpage.raw, k) == 1:
            continue
        if abs(pdfium_c.FPDFText_GetCharAngle(textpage.raw, k)) > ANGLE_EPSILON:
            raise NotEnough("rotated character")
        if pdfium_c.FPDFText_GetLooseCharBox(textpage.raw, k, rect):
            out.append((text, rect.left, height - rect.top, rect.right, height - rect.bottom))
    return out


def deduped(chars: list[tuple], bbox: tuple) -> list[tuple]:
    """The characters inside bbox, a character drawn again within a point of itself once."""
    x0, top, x1, bottom = bbox
    inside = [c for c in chars if x0 <= (c[1] + c[3]) / 2 < x1 and top <= (c[2] + c[4]) / 2 < bottom]
    kept: list[tuple] = []
    seen: dict[str, list[tuple[float, float]]] = {}
    for c in inside:
        spots = seen.setdefault(c[0], [])
        if any(abs(x - c[1]) <= DUPLICATE and abs(t - c[2]) <= DUPLICATE for x, t in spots):
            continue
        spots.append((c[1], c[2]))
        kept.append(c)
    return kept


def extract(table: pdf_grid.GridTable, chars: list[tuple]) -> list[list[str | None]]:
    """Cell texts row by row, as pdfplumber's ``Table.extract`` gives them (None: no cell starts here)."""
    out = []
    for row in table.rows:
        row_chars = [c for c in chars if _centre_in(c, row.bbox)]
        out.append([None if cell is None else cell_text(c for c in row_chars if _centre_in(c, cell))
                    for cell in row.cells])
    return out


def _centre_in(char: tuple, bbox: tuple) -> bool:
    h_mid, v_mid = (char[1] + char[3]) / 2, (char[2] + char[4]) / 2
    return bbox[0] <= h_mid < bbox[2] and bbox[1] <= v_mid < bbox[3]


def cell_text(chars) -> str:
    """Lines (tops within Y_TOLERANCE) joined by newlines, words (split at spaces and wide gaps) by spaces."""
    lines = []
    for line in _lines(list(chars)):
        words, word, last = [], "", None
        for c in sorted(line, key=lambda c: c[1]):
            if c[0].isspace():
                words.append(word)
                word, last = "", None
                continue
            if last is not None and (c[1] > last[3] + X_TOLERANCE or c[2] > last[2] + Y_TOLERANCE):
                words.append(word)
                word = ""
            word, last = word + c[0], c
        words.append(word)
        lines.append(" ".join(w for w in words if w))
    return "\n".join(line for line in lines if line)


def _lines(chars: list[tuple]) -> list[list[tuple]]:
    """Characters clustered by top: sorted tops within Y_TOLERANCE of the previous one share a line."""
    tops = sorted({c[2] for c in chars})
    cluster_of, k = {}, -1
    for i, top in enumerate(tops):
        if i == 0 or top - tops[i - 1] > Y_TOLERANCE:
            k += 1
        cluster_of[top] = k
    lines: list[list[tuple]] = [[] for _ in range(k + 1)]
    for c in chars:
        lines[cluster_of[c[2]]].append(c)
    return lines
