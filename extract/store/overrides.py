"""Corrections that survive reruns: an overrides file (sha256 or path, field, value, reason) applied at ingest.

The record keeps both: the field holds the corrected value and ``record.corrections`` the original.
A file is CSV (columns ``sha256`` or ``path``, ``field``, ``value``, ``reason``; UTF-8, a BOM is fine) or YAML
(a list of mappings with the same keys, or ``{overrides: [...]}``).  ``path`` matches a report whose path
ends with it (``2023/archives.txt`` matches ``/data/in/2023/archives.txt``).
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path, PurePath
from typing import Any, get_args

import yaml

from ..checks.rules import run_checks
from ..errors import SelfevalError
from ..figures.unit_key import Aliases, unit_key
from ..models import HEADLINE_KEYS, Correction, HeadlineValue, Kind, Record

TEXT_FIELDS = ("department", "grade", "project_name", "supervisor", "unit_key")
FIELDS = ("year", "self_score", "kind", *TEXT_FIELDS, *HEADLINE_KEYS)
HEADLINE_UNITS = {"execution_rate": "%", "staff_authorized": "人", "staff_actual": "人"}  # others: 万元
_SHA256 = re.compile(r"[0-9a-f]{64}")


class OverrideError(SelfevalError):
    """An overrides file that cannot be used (unknown field, a value that is not a number ...)."""

    code = "overrides"


@dataclass(frozen=True)
class Override:
    target: str  # a sha256 (64 hex digits) or a path
    field: str
    value: str | None  # None clears the field
    reason: str = ""
    source: str = ""  # where it was written: FILE:LINE

    def matches(self, record: Record) -> bool:
        if _SHA256.fullmatch(self.target):
            return record.source.sha256 == self.target
        want, have = PurePath(self.target.replace("\\", "/")).parts, PurePath(record.source.path.replace("\\", "/")).parts
        if PurePath(self.target).is_absolute():
            return Path(self.target).resolve() == Path(record.source.path).resolve()
        return bool(want) and have[-len(want):] == want


def parse_value(field: str, text: str | None) -> Any:
    """The typed value of ``field`` written as ``text`` (raises OverrideError)."""
    if text is None or not str(text).strip():
        return None
    text = str(text).strip()
    try:
        if field == "year":
            return int(text)
        if field == "self_score" or field in HEADLINE_KEYS:
            return Decimal(text.replace(",", ""))
    except (ValueError, InvalidOperation):
        raise OverrideError(f"{field}: not a number: {text!r}") from None
    if field == "kind" and text not in get_args(Kind):
        raise OverrideError(f"kind: one of {', '.join(get_args(Kind))}, not {text!r}")
    return text


def _override(raw: dict, source: str) -> Override:
    raw = {str(k).strip().lower(): v for k, v in raw.items() if k is not None}
    target = str(raw.get("sha256") or raw.get("path") or "").strip()
    field = str(raw.get("field") or "").strip().removeprefix("headline.")
    if not target:
        raise OverrideError(f"{source}: give the report's sha256 or path")
    if field not in FIELDS:
        raise OverrideError(f"{source}: unknown field {field!r} (fields: {', '.join(FIELDS)})")
    value = raw.get("value")
    value = None if value is None else str(value).strip()
    try:
        parse_value(field, value)
    except OverrideError as exc:
        raise OverrideError(f"{source}: {exc}") from None
    return Override(target.lower() if _SHA256.fullmatch(target.lower()) else target, field, value or None,
                    str(raw.get("reason") or "").strip(), source)


def load_overrides(path: str | Path) -> list[Override]:
    """The overrides in a CSV or YAML file (raises OverrideError with FILE:LINE when one is malformed)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise OverrideError(f"cannot read overrides file {path}: {exc}") from None
    if path.suffix.lower() == ".csv":
        rows = list(csv.DictReader(text.splitlines()))
        return [_override(row, f"{path.name}:{i}") for i, row in enumerate(rows, start=2)]
    try:
        doc = yaml.safe_load(text) or []
    except yaml.YAMLError as exc:
        raise OverrideError(f"{path.name}: not valid YAML: {exc}") from None
    items = doc.get("overrides") or [] if isinstance(doc, dict) else doc
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise OverrideError(f"{path.name}: expected a list of {{sha256|path, field, value, reason}}")
    return [_override(item, f"{path.name}:#{i}") for i, item in enumerate(items, start=1)]


def _as_text(value: Any) -> str | None:
    if isinstance(value, HeadlineValue):
        value = value.value
    if value is None:
        return None
    return format(value, "f") if isinstance(value, Decimal) else str(value)


def _set(record: Record, field: str, value: Any) -> None:
    if field not in HEADLINE_KEYS:
        setattr(record, field, value)
        return
    old = getattr(record.headline, field)
    if value is None:
        new = None
    elif old is not None:
        new = old.model_copy(update={"value": value})  # the provenance of what the report wrote stays
    else:  # a figure the tool did not find: no place in the text (an empty span at 0)
        new = HeadlineValue(value=value, unit=HEADLINE_UNITS.get(field, "万元"), raw="", page=1, start=0, end=0,
                            label="correction")
    setattr(record.headline, field, new)


def apply_overrides(record: Record, overrides: list[Override]) -> list[Correction]:
    """Replace the fields ``overrides`` name for this record (the last override of a field wins), keep the
    originals in ``record.corrections`` and rerun the checks on the corrected record."""
    chosen = {o.field: o for o in overrides if o.matches(record)}
    done = []
    for field, override in chosen.items():
        original = next((c.original for c in record.corrections if c.field == field), None)
        if not any(c.field == field for c in record.corrections):
            original = _as_text(getattr(record.headline if field in HEADLINE_KEYS else record, field))
        _set(record, field, parse_value(field, override.value))
        record.corrections = [c for c in record.corrections if c.field != field]
        done.append(Correction(field=field, value=override.value, original=original, reason=override.reason,
                               source=override.source))
    record.corrections.extend(done)
    if done:
        record.findings = run_checks(record)
    return done


def correct_record(record: Record, overrides: list[Override] = (), aliases: Aliases | None = None) -> Record:
    """A record as ingest writes it: overrides applied, then its unit key (with a bureau's aliases) unless
    an override set the key itself."""
    apply_overrides(record, list(overrides))
    if not any(c.field == "unit_key" for c in record.corrections):
        record.unit_key = unit_key(record.department, aliases)
    return record
