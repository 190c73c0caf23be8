"""Indexed questions about spans of text, so that no stage compares every figure with every other.

:class:`Cover` answers "does a start or an end fall inside one of these spans" (blocked spans:
tables already read, dates, document numbers) with two binary searches; :class:`Disjoint`
keeps spans that never overlap (the figures kept so far) and answers "would this one overlap".
:class:`SectionIndex` finds the innermost section at an offset by bisection, and :func:`last_stop` the
sentence end before an offset.  All give exactly
the answers of the pairwise comparisons they replace.
"""
from __future__ import annotations

import functools
import re
from bisect import bisect_left, bisect_right, insort
from collections.abc import Iterable

from ..models import Section


class Cover:
    """The union of half-open spans ``[a, b)``; ``blocks(s, e)`` is ``any(a <= s < b or a < e <= b)``.

    >>> cover = Cover([(10, 20), (15, 30), (40, 40)])
    >>> [cover.blocks(s, e) for s, e in ((0, 10), (0, 11), (29, 35), (30, 35), (5, 45), (40, 41))]
    [False, True, True, False, False, False]
    """

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        for a, b in sorted(s for s in spans if s[0] < s[1]):
            if self.ends and a <= self.ends[-1]:
                self.ends[-1] = max(self.ends[-1], b)
            else:
                self.starts.append(a)
                self.ends.append(b)

    def covers(self, point: int) -> bool:
        i = bisect_right(self.starts, point) - 1
        return i >= 0 and point < self.ends[i]

    def blocks(self, start: int, end: int) -> bool:
        """A start inside a span, or an end inside one (``a < end <= b`` is ``end - 1`` covered)."""
        return self.covers(start) or self.covers(end - 1)


class Disjoint:
    """Spans no two of which overlap; ``overlaps(s, e)`` is ``any(not (e <= a or s >= b))`` over them.

    >>> kept = Disjoint()
    >>> kept.add(10, 20); kept.add(30, 40)
    >>> [kept.overlaps(s, e) for s, e in ((0, 10), (19, 25), (20, 30), (5, 50), (35, 35), (20, 20))]
    [False, True, False, True, True, False]
    """

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.points: list[int] = []  # empty spans [p, p): they overlap only a span strictly around p

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect_left(self.starts, end) - 1  # the last span starting before ``end`` ends furthest
        if i >= 0 and self.ends[i] > start:
            return True
        j = bisect_right(self.points, start)
        return j < len(self.points) and self.points[j] < end

    def add(self, start: int, end: int) -> None:
        if start == end:
            insort(self.points, start)
            return
        i = bisect_left(self.starts, start)
        self.starts.insert(i, start)
        self.ends.insert(i, end)


class SectionIndex:
    """Sections holding an offset, for many offsets: each stretch between section boundaries found once.

    Between two consecutive starts or ends the sections holding an offset do not change, so one sweep
    over the boundaries lists them for every stretch, and a look-up is one bisection.  ``at`` is
    :func:`~extract.text.segment.section_at` (the innermost: highest level, the later one on a tie).
    """

    def __init__(self, sections: list[Section]) -> None:
        self.sections = sections
        self.points = sorted({p for s in sections if s.start < s.end for p in (s.start, s.end)})
        opening: dict[int, list[int]] = {}
        for i, s in enumerate(sections):
            if s.start < s.end:
                opening.setdefault(s.start, []).append(i)
        active: list[int] = []  # list indexes of the sections open, ascending
        self.holders: list[tuple[int, ...]] = []
        self.innermost: list[int | None] = []
        for p in self.points:
            active = [i for i in active if sections[i].end > p]
            for i in opening.get(p, ()):
                insort(active, i)
            self.holders.append(tuple(active))
            self.innermost.append(max(active, key=lambda i: (sections[i].level, i)) if active else None)

    def _stretch(self, offset: int) -> int:
        return bisect_right(self.points, offset) - 1

    def holding(self, offset: int) -> tuple[int, ...]:
        """List indexes of the sections whose span holds ``offset``, in list order."""
        k = self._stretch(offset)
        return self.holders[k] if k >= 0 else ()

    def index_at(self, offset: int) -> int | None:
        """The list index of the innermost section holding ``offset``, or None."""
        k = self._stretch(offset)
        return self.innermost[k] if k >= 0 else None

    def at(self, offset: int) -> Section | None:
        i = self.index_at(offset)
        return None if i is None else self.sections[i]


@functools.lru_cache(maxsize=8)
def _stop_positions(text: str, stops: str) -> list[int]:
    return [m.start() for m in re.finditer(f"[{re.escape(stops)}]", text)]


def last_stop(text: str, pos: int, stops: str = "。；;\n") -> int:
    r"""``max(text.rfind(c, 0, pos) for c in stops)`` by bisection: -1 when no stop comes before ``pos``.

    (The scan reads back to the start of the text whenever one of the stops is missing from it.)

    >>> [last_stop("收入100。支出；90\n结余", p) for p in (0, 5, 6, 9, 12)]
    [-1, -1, 5, 8, 11]
    """
    where = _stop_positions(text, stops)
    k = bisect_left(where, min(pos, len(text)) if pos >= 0 else len(text) + pos)
    return where[k - 1] if k else -1
