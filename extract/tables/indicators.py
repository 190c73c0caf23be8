"""Indicator blocks (一级 / 二级 / 三级指标 … 分值 得分) rebuilt from a cell stream.

Two national layouts:

* the 项目支出绩效自评表: ``一级 | 二级 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |
  偏差原因``; level names come from the national vocabulary (``grid.level1_name``,
  ``grid.level2_name``), every other name is a leaf followed by its values;
* the 部门整体 指标体系: ``一级指标 | 分值 | 二级指标 | 分值 | 三级指标 | 分值 | 得分``; a
  name followed by one number is a group with its maximum, a name followed by two is a
  leaf, and a group goes under the open group while that group's maximum has room for it.

A leaf's values are read in the template's column order; when empty cells were dropped
the last two numbers before the next name are its 分值 and 得分 (得分 ≤ 分值: the pair
proof) and the values before them its 年度指标值 / 实际完成值.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from ..read.model import Cell, Table
from .columns import Column, header_run, rx
from .stream import StreamCell, to_number

#: total cells whose lone number is not proven to be the score (合计 | 100 may be the 分值 sum)
LOOSE_TOTALS = ("合计", "总计")
LEAF_ORDER = ("comparator", "target", "measure", "actual", "max", "score", "reason")
NAME_ROLES = {"level1", "level2", "level3"}
MAX_VALUES = 9
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
    if _names_carry_max(cols):
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


def _joined(cells: list[StreamCell], j: int) -> tuple[str, int]:
    """A name cell, joined with a following lone ``指标`` (社会效益 / 指标) -- one cell the page wrapped."""
    if j + 1 < len(cells) and cells[j + 1].compact == "指标" and not cells[j].compact.endswith("指标"):
        return cells[j].compact + "指标", 2
    return cells[j].compact, 1


def _bare(name: str) -> str:
    """A name without its bracketed maximum (产出指标(50分) -> 产出指标)."""
    m = rx("grid.name_with_max").search(name)
    return m.group("name") if m else name


def _level(name: str, next_name: str = "") -> int:
    """1 or 2 for a name of the national vocabulary, else 0.  A name of both lists (成本指标: level 1
    in the 2021 template, level 2 before; 项目效益) is level 1 when a level-2 group name follows it
    (``next_name``: empty when what follows is a leaf)."""
    one, two = rx("grid.level1_name").search(name), rx("grid.level2_name").search(name)
    if one and two:
        return 1 if next_name and rx("grid.level2_name").search(next_name) else 2
    return 1 if one else 2 if two else 0


def _leaf_end(cells: list[StreamCell], j: int) -> int | None:
    """Index after a leaf's values from ``j`` on: through its last run of two or more numbers
    (and a reason cell after it); None when a level name or the table's end comes first."""
    k, run = j, 0
    while k < len(cells) and k - j < MAX_VALUES:
        c = cells[k]
        if c.kind == "num":
            run += 1
        elif run >= 2:
            break
        else:
            run = 0
            if c.kind == "text" and (_level(_bare(_joined(cells, k)[0])) or rx("grid.name_with_max").search(c.compact) or rx("grid.block_end").search(c.compact)
                                     or rx("grid.placeholder").search(c.compact)):
                return None
        k += 1
    if run < 2:
        return None
    if k < len(cells) and cells[k].kind == "text" and rx("grid.reason_cell").search(cells[k].text):
        k += 1
    return k


def _ends_rows(cell: StreamCell) -> bool:
    """A cell that cannot be a leaf's value: a level name, a group with its maximum, the table's end."""
    return cell.kind == "text" and bool(_level(_bare(cell.compact)) or rx("grid.name_with_max").search(cell.compact)
                                        or rx("grid.block_end").search(cell.compact))


