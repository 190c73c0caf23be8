"""Command-line option types and groups that print nothing: accuracy thresholds, input limits, OCR.

The commands themselves (and everything that writes to the terminal) stay in :mod:`extract.cli`.
"""
from __future__ import annotations

import argparse
import re

THRESHOLD_FLAGS = {
    "min_headline_precision": ("headline", "precision"),
    "min_headline_recall": ("headline", "recall"),
    "min_money_precision": ("money", "precision"),
    "min_money_recall": ("money", "recall"),
    "min_percent_precision": ("percent", "precision"),
    "min_percent_recall": ("percent", "recall"),
    "min_score_recall": ("scores", "recall"),
    "min_heading_recall": ("headings", "recall"),
}


def thresholds_of(args: argparse.Namespace) -> dict[tuple[str, str], float]:
    found = {key: getattr(args, flag) for flag, key in THRESHOLD_FLAGS.items() if getattr(args, flag) is not None}
    found.update(dict(args.min or []))
    return found


def fraction(text: str) -> float:
    """A threshold: 0.9 or 90 (percent)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text}") from None
    if not 0 <= value <= 100:
        raise argparse.ArgumentTypeError(f"out of range 0..1 (or 0..100 %): {text}")
    return value / 100 if value > 1 else value


def field_threshold(text: str) -> tuple[tuple[str, str], float]:
    match = re.fullmatch(r"([a-z_]+):(precision|recall)=([0-9.]+)", text.strip())
    if not match:
        raise argparse.ArgumentTypeError(f"expected FIELD:precision=X or FIELD:recall=X, got {text!r}")
    return (match[1], match[2]), fraction(match[3])


def limits_of(args: argparse.Namespace):
    """The input limits from the command line (defaults where a flag is absent)."""
    from .read.limits import FLAGS, Limits

    return Limits(**{name: getattr(args, name) for name in FLAGS if getattr(args, name, None) is not None})


def add_limit_flags(p: argparse.ArgumentParser) -> None:
    from .read.limits import FLAGS

    group = p.add_argument_group("limits (an input over a limit becomes an errors.csv row: too_large / timeout)")
    for name, (flag, text, kind) in FLAGS.items():
        group.add_argument(flag, type=non_negative(kind), dest=name, metavar="N", help=text)


def non_negative(kind):
    def parse(text: str):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number: {text}") from None
        if value < 0:
            raise argparse.ArgumentTypeError(f"must not be negative: {text}")
        return value
    return parse


def add_ocr_flag(p: argparse.ArgumentParser) -> None:
    p.add_argument("--no-ocr", action="store_true",
                   help="leave PDF pages without a text layer unread instead of reading them by OCR "
                        "(same as SELFEVAL_OCR=0)")
