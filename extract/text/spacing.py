"""Letter-spacing: a line or a name written with every character apart (Word's character spacing, a PDF copy:
``基 本 情 况``, ``一、部 门(单 位)基 本 概 况``).

Its blanks mean nothing: the line reads as one run of words, a heading's title or a header cell as
the name it spells.  A line is letter-spaced when nearly all neighbouring Han characters have a blank
between them; a bracket or a mark between two characters counts neither way, and a wide gap (two
blanks, a tab) separates cells instead.
"""
from __future__ import annotations

import regex

from .memo import short_string_cache

HAN_GAP = regex.compile(r"(?<=\p{Han})[ \t]+(?=\p{Han})")
_HAN_RUN = regex.compile(r"[\p{Han}]+")
_WIDE_GAP = regex.compile(r"\S[ \t]{2,}\S|\t")


def is_letter_spaced(line: str, han_gaps: int | None = None) -> bool:
    """Every character apart (``han_gaps``: the blanks between two Han characters, when counted already).

    >>> [is_letter_spaced(s) for s in ("预 算 执 行 率", "一、部 门(单 位)基 本 概 况", "二 级", "预算 执行 情况", "是  否")]
    [True, True, True, False, False]
    """
    han_gaps = len(HAN_GAP.findall(line)) if han_gaps is None else han_gaps
    touching = sum(len(run) - 1 for run in _HAN_RUN.findall(line))
    return han_gaps >= 0.8 * (han_gaps + touching) and han_gaps > 0 and not _WIDE_GAP.search(line)


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
