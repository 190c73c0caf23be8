"""Group cells that hold their name and their weight, copied with the cell's lines side by side.

An indicator table often writes a group's maximum in the group's own cell, under its name
(项目决策 / 2分, 产出 / 指标 / 40分) or in a 项目权重 column beside it (项目 | 项目权重 | 评价内容 | 分值 | 自评分 |
复核分 | 评价标准及依据, the 湖北 财政预算支出项目绩效目标自评表); a PDF copy that keeps spaces between cells gives
``项目决策 2 分`` and ``产出 指标 40 分``.  Such a cell is read as a group item (its maximum, no score) only
where it proves itself: the name, its spaces removed, is a group of the national frameworks
(``grid.level1_name`` / ``grid.level2_name``), the weight stands as a cell of its own (``table.group_weight``),
and the table holds at least two of them.  Up to the next group, on the weight's line and the next lines
that open with a row, a name followed by two numbers standing as cells (``table.spaced_leaf``: 决策依据 2 2),
its 分值 within the group's weight and its 得分 within its 分值, is a row of the group; the scoring rules' sentences between rows (计 2 分, 扣 0.5 分) are no rows.  Levels are not
claimed: where a 项目绩效 group stands over 产出指标 the frameworks' words do not tell the depth.

>>> text = "项目权重 评价内容 分值 自评分 项目决策 5 分 决策依据 2 2 有计划计2分。 财务制度 3 3 产出 指标 40 分 项目 绩效 85 分 农村"
>>> [(text[r.name[0]:r.name[1]], text[r.max[0]:r.max[1]], r.score and text[r.score[0]:r.score[1]])
...  for r in weight_rows(text)]
[('项目决策', '5', None), ('决策依据', '2', '2'), ('财务制度', '3', '3'), ('产出 指标', '40', None), ('项目 绩效', '85', None)]
"""
from __future__ import annotations

from decimal import Decimal

import regex

from ...patterns import rx
from .score_rows import ScoreRow

MIN_GROUPS = 2  # one weight cell alone may be a sentence's figure; a table has several groups
ROWS_WITHIN = 400  # characters after a group's weight that its rows (and their rules' sentences) may take
_TOKEN = regex.compile(r"\S+")


def _name_before(text: str, pos: int) -> tuple[int, int] | None:
    """The group name in the one or two tokens before ``pos`` (项目管理, 产出 指标), or None."""
    lo = max(0, text.rfind("\n", 0, pos) + 1, pos - 40)
    tokens = list(_TOKEN.finditer(text, lo, pos))
    for n in (1, 2):
        if len(tokens) < n:
            break
        part = tokens[-n:]
        name = "".join(t.group() for t in part)
        if regex.fullmatch(r"\p{Han}{2,10}", name) and (
                rx("grid.level1_name").search(name) or rx("grid.level2_name").search(name)):
            return part[0].start(), part[-1].end()
    return None


def _leaves(text: str, group: str, weight: Decimal, lo: int, hi: int) -> list[ScoreRow]:
    out = []
    for m in rx("table.spaced_leaf").finditer(text, lo, hi):
        top, got = Decimal(m.group("max")), Decimal(m.group("score"))
        if got <= top <= weight:
            out.append(ScoreRow(m.span("name"), m.span("max"), m.span("score"), group=group, proof="weight"))
    return out


def weight_rows(text: str) -> list[ScoreRow]:
    """Group items (name and maximum, no score) of the weight cells in ``text``, where a table holds two or
    more, and the rows of each group."""
    groups = []
    for m in rx("table.group_weight").finditer(text):
        name = _name_before(text, m.start())
        if name is not None:
            groups.append((name, m))
    if len(groups) < MIN_GROUPS:
        return []
    rows = []
    for k, (name, m) in enumerate(groups):
        rows.append(ScoreRow(name, m.span("max"), proof="weight"))
        end = groups[k + 1][0][0] if k + 1 < len(groups) else len(text)
        hi = _rows_end(text, m.end(), min(end, m.end() + ROWS_WITHIN))
        group = regex.sub(r"\s+", "", text[name[0]:name[1]])
        rows += _leaves(text, group, Decimal(m.group("max")), m.end(), hi)
    return rows


def _rows_end(text: str, pos: int, limit: int) -> int:
    """Where a group's rows end: its weight's line, and each next line that opens with a row (a table copied
    one row a line: 目标申报 5 4 按时申报计5分。), up to ``limit``."""
    end = _line_end(text, pos)
    while end < limit and rx("table.spaced_leaf").match(text, end + 1, _line_end(text, end + 1)):
        end = _line_end(text, end + 1)
    return min(end, limit)


def _line_end(text: str, pos: int) -> int:
    found = text.find("\n", pos)
    return len(text) if found < 0 else found
