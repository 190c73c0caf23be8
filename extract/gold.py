"""Gold labels (format: corpus LABELS.md): finding and reading them, and the normalisation a gold
value and a predicted one are compared under (numbers within a tolerance, grades without quotes,
department names in their core form, headings without blanks or separators; the words a label quotes
as written -- unit, grade, headings -- in simplified characters, as the record's text of a report written
in traditional ones holds them).  Pure functions;
:mod:`.evaluate` scores with them.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from .patterns import rx
from .text.simplified import to_simplified

TOLERANCE = Decimal("0.005")
REPORT_SUFFIXES = (".txt", ".pdf", ".docx", ".html", ".htm")
GOLD_SUFFIXES = (".json", ".expected.json")
QUOTES = "\"'“”‘’「」『』"


# --- value normalisation ---------------------------------------------------------------

def to_decimal(value: Any) -> Decimal | None:
    """A gold or predicted number as Decimal (None when absent or not a number).

    >>> to_decimal("651.17"), to_decimal(None), to_decimal("n/a")
    (Decimal('651.17'), None, None)
    """
    if value is None or isinstance(value, bool):
        return None
    try:
        return Decimal(str(value).replace(",", "").strip())
    except InvalidOperation:
        return None


def same_number(a: Any, b: Any) -> bool:
    x, y = to_decimal(a), to_decimal(b)
    return x is not None and y is not None and abs(x - y) <= TOLERANCE


def norm_grade(value: str) -> str:
    """
    >>> norm_grade("“優 秀”")
    '优秀'
    """
    return to_simplified("".join(ch for ch in "".join(value.split()) if ch not in QUOTES))


def dept_core(name: str) -> str:
    """Department name without blanks, a leading 中共 / 中国共产党, ruby pinyin left by a web page
    (區(qū)), and with a party committee's long form 县委员会 written short (县委).

    >>> dept_core("中国共产党某县委员会组织部"), dept_core("岳陽樓區(qū)文化局")
    ('某县委组织部', '岳阳楼区文化局')
    """
    name = to_simplified("".join(name.split()))
    name = rx("gold.ruby_pinyin").sub("", name)
    name = rx("gold.committee_long_form").sub("委", name)
    return rx("gold.party_prefix").sub("", name)


def same_department(gold: str, got: str) -> bool:
    """Right when one name contains the other (shorter or longer official form).

    >>> same_department("中共浏阳市委党校", "浏阳市委党校"), same_department("南县政协", "县政协")
    (True, True)
    >>> same_department("南县政协", "南县自然资源局")
    False
    """
    a, b = dept_core(gold), dept_core(got)
    return bool(a and b) and (a in b or b in a)


def norm_heading(text: str) -> str:
    """Heading compared without blanks or closing punctuation, with the number's separator dropped and
    brackets unified (the segmenter may keep ``一`` as the number where the text wrote ``一、``).

    >>> norm_heading("一． 基本情况") == norm_heading("一、基本情况") == norm_heading("一基本情况")
    True
    >>> norm_heading("（一）概况")
    '(一)概况'
    >>> norm_heading("一 绩效管理工作开展情况。") == norm_heading("一、绩效管理工作开展情况")
    True
    """
    text = to_simplified("".join(text.split())).rstrip("。．.；;，,：:")
    text = text.translate(str.maketrans({"（": "(", "）": ")"}))
    return rx("gold.heading_number_separator").sub(r"\1", text, count=1)


# --- inputs --------------------------------------------------------------------------

def load_gold(path: str | Path) -> dict:
    with open(path, encoding="utf-8-sig") as fh:
        data = json.load(fh)
    if not isinstance(data, dict):
        raise ValueError(f"{path}: a gold label must be a JSON object")
    return data


def gold_path_for(report: Path) -> Path | None:
    """``X.json`` or ``X.expected.json`` beside report ``X.txt`` (or .pdf, .docx, .html)."""
    for suffix in GOLD_SUFFIXES:
        candidate = report.with_name(report.stem + suffix)
        if candidate.is_file():
            return candidate
    return None


def find_pairs(dirs: Iterable[str | Path]) -> list[tuple[Path, Path]]:
    """(report, gold) pairs in the given folders (walked recursively), sorted by path."""
    pairs = []
    for d in dirs:
        for report in sorted(Path(d).rglob("*")):
            if report.is_file() and report.suffix.lower() in REPORT_SUFFIXES:
                gold = gold_path_for(report)
                if gold is not None:
                    pairs.append((report, gold))
    return pairs
