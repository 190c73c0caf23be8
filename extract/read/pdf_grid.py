"""pdfplumber's table geometry -- edges to cells to tables -- without importing pdfplumber.

:mod:`.pdf_rules` reads a page's ruled tables from pdfium's path objects and needs only
pdfplumber's pure geometry: snap the edges, join them, find their intersections, the cells
between those and the tables the cells make.  Importing pdfplumber (with pdfminer and its
dependencies) costs more than reading a page, so the same steps are done here, with the same
floating-point sums in the same order, so that every coordinate, cell and table is the one
``pdfplumber.table`` gives (tests/test_fast_paths.py compares the two on random grids).

An edge here is a list ``[x0, top, x1, bottom, width, height, orientation]`` made from the
pdfplumber-style dicts of :func:`.pdf_rules.page_edges`.
"""
from __future__ import annotations

from itertools import groupby
from operator import itemgetter

X0, TOP, X1, BOTTOM, WIDTH, HEIGHT, ORIENTATION = range(7)


def table_cells(edges: list[dict], snap: float, join: float, min_length: float,
                tolerance: float) -> list[list[tuple]]:
    """The cells of each table the edges make: pdfplumber's ``merge_edges`` (snap, join), the edges
    of ``min_length`` or more, ``edges_to_intersections``, then cells and ``cells_to_tables``."""
    rows = [[e["x0"], e["top"], e["x1"], e["bottom"], e["width"], e["height"], e["orientation"]] for e in edges]
    merged = [e for e in merge_edges(rows, snap, join) if e[HEIGHT if e[ORIENTATION] == "v" else WIDTH] >= min_length]
    return cells_to_tables(intersections_to_cells(edges_to_intersections(merged, tolerance)))


def _snapped(edges: list[list], at: int, others: tuple[int, ...], tolerance: float) -> list[list]:
    """pdfplumber's ``snap_objects``: edges clustered by one coordinate (sorted distinct values apart by
    ``tolerance`` or less), each cluster moved to its mean; clusters in order, edges in input order within."""
    values = sorted(set(e[at] for e in edges))
    cluster_of: dict[float, int] = {}
    k, last = -1, None
    for v in values:
        if last is None or v > last + tolerance:
            k += 1
        cluster_of[v] = k
        last = v
    clusters: list[list[list]] = [[] for _ in range(k + 1)]
    for e in edges:
        clusters[cluster_of[e[at]]].append(e)
    out = []
    for cluster in clusters:
        mean = sum(e[at] for e in cluster) / len(cluster)
        for e in cluster:
            moved = list(e)
            shift = mean - e[at]
            for i in (at, *others):
                moved[i] = e[i] + shift
            out.append(moved)
    return out


def merge_edges(edges: list[list], snap: float, join: float) -> list[list]:
    """pdfplumber's ``merge_edges`` with equal tolerances in x and y."""
    if snap > 0:
        vertical = [e for e in edges if e[ORIENTATION] == "v"]
        horizontal = [e for e in edges if e[ORIENTATION] == "h"]
        edges = _snapped(vertical, X0, (X1,), snap) + _snapped(horizontal, TOP, (BOTTOM,), snap)
    key = lambda e: ("h", e[TOP]) if e[ORIENTATION] == "h" else ("v", e[X0])  # noqa: E731
    out: list[list] = []
    for (orientation, _), group in groupby(sorted(edges, key=key), key=key):
        out += _joined(list(group), orientation, join)
    return out


def _joined(edges: list[list], orientation: str, tolerance: float) -> list[list]:
    """pdfplumber's ``join_edge_group``: edges on one line that overlap or lie within ``tolerance`` become one."""
    low, high = (X0, X1) if orientation == "h" else (TOP, BOTTOM)
    ordered = sorted(edges, key=itemgetter(low))
    joined = [ordered[0]]
    for e in ordered[1:]:
        last = joined[-1]
        if e[low] <= last[high] + tolerance:
            if e[high] > last[high]:
                joined[-1] = _resized(last, high, e[high])
        else:
            joined.append(e)
    return joined


def _resized(edge: list, at: int, value: float) -> list:
    """pdfplumber's ``resize_object`` of the far end (x1 or bottom), with its width or height."""
    out = list(edge)
    if at == X1:
        out[WIDTH] = value - edge[X0]
    else:
        out[HEIGHT] = edge[HEIGHT] + (value - edge[BOTTOM])
    out[at] = value
    return out