def _leaf_whole(cells: list[StreamCell], j: int, roles: list[str]) -> int | None:
    """Index after a leaf whose every value cell is there, in the header's order (分值 may come before
    年度指标值): 分值 and 得分 numbers with 得分 ≤ 分值, no level name among them; a reason cell
    after them is taken when it reads as one."""
    core = [r for r in roles if r != "reason"]
    part = cells[j:j + len(core)]
    if len(part) < len(core) or any(_ends_rows(c) for c in part):
        return None
    if any(c.kind != "num" for c, r in zip(part, core) if r in ("max", "score")):
        return None
    if not _pair_ok(part, core.index("max"), core.index("score")):
        return None
    end = j + len(core)
    if "reason" in roles and end < len(cells) and cells[end].kind == "text" and rx("grid.reason_cell").search(cells[end].text):
        end += 1
    return end


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
    if "max" not in value_roles or "score" not in value_roles:
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


def _names_carry_max(cols: list[Column]) -> bool:
    """一级指标 | 二级指标 | 三级指标 | 得分 with no 分值 column: every name carries its maximum
    (相关性(5分)), as in the 部门整体支出绩效评价得分表 of 2017."""
    roles = {c.role for c in cols}
    return NAME_ROLES <= roles and "score" in roles and "max" not in roles


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
            name, n = _joined(cells, j)
            if len(name) > MAX_NAME:
                return j
            level = _level(_bare(name), self._next_group(j + n))
            nums = self._numbers_after(j + n)
            named = rx("grid.name_with_max").search(name)
            if self.names_max and named and nums == 1:
                j = self._named_leaf(j, n, named)
                continue
            if level == 2 and nums >= 2 and self.groups and self.groups[-1].level == 2:
                level = 0  # a leaf named with a level-2 word (社会效益 under 履职效益): it has 分值 and 得分
            elif level or (self.group_max and nums == 1) or rx("grid.name_with_max").search(name):
                j = self._group(j, n, name, level)
                continue
            end = None if self.names_max else _leaf_whole(cells, j + n, self.value_roles) or _leaf_end(cells, j + n)
            if end is None:
                j += n
                continue
            self._leaf(c, cells[j + n:end])
            j = end
        return j

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
        name, n = _joined(self.cells, j)
        return "" if self._numbers_after(j + n) >= 2 else _bare(name)

    def _numbers_after(self, j: int) -> int:
        k = j
        while k < len(self.cells) and self.cells[k].kind == "num":
            k += 1
        return k - j

    def _group(self, j: int, n: int, name: str, level: int) -> int:
        c = self.cells[j]
        named = rx("grid.name_with_max").search(name)
        max_cell = None
        if named:  # 产出指标(50分): the maximum inside the name's cell
            offset = c.text.rfind(named.group("max"))
            max_cell = Cell(0, None, named.group("max"), c.start + offset, c.start + offset + len(named.group("max")))
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
        for col, v, proof in _place_leaf(values, self.value_roles):
            role = self.value_roles[col] if col is not None else ""
            self.table.cells.append(Cell(r, None if col is None else 3 + col, v.text, v.start, v.end, role=role, proof=proof))

    def _ancestors(self, row: int) -> None:
        """The open groups' names on a row (the cells a merged 一级/二级 cell covers; no text span of their own)."""
        for g in self.groups:
            if g.row != row:
                self.table.cells.append(Cell(row, g.level - 1, g.name, -1, -1, role=f"level{g.level}"))

    def _past_empty(self, k: int) -> int:
        """The next cell that is not an empty cell of a real grid (a merged or blank cell of a 总分 row)."""
        while k < len(self.cells) and not self.cells[k].text:
            k += 1
        return k

    def _total(self, j: int) -> int:
        c = self.cells[j]
        k = self._past_empty(j + 1)
        nums = []
        while k < len(self.cells) and self.cells[k].kind == "num" and len(nums) < 2:
            nums.append(self.cells[k])
            k = self._past_empty(k + 1) if len(nums) < 2 else k + 1
        pair = len(nums) == 2 and nums[1].number <= nums[0].number
        if not rx("grid.total_row").search(c.compact) or not nums or (c.compact in LOOSE_TOTALS and not pair):
            return j  # 合计 | 100 alone: the form's 分值 sum or its score, not proven
        self.rows += 1
        self.table.cells.append(Cell(self.rows, 0, c.text, c.start, c.end, role="total"))
        roles = ["max", "score"] if pair else ["score"]
        for v, role in zip(nums if pair else nums[-1:], roles):
            col = 3 + self.value_roles.index(role) if role in self.value_roles else None
            self.table.cells.append(Cell(self.rows, col, v.text, v.start, v.end, role=role, proof="pair"))
        k = self._past_empty(k)
        if k < len(self.cells) and rx("grid.total_grade").search(self.cells[k].compact):
            g = self.cells[k]  # 总分 | 100 | 96 | 优: the form's grade
            self.table.cells.append(Cell(self.rows, None, g.text, g.start, g.end, role="grade", proof="template"))
            k += 1
        return k


