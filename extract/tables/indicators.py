"""Indicator blocks (一级 / 二级 / 三级指标 … 分值 得分) rebuilt from a cell stream.

Two national layouts:

* the 项目支出绩效自评表: ``一级 | 二级 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |
  偏差原因``; level names come from the national vocabulary (``grid.level1_name``,
  ``grid.level2_name``), every other name is a leaf followed by its values;
* the 部门整体 指标体系: ``一级指标 | 分值 | 二级指标 | 分值 | 三级指标 | 分值 | 得分``; a
  name followed by one number is a group with its maximum, a name followed by two is a
  leaf, and a group goes under the open group while that group's maximum has room for it.

Provinces add columns: text a leaf reader passes over (评分标准, 指标解释: ``grid.col.criteria``,
read by ``leaves.criteria_leaf``), a reviewer's score (复核分) and a deduction (扣分) that are never
得分, a completion rate (完成率).  A leaf's values are read in the template's column order
(``leaves.py``); when empty cells were dropped the last two numbers before the next name are its
分值 and 得分 (得分 ≤ 分值: the pair proof) -- unless the form has a 复核分 or 扣分 column, where
only placements every order-keeping way agrees on are kept (``align.place``).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from ..patterns import rx
from ..read.model import Cell, Table
from .columns import Column, header_run
from .leaves import (
    add_placed,
    add_values,
    bare,
    criteria_leaf,
    joined,
    leaf_end,
    leaf_whole,
    level_of,
    read_total,
)
from .stream import StreamCell, to_number

LEAF_ORDER = ("comparator", "target", "measure", "actual", "completion", "criteria", "max", "deduction", "score", "review",
              "reason")
NAME_ROLES = {"level1", "level2", "level3"}
MAX_NAME = 40


@dataclass
class Group:
    name: str
    level: int
    max: Decimal | None
    row: int
    used: Decimal = Decimal(0)
    children: list[int] = field(default_factory=list)


def is_indicator_header(cols: list[Column]) -> bool:
    roles = {c.role for c in cols}
    if _names_carry_max(cols) or _score_only(cols):
        return True
    return "score" in roles and "max" in roles and bool(roles & NAME_ROLES or {"target", "actual"} <= roles)


def _value_roles(first: list[Column], second: list[Column]) -> list[str]:
    """The value columns of a leaf row in the header's order.  A two-row header flattened row after
    row (年度指标值 over 指标性质 | 指标值 | 度量单位) puts the second row's value columns where
    the first row's 年度指标值 stands."""
    order: list[str] = []
    below = [c.role for c in second if c.role in LEAF_ORDER]
    for col in first:
        if col.role not in LEAF_ORDER or col.role in order:
            continue
        order += [r for r in below if r not in order] if col.role == "target" and below else [col.role]
    return order


def _header_rows(cols: list[Column]) -> tuple[list[Column], list[Column]]:
    """A header's first and second row: a 一级指标 column after value columns starts the second row."""
    seen_value = False
    for k, col in enumerate(cols):
        if col.role == "level1" and seen_value:
            return cols[:k], cols[k:]
        seen_value = seen_value or col.role in LEAF_ORDER
    return cols, []


def _group_max_layout(cols: list[Column]) -> bool:
    roles = [c.role for c in cols]
    return any(a in ("level1", "level2") and b == "max" for a, b in zip(roles, roles[1:]))


def read_indicators(cells: list[StreamCell], i: int) -> tuple[Table, int] | None:
    cols, j = header_run(cells, i)
    if not is_indicator_header(cols):
        return None
    # a two-row header flattened: more header cells may follow a non-column cell (绩效指标)
    more, j2 = header_run(cells, j + 1) if j < len(cells) and cells[j].kind == "text" else ([], j)
    if more and {c.role for c in more} & NAME_ROLES:
        cols, j = cols + more, j2
    value_roles = _value_roles(*_header_rows(cols))
    names_max = _names_carry_max(cols)
    if names_max:
        value_roles = ["max", "score"]
    if "score" not in value_roles or ("max" not in value_roles and not _score_only(cols)):
        return None
    table = Table(template="indicators", strategy="lines", header_rows=1, start=cols[0].start,
                  columns=["一级指标", "二级指标", "三级指标", *value_roles], roles=["level1", "level2", "level3", *value_roles])
    table.cells = [Cell(0, k, name, header=True, role=role) for k, (name, role) in enumerate(zip(table.columns, table.roles))]
    reader = _Reader(cells, table, value_roles, _group_max_layout(cols), names_max)
    end = reader.run(j)
    if reader.rows == 0 or (names_max and not reader.sums_hold()):
        return None
    table.end = cells[end - 1].end
    return table, end


def _is_leaf(placed: list, roles: list[str]) -> bool:
    """A name whose cells read as a leaf of a form with text columns: scoring-rule text of its own, or both its
    分值 and 得分 placed (a group has one number, its maximum, and no text)."""
    got = {roles[col] for col, _, _ in placed if col is not None}
    return "criteria" in got or {"max", "score"} <= got


