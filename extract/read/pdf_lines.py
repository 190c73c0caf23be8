"""Lines of a pdfium text page with their positions, and the text pdfium leaves out.

pdfium skips every text object whose box has no width.  A lone glyph of a CJK font
that is not embedded has no glyph box, so a text object holding one such glyph
vanishes from the text page: the last character of a paragraph wrapped onto a line
of its own (``得`` / ``指`` → ``得``), or a one-character run between numbers in
exports that do not embed their fonts.  :mod:`.pdf_objects` finds these
objects cheaply (page-object bounds); their characters are decoded at those origins
only (:mod:`.pdf_glyphs`), and :func:`recover` puts them back into the line at their
height (at their x position) or into a new line of their own, after the line just
above it on the page.
"""
from __future__ import annotations

import ctypes
import math
import re
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from .pdf_objects import PageObjects

SAME_BASELINE = 2.0  # points between baselines of one line
SAME_ORIGIN = 0.5  # points between a page object's origin and pdfplumber's character origin
FAKE_BOLD_OFFSET = 1.0  # points between two draws of one glyph ("fake bold")
LINE = re.compile(r"[^\r\n]+")


@dataclass(slots=True)
class RawLine:
    """One line of pdfium text before cleaning, with where its first printed character sits."""

    text: str
    start: int  # index of the line's first character in the text page; -1 for a recovered line
    x: float = math.nan  # left edge of the first printed character (PDF space, points)
    y: float = math.nan  # bottom of the first printed character (PDF space, points)
    inserts: list[tuple[float, str]] = field(default_factory=list)

    @property
    def positioned(self) -> bool:
        return self.start >= 0 and not math.isnan(self.y)


def raw_lines(raw: str, textpage) -> list[RawLine]:
    """pdfium's text split into lines; positions only when the text maps 1:1 onto the page's characters."""
    positioned = len(raw) == textpage.count_chars()
    lines = []
    if not positioned:
        return [RawLine(text=match.group(), start=-1) for match in LINE.finditer(raw)]
    handle, char_box = textpage.raw, pdfium_c.FPDFText_GetCharBox
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    box = [ctypes.byref(v) for v in (left, right, bottom, top)]  # pdfium's order: left, right, bottom, top
    for match in LINE.finditer(raw):
        text = match.group()
        line = RawLine(text=text, start=match.start())
        lead = len(text) - len(text.lstrip())
        if lead < len(text):  # a printed character
            if not char_box(handle, match.start() + lead, *box):
                raise pdfium.PdfiumError("Failed to get charbox.")
            line.x, line.y = left.value, bottom.value
        lines.append(line)
    return lines


def missing_objects(objects: PageObjects) -> list[tuple[float, float]]:
    """Origins (x, y) of the page's top-level text objects that pdfium leaves out of its text (no width)."""
    return objects.missing


def pieces_at(chars: list[dict], origins: list[tuple[float, float]]) -> list[tuple[float, float, str]]:
    """(x, y, text) of pdfplumber characters drawn at the given origins; a fake-bold second draw once."""
    found: list[tuple[float, float, str]] = []
    for x, y in origins:
        for char in chars:
            ox, oy = char["matrix"][4], char["matrix"][5]
            if abs(ox - x) < SAME_ORIGIN and abs(oy - y) < SAME_ORIGIN and char["text"].strip():
                found.append((ox, oy, char["text"]))
    return distinct_pieces(found)


def distinct_pieces(found: list[tuple[float, float, str]]) -> list[tuple[float, float, str]]:
    """Pieces top to bottom, left to right; a fake-bold second draw of a glyph once."""
    found = sorted(found, key=lambda p: (-p[1], p[0]))
    out: list[tuple[float, float, str]] = []
    for piece in found:
        if out and _same_glyph(out[-1], piece):
            continue
        out.append(piece)
    return out


def _same_glyph(a: tuple[float, float, str], b: tuple[float, float, str]) -> bool:
    return a[2] == b[2] and abs(a[0] - b[0]) < FAKE_BOLD_OFFSET and abs(a[1] - b[1]) < FAKE_BOLD_OFFSET


def recover(lines: list[RawLine], pieces: list[tuple[float, float, str]]) -> list[RawLine]:
    """The lines with each piece put back: into the positioned line at its height, else as a new line."""
    out = list(lines)
    for x, y, text in pieces:
        host = next((line for line in out if line.positioned and abs(line.y - y) <= SAME_BASELINE), None)
        if host is not None:
            host.inserts.append((x, text))
            continue
        out.insert(_place_of(out, y), RawLine(text=text, start=-1, x=x, y=y))
    _merge_new_lines(out)
    return out


def _place_of(lines: list[RawLine], y: float) -> int:
    """Where a new line at height y goes: right after the nearest line above it on the page, else right
    before the nearest line below (not before the first line below in reading order: a footer drawn first
    would take the glyph to the top of the page)."""
    placed = [(i, line.y) for i, line in enumerate(lines) if not math.isnan(line.y)]
    above = [(line_y, i) for i, line_y in placed if line_y > y + SAME_BASELINE]
    if above:
        return min(above)[1] + 1
    below = [(line_y, i) for i, line_y in placed if line_y < y - SAME_BASELINE]
    return max(below)[1] if below else len(lines)


def _merge_new_lines(lines: list[RawLine]) -> None:
    """Recovered pieces on one baseline (one line of lone glyphs) become one line, left to right."""
    i = 0
    while i + 1 < len(lines):
        a, b = lines[i], lines[i + 1]
        if a.start < 0 and b.start < 0 and abs(a.y - b.y) <= SAME_BASELINE:
            first, second = (a, b) if a.x <= b.x else (b, a)
            lines[i] = RawLine(text=first.text + second.text, start=-1, x=first.x, y=first.y)
            del lines[i + 1]
        else:
            i += 1


def line_text(line: RawLine, textpage) -> str:
    """The line's text with recovered pieces inserted before the first character right of them."""
    if not line.inserts:
        return line.text
    chars = list(line.text)
    lefts = [textpage.get_charbox(line.start + k)[0] if not c.isspace() else None for k, c in enumerate(chars)]
    for x, text in sorted(line.inserts, reverse=True):
        at = next((k for k, left in enumerate(lefts) if left is not None and left > x), len(chars))
        chars.insert(at, text)
        lefts.insert(at, x)
    return "".join(chars)
