"""Rates and the precision of stated figures: one mechanism for the checks and for the table stage.

>>> unit_of(Decimal("651.17")), unit_of(Decimal("108"))
(Decimal('0.01'), Decimal('1'))
>>> lo, hi = rate_range(Decimal("45.6"), Decimal("48"))
>>> rate_accepts(Decimal("95"), lo, hi), rate_accepts(Decimal("90"), lo, hi)
(True, False)
"""
from __future__ import annotations

from decimal import Decimal

import regex

from ..patterns import rx

HUNDRED = Decimal(100)


def unit_of(d: Decimal) -> Decimal:
    """One unit of the stated precision: 651.17 -> 0.01, 108 -> 1."""
    exp = d.as_tuple().exponent
    return Decimal(1).scaleb(min(int(exp), 0)) if isinstance(exp, int) else Decimal(1)


def rate_range(num: Decimal, den: Decimal) -> tuple[Decimal, Decimal] | None:
    """The percent num ÷ den × 100 can be, given the rounding of both amounts."""
    hn, hd = unit_of(num) / 2, unit_of(den) / 2
    if den - hd <= 0:
        return None
    return (num - hn) / (den + hd) * HUNDRED, (num + hn) / (den - hd) * HUNDRED


def rate_accepts(stated: Decimal, lo: Decimal, hi: Decimal) -> bool:
    """A stated rate covers [stated − ½ unit, stated + 1 unit): rounding or truncation of the ratio."""
    u = unit_of(stated)
    return lo < stated + u and hi >= stated - u / 2


def ge_read_as_two(text: str, m) -> tuple[int, Decimal] | None:
    """满意度调查290%: a PDF font that maps ≥ to the digit 2 turns ≥90% into 290%.  Read as 90% (from the digit after
    the 2) only for a rate that cannot pass 100% (满意度, 合格率 …) named just before it, glued to the words or to the
    previous percent; (start, value) of the percent as read, else None."""
    if not rx("percent.ge_read_as_two").fullmatch(m.group("num")):
        return None
    before = text[max(0, m.start() - 24):m.start()]
    if not before or not regex.match(r"[\p{Han}%％]", before[-1]) or not rx("percent.capped_rate").search(before):
        return None
    return m.start() + 1, Decimal(m.group("num")[1:])
