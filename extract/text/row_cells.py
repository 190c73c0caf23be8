"""A table row copied as text, its cells separated by blanks: where they stand a wide gap apart (two blanks or more,
a tab: ``grid.wide_gap``), a single blank is inside a cell (其中:当年财政 拨款  20  18), not a border; on a line
with single blanks only, every blank is one.
"""
from __future__ import annotations

from ..patterns import rx
from .spacing import WIDE_GAP_SPLIT

ROW_WIDTH = 60  # characters: a line this short with a wide gap is a table row whatever its other blanks


def cells_wide_apart(line: str) -> bool:
    """Do the line's cells stand a wide gap apart (``grid.wide_gap``)?  A short line with a wide gap does; a
    longer one needs as many wide gaps as single blanks at least, so that a page whose lines ran together,
    with a double blank somewhere in it, is no such row.

    >>> cells_wide_apart("其中:当年财政 拨款  20  18"), cells_wide_apart("上年 结转 5 5")
    (True, False)
    >>> cells_wide_apart("发布时间 : 2023-03-17 点击数: 来源:市总工会 附件1  2022年度部门整体支出绩效评价基础数据表 "
    ...                  "财政供养人员情况(人) 编制数 2022年实际在职人数 控制率 52 52 100%")
    False
    """
    if not rx("grid.wide_gap").search(line):
        return False
    gaps = len(line.split()) - 1
    wide = len(WIDE_GAP_SPLIT.findall(line.strip()))
    return len(line) <= ROW_WIDTH or wide >= gaps - wide


def row_cells(row: str) -> list[str]:
    """The cells of a row whose cells are separated by blanks: on a line whose cells stand a wide gap apart (two
    blanks or more, a tab: ``grid.wide_gap``) by wide gaps only, a single blank there being inside a cell; on
    any other line by every blank.

    >>> row_cells("其中:当年财政 拨款  20  18"), row_cells("上年 结转 5 5")
    (['其中:当年财政 拨款', '20', '18'], ['上年', '结转', '5', '5'])
    """
    if not cells_wide_apart(row):
        return row.split()
    return [cell for cell in WIDE_GAP_SPLIT.split(row.strip())[::2] if cell]


def cell_readings(row: str) -> list[list[str]]:
    """The ways a gate may cut a row into cells: by :func:`row_cells` and, where that differs, by every blank (a
    header whose narrow columns stand a single blank apart: 一级指标  二级指标  三级指标 分值).

    >>> cell_readings("分值  得分"), cell_readings("年初 预算数  分值")
    ([['分值', '得分']], [['年初 预算数', '分值'], ['年初', '预算数', '分值']])
    """
    cells = row_cells(row)
    by_blank = row.split()
    return [cells] if cells == by_blank else [cells, by_blank]
