"""What report.html's charts and tables read of each report: a few values, taken in one pass.

The page is built from a sequence of (slim) records that may be on disk (:mod:`.summaries`): each
chart reading all of them again would unpickle every report once per chart, and holding them all
would make memory grow with whole reports.  :func:`report_facts` reads each report once and keeps
what the charts need (title, scores, counts: a few hundred bytes), and for 历年对比 the values the
comparison reads (:func:`~.yearly.compared`) with the report's group.
"""
from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from ..models import Record
from .overview_details import report_title
from .themes import unit_name
from .yearly import GroupKey, compared

#: the key of a report's group (under the page's ``key``) in its :attr:`ReportFacts.compared` values
GROUP = "_group"


@dataclass(slots=True)
class ReportFacts:
    """One report as the charts and the reports table see it (``index``: its place, for its anchor)."""

    index: int
    title: str
    unit: str
    year: int | None
    kind: str | None
    self_score: Decimal | None
    grade: str | None
    budget: Decimal | None
    rate: Decimal | None
    severities: tuple[int, int, int]  # findings: errors, warnings, infos
    n_findings: int
    n_warnings: int
    path: str
    top_items: dict[str, tuple[Decimal, Decimal]]


def budget_of(record: Record) -> Decimal | None:
    """The budget the execution rate is measured against: the adjusted budget, else the initial one."""
    value = record.headline.budget_adjusted or record.headline.budget_initial
    return None if value is None else value.value


def top_items(record: Record) -> dict[str, tuple[Decimal, Decimal]]:
    """The level-1 score items with a score and a maximum: name -> (score, maximum)."""
    return {s.item: (s.score, s.max) for s in record.scores
            if s.level == 1 and s.kind == "item" and s.score is not None and s.max}


def facts_of(record: Record, index: int, share=lambda value: value) -> ReportFacts:
    """``share``: gives an equal value met before in its place (names and numbers recur across reports)."""
    rate = record.headline.execution_rate
    items = {share(name): (share(score), share(top)) for name, (score, top) in top_items(record).items()}
    return ReportFacts(index, report_title(record), share(unit_name(record)), record.year, share(record.kind),
                       share(record.self_score), share(record.grade), share(budget_of(record)),
                       share(None if rate is None else rate.value), _severities(record), len(record.findings),
                       len(record.warnings), record.source.path, items or _NO_ITEMS)


_NO_ITEMS: dict = {}  # shared by the reports without level-1 items (never changed)


def _severities(record: Record) -> tuple[int, int, int]:
    counts = Counter(f.severity for f in record.findings)
    return counts["error"], counts["warning"], counts["info"]


def report_facts(records: Iterable[Record], key: GroupKey) -> tuple[list[ReportFacts], list[dict]]:
    """Each report's :class:`ReportFacts`, and the compared values (with :data:`GROUP`) of those in a group."""
    facts, grouped, seen = [], [], {}
    share = functools.partial(_shared, seen)
    for i, record in enumerate(records):
        facts.append(facts_of(record, i, share))
        if (group := key(record)) is not None:
            values = {name: value if name in _UNIQUE else share(value)
                      for name, value in compared(record).items() if value is not None}
            grouped.append({**values, "year": record.year, GROUP: group})  # a missing value reads as None
    return facts, grouped


_UNIQUE = ("path", "sha256")  # a report's own: nothing to share


def _shared(seen: dict, value):
    """``value``, or an equal one of the same type and text seen before (so that it is held once)."""
    if value.__class__ not in (str, Decimal):
        return value
    return seen.setdefault((value.__class__, str(value)), value)


def group_of(values: dict) -> tuple[str, str] | None:
    """The group kept with a report's compared values (the page's ``key`` of the report)."""
    return values[GROUP]
