"""Flattened tables as a stream of cells: one cell per line, or ``|``-separated cells.

Real web pages flatten a table in several ways -- one cell per line, ``| a | b |`` rows
broken at arbitrary places, empty cells dropped -- but the order of the non-empty cells
survives.  :func:`cells_of` cuts a stretch of text into those cells, each with its offsets
in the text, and :func:`kind_of` says what a cell holds.

>>> [c.text for c in cells_of("年初\\n预算数 | 43.2 |\\n| 86% |")]
['年初', '预算数', '43.2', '86%']
>>> [kind_of(t) for t in ["43.2", "1,274.38", "86%", "—", "≧", "有效"]]
['num', 'num', 'pct', 'dash', 'cmp', 'text']
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import regex

from ..patterns import load_patterns, rx
from ..text import memo
from ..text.row_cells import cells_wide_apart
from ..text.segment import to_simplified

_CELL = regex.compile(r"[^|\n]+")
_SPACE = regex.compile(r"\s+")
_LINE = regex.compile(r"[^\n]+")
_GRID_ROW = regex.compile(r"^\| .* \|$")  # a row as readers write it (document.table_row_line)


@functools.cache
def _spaced(units_apart: bool, wide: bool = False):
    """Cells separated by white space, a label prefix (其中：, patterns/templates.yaml) kept with its cell; a number
    and its unit a blank apart (95 %, 38508 人) one cell unless ``units_apart`` (a form with a 度量单位 column).
    ``wide``: a line whose cells stand a wide gap apart (``grid.wide_gap``), where a single blank is inside a cell."""
    entries = load_patterns().entries
    prefix = entries["grid.label_prefix"].pattern
    inner = f"|{entries['grid.inner_blank'].pattern}" if wide else ""
    after_prefix = r"[ \t]*" if wide else r"\s*"  # a wide line is read on its own
    if units_apart:
        return load_patterns().compile(rf"(?:{prefix}{after_prefix})?(?:[^|\s]{inner})+")
    gap = entries["grid.unit_gap"].pattern
    return load_patterns().compile(rf"(?:{prefix}{after_prefix})?(?:[^|\s]|{gap}{inner})+")
#: cell kinds, in the order they are tried, and the pattern entry of each
KINDS = (("num", "grid.cell_num"), ("pct", "grid.cell_pct"), ("dash", "grid.cell_dash"), ("cmp", "grid.cell_comparator"))


MAX_TEXTS = 50_000  # texts a memo holds before it starts again


class TextMemo(dict):
    """What a cell's text gives (its kind, its compact form, which tables may start at it), computed once per
    text: the same texts recur in every cell stream of a document and across documents (合计, 分值 …).
    Emptied when it holds ``MAX_TEXTS`` texts, and by :func:`extract.text.memo.clear_caches`."""

    def __init__(self, of_cell):
        super().__init__()
        self.of_cell = of_cell
        memo.register(self)

    cache_clear = dict.clear

    def of(self, cell):
        value = self.get(cell.text)
        if value is None:
            if len(self) >= MAX_TEXTS:
                self.clear()
            value = self[cell.text] = self.of_cell(cell)
        return value


class _OfText:
    """A cell's property computed from its text once per cell (and once per text, :class:`TextMemo`) --
    ``functools.cached_property`` without its per-access lock."""

    def __init__(self, of_text):
        self.memo = TextMemo(lambda cell: of_text(cell.text))
        self.__doc__ = of_text.__doc__

    def __set_name__(self, owner, name: str) -> None:
        self.name = name

    def __get__(self, cell, owner=None):
        if cell is None:
            return self
        value = cell.__dict__[self.name] = self.memo.of(cell)
        return value


def _compact(text: str) -> str:
    """The text without spaces (header words broken by a flattening: ``年初 预算数``), in
    simplified characters (決算數 -> 决算数), for matching against the templates."""
    return to_simplified(_SPACE.sub("", text))


@dataclass(frozen=True)
class StreamCell:
    text: str
    start: int
    end: int

    kind = _OfText(lambda text: kind_of(text))
    compact = _OfText(_compact)

    @property
    def number(self) -> Decimal | None:
        return to_number(self.text)


class CellStream(list):
    """A document's cells in reading order, with the column named at each index once asked
    (``columns.column_at``: every reader tries the same cell)."""

    __slots__ = ("columns",)

    def __init__(self, cells=()):
        super().__init__(cells)
        self.columns: dict[int, object] = {}


def cells_of(text: str, start: int = 0, end: int | None = None, spaced: bool = False,
             grid_rows: bool = False) -> list[StreamCell]:
    """The non-empty cells of ``text[start:end]`` in reading order, with their offsets.

    ``spaced``: cells are also separated by white space (a PDF copy that put a row on one
    line), except after 其中： (其中： 当年财政拨款 stays one cell).

    >>> [c.text for c in cells_of("年度资金总额 43.2 43.2 其中： 当年财政拨款 20", spaced=True)]
    ['年度资金总额', '43.2', '43.2', '其中： 当年财政拨款', '20']

    A number and its unit a blank apart (PDF-copy spacing) are one cell, unless the form has a unit column:

    >>> [[c.text for c in cells_of(t, spaced=True)] for t in ("合格率 95 % 96 %", "度量单位 完成值 95 % 96")]
    [['合格率', '95 %', '96 %'], ['度量单位', '完成值', '95', '%', '96']]

    ``grid_rows``: a line a reader wrote from a real table (``| a |  | c |``) keeps its empty cells,
    so that every row has all its columns (a merged cell shown once leaves empty cells below it).

    >>> [c.text for c in cells_of("| 其中：结转 | 10 |  | 7.6 |", grid_rows=True)]
    ['其中：结转', '10', '', '7.6']
    """
    end = len(text) if end is None else end
    if grid_rows:
        return _with_grid_rows(text, start, end)
    if spaced:
        return _spaced_cells(text, start, end)
    return _with_bar_empties(text, start, end, _cells_by(_CELL, text, start, end))


def _spaced_cells(text: str, start: int, end: int) -> list[StreamCell]:
    """Cells separated by white space; on a line whose cells stand a wide gap apart (two blanks or more, a tab:
    ``grid.wide_gap``), by wide gaps only -- a single blank there is inside a cell (其中:当年财政 拨款  20).

    >>> [c.text for c in cells_of("其中:当年财政 拨款  20  18\\n上年 结转 5 5", spaced=True)]
    ['其中:当年财政 拨款', '20', '18', '上年', '结转', '5', '5']
    """
    units_apart = rx("grid.measure_header").search(text, start, end) is not None
    narrow, wide = _spaced(units_apart), _spaced(units_apart, wide=True)
    if not rx("grid.wide_gap").search(text, start, end):  # no line with a wide gap: every blank is a border
        return _cells_by(narrow, text, start, end)
    out: list[StreamCell] = []
    pos = start
    for line in _LINE.finditer(text, start, end):
        if cells_wide_apart(line.group()):
            out += _cells_by(narrow, text, pos, line.start()) + _cells_by(wide, text, line.start(), line.end())
            pos = line.end()
    return out + _cells_by(narrow, text, pos, end)


def _cells_by(pattern, text: str, start: int, end: int) -> list[StreamCell]:
    """The non-empty matches of ``pattern`` in ``text[start:end]``, stripped, as cells."""
    out = []
    for m in pattern.finditer(text, start, end):
        raw = m.group()
        stripped = raw.strip()
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            out.append(StreamCell(stripped, m.start() + lead, m.start() + lead + len(stripped)))
    return out


def _with_bar_empties(text: str, start: int, end: int, cells: list[StreamCell]) -> list[StreamCell]:
    """One cell per line, each line closed by ``|`` (``cell |``): a line that is a bare ``|`` between such
    lines is an empty cell the page kept, so that a row keeps all its columns (权重 60 with 得分 left empty).

    >>> [c.text for c in cells_of("覆盖率 |\\n100 |\\n|\\n60 |\\n|\\n合计 |")]
    ['覆盖率', '100', '', '60', '', '合计']
    >>> [c.text for c in cells_of("| a | b |\\n|\\n| c |")]
    ['a', 'b', 'c']
    """
    empties = [m.start("bar") for m in rx("grid.bar_empty").finditer(text, start, end)]
    if not empties:
        return cells
    merged = cells + [StreamCell("", pos, pos) for pos in empties]
    return sorted(merged, key=lambda c: c.start)


def _with_grid_rows(text: str, start: int, end: int) -> list[StreamCell]:
    out: list[StreamCell] = []
    for line in _LINE.finditer(text, start, end):
        if _GRID_ROW.match(line.group()):
            out += _row_cells(line.group(), line.start())
        else:
            out += cells_of(text, line.start(), line.end())
    return out


def _row_cells(line: str, offset: int) -> list[StreamCell]:
    """Every cell of a reader-written row, empty ones included (at the offset where they stand)."""
    cells = []
    pos = 1  # after the leading "|"
    for part in line[1:-1].split("|"):
        stripped = part.strip()
        lead = len(part) - len(part.lstrip()) if stripped else len(part) // 2
        begin = offset + pos + lead
        cells.append(StreamCell(stripped, begin, begin + len(stripped)))
        pos += len(part) + 1
    return cells


def kind_of(text: str) -> str:
    """``num`` (a bare number), ``pct`` (a percentage), ``dash`` (an empty mark), ``cmp`` (≥, ≤ …) or ``text``."""
    t = text.strip()
    if not t:
        return "dash"  # an empty cell of a real grid
    patterns = load_patterns()
    return next((kind for kind, entry in KINDS if patterns.regex(entry).search(t)), "text")


def to_number(text: str) -> Decimal | None:
    """The Decimal of a number or percent cell, else None.

    >>> to_number("1,274.38"), to_number("86%"), to_number("有效")
    (Decimal('1274.38'), Decimal('86'), None)
    """
    t = text.strip().rstrip("%％").strip()
    if not rx("grid.cell_num").search(t):
        return None
    try:
        return Decimal(t.replace(",", ""))
    except InvalidOperation:
        return None
