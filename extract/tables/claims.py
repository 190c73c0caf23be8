"""How the grid's figures sit beside the other readers' and the report's own facts.

* :class:`Claimed`: the text spans of cells read from a grid; figures that other readers
  found inside them are dropped (a cell is read once, by the grid).
* :func:`link_groups`: a table score item's ``parent`` is the scored group it stands under.
* :func:`year_keys`: an amount of a year column states a headline figure only in the
  evaluated year's 决算 column.
"""
from __future__ import annotations

import bisect
from collections.abc import Sequence
from typing import TypeVar

from ..models import Mention, ScoreItem
from ..text.segment import to_simplified
from ..values import labels

T = TypeVar("T", Mention, ScoreItem)
YEAR_KEYS = {"expenditure_total", "expenditure_basic", "expenditure_project", "income_total", "income_fiscal"}


class Claimed:
    """Sorted, merged spans with an overlap test in O(log n)."""

    def __init__(self, spans: Sequence[tuple[int, int]]):
        merged: list[list[int]] = []
        for a, b in sorted(s for s in spans if s[0] < s[1]):
            if merged and a <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        self.starts = [a for a, _ in merged]
        self.ends = [b for _, b in merged]

    def overlaps(self, start: int, end: int) -> bool:
        k = bisect.bisect_right(self.starts, end - 1) - 1
        return k >= 0 and self.ends[k] > start

    def outside(self, items: list[T]) -> list[T]:
        return [x for x in items if not self.overlaps(x.start, x.end)]


def link_groups(items: list[ScoreItem]) -> None:
    """Set ``parent`` of table items that name their group, to the nearest scored group item before them; a
    group whose level is not known stands one level above a child whose level is (数量指标(10分) over its
    level-3 rows is level 2)."""
    last: dict[str, int] = {}
    for k, item in enumerate(items):
        if item.origin != "table":
            continue
        if item.group and item.parent is None:
            parent = last.get(item.group.split(" / ")[-1])
            if parent is not None:
                item.parent = parent
                group = items[parent]
                if group.level is None and item.level is not None and item.level > 1:
                    group.level = item.level - 1
        last[item.item] = k


def year_keys(mentions: list[Mention], year: int | None) -> None:
    """Headline keys for year-column amounts: the evaluated year's 决算 column only."""
    for m in mentions:
        if m.year is None or m.row is None:
            continue
        key = labels.headline_key(to_simplified(m.row).rstrip(":："), scoped=False)
        m.key = key if key in YEAR_KEYS and m.year == year and m.basis == "决算" and not m.row.startswith("其中") else None