def edges_to_intersections(edges: list[list], tolerance: float) -> dict:
    """pdfplumber's ``edges_to_intersections``: {(x, top): {"v": boxes, "h": boxes}} in its order."""
    vertical = sorted((e for e in edges if e[ORIENTATION] == "v"), key=itemgetter(X0, TOP))
    horizontal = sorted((e for e in edges if e[ORIENTATION] == "h"), key=itemgetter(TOP, X0))
    out: dict = {}
    for v in vertical:
        for h in horizontal:
            if (v[TOP] <= h[TOP] + tolerance and v[BOTTOM] >= h[TOP] - tolerance
                    and v[X0] >= h[X0] - tolerance and v[X0] <= h[X1] + tolerance):
                found = out.setdefault((v[X0], h[TOP]), {"v": [], "h": []})
                found["v"].append(tuple(v[:4]))
                found["h"].append(tuple(h[:4]))
    return out


def intersections_to_cells(intersections: dict) -> list[tuple]:
    """pdfplumber's ``intersections_to_cells`` -- the same cells in the same order -- with each point's
    edges made a set once (pdfplumber makes them again for every pair of points it compares) and the
    points below and right of a point looked up by column and row."""
    vertical = {p: set(found["v"]) for p, found in intersections.items()}
    horizontal = {p: set(found["h"]) for p, found in intersections.items()}

    def connects(p1, p2) -> bool:
        return ((p1[0] == p2[0] and not vertical[p1].isdisjoint(vertical[p2]))
                or (p1[1] == p2[1] and not horizontal[p1].isdisjoint(horizontal[p2])))

    points = sorted(intersections)
    by_x: dict[float, list] = {}
    by_top: dict[float, list] = {}
    for p in points:
        by_x.setdefault(p[0], []).append(p)
        by_top.setdefault(p[1], []).append(p)
    cells = []
    for pt in points[:-1]:
        below = [q for q in by_x[pt[0]] if q[1] > pt[1]]  # after pt in the sorted points, same x
        right = [q for q in by_top[pt[1]] if q[0] > pt[0]]  # after pt in the sorted points, same top
        cell = _smallest_cell(pt, below, right, intersections, connects)
        if cell:
            cells.append(cell)
    return cells


def _smallest_cell(pt, below: list, right: list, intersections: dict, connects) -> tuple | None:
    for below_pt in below:
        if not connects(pt, below_pt):
            continue
        for right_pt in right:
            if not connects(pt, right_pt):
                continue
            bottom_right = (right_pt[0], below_pt[1])
            if bottom_right in intersections and connects(bottom_right, right_pt) and connects(bottom_right, below_pt):
                return pt[0], pt[1], bottom_right[0], bottom_right[1]
    return None


def cells_to_tables(cells: list[tuple]) -> list[list[tuple]]:
    """pdfplumber's ``cells_to_tables``: cells grouped by shared corners, tables top to bottom, left to
    right, a table of one cell left out."""
    remaining = list(cells)
    corners: set = set()
    current: list[tuple] = []
    tables = []
    while remaining:
        before = len(current)
        for cell in list(remaining):
            x0, top, x1, bottom = cell
            cell_corners = ((x0, top), (x0, bottom), (x1, top), (x1, bottom))
            if not current or any(c in corners for c in cell_corners):
                corners.update(cell_corners)
                current.append(cell)
                remaining.remove(cell)
        if len(current) == before:
            tables.append(list(current))
            corners.clear()
            current.clear()
    if current:
        tables.append(list(current))
    tables.sort(key=lambda t: min((c[1], c[0]) for c in t))
    return [t for t in tables if len(t) > 1]


class CellRow:
    """pdfplumber's ``Row``: a cell (or None) at every x of the table, and the box of its cells."""

    def __init__(self, cells: list[tuple | None]):
        self.cells = cells
        present = [c for c in cells if c]
        self.bbox = (min(c[0] for c in present), min(c[1] for c in present),
                     max(c[2] for c in present), max(c[3] for c in present))


class GridTable:
    """pdfplumber's ``Table`` without a page: its cells, box and rows."""

    def __init__(self, cells: list[tuple]):
        self.cells = cells
        self.bbox = (min(c[0] for c in cells), min(c[1] for c in cells),
                     max(c[2] for c in cells), max(c[3] for c in cells))
        xs = sorted({c[0] for c in cells})
        self.rows = []
        for _, row in groupby(sorted(cells, key=itemgetter(1, 0)), itemgetter(1)):
            at = {c[0]: c for c in row}
            self.rows.append(CellRow([at.get(x) for x in xs]))