def _place_leaf(values: list[StreamCell], roles: list[str]) -> list[tuple[int | None, StreamCell, str]]:
    """(column index among ``roles``, cell, proof) for a leaf's values."""
    if len(values) == len(roles):  # every cell present: as it stands (a 得分 above its 分值 is for the checks)
        return [(k, v, "complete") for k, v in enumerate(values)]
    core = [k for k, r in enumerate(roles) if r != "reason"]
    if len(values) == len(core) and len(core) < len(roles):  # every cell but an empty reason
        return [(k, v, "complete") for k, v in zip(core, values)]
    last = max(k for k, v in enumerate(values) if v.kind == "num")
    if last < 1 or values[last - 1].kind != "num" or not _pair_ok(values, last - 1, last):
        return [(None, v, "") for v in values]
    out: list[tuple[int | None, StreamCell, str]] = [(roles.index("max"), values[last - 1], "pair"),
                                                     (roles.index("score"), values[last], "pair")]
    before = values[:last - 1]
    pre_roles = [r for r in roles if r in ("comparator", "target", "measure", "actual")]
    if len(before) == len(pre_roles):
        out += [(roles.index(r), v, "template") for r, v in zip(pre_roles, before)]
    elif len(before) == 2 and {"target", "actual"} <= set(roles):
        out += [(roles.index("target"), before[0], "template"), (roles.index("actual"), before[1], "template")]
    else:
        out += [(None, v, "") for v in before]
    out += [(roles.index("reason") if "reason" in roles else None, v, "template") for v in values[last + 1:]]
    return out


def _pair_ok(values: list[StreamCell], i: int, k: int) -> bool:
    mx, sc = values[i].number, values[k].number
    return mx is not None and sc is not None and 0 < mx <= 100 and 0 <= sc <= mx


MIN_MARKED = 3
MARKED_ROLES = ["target", "actual", "max", "score", "reason"]


def _marked(cell: StreamCell) -> bool:
    m = rx("grid.leaf_marker").search(cell.compact)
    return cell.kind == "text" and m is not None and bool(m.group("name"))


def read_marked(cells: list[StreamCell], i: int) -> tuple[Table, int] | None:
    """Leaves numbered by the printed form (指标1:… 指标2:…) whose header was lost or scrambled:
    three or more in a row, each ``name target actual 分值 得分``."""
    if not _marked(cells[i]):
        return None
    table = Table(template="indicators", strategy="lines", header_rows=1, start=cells[i].start,
                  columns=["一级指标", "二级指标", "三级指标", *MARKED_ROLES], roles=["level1", "level2", "level3", *MARKED_ROLES])
    reader = _Reader(cells, table, MARKED_ROLES, False)
    j, leaves = i, 0
    while j < len(cells) and _marked(cells[j]):
        end = _leaf_end(cells, j + 1)
        if end is None:
            break
        reader._leaf(cells[j], cells[j + 1:end])
        leaves, j = leaves + 1, end
    if leaves < MIN_MARKED:
        return None
    table.end = cells[j - 1].end
    return table, j
