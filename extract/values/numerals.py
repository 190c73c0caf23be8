"""Chinese numerals, ordinary and 大写 (六十四, 一百零五, 肆佰叁拾萬, 二〇二二), to exact ``Decimal``.

The vocabulary (digit values, unit multipliers, money units, approximation words) lives in
``patterns/numbers.yaml`` and is loaded once here; ``extract.values.amounts`` parses whole number and
money phrases with it.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from decimal import Decimal

from ..patterns import load_patterns

# an Arabic number inside a numeral (1.2万, 3千万): digits with thousands separators and a point
ARABIC_TOKEN = re.compile(r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?", re.ASCII)

# ---------------------------------------------------------------- vocabulary (loaded once)


@dataclass(frozen=True)
class _Vocabulary:
    digits: dict[str, int]
    units: dict[str, Decimal]
    points: tuple[str, ...]
    minus: tuple[str, ...]
    money_units: dict[str, Decimal]
    subunits: dict[str, Decimal]
    prefixes: tuple[str, ...]
    yuan_prefixes: tuple[str, ...]
    closers: tuple[str, ...]
    yuan_units: tuple[str, ...]  # the money units worth exactly one 元 (元, 圆)
    zeros: tuple[str, ...]  # the digits worth 0 (零, 〇): a filler in 元零五分
    approx_before: tuple[str, ...]
    approx_after: tuple[str, ...]
    inner: re.Pattern


def _longest_first(words) -> tuple[str, ...]:
    return tuple(sorted((str(w) for w in words), key=len, reverse=True))


@functools.lru_cache(maxsize=1)
def _vocabulary() -> _Vocabulary:
    table = load_patterns().table
    units = {k: Decimal(str(v)) for k, v in table("cn_units").items()}
    big_units = "".join(k for k, v in units.items() if v >= 10000)
    small_units = "".join(k for k, v in units.items() if v < 10000)
    inner = "|".join(re.escape(w) for w in _longest_first(table("approx_inner")))
    digits = {k: int(v) for k, v in table("cn_digits").items()}
    money_units = {k: Decimal(str(v)) for k, v in table("money_units").items()}
    return _Vocabulary(
        digits=digits,
        units=units,
        points=tuple(table("cn_point")),
        minus=_longest_first(table("minus_signs")),
        money_units=money_units,
        subunits={k: Decimal(str(v)) for k, v in table("money_subunits").items()},
        prefixes=_longest_first(table("money_prefixes")),
        yuan_prefixes=tuple(table("money_prefixes_in_yuan")),
        closers=_longest_first(table("money_closers")),
        yuan_units=tuple(u for u, f in money_units.items() if f == money_units["元"]),
        zeros=tuple(k for k, v in digits.items() if v == 0),
        approx_before=_longest_first(table("approx_before")),
        approx_after=_longest_first(table("approx_after")),
        inner=re.compile(rf"(?:{inner})(?=[{re.escape(big_units + small_units)}])"),
    )


# ---------------------------------------------------------------- Chinese numerals


def _tokens(text: str, vocab: _Vocabulary) -> list[tuple[str, object]] | None:
    """Split a numeral into ('arabic', Decimal) / ('digit', int) / ('unit', Decimal) tokens."""
    tokens: list[tuple[str, object]] = []
    pos = 0
    while pos < len(text):
        arabic = ARABIC_TOKEN.match(text, pos)
        char = text[pos]
        if arabic:
            tokens.append(("arabic", Decimal(arabic.group().replace(",", ""))))
            pos = arabic.end()
            continue
        if char in vocab.digits:
            tokens.append(("digit", vocab.digits[char]))
        elif char in vocab.units:
            tokens.append(("unit", vocab.units[char]))
        else:
            return None
        pos += 1
    return tokens


def _positional(tokens) -> Decimal | None:
    """一七二零 -> 1720, 二〇二二 -> 2022: digits only, read place by place."""
    if len(tokens) < 2 or any(kind != "digit" for kind, _ in tokens):
        return None
    return Decimal("".join(str(v) for _, v in tokens))


def _grouped(tokens) -> Decimal | None:
    """一亿五千万零六千三百五十五, 3千万, 1.2万, 三万五: digits with unit multipliers."""
    total = section = Decimal(0)
    pending: Decimal | None = None  # a digit not yet multiplied by a unit
    last_small: Decimal | None = None  # the last unit below 万 in this group (units must fall)
    last_unit: Decimal | None = None  # the unit right before the pending digit (for 三万五)
    seen_wan = seen_yi = zero_since_unit = colloquial_ok = False
    for kind, value in tokens:
        if kind in ("digit", "arabic"):
            if kind == "digit" and value == 0:
                if pending is not None:
                    return None
                zero_since_unit = True
                continue
            if pending is not None:
                return None
            pending = Decimal(value)
            colloquial_ok = kind == "digit" and last_unit is not None and not zero_since_unit
            continue
        unit = value
        zero_since_unit, colloquial_ok = False, False
        if unit < 10000:
            if last_small is not None and unit >= last_small:
                return None
            section += (pending if pending is not None else Decimal(1)) * unit
            last_small = unit
        else:
            group = section + (pending or 0)
            if unit == 10000:
                if seen_wan or group == 0:
                    return None
                total += group * unit
                seen_wan = True
            else:
                if seen_yi or total + group == 0:
                    return None
                total = (total + group) * unit
                seen_yi, seen_wan = True, False
            section, last_small = Decimal(0), None
        pending, last_unit = None, unit
    if pending is not None:
        if colloquial_ok and last_unit is not None and last_unit > 10:
            pending *= last_unit / 10  # 三万五 = 35000, 一百二 = 120
        section += pending
    if not tokens or all(kind == "digit" and value == 0 for kind, value in tokens):
        return Decimal(0) if tokens else None
    return total + section


def _integer_numeral(text: str, vocab: _Vocabulary) -> Decimal | None:
    tokens = _tokens(text, vocab)
    if not tokens:
        return None
    if len(tokens) == 1 and tokens[0][0] == "arabic":
        return tokens[0][1]  # keep the written scale: 60.00 stays 60.00
    return _positional(tokens) if _positional(tokens) is not None else _grouped(tokens)


def _fraction_digits(text: str, vocab: _Vocabulary) -> tuple[str, str] | None:
    """The digits after 点 (Chinese or Arabic), and whatever unit words follow them."""
    digits = []
    pos = 0
    while pos < len(text):
        char = text[pos]
        if char.isascii() and char.isdigit():
            digits.append(char)
        elif char in vocab.digits:
            digits.append(str(vocab.digits[char]))
        else:
            break
        pos += 1
    return ("".join(digits), text[pos:]) if digits else None


def _numeral(text: str, vocab: _Vocabulary) -> Decimal | None:
    """A numeral with an optional word decimal point: 一百点五, 零点零一, 一点五万."""
    point = next((p for p in vocab.points if p in text), None)
    if point is None:
        return _integer_numeral(text, vocab)
    whole, _, rest = text.partition(point)
    fraction = _fraction_digits(rest, vocab)
    if not whole or "." in whole or fraction is None:
        return None
    digits, suffix = fraction
    value = _integer_numeral(whole, vocab)
    if value is None or any(ch not in vocab.units or vocab.units[ch] < 10000 for ch in suffix):
        return None
    if suffix and any(vocab.units.get(ch, 0) >= 10000 for ch in whole):
        return None
    value += Decimal("0." + digits)
    if not suffix:
        return value
    multiplier = _grouped([("arabic", Decimal(1))] + [("unit", vocab.units[ch]) for ch in suffix])
    return value * multiplier if multiplier is not None else None
