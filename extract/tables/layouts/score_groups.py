"""Glued indicator rows proven by their group's maximum.

When a table's cell borders are lost and its header is unreadable (OCR), a row such as
``项目目标完整性4一目标明确、内容细化4`` can still be read in the standard layout
名称 | 分值 | 指标值 | 实际值 | 得分 - but only as a hypothesis: 分值 may be one or two digits.
The group heading above the rows states the group's maximum (项目决策(10分)); the rows are
accepted only when exactly one reading of the whole group adds up to it.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ...patterns import load_patterns, rx
from .score_rows import ScoreRow, leaf_under, name_span

_MAX_SOLUTIONS = 2  # we only need to know whether the reading is unique


@dataclass
class _Row:
    name: tuple[int, int]  # where the name stands
    max: Decimal
    score: Decimal
    start: int  # of the 分值
    end: int  # of the 得分
    body: tuple[int, int]  # the value cells between them

    @property
    def score_span(self) -> tuple[int, int]:
        return self.body[1], self.end


def _readings(text: str, pos: int, hi: int):
    """Possible rows starting at ``pos``: a one- or two-digit 分值, then any 得分 ≤ it within 40 characters."""
    for rule in ("score.glued_head_1", "score.glued_head_2"):
        head = rx(rule).match(text, pos, hi)
        if not head:
            continue
        top = Decimal(head.group("max"))
        for tail in rx("score.glued_tail").finditer(text, head.end() + 1, min(hi, head.end() + 41)):
            if "\n" in text[head.end():tail.start()]:
                break
            if Decimal(tail.group("score")) <= top:
                yield _Row(head.span("name"), top, Decimal(tail.group("score")), head.start("max"), tail.end(),
                           (head.end(), tail.start()))


class _Budget:
    """A bound on the search, so that no text makes it slow: past it the group is left unread."""

    def __init__(self, steps: int = 4000):
        self.steps = steps

    def spend(self) -> bool:
        self.steps -= 1
        return self.steps >= 0


def _parses(text: str, pos: int, hi: int, left: Decimal, budget: _Budget, depth: int = 0):
    """Ways to read text[pos:hi] as rows whose maxima add up to ``left`` (a trailing remainder is allowed)."""
    if left == 0:
        yield []
        return
    if depth > 20:
        return
    for row in _readings(text, pos, hi):
        if not budget.spend():
            raise _Exhausted
        if row.max <= left:
            for rest in _parses(text, row.end, hi, left - row.max, budget, depth + 1):
                yield [row, *rest]


class _Exhausted(Exception):
    """The search budget ran out: the group's reading is unsure."""


def _group_name(name: str) -> str:
    """A group's name without the header words glued in front of it (…改进措施项目决策 -> 项目决策)."""
    return rx("score.header_prefix").sub("", name, count=1) or name


def grouped_rows(text: str) -> tuple[list[ScoreRow], list[tuple[int, int]]]:
    """Rows of every group whose maxima add up to the group's stated maximum, read one way only;
    and the spans of their value cells (to be read for amounts on their own)."""
    groups = list(load_patterns().finditer("score.group_header", text))
    rows: list[ScoreRow] = []
    bodies: list[tuple[int, int]] = []
    for k, g in enumerate(groups):
        end = groups[k + 1].start() if k + 1 < len(groups) else min(len(text), g.end() + 400)
        found: list[list[_Row]] = []
        try:
            for parse in _parses(text, g.end(), end, Decimal(g.group("max")), _Budget()):
                found.append(parse)
                if len(found) >= _MAX_SOLUTIONS:
                    break
        except _Exhausted:
            continue
        if len(found) != 1:
            continue
        group = _group_name(g.group("name"))
        for row in found[0]:
            rows.append(ScoreRow(name_span(text, *row.name), (row.start, row.body[0]), row.score_span,
                                 group=group, proof="sum", level=leaf_under(group)))
            bodies.append(row.body)
    return rows, bodies
