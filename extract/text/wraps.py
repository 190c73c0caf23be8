"""Line widths and the width hard-wrapped lines run to (a PDF's or an export's page edge).

A printed page wraps prose where the line is full.  Most layouts count the width as laid out,
Chinese characters two columns and digits or Latin letters one (:func:`display_width`); some
count characters, every character one cell (a character grid, a wrap after N characters:
:func:`grid_width`).  :func:`wrap_width` finds the width the lines run to in whichever measure
they cluster better.
"""
from __future__ import annotations

import statistics
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from ..patterns import rx
from .memo import short_string_cache

TAB_STOP = 8  # columns between tab stops, as editors lay out a tab
MIN_WRAPPED = 6  # lines that must run to a width before it is a wrap width (fewer are a coincidence)
GRID_MIN_WIDTH = 40  # a wrap counted in characters holds 20 characters a line at least (34 on an A4 page)
GRID_MARGIN = 0.05  # how much larger a share of lines must run to a width in characters than in columns


@short_string_cache()  # the wrap width and the joins read each line's width
def display_width(s: str) -> int:
    """Width as laid out: CJK characters count two.

    >>> display_width("收入 651")
    8

    A tab runs to the next tab stop, every ``TAB_STOP`` columns, as an editor lays out a table's
    tab-separated cells (a .txt saved from Word):

    >>> display_width("收入\\t651"), display_width("决算数合计\\t651")
    (11, 19)
    """
    if "\t" in s:
        return _tabbed_width(s)
    return len(s) if s.isascii() else sum(map(_WIDTHS.__getitem__, s))


def _tabbed_width(s: str) -> int:
    column = 0
    for part in s.split("\t")[:-1]:
        column += display_width(part)
        column += TAB_STOP - column % TAB_STOP
    return column + display_width(s.rsplit("\t", 1)[-1])


class _Widths(dict):
    """Display width of each character met so far (2 for East Asian wide and full-width ones)."""

    def __missing__(self, c: str) -> int:
        width = self[c] = 2 if unicodedata.east_asian_width(c) in "WF" else 1
        return width


_WIDTHS = _Widths()


def grid_width(s: str) -> int:
    """Width on a character grid, every character one cell, in display columns (two a cell), so that
    the thresholds of :func:`display_width` hold: a wrap after every N characters.

    >>> grid_width("收入651"), display_width("收入651")
    (10, 7)
    """
    return 2 * len(s)


@dataclass(frozen=True)
class WrapWidth:
    """The width wrapped lines run to (``width``, in display columns) and the measure it is counted in."""

    width: int
    measure: Callable[[str], int]

    def full(self, line: str, wrapped: bool = False) -> bool:
        """Does ``line`` run to the width (so that the break after it is a wrap)?  ``wrapped``: the line
        itself continued a wrap, so a remainder of a few characters is one too."""
        w = self.measure(line)
        return self.width * 0.82 <= w <= self.width * 1.2 + 4 or (wrapped and w <= 4)  # longer: a paragraph

    def pushed_on(self, line: str, nxt: str) -> bool:
        """Was the run ``nxt`` opens with (a number, a Latin word, which a layout does not break) pushed onto
        the next line because it did not fit after ``line``?

        >>> WrapWidth(30, grid_width).pushed_on("本年度支出合计为共计", "1234.56万元。")
        True
        >>> WrapWidth(30, grid_width).pushed_on("收入", "1234.56万元。")
        False

        A line wider than the width already is no wrapped line but a paragraph or a row, and a line that ends
        in a run of its own (…合计12) did not break before the next one:

        >>> WrapWidth(30, grid_width).pushed_on("绩效指标名称年度指标值全年实际值附件材料", "95%")
        False
        >>> WrapWidth(30, grid_width).pushed_on("本年度支出合计为共12", "3,456.7万元。")
        False
        """
        run = rx("cleanup.unbroken_run").match(nxt)
        if run is None or self.measure(line) > self.width or rx("cleanup.unbroken_run").match(line[-1:]):
            return False
        return self.measure(line) + self.measure(run.group()) > self.width


def wrap_width(texts: list[str]) -> WrapWidth | None:
    """The width hard-wrapped lines run to, or None when lines are paragraphs (web text): in display width,
    or on a character grid where clearly more lines run to a width counted in characters (a wrap after N
    characters, digits and Latin letters included, which a proportional layout would fit more of)."""
    display, grid = _width_in(texts, display_width), _width_in(texts, grid_width)
    if grid is not None and grid[1].width < GRID_MIN_WIDTH:
        grid = None  # lines of a few characters each, all of a length: cells one per line, not a page
    if display is None or grid is None:
        return (display or grid or (None, None))[1]
    return grid[1] if grid[0] >= display[0] + GRID_MARGIN else display[1]


def _width_in(texts: list[str], measure: Callable[[str], int]) -> tuple[float, WrapWidth] | None:
    """The share of lines that run to the width in ``measure``, and that width; None where too few do."""
    widths = [measure(t) for t in texts]
    widths = [w for w in widths if w >= 16]  # headings and paragraph ends say nothing of the wrap width
    if len(widths) < 8:
        return None
    top = statistics.quantiles(widths, n=10)[7]  # 80th percentile
    if not 24 <= top <= 100:  # a printed page holds 12 to 50 Chinese characters a line; longer lines are paragraphs
        return None
    near = sum(1 for w in widths if abs(w - top) <= max(4, top * 0.1))
    if near < max(MIN_WRAPPED, 0.3 * len(widths)):
        return None
    return near / len(widths), WrapWidth(int(top), measure)
