"""Letter-spacing: a line or a name written with every character apart (Word's character spacing, a PDF copy:
``基 本 情 况``, ``一、部 门(单 位)基 本 概 况``).

Its blanks mean nothing: the line reads as one run of words, a heading's title or a header cell as
the name it spells.  A line is letter-spaced when nearly all neighbouring Han characters have a blank
between them; a bracket or a mark between two characters counts neither way, and a wide gap (two
blanks, a tab) separates cells instead.
"""
from __future__ import annotations

import regex

from ..patterns import rx
from .memo import short_string_cache

HAN_GAP = regex.compile(r"(?<=\p{Han})[ \t]+(?=\p{Han})")
_HAN_RUN = regex.compile(r"[\p{Han}]+")
WIDE_GAP_SPLIT = regex.compile(r"([ \t]{2,}|\t)")  # split on it: every other part is a cell


def is_letter_spaced(line: str, han_gaps: int | None = None) -> bool:
    """Every character apart (``han_gaps``: the blanks between two Han characters, when counted already).

    >>> [is_letter_spaced(s) for s in ("预 算 执 行 率", "一、部 门(单 位)基 本 概 况", "二 级", "预算 执行 情况", "是  否")]
    [True, True, True, False, False]
    """
    han_gaps = len(HAN_GAP.findall(line)) if han_gaps is None else han_gaps
    touching = sum(len(run) - 1 for run in _HAN_RUN.findall(line))
    return han_gaps >= 0.8 * (han_gaps + touching) and han_gaps > 0 and not rx("grid.wide_gap").search(line)


@short_string_cache()
def without_letter_spacing(name: str) -> str:
    """A name (a table cell's, a row's, a heading's title) as it reads: the blanks of a letter-spaced one dropped,
    others kept.

    >>> without_letter_spacing("足 额 保 障 率(参 保 率)"), without_letter_spacing("其中： 当年财政拨款")
    ('足额保障率(参保率)', '其中： 当年财政拨款')
    """
    return HAN_GAP.sub("", name) if is_letter_spaced(name) else name


def spaced_end(spaced: str, end: int) -> int:
    """Where the first ``end`` characters of ``spaced`` read without its letter-spacing (:data:`HAN_GAP`) end in it.

    >>> spaced_end("基 本 情 况 如下", 4), spaced_end("基 本 情 况", 4), spaced_end("基 本", 0)
    (7, 7, 0)
    """
    if end <= 0:
        return 0
    removed = {i for m in HAN_GAP.finditer(spaced) for i in range(m.start(), m.end())}
    kept = 0
    for i in range(len(spaced)):
        kept += i not in removed
        if kept == end:
            return i + 1
    return len(spaced)


def cells_without_letter_spacing(row: str, wide: bool = False) -> str:
    """A table row with the blanks of its letter-spaced cells dropped (| 项 目 名 称 | 示例项目 | -> | 项目名称 | …);
    the blanks around a cell and in its other cells stay.  ``wide``: the cells are separated by wide gaps (two
    blanks or more, a tab), not by ``|``.

    >>> cells_without_letter_spacing("| 项 目 名 称 | 示例 项目 | (2023年 度) |")
    '| 项目名称 | 示例 项目 | (2023年度) |'
    >>> cells_without_letter_spacing("单 位 名 称：  示 例 县 示 例 局   示例 项目", wide=True)
    '单位名称：  示例县示例局   示例 项目'
    """
    if not HAN_GAP.search(row):
        return row
    if not wide:
        return "|".join(_cell_read(cell) for cell in row.split("|"))
    return "".join(part if WIDE_GAP_SPLIT.fullmatch(part) else _cell_read(part) for part in WIDE_GAP_SPLIT.split(row))


def _cell_read(cell: str) -> str:
    return HAN_GAP.sub("", cell) if is_letter_spaced(cell.strip()) else cell


def names_without_letter_spacing(row: str) -> str:
    """A row of cells separated by blanks with the blanks of its letter-spaced names dropped: the text between two
    numbers (``cleanup.number_cell``) that spells three characters or more, each apart (年 度 资 金 总 额 80 76 ->
    年度资金总额 80 76); two characters apart (是 否) may be two cells and stay.

    >>> names_without_letter_spacing("其 中：财 政 拨 款 80 76 是 否 10 8")
    '其中：财政拨款 80 76 是 否 10 8'
    """
    if len(HAN_GAP.findall(row)) < 2:
        return row
    out, pos = [], 0
    for m in [*rx("cleanup.number_cell").finditer(row), None]:
        end = m.start() if m else len(row)
        name = row[pos:end]
        out.append(HAN_GAP.sub("", name) if len(HAN_GAP.findall(name)) >= 2 and is_letter_spaced(name.strip()) else name)
        if m:
            out.append(m.group())
            pos = m.end()
    return "".join(out)
