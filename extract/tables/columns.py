"""Header cells matched to column roles (``grid.col.*`` in patterns/templates.yaml).

A flattening may break one header cell over several lines (年初 / 预算数, 年度 / 指标值),
so up to three consecutive cells are joined before matching; the shortest join that
names a column wins (a cell that names a column alone is never swallowed by the next).

>>> from extract.tables.stream import cells_of
>>> cols, nxt = header_run(cells_of("年初\\n预算数\\n全年\\n预算数\\n全年\\n执行数\\n分值\\n执行率\\n得分\\n合计"), 0)
>>> [c.role for c in cols], nxt
(['budget_initial', 'budget_adjusted', 'executed', 'max', 'rate', 'score'], 9)
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

import regex

from ..patterns import load_patterns, rx
from ..text.memo import lru_cache
from .stream import CellStream, StreamCell

MAX_JOIN = 3
_SPACES = regex.compile(r"\s+")


@dataclass(frozen=True)
class Column:
    role: str
    name: str
    start: int
    end: int
    year: int | None = None  # year_amount columns: the year and whether 预算 or 决算
    basis: str | None = None


@functools.cache
def _column_entries() -> tuple[tuple[str, object], ...]:
    return tuple((e.data["role"], e.compiled) for e in load_patterns().with_prefix("grid.col."))


@functools.cache
def _any_column():
    """All column patterns in one alternation: most cells name no column, and one search says so."""
    entries = load_patterns().with_prefix("grid.col.")
    return load_patterns().compile("|".join(f"(?{'x' if e.compiled.flags & regex.VERBOSE else ''}:{e.pattern})"
                                            for e in entries))


@lru_cache(maxsize=4096)
def _match(compact: str) -> tuple[str, regex.Match] | None:
    """The first column pattern that the (joined) header text matches (the same cells recur: cached)."""
    if _any_column().search(compact) is None:
        return None
    for role, entry in _column_entries():
        m = entry.search(compact)
        if m:
            return role, m
    return None


def column_at(cells: list[StreamCell], i: int) -> tuple[Column, int] | None:
    """The column named by cells ``i``, ``i..i+1`` or ``i..i+2`` (shortest first), and how many cells it took.
    Every reader asks at the cell it tries: a :class:`CellStream` answers each index once."""
    memo = cells.columns if type(cells) is CellStream else None
    if memo is not None and i in memo:
        return memo[i]
    found = _column_at(cells, i)
    if memo is not None:
        memo[i] = found
    return found


def _column_at(cells: list[StreamCell], i: int) -> tuple[Column, int] | None:
    name = ""
    for n in range(1, min(MAX_JOIN, len(cells) - i) + 1):
        name += cells[i + n - 1].compact
        found = _match(name)
        if found:
            role, m = found
            part = cells[i:i + n]
            groups = m.groupdict()
            year = int(groups["year"]) if groups.get("year") else None
            filled = [c for c in part if c.text] or part  # an empty cell (a bare | line) is no part of the span
            return Column(role, name, filled[0].start, filled[-1].end, year, groups.get("basis")), n
    return None


def header_run(cells: list[StreamCell], i: int) -> tuple[list[Column], int]:
    """The columns named one after another from cell ``i`` on, and the index after them."""
    cols: list[Column] = []
    while i < len(cells):
        hit = column_at(cells, i)
        if hit is None:
            break
        col, n = hit
        cols.append(col)
        i += n
    return cols, i


def unit_near(cells: list[StreamCell], lo: int, hi: int) -> str:
    """The amounts' unit stated in a cell between ``lo`` and ``hi`` (项目资金(万元), (元)), or ''."""
    for c in cells[max(lo, 0):hi]:
        m = rx("grid.unit_cell").search(c.compact)
        if m:
            return m.group("unit") or m.group("unit2")
    return ""


def role_of(name: str) -> str | None:
    """The role of a column named ``name`` (as a rebuilt table names it), or None.

    >>> role_of("全年执行数"), role_of("执行率"), role_of("备注")
    ('executed', 'rate', None)
    """
    found = _match(_SPACES.sub("", name))
    return found[0] if found else None
