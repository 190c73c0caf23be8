"""Traditional characters to simplified ones, keeping every offset: OpenCC's t2s where it is installed,
then the table of ``patterns/sections.yaml``; :class:`CharTable` applies such a table only to strings
that hold one of its characters.
"""
from __future__ import annotations

import functools
import re

from ..patterns import load_patterns
from .memo import short_string_cache


class CharTable:
    """A ``str.translate`` table of single characters that first looks whether a string holds any of them
    (most texts hold none, and translating with a table reads it character by character).  The look is
    one scan of the standard ``re`` module, whose character sets are bitmaps: twenty times faster than
    ``regex`` or a Python set here.

    >>> CharTable({ord("後"): "后"}).apply("調整後"), CharTable({}).apply("後")
    ('調整后', '後')
    """

    def __init__(self, table: dict[int, str]) -> None:
        self.table = table
        self.finder = re.compile("[" + "".join(re.escape(chr(k)) for k in table) + "]") if table else None

    def apply(self, s: str) -> str:
        return s.translate(self.table) if self.finder is not None and self.finder.search(s) else s


@functools.lru_cache(maxsize=1)
def _t2s() -> CharTable:
    pairs = load_patterns().table("traditional").split()
    return CharTable({ord(p[0]): p[1] for p in pairs})


#: a text is written in traditional characters from this many of the table's characters (and one in 200 of
#: its characters): a traditional name quoted in a simplified report is not
TRADITIONAL_MIN = 10
TRADITIONAL_SHARE = 1 / 200


def written_in_traditional(s: str) -> bool:
    """Is ``s`` written in traditional characters (not a simplified text quoting a traditional name)?

    >>> written_in_traditional("本部門整體支出績效評價報告：預算執行率、項目資金、績效目標、會計核算")
    True
    >>> written_in_traditional("本部门整体支出绩效评价报告，引用《臺灣關係》一书")
    False
    """
    table = _t2s()
    if table.finder is None or s.isascii():
        return False
    hits = len(table.finder.findall(s))
    return hits >= TRADITIONAL_MIN and hits >= len(s) * TRADITIONAL_SHARE


@functools.lru_cache(maxsize=1)
def _opencc():
    """OpenCC's traditional -> simplified converter, or None where the package is missing."""
    try:
        import opencc
    except ImportError:  # the pattern table alone then
        return None
    return opencc.OpenCC("t2s")


@short_string_cache(long_maxsize=2)  # a record's whole text is read by several finders
def to_simplified(s: str) -> str:
    """Traditional characters to simplified ones, character for character (the length is kept):
    OpenCC's t2s where it is installed, then the table of patterns/sections.yaml (ASCII stays as it is).

    >>> to_simplified("本部門項目績效目標情況")
    '本部门项目绩效目标情况'
    """
    if s.isascii():  # neither OpenCC nor the table changes an ASCII character
        return s
    converter = _opencc()
    if converter is not None:
        converted = converter.convert(s)
        if len(converted) == len(s):  # offsets into the original must stay valid
            s = converted
    return _t2s().apply(s)
