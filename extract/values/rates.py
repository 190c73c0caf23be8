"""Rates and the precision of stated figures: one mechanism for the checks and for the table stage.

>>> unit_of(Decimal("651.17")), unit_of(Decimal("108"))
(Decimal('0.01'), Decimal('1'))
>>> lo, hi = rate_range(Decimal("45.6"), Decimal("48"))
>>> rate_accepts(Decimal("95"), lo, hi), rate_accepts(Decimal("90"), lo, hi)
(True, False)
"""
from __future__ import annotations

from decimal import Decimal

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