def _names_carry_max(cols: list[Column]) -> bool:
    """一级指标 | 二级指标 | 三级指标 | 得分 with no 分值 column: every name carries its maximum
    (相关性(5分)), as in the 部门整体支出绩效评价得分表 of 2017."""
    roles = {c.role for c in cols}
    return NAME_ROLES <= roles and "score" in roles and "max" not in roles and not _score_only(cols)


def _score_only(cols: list[Column]) -> bool:
    """一级 | 二级 | 三级指标 | 年初目标值 | 实际完成值 | 得分 with no 分值 column (云南's 项目支出绩效自评表): a leaf
    is its name, its target, its result and its score, every cell there; a leaf short of a cell is left unread (the
    score cannot be told from the result once an empty cell was dropped)."""
    roles = {c.role for c in cols}
    return (NAME_ROLES <= roles and {"target", "actual", "score"} <= roles
            and not roles & {"max", "review", "deduction", "criteria", "completion"})


class _Reader:
    def __init__(self, cells: list[StreamCell], table: Table, value_roles: list[str], group_max: bool,
                 names_max: bool = False):
        self.cells, self.table, self.value_roles, self.group_max = cells, table, value_roles, group_max
        self.names_max = names_max
        self.all_groups: list[Group] = []
        self.groups: list[Group] = []
        self.rows = 0

    def run(self, j: int) -> int:
        cells = self.cells
        while j < len(cells):
            c = cells[j]
            if c.kind != "text" or rx("grid.placeholder").search(c.compact):
                j += 1
                continue
            if rx("grid.block_end").search(c.compact) or rx("grid.total_row").search(c.compact):
                return self._total(j)
            name, n = joined(cells, j)
            if len(name) > MAX_NAME:
                return j
            level = level_of(bare(name), self._next_group(j + n))
            nums = self._numbers_after(j + n)
            named = rx("grid.name_with_max").search(name)
            if self.names_max and named and nums == 1:
                j = self._named_leaf(j, n, named)
                continue
            if "criteria" in self.value_roles and not level and not named:
                hit = criteria_leaf(cells, j + n, self.value_roles)
                if hit is not None and _is_leaf(hit[1], self.value_roles):
                    j = self._criteria_leaf(c, hit)
                    continue
            if not level and self._own_level2(j, n, name):
                level = 2
            if level == 2 and nums >= 2 and self.groups and self.groups[-1].level == 2:
                level = 0  # a leaf named with a level-2 word (社会效益 under 履职效益): it has 分值 and 得分
            elif level or (self.group_max and nums == 1) or rx("grid.name_with_max").search(name):
                j = self._group(j, n, name, level)
                continue
            if "criteria" in self.value_roles:
                hit = criteria_leaf(cells, j + n, self.value_roles)
                j = j + n if hit is None else self._criteria_leaf(c, hit)
                continue
            j = self._plain_leaf(c, j, n)
        return j

    def _plain_leaf(self, c: StreamCell, j: int, n: int) -> int:
        """The leaf named at ``j`` (``n`` cells), its values in the template's order: the index after it."""
        cells = self.cells
        if self._value_cell(c):
            return j + n  # a value of a row short of a cell (60个 | 10) names no leaf
        end = None if self.names_max else leaf_whole(cells, j + n, self.value_roles)
        if end is None and not self.names_max and "max" in self.value_roles:
            end = leaf_end(cells, j + n)
        if end is None:
            if j + n < len(cells) and (cells[j + n].kind in ("num", "pct") or self._value_cell(cells[j + n])):
                self._unread(c)
            return j + n
        self._leaf(c, cells[j + n:end])
        return end

    def _value_cell(self, c: StreamCell) -> bool:
        """In a form with no 分值 column, a cell that is a target or a result (60个, ≧3000亩, 100%), never a name."""
        return "max" not in self.value_roles and bool(rx("table.target_cell").search(c.compact))

    def _total(self, j: int) -> int:
        """The block's total row at ``j``, or after the remarks cell there (其他需要说明事项 | 无 | 总分 | 100 | 96):
        the index after it (``j`` when no total is proven)."""
        cells = self.cells
        if rx("grid.remarks_cell").search(cells[j].compact):
            for k in (j + 1, j + 2):
                if k < len(cells) and rx("grid.total_row").search(cells[k].compact) and all(
                        cells[m].kind in ("text", "dash") for m in range(j + 1, k)):
                    rows, end = read_total(cells, k, self.table, self.rows, self.value_roles)
                    if end > k:
                        self.rows = rows
                        return end
        self.rows, end = read_total(cells, j, self.table, self.rows, self.value_roles)
        return end

    def _own_level2(self, j: int, n: int, name: str) -> bool:
        """A level-2 group named outside the national list (``grid.level2_own_name``): no values of its own, right
        under a level-1 group, and a leaf with every cell there after it."""
        cells, roles = self.cells, self.value_roles
        if self.names_max or not self.groups or self.groups[-1].level != 1 or not rx("grid.level2_own_name").search(name):
            return False
        if j + n >= len(cells) or cells[j + n].kind != "text" or leaf_whole(cells, j + n, roles) is not None:
            return False
        return leaf_whole(cells, j + n + joined(cells, j + n)[1], roles) is not None

    def _criteria_leaf(self, name: StreamCell, hit: tuple[int, list]) -> int:
        self.rows += 1
        self.table.cells.append(Cell(self.rows, 2, name.text, name.start, name.end, role="level3"))
        self._ancestors(self.rows)
        add_placed(self.table, self.rows, hit[1], self.value_roles)
        return hit[0]

    def _named_leaf(self, j: int, n: int, named) -> int:
        """A leaf whose maximum is in its name and whose one number is its score (相关性(5分) | 5)."""
        c, v = self.cells[j], self.cells[j + n]
        mx, sc = to_number(named.group("max")), v.number
        if mx is None or sc is None or not 0 < mx <= 100 or not 0 <= sc <= mx:
            return j + n + 1  # a score above the name's maximum: not placed
        self.rows += 1
        if self.groups:
            self.groups[-1].used += mx
        self.table.cells.append(Cell(self.rows, 2, named.group("name"), c.start, c.end, role="level3"))
        self._ancestors(self.rows)
        at = c.start + c.text.rfind(named.group("max"))
        self.table.cells.append(Cell(self.rows, 3, named.group("max"), at, at + len(named.group("max")), role="max", proof="template"))
        self.table.cells.append(Cell(self.rows, 4, v.text, v.start, v.end, role="score", proof="pair"))
        return j + n + 1

    def _next_group(self, j: int) -> str:
        """The name at ``j`` when it heads a group: not followed by a 分值 and 得分 of its own (社会效益 | 10 | 9
        is a leaf, whatever its word)."""
        if j >= len(self.cells):
            return ""
        name, n = joined(self.cells, j)
        return "" if self._numbers_after(j + n) >= 2 else bare(name)

    def _numbers_after(self, j: int) -> int:
        k = j
        while k < len(self.cells) and self.cells[k].kind == "num":
            k += 1
        return k - j

    def _group(self, j: int, n: int, name: str, level: int) -> int:
        c = self.cells[j]
        named = rx("grid.name_with_max").search(name)
        max_cell = None
        if named:  # 产出指标(50分): the maximum inside the name's cell, or in the cell the page wrapped to
            holder = self.cells[j + n - 1] if n > 1 and rx("grid.max_cell").search(self.cells[j + n - 1].compact) else c
            offset = holder.text.rfind(named.group("max"))
            max_cell = Cell(0, None, named.group("max"), holder.start + offset, holder.start + offset + len(named.group("max")))
            name = named.group("name")
        elif self.group_max and self._numbers_after(j + n) == 1:
            m = self.cells[j + n]
            max_cell = Cell(0, None, m.text, m.start, m.end)
            n += 1
        mx = None if max_cell is None else to_number(max_cell.text)
        if not level:
            level = self._place_level(mx)
        self.groups = [g for g in self.groups if g.level < level]
        if self.groups and mx is not None:
            self.groups[-1].used += mx
        self.rows += 1
        self.table.cells.append(Cell(self.rows, level - 1, name, c.start, c.end, role=f"level{level}"))
        self._ancestors(self.rows)
        if max_cell is not None:
            max_cell.row, max_cell.role, max_cell.proof = self.rows, "group_max", "template"
            self.table.cells.append(max_cell)
        self.groups.append(Group(name, level, mx, self.rows))
        self.all_groups.append(self.groups[-1])
        return j + n

    def sums_hold(self) -> bool:
        """Every group's maximum is the sum of its parts' maxima: the proof of a layout whose maxima all sit
        in the names (a row glued to the next by a PDF copy breaks it)."""
        return all(g.max is None or g.used == g.max for g in self.all_groups)

    def _place_level(self, mx: Decimal | None) -> int:
        """A group with no level word: under the open group while its maximum has room, else a new top group."""
        for g in reversed(self.groups):
            if g.max is not None and mx is not None and g.used + mx <= g.max:
                return min(g.level + 1, 2)
        return 1

    def _leaf(self, name: StreamCell, values: list[StreamCell]) -> None:
        self.rows += 1
        r = self.rows
        self.table.cells.append(Cell(r, 2, name.text, name.start, name.end, role="level3"))
        self._ancestors(r)
        add_values(self.table, r, values, self.value_roles)
        placed = {c.role for c in self.table.row_cells(r) if c.proof}
        if values and not placed & {"max", "score"}:
            self._unread(name)

    def _unread(self, name: StreamCell) -> None:
        """A leaf with values whose 分值 and 得分 cannot be told apart: said, not guessed."""
        self.table.warnings.append(f"indicator row {name.text}: its 分值 and 得分 cannot be told apart; left unread")

    def _ancestors(self, row: int) -> None:
        """The open groups' names on a row (the cells a merged 一级/二级 cell covers; no text span of their own)."""
        for g in self.groups:
            if g.row != row:
                self.table.cells.append(Cell(row, g.level - 1, g.name, -1, -1, role=f"level{g.level}"))

