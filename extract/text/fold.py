"""Figures written the other ways as ASCII ones, character for character (offsets stay valid):
digits, Latin letters and percent signs typed in full-width mode, and years in Chinese numerals.
Chinese punctuation (，：（）) stays as it is.  Cleanup folds every line (:func:`fold_figures`).
"""
from __future__ import annotations

from ..patterns import rx
from .simplified import CharTable

#: full-width digits, Latin letters and percent signs as their ASCII forms, one character for one
_FULL_WIDTH = CharTable({c: chr(c - 0xFEE0) for c in [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B),
                                                     *range(0xFF41, 0xFF5B), 0xFF05]})
_CN_DIGITS = str.maketrans("〇零○一二三四五六七八九", "000123456789")


def fold_width(line: str) -> str:
    """Figures typed with the input method in full-width mode as ASCII ones (a full-width point between
    digits is a decimal point).

    >>> fold_width("２０２３年收入６５１．１７万元，完成率１０８％，ＰＰＰ项目")
    '2023年收入651.17万元，完成率108%，PPP项目'
    >>> fold_width("1．基本情况")
    '1．基本情况'
    """
    line = _FULL_WIDTH.apply(line)
    return rx("cleanup.full_width_point").sub(".", line) if "．" in line else line


def arabic_years(s: str) -> str:
    """Years written in Chinese numerals as Arabic digits.

    >>> arabic_years("二〇二二年度部门整体支出，二零二一年")
    '2022年度部门整体支出，2021年'
    """
    if "二" not in s:
        return s
    return rx("cleanup.chinese_year").sub(lambda m: m.group("year").translate(_CN_DIGITS), s)


def fold_figures(line: str) -> str:
    """:func:`fold_width`, then :func:`arabic_years`; the length is kept.

    >>> fold_figures("二〇二三年度收入６５１．１７万元")
    '2023年度收入651.17万元'
    """
    return arabic_years(fold_width(line))
