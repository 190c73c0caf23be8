"""A table row copied as text, its cells separated by blanks: where they stand a wide gap apart (two blanks or more,
a tab: ``grid.wide_gap``), a single blank is inside a cell (其中:当年财政 拨款  20  18), not a border; on a line
with single blanks only, every blank is one.
"""
from __future__ import annotations

import regex

from ..patterns import rx

_WIDE_GAP_SPLIT = regex.compile(r"([ \t]{2,}|\t)")  # the gaps kept: every other part is a cell


def row_cells(row: str) -> list[str]:
    """The cells of a row whose cells are separated by blanks: on a line whose cells stand a wide gap apart (two
    blanks or more, a tab: ``grid.wide_gap``) by wide gaps only, a single blank there being inside a cell; on
    any other line by every blank.

    >>> row_cells("其中:当年财政 拨款  20  18"), row_cells("上年 结转 5 5")
    (['其中:当年财政 拨款', '20', '18'], ['上年', '结转', '5', '5'])
    """
    if not rx("grid.wide_gap").search(row):
        return row.split()
    return [cell for cell in _WIDE_GAP_SPLIT.split(row.strip())[::2] if cell]


def cell_readings(row: str) -> list[list[str]]:
    """The ways a gate may cut a row into cells: by :func:`row_cells` and, where that differs, by every blank (a
    header whose narrow columns stand a single blank apart: 一级指标  二级指标  三级指标 分值).

    >>> cell_readings("分值  得分"), cell_readings("年初 预算数  分值")
    ([['分值', '得分']], [['年初 预算数', '分值'], ['年初', '预算数', '分值']])
    """
    cells = row_cells(row)
    by_blank = row.split()
    return [cells] if cells == by_blank else [cells, by_blank]
