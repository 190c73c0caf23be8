"""Rows under a table's header whose cells are separated by spaces (a PDF's table copied as text): which
paragraphs they are, so that cleanup keeps their spaces as cell borders instead of taking them for PDF-copy
spacing."""
from __future__ import annotations

import functools

from ..patterns import load_patterns, rx
from .memo import short_string_cache
from .row_cells import cell_readings
from .segment import looks_like_heading, to_simplified
from .wraps import display_width

#: the pattern families whose entries name a table's columns
HEADER_CELLS = ("grid.col.", "grid.task_")
ONE_CELL_WIDTH = 30  # display width (15 Chinese characters) below which an open line under a spaced header is a one-cell row
HEADER_LENGTH = 300  # characters: a header row of the forms is shorter (a longer line is prose or a page run together)
PROSE_WIDTH = 80  # display width (40 Chinese characters) from which a closed line after a spaced table is prose


@short_string_cache()
def _names_column(token: str) -> bool:
    simple = to_simplified(token)  # 決算數 as 决算数, as the grid's header matching reads it
    return any(e.compiled.search(simple) for e in _header_cells())


@functools.cache
def _header_cells() -> tuple:
    """The column names of the national forms (``grid.col.*``, the 年度主要任务 table's ``grid.task_*``)."""
    return tuple(e for prefix in HEADER_CELLS for e in load_patterns().with_prefix(prefix) if e.compiled is not None)


def is_spaced_header(line: str) -> bool:
    """A table's header row with its cells separated by spaces: three or more tokens, nearly all of them
    column names of the national forms.

    >>> is_spaced_header("一级指标 二级指标 三级指标 分值 指标解释 指标说明 得分")
    True
    >>> is_spaced_header("年度主要任务 任务名称 主要内容 预算资金 执行数 执行率")
    True
    >>> is_spaced_header("项目名称 委托业务 主管部门 棠溪镇")
    False
    >>> is_spaced_header("經費控制情況 2018年決算數 2019年預算數 2019年決算數")
    True

    Where cells stand a wide gap apart, a single blank is inside a cell (年初 预算数); a header whose narrow columns
    stand a single blank apart (三级指标 分值) is read blank by blank too (``cell_readings``):

    >>> is_spaced_header("年初 预算数  全年 预算数  分值"), is_spaced_header("一级指标  二级指标  三级指标 分值")
    (True, True)
    """
    if len(line) > HEADER_LENGTH or not (" " in line or "\t" in line):  # three cells need blanks between them
        return False
    if "，" in line or "。" in line or "；" in line:  # a column name is no clause: a line holding clause marks is prose
        return False
    return _header_cells_named(line)


@short_string_cache()  # a paragraph is asked as a header, then as the headings over the next one's values
def _header_cells_named(line: str) -> bool:
    return any(_names_columns(cells) for cells in cell_readings(line))


def _names_columns(cells: list[str]) -> bool:
    named = sum(1 for cell in cells if _names_column("".join(cell.split())))  # 年初 预算数 as 年初预算数
    return len(cells) >= 3 and named >= 3 and named >= 0.75 * len(cells)


def spaced_rows(paragraphs: list[str]) -> set[int]:
    """The paragraphs that are rows under a spaced header (``is_spaced_header``): their spaces separate cells,
    also where a row's text cells (指标解释, 评分标准 sentences) make it look like prose with PDF-copy spaces.
    The rows run to the next heading, to a long sentence with no number standing as a cell of its own, or to
    the second line in a row without one (a text cell's wrapped remainder, 合乎实际。, is one such line); a line
    whose cells stand two blanks apart is a row even with no number, and a short open line (a group's merged
    cell, 质量指标) counts neither way.  A row of headings over a row of values only (``_heads_values``) is such a
    header too.
    """
    out: set[int] = set()
    inside, bare = False, 0
    for i, para in enumerate(paragraphs):
        if is_spaced_header(para) or _heads_values(para, paragraphs[i + 1] if i + 1 < len(paragraphs) else ""):
            inside, bare = True, 0
            out.add(i)
            continue
        cells = bool(rx("cleanup.number_cell").search(para) or rx("cleanup.cells_apart").search(para))
        bare = 0 if cells else bare if _one_cell_row(para) else bare + 1
        # a row named like a heading (1、肥料利用率  ≧5组  5组  5.0) has a number or cells apart: a heading has neither
        if inside and ((looks_like_heading(para) and not cells) or _prose_after_table(para) or bare >= 2):
            inside = False
        if inside and " " in para.strip():
            out.add(i)
    return out


def _one_cell_row(para: str) -> bool:
    """A short line that closes no sentence: a row of one cell (a group's merged cell, 质量指标, 效 益 指 标 (30分);
    the form's …… row), which neither ends the rows under a spaced header nor shows that they go on."""
    return display_width(para) < ONE_CELL_WIDTH and not rx("cleanup.sentence_end").search(para)


def _heads_values(para: str, nxt: str) -> bool:
    """A row of headings over a row of values only (财政供养人员情况 编制数 实际在职人数 控制率 / 40 38 95%): one
    heading per value, and perhaps the block's name before them.

    >>> _heads_values("财政供养人员情况 编制数 2019年实际在职人数 控制率", "40 38 95%")
    True
    >>> _heads_values("编制 35 人", "40 38")
    False
    >>> _heads_values("财政供养 人员情况  编制数  实际 在职人数  控制率", "40  38  95%")
    True
    """
    if not _values_only(nxt) or len(para) > HEADER_LENGTH:
        return False
    return any(_one_head_per_value(heads, values) for heads in cell_readings(para) for values in cell_readings(nxt))


def _values_only(line: str) -> bool:
    """A line of two values or more and nothing else (40 38 95%): a cheap look before the cells are cut."""
    return (" " in line or "\t" in line) and not rx("cleanup.cjk").search(line) and any(c.isdigit() for c in line)


def _one_head_per_value(heads: list[str], values: list[str]) -> bool:
    number = rx("cleanup.number_cell")
    if len(values) < 2 or not all(number.fullmatch(v) for v in values):
        return False
    return len(heads) - len(values) in (0, 1) and not any(number.fullmatch(h) for h in heads)


def _prose_after_table(para: str) -> bool:
    """A sentence of prose (40 characters or more, closed) with no number standing as a cell."""
    return (display_width(para) >= PROSE_WIDTH and bool(rx("cleanup.sentence_end").search(para))
            and not rx("cleanup.number_cell").search(para))
