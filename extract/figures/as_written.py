"""A record read from the simplified twin of a traditional-character text, given back its words as written.

Cleanup reads a report written in traditional characters in simplified ones, character for character
(:class:`~extract.text.cleanup.CleanText` ``written``), so that every pattern finds its figures.  The
record then takes the text as written again: every ``raw`` slice is cut from the written text at its own
offsets, and every other word the record quotes from the report (unit, grade, headings, labels, item
names) is cut from the written text where the simplified text holds it near its figure, else has each
character turned back into the one this report writes for it.  Canonical words (a section's type, a
headline key, ``unit_key``) stay simplified: they are the tool's vocabulary, not the report's.
"""
from __future__ import annotations

from collections import Counter, defaultdict

from ..models import Record

#: the fields that quote the report, per kind of object (``raw`` fields are cut from the text instead)
QUOTED = {
    "Record": ("department", "grade", "project_name", "supervisor"),
    "Mention": ("label", "section", "row", "column"),
    "HeadlineValue": ("label",),
    "Section": ("number", "title"),
    "ScoreItem": ("item", "section", "group", "marker", "target", "actual", "reason"),
    "Finding": ("message",),
}
REACH = 300  # characters before a figure its quoted words are looked for in (a label, a row's name)


def back_map(simple: str, written: str) -> dict[int, str]:
    """``str.translate`` table from a simplified character to the character this report writes for it most
    often -- counting the places it writes the simplified one too (制 in 编制 beside one 製作 stays 制).

    >>> back_map("发展发现干部", "發展發現幹部") == {ord("发"): "發", ord("现"): "現", ord("干"): "幹"}
    True
    >>> back_map("编制制度制作", "編制制度製作") == {ord("编"): "編"}
    True
    """
    changed = {s for s, w in zip(simple, written) if s != w}
    seen: defaultdict[str, Counter] = defaultdict(Counter)
    for s, w in zip(simple, written):
        if s in changed:
            seen[s][w] += 1
    table = {s: counts.most_common(1)[0][0] for s, counts in seen.items()}
    return {ord(s): w for s, w in table.items() if w != s}


def restore_written(record: Record, written: str) -> None:
    """Give ``record`` (built on its simplified text) the text as written and its quoted words as written."""
    simple, table = record.text, back_map(record.text, written)
    record.text = written
    _restore(record, simple, written, table, set())


def _restore(obj, simple: str, written: str, table: dict[int, str], done: set[int]) -> None:
    """Every quoted field of ``obj`` and of the objects it holds, as written (each object once)."""
    if id(obj) in done:
        return
    done.add(id(obj))
    lo, hi = _reach(obj, len(simple))
    for name in QUOTED.get(type(obj).__name__, ()):
        value = getattr(obj, name)
        if isinstance(value, str):
            setattr(obj, name, _quoted(value, simple, written, table, lo, hi))
    if isinstance(getattr(obj, "raw", None), str):
        _restore_raw(obj, simple, written, table)
    for name in type(obj).model_fields:
        for inner in _models_in(getattr(obj, name)):
            _restore(inner, simple, written, table, done)


def _reach(obj, length: int) -> tuple[int, int]:
    """Where ``obj``'s quoted words may stand: around its own span (the whole text for a record)."""
    start, end = getattr(obj, "start", None), getattr(obj, "end", None)
    if not isinstance(start, int):
        return 0, length
    end = getattr(obj, "heading_end", 0) or (end if isinstance(end, int) and end <= start + REACH else start)
    return max(0, start - REACH), min(length, max(end, start) + REACH)


def _quoted(value: str, simple: str, written: str, table: dict[int, str], lo: int, hi: int) -> str:
    """``value`` as the report writes it: cut from the written text where the simplified text holds it in
    ``[lo, hi)``, else turned back character by character."""
    if not value or value.isascii():
        return value
    at = simple.rfind(value, lo, hi)
    return written[at:at + len(value)] if at >= 0 else value.translate(table)


def _restore_raw(obj, simple: str, written: str, table: dict[int, str]) -> None:
    """``raw`` cut from the written text where it is the simplified text's slice at the same offsets; a raw that
    is no plain slice (a figure read from a table's compact cell) turned back character by character."""
    start, end = getattr(obj, "start", None), getattr(obj, "end", None)
    if isinstance(start, int) and isinstance(end, int) and simple[start:end] == obj.raw:
        obj.raw = written[start:end]
    else:
        obj.raw = obj.raw.translate(table)


def _models_in(value) -> list:
    """The pydantic objects ``value`` holds (itself, a list's or a dict's values)."""
    if hasattr(type(value), "model_fields"):
        return [value]
    if isinstance(value, list):
        return [v for v in value if hasattr(type(v), "model_fields")]
    if isinstance(value, dict):
        return [v for v in value.values() if hasattr(type(v), "model_fields")]
    return []
