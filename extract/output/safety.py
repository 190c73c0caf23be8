"""Cells that are safe to open in a spreadsheet: no text is ever taken for a formula.

Excel, LibreOffice and Numbers read a cell that starts with ``=``, ``+``, ``-`` or ``@``
(and, in some versions, a leading tab or carriage return) as a formula.  A file name or an
indicator chosen by whoever wrote the report must never become one, so such text gets the
usual leading apostrophe.  Numbers stay numbers: ``-3.5`` is a number, not a formula (``+5`` gets the apostrophe).
"""
from __future__ import annotations

import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"-?(\d+(\.\d*)?|\.\d+)%?")


def safe_cell(text: str) -> str:
    """``text`` with a leading apostrophe when a spreadsheet would read it as a formula.

    >>> [safe_cell(t) for t in ("=cmd|' -C calc'!A0", "+HYPERLINK(1)", "@SUM(1+1)", "-x", "\\tA")]
    ["'=cmd|' -C calc'!A0", "'+HYPERLINK(1)", "'@SUM(1+1)", "'-x", "'\\tA"]
    >>> [safe_cell(t) for t in ("-3.5", "651.17", "满意度", "", "-5%", "+5")]
    ['-3.5', '651.17', '满意度', '', '-5%', "'+5"]
    """
    if not text or not text.startswith(FORMULA_STARTS) or _NUMBER.fullmatch(text):
        return text
    return "'" + text
