"""Shared helpers of the consistency checks: figure formatting, rounding tolerance, evidence spans."""
from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from ..models import Finding, HeadlineValue, Mention, Record, ScoreItem, Span
from ..values.rates import HUNDRED, rate_accepts, rate_range, unit_of  # noqa: F401 - shared with the rules


def fmt(d: Decimal) -> str:
    """A Decimal as people write it (no exponent, no trailing zeros after the point)."""
    text = format(d, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def span_of(record: Record, obj: ScoreItem | Mention | HeadlineValue | Span | None) -> list[Span]:
    """The evidence span of a figure, its raw taken from the record's text."""
    if obj is None or obj.end <= obj.start:
        return []
    return [Span(page=obj.page, start=obj.start, end=obj.end, raw=record.text[obj.start:obj.end])]


def spans(record: Record, objs: Iterable) -> list[Span]:
    out: list[Span] = []
    for obj in objs:
        for s in span_of(record, obj):
            if s not in out:
                out.append(s)
    return out


def money_equal(stated: Decimal, parts: list[Decimal]) -> bool:
    """A whole equals the sum of its parts within the rounding of every figure stated."""
    slack = sum((unit_of(d) / 2 for d in [stated, *parts]), Decimal(0))
    return abs(stated - sum(parts, Decimal(0))) <= slack


def finding(rule: str, severity: str, message: str, claimed: Decimal, expected: Decimal | str,
            evidence: list[Span]) -> Finding:
    exp = expected if isinstance(expected, str) else fmt(expected)
    return Finding(rule=rule, severity=severity, message=message, claimed=fmt(claimed), expected=exp,
                   evidence=evidence)
