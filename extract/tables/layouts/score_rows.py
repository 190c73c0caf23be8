"""Score rows read by the glued indicator readers, as the one table model.

The readers of score tables whose cell borders were lost (``score_table``, ``score_groups``,
``score_column``, ``score_pairs``) find, for each row, where its name, its 分值 and its 得分 stand in
the text; :func:`as_grid` turns those rows into a :class:`Table` with header roles (三级指标 | 分值 |
得分), so that their score items come from grid cells through ``tables/figures.py`` like every
other table's, keeping the group a name carried (质量指标渔船补贴发放率) and a leaf's mark (★, 指标1:).  A row's
name stands in the column of its level where the reader proved it (``ScoreRow.level``, the name cell's proof
``depth``), else in the 三级指标 column with its depth unknown.

>>> text = "★补助鱼塘面积 5 5 总分 100"
>>> grid = as_grid([ScoreRow((0, 7), (8, 9), (10, 11)), ScoreRow((12, 14), score=(15, 18), total=True)], text, "pairs")
>>> [(c.text, c.role) for c in grid.cells if c.start >= 0]
[('★补助鱼塘面积', 'level3'), ('5', 'max'), ('5', 'score'), ('总分', 'total'), ('100', 'score')]
"""
from __future__ import annotations

from dataclasses import dataclass

from ...patterns import rx
from ...read.model import Cell, Table

Span = tuple[int, int]
COLUMNS = ["一级指标", "二级指标", "三级指标", "分值", "得分"]
ROLES = ["level1", "level2", "level3", "max", "score"]
NAME_KEEP = 16  # a name read from a run of text keeps its last characters: the header words before it go


@dataclass
class ScoreRow:
    name: Span | None  # where the item's name stands (None: the row names none)
    max: Span | None = None
    score: Span | None = None
    total: bool = False  # a 总分 / 合计 row: the form's overall score
    group: str = ""  # a group's name glued in front of the item's (质量指标渔船补贴发放率)
    proof: str = "pair"  # why these numbers are the row's 分值 and 得分
    level: int | None = None  # the item's depth where the reader proved it (the header's 三级指标 column, a level-2 group)

    @property
    def start(self) -> int:
        return min(s[0] for s in (self.max, self.score) if s is not None)

    @property
    def end(self) -> int:
        return max(s[1] for s in (self.max, self.score) if s is not None)


def name_span(text: str, start: int, end: int, keep: int = NAME_KEEP) -> Span:
    """The span of a name in ``text[start:end]`` without the spaces around it, cut to its last ``keep``
    characters that are not spaces (header words glued in front of it go).

    >>> name_span("  指标名称得分合计项目目标完整性 ", 0, 18, keep=7)
    (10, 17)
    """
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while sum(not ch.isspace() for ch in text[start:end]) > keep:
        start += 1
    while start < end and text[start].isspace():
        start += 1
    return start, end


def leaf_under(group: str) -> int | None:
    """The level of a row under ``group``: 3 under a level-2 group of the national frameworks (数量指标, 科学决策),
    else not known (under a level-1 group a row may be a level-2 item or a leaf whose level-2 cell was lost).

    >>> leaf_under("质量指标"), leaf_under("项目决策"), leaf_under("")
    (3, None, None)
    """
    return 3 if group and rx("grid.level2_name").search(group) else None


def as_grid(rows: list[ScoreRow], text: str, strategy: str) -> Table:
    """The rows as one table of the ``score_rows`` template, every figure in a cell with its span."""
    table = Table(template="score_rows", strategy=strategy, header_rows=1, columns=list(COLUMNS), roles=list(ROLES))
    table.cells = [Cell(0, k, name, header=True, role=role) for k, (name, role) in enumerate(zip(COLUMNS, ROLES))]
    for r, row in enumerate(rows, start=1):
        if row.group:
            table.cells.append(Cell(r, 1, row.group, role="level2"))  # named, not a cell of its own in the text
        s, e = row.name if row.name is not None else (row.start, row.start)  # no name: an empty name cell
        role = "total" if row.total else f"level{row.level or 3}"
        table.cells.append(Cell(r, 0 if row.total else (row.level or 3) - 1, text[s:e], s, e, role=role,
                                proof="depth" if row.level else ""))
        for span, role in ((row.max, "max"), (row.score, "score")):
            if span is not None:
                table.cells.append(Cell(r, ROLES.index(role), text[span[0]:span[1]], span[0], span[1], role=role,
                                        proof=row.proof))
    if rows:
        table.start, table.end = min(r.start for r in rows), max(r.end for r in rows)
    return table
