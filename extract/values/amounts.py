"""Exact parsing of numbers and money phrases (``decimal.Decimal`` only, never float).

The vocabulary (digit values, unit multipliers, money units and their factor to 万元,
approximation words) lives in ``patterns/numbers.yaml``; this module only applies it.
Every function returns ``None`` on text that is not what it parses; none of them raises.

>>> parse_number("1,234.5")
Number(value=Decimal('1234.5'), approx=False, raw='1,234.5')
>>> parse_number("０．８６").value
Decimal('0.86')
>>> parse_number("60 .00").value
Decimal('60.00')
>>> parse_number("一百零五").value
Decimal('105')
>>> parse_number("1.2万").value
Decimal('12000')
>>> parse_number("3千万").value
Decimal('30000000')
>>> parse_number("1 万余")
Number(value=Decimal('10000'), approx=True, raw='1 万余')
>>> parse_number("近700").approx
True
>>> parse_number("百分之九十八") is None, parse_number("第三") is None, parse_number("2019〔5〕") is None
(True, True, True)
>>> parse_money("651.17万元").value
Decimal('651.17')
>>> parse_money("6,511,700.00元").value
Decimal('651.17')
>>> parse_money("9570171.39元").value
Decimal('957.017139')
>>> parse_money("1.5亿元").value, parse_money("3千万元").value
(Decimal('15000'), Decimal('3000'))
>>> parse_money("约3万元")
Number(value=Decimal('3'), approx=True, raw='约3万元')
>>> parse_money("2000余元")
Number(value=Decimal('0.2'), approx=True, raw='2000余元')
>>> parse_money("六十四万零一百四十三元一角七分").value
Decimal('64.014317')
>>> parse_money("肆佰叁拾萬圆整").value, parse_money("壹仟贰佰元整").value, parse_money("捌角").value
(Decimal('430'), Decimal('0.12'), Decimal('0.00008'))
>>> parse_money("1.2万") is None, parse_money("2022年") is None, parse_money("600万株") is None
(True, True, True)
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Context, Decimal, DecimalException, Inexact, InvalidOperation, Overflow, localcontext

from .numerals import ARABIC_TOKEN, _numeral, _Vocabulary, _vocabulary

__all__ = ["Number", "normalize_digits", "parse_money", "parse_number", "to_decimal"]

# Arithmetic here must be exact: an inexact result raises (and the parse returns None) instead of rounding.
_EXACT = Context(prec=120, traps=[InvalidOperation, Overflow, Inexact])
_MAX_CHARS = 80  # a number phrase longer than this is not a number phrase

_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_FULLWIDTH_POINT = re.compile(r"(?<=\d)[．.](?=\d)", re.ASCII)
_FULLWIDTH_COMMA = re.compile(r"(?<=\d)，(?=\d{3}(?!\d))", re.ASCII)
_WHITESPACE = re.compile(r"[\s\u3000]+")
_ARABIC = re.compile(r"-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?", re.ASCII)


@dataclass(frozen=True)
class Number:
    """A parsed number: its exact value, whether the text marks it approximate, and the text it came from."""

    value: Decimal
    approx: bool
    raw: str


# ---------------------------------------------------------------- Arabic digits


def to_wan(value: Decimal, unit: str) -> Decimal:
    """An amount stated in ``unit`` (a table header's), in 万元, exact: the written scale kept for 万元.

    >>> to_wan(Decimal("5299900.00"), "元"), to_wan(Decimal("60.00"), "万元")
    (Decimal('529.99'), Decimal('60.00'))
    """
    factor = unit_factor(unit)
    return value if factor == 1 else _tidy(value * factor)


def unit_factor(unit: str) -> Decimal:
    """The factor that takes an amount in ``unit`` (元, 万元, 亿元 …) to 万元; 1 for an unknown unit.

    >>> unit_factor("元"), unit_factor("亿元")
    (Decimal('0.0001'), Decimal('10000'))
    """
    return _vocabulary().money_units.get(unit, Decimal(1))


def normalize_digits(text: str) -> str:
    """Full-width digits to ASCII; a full-width point or comma to ASCII only inside a number.

    >>> normalize_digits("１，２３４．５０万元，共３项")
    '1,234.50万元，共3项'
    """
    text = text.translate(_FULLWIDTH_DIGITS)
    text = _FULLWIDTH_POINT.sub(".", text)
    return _FULLWIDTH_COMMA.sub(",", text)


def to_decimal(digits: str) -> Decimal | None:
    """Plain Arabic digits (separators, full-width forms and wrapped spacing allowed) to a Decimal.

    >>> to_decimal("1，234.5"), to_decimal("-3"), to_decimal("1,23"), to_decimal("1.2万")
    (Decimal('1234.5'), Decimal('-3'), None, None)
    """
    if not isinstance(digits, str) or len(digits) > _MAX_CHARS:
        return None
    text = _WHITESPACE.sub("", normalize_digits(digits)).replace("－", "-").replace("−", "-")
    if not _ARABIC.fullmatch(text):
        return None
    return Decimal(text.replace(",", ""))


# ---------------------------------------------------------------- approximation words


def _strip_before(text: str, words: tuple[str, ...]) -> tuple[str, bool]:
    for word in words:
        if text.startswith(word):
            return text[len(word):], True
    return text, False


def _strip_after(text: str, words: tuple[str, ...]) -> tuple[str, bool]:
    for word in words:
        if text.endswith(word):
            return text[: -len(word)], True
    return text, False


def _strip_approx(text: str, vocab: _Vocabulary) -> tuple[str, bool]:
    text, before = _strip_before(text, vocab.approx_before)
    text, after = _strip_after(text, vocab.approx_after)
    text, inner = vocab.inner.subn("", text)
    return text, before or after or inner > 0


def _compact(text: str) -> str:
    return _WHITESPACE.sub("", normalize_digits(text))


def _signed(text: str, vocab: _Vocabulary) -> tuple[str, int]:
    for sign in vocab.minus:
        if text.startswith(sign):
            return text[len(sign):], -1
    return text, 1


def _tidy(value: Decimal) -> Decimal:
    """Drop trailing zeros without turning the number into exponent notation (700, not 7E+2)."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


# ---------------------------------------------------------------- public API


def _parse_number(text: str, vocab: _Vocabulary) -> tuple[Decimal, bool] | None:
    compact = _compact(text)
    if not compact or len(compact) > _MAX_CHARS:
        return None
    body, approx = _strip_approx(compact, vocab)
    body, sign = _signed(body, vocab)
    if not body or body.startswith(("-", "－")):
        return None
    value = _numeral(body, vocab)
    if value is None:
        return None
    plain = ARABIC_TOKEN.fullmatch(body) is not None
    return (sign * (value if plain else _tidy(value))), approx


def _parsed(text: str, parse) -> Number | None:
    """``parse`` (one of the phrase parsers) on ``text`` in exact decimal arithmetic; bad text gives None."""
    if not isinstance(text, str):
        return None
    try:
        with localcontext(_EXACT):
            parsed = parse(text, _vocabulary())
    except DecimalException:
        return None
    return Number(value=parsed[0], approx=parsed[1], raw=text) if parsed else None


def parse_number(text: str) -> Number | None:
    """A whole-string number phrase (no money unit; approximation words allowed around it)."""
    return _parsed(text, _parse_number)


def _strip_subunits(text: str, vocab: _Vocabulary) -> tuple[str, Decimal, bool] | None:
    """Take the 大写 tail off a money phrase: 元一角七分 -> ("元", 0.000017, True)."""
    amount, found = Decimal(0), False
    for unit in sorted(vocab.subunits, key=lambda u: vocab.subunits[u]):  # 分 before 角 from the end
        if not text.endswith(unit) or len(text) < 2:
            continue
        digit = vocab.digits.get(text[-2])
        if digit is None:
            return None
        amount += digit * vocab.subunits[unit]
        text, found = text[:-2], True
        if text.endswith(vocab.zeros) and text[:-1].endswith(tuple(vocab.money_units) + tuple(vocab.subunits)):
            text = text[:-1]
    return text, amount, found


def _strip_money_words(text: str, vocab: _Vocabulary) -> tuple[str, bool, bool]:
    """约 / 人民币 / ￥ before, 整 / 左右 / 以上 after: (rest, approx, written in 元 by its prefix)."""
    text, approx = _strip_before(text, vocab.approx_before)
    for prefix in vocab.prefixes:
        if text.startswith(prefix):
            text, in_yuan = text[len(prefix):], prefix in vocab.yuan_prefixes
            break
    else:
        in_yuan = False
    text, approx_again = _strip_before(text, vocab.approx_before)
    text, approx_after = _strip_after(text, vocab.approx_after)
    text, _ = _strip_after(text, vocab.closers)
    return text, approx or approx_again or approx_after, in_yuan


def _amount(text: str, vocab: _Vocabulary, in_yuan: bool) -> tuple[Decimal, bool] | None:
    """Number and unit (no 角/分): a plain Arabic number takes the longest unit of the table
    (3千万元, 651.17万元, keeping the written scale in 万元); anything else is parsed as one numeral
    in front of the bare currency word (一亿五千万元, 1 万余元)."""
    for unit in sorted(vocab.money_units, key=len, reverse=True):
        if text.endswith(unit) and (plain := to_decimal(text[: -len(unit)])) is not None:
            factor = vocab.money_units[unit]
            return (plain if factor == 1 else _tidy(plain * factor)), False
    base = next((u for u in vocab.yuan_units if text.endswith(u)), None)
    if base is None and not in_yuan:
        return None
    parsed = _parse_number(text[: -len(base)] if base else text, vocab)
    return (_tidy(parsed[0] * vocab.money_units["元"]), parsed[1]) if parsed else None


def _parse_money(text: str, vocab: _Vocabulary) -> tuple[Decimal, bool] | None:
    compact = _compact(text)
    if not compact or len(compact) > _MAX_CHARS:
        return None
    compact, approx, in_yuan = _strip_money_words(compact, vocab)
    tail = _strip_subunits(compact, vocab)
    if tail is None:
        return None
    compact_before = compact
    compact, cents, has_subunits = tail
    if has_subunits and not compact:  # 捌角 alone is money; 五分 alone is more likely a score
        largest = max(vocab.subunits, key=vocab.subunits.__getitem__)
        return (_tidy(cents), approx) if largest in compact_before else None
    amount = _amount(compact, vocab, in_yuan)
    if amount is None:
        return None
    if has_subunits and not compact.endswith(vocab.yuan_units):
        return None
    value = _tidy(amount[0] + cents) if has_subunits else amount[0]
    return value, approx or amount[1]


def parse_money(text: str) -> Number | None:
    """A money phrase with its 元/圆 unit (or 角), value in 万元, exact."""
    return _parsed(text, _parse_money)
