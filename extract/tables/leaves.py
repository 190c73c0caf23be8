"""A leaf row's values, an indicator block's total row, and leaves numbered by the printed form.

A leaf's values are read in the template's column order; when empty cells were dropped the
last two numbers before the next name are its 分值 and 得分 (得分 ≤ 分值: the pair proof) and
the values before them its 年度指标值 / 实际完成值.
"""
from __future__ import annotations

from ..patterns import rx
from ..read.model import Cell, Table
from .align import place
from .stream import StreamCell

#: total cells whose lone number is not proven to be the score (合计 | 100 may be the 分值 sum)
LOOSE_TOTALS = ("合计", "总计")
MAX_VALUES = 9
MAX_CRITERIA_CELLS = 16  # a leaf's cells when a scoring rule took several lines


def joined(cells: list[StreamCell], j: int) -> tuple[str, int]:
    """A name cell, joined with a following lone ``指标`` (社会效益 / 指标) or a lone maximum (投入 / (15分)) --
    one cell the page wrapped."""
    if j + 1 < len(cells) and cells[j + 1].compact == "指标" and not cells[j].compact.endswith("指标"):
        return cells[j].compact + "指标", 2
    if j + 1 < len(cells) and rx("grid.max_cell").search(cells[j + 1].compact) \
            and not rx("grid.name_with_max").search(cells[j].compact):
        return cells[j].compact + cells[j + 1].compact, 2
    return cells[j].compact, 1


def bare(name: str) -> str:
    """A name without its bracketed maximum (产出指标(50分) -> 产出指标)."""
    m = rx("grid.name_with_max").search(name)
    return m.group("name") if m else name


def level_of(name: str, next_name: str = "") -> int:
    """1 or 2 for a name of the national vocabulary, else 0.  A name of both lists (成本指标: level 1
    in the 2021 template, level 2 before; 项目效益) is level 1 when a level-2 group name follows it
    (``next_name``: empty when what follows is a leaf)."""
    one, two = rx("grid.level1_name").search(name), rx("grid.level2_name").search(name)
    if one and two:
        return 1 if next_name and rx("grid.level2_name").search(next_name) else 2
    return 1 if one else 2 if two else 0


def leaf_end(cells: list[StreamCell], j: int) -> int | None:
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
            if c.kind == "text" and (level_of(bare(joined(cells, k)[0])) or rx("grid.name_with_max").search(c.compact) or rx("grid.block_end").search(c.compact)
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
    return cell.kind == "text" and bool(level_of(bare(cell.compact)) or rx("grid.name_with_max").search(cell.compact)
                                        or rx("grid.block_end").search(cell.compact))


def leaf_whole(cells: list[StreamCell], j: int, roles: list[str]) -> int | None:
    """Index after a leaf whose every value cell is there, in the header's order (分值 may come before
    年度指标值): 分值 and 得分 numbers with 得分 ≤ 分值 (or a kept empty 得分 cell: a form filled with its
    分值 alone), no level name among them; a reason cell after them is taken when it reads as one."""
    core = [r for r in roles if r != "reason"]
    part = cells[j:j + len(core)]
    if len(part) < len(core) or any(_ends_rows(c) for c in part):
        return None
    if "max" not in core:  # a form with no 分值 column: its 得分, a number no greater than 100
        return j + len(core) if part[core.index("score")].kind == "num" and _max_ok(part[core.index("score")], 0) else None
    unscored = part[core.index("score")].text == ""  # a kept empty cell: the form left its 得分 blank
    if any(c.kind != "num" for c, r in zip(part, core) if r == "max" or (r == "score" and not unscored)):
        return None
    if not (pair_ok(part, core.index("max"), core.index("score")) or unscored and _max_ok(part[core.index("max")])):
        return None
    for extra in ("review", "deduction"):  # 复核分 and 扣分 are numbers no greater than 分值
        if extra in core and not (part[core.index(extra)].kind == "num" and pair_ok(part, core.index("max"), core.index(extra))):
            return None
    end = j + len(core)
    if "reason" in roles and end < len(cells) and cells[end].kind == "text" and rx("grid.reason_cell").search(cells[end].text):
        end += 1
    return end


def read_total(cells: list[StreamCell], j: int, table: Table, rows: int,
           value_roles: list[str]) -> tuple[int, int]:
    """The indicator block's total row at ``j`` (总分 | 100 | 96 [| 优]): the rows now in ``table`` and the
    index after it (``j`` when its figures are not proven)."""
    numeric = [r for r in value_roles if r in ("max", "deduction", "score", "review")]
    if len(numeric) > 2:
        return _total_in_order(cells, j, table, rows, value_roles, numeric)
    c = cells[j]
    k = _past_empty(cells, j + 1)
    nums = []
    while k < len(cells) and cells[k].kind == "num" and len(nums) < 2:
        nums.append(cells[k])
        k = _past_empty(cells, k + 1) if len(nums) < 2 else k + 1
    pair = len(nums) == 2 and nums[1].number <= nums[0].number
    if rx("grid.total_row").search(c.compact) and nums and c.compact in LOOSE_TOTALS and not pair:
        kept = _total_kept_empty(cells, j, value_roles)
        if kept is not None:
            return _add_total(table, rows, c, [(cells[i], role) for i, role in kept]), kept[-1][0] + 1
    if not rx("grid.total_row").search(c.compact) or not nums or (c.compact in LOOSE_TOTALS and not pair):
        return rows, j  # 合计 | 100 alone: the form's 分值 sum or its score, not proven
    rows += 1
    table.cells.append(Cell(rows, 0, c.text, c.start, c.end, role="total"))
    roles = ["max", "score"] if pair else ["score"]
    for v, role in zip(nums if pair else nums[-1:], roles):
        col = 3 + value_roles.index(role) if role in value_roles else None
        table.cells.append(Cell(rows, col, v.text, v.start, v.end, role=role, proof="pair"))
    k = _past_empty(cells, k)
    if k < len(cells) and rx("grid.total_grade").search(cells[k].compact):
        g = cells[k]  # 总分 | 100 | 96 | 优: the form's grade
        table.cells.append(Cell(rows, None, g.text, g.start, g.end, role="grade", proof="template"))
        k += 1
    return rows, k


def _total_kept_empty(cells: list[StreamCell], j: int, value_roles: list[str]) -> list[tuple[int, str]] | None:
    """合计 | 100 | (blank) | (blank) where the text kept its empty cells: the label covers the columns on the
    left, so the row's cells are the last columns, one each -- proven only when they are exactly the columns
    from 分值 on, the last of them empty (a reason written in it would leave the row short).  [(cell index,
    role)], or None."""
    tail = value_roles[value_roles.index("max"):]
    k = j + 1
    while k < len(cells) and cells[k].kind in ("num", "dash") and k - j <= len(tail):
        k += 1
    run = list(range(j + 1, k))
    if len(run) != len(tail) or cells[run[-1]].text != "" or cells[run[0]].kind != "num" \
            or any(cells[i].kind != "num" and cells[i].text != "" for i in run):
        return None
    return list(zip(run, tail))


def _add_total(table: Table, rows: int, label: StreamCell, placed: list[tuple[StreamCell, str]]) -> int:
    """The total row's numbers placed by the kept empty cells; its blank cells add nothing."""
    rows += 1
    table.cells.append(Cell(rows, 0, label.text, label.start, label.end, role="total"))
    for v, role in placed:
        if v.text:
            table.cells.append(Cell(rows, table.roles.index(role), v.text, v.start, v.end, role=role, proof="complete"))
    return rows


def _past_empty(cells: list[StreamCell], k: int) -> int:
    """The next cell that is not an empty cell of a real grid (a merged or blank cell of a 总分 row)."""
    while k < len(cells) and not cells[k].text:
        k += 1
    return k


def _total_in_order(cells: list[StreamCell], j: int, table: Table, rows: int, value_roles: list[str],
                    numeric: list[str]) -> tuple[int, int]:
    """A total row of a form with more than 分值 and 得分 (分值 | 扣分 | 得分, 分值 | 自评分 | 复核分): placed only
    with one number per column, in the header's order, 得分 no greater than 分值; else not proven."""
    c, k = cells[j], _past_empty(cells, j + 1)  # a real grid's merged cells before the numbers; a blank
    nums: list[StreamCell] = []                  # cell among them leaves the row short: not proven
    while k < len(cells) and cells[k].kind == "num" and len(nums) < len(numeric):
        nums.append(cells[k])
        k += 1
    if not rx("grid.total_row").search(c.compact) or len(nums) != len(numeric) \
            or not pair_ok(nums, numeric.index("max"), numeric.index("score")):
        return rows, j
    rows += 1
    table.cells.append(Cell(rows, 0, c.text, c.start, c.end, role="total"))
    for v, role in zip(nums, numeric):
        table.cells.append(Cell(rows, 3 + value_roles.index(role), v.text, v.start, v.end, role=role, proof="complete"))
    return rows, k


def _proven(values: list[StreamCell], roles: list[str]) -> list[tuple[int | None, StreamCell, str]]:
    """The columns every order-keeping placement of ``values`` agrees on (得分 and 复核分 ≤ 分值 ≤ 100;
    align.place), a reason sentence after the numbers aside; other values keep no column."""
    last = max((k for k, v in enumerate(values) if v.kind == "num"), default=-1)
    head, tail = values[:last + 1], values[last + 1:]
    core = [r for r in roles if r != "reason"]
    placed, proof, _ = place([(v.kind, v.number) for v in head], core)
    where = {i: c for c, i in placed.items()}
    out = [(roles.index(core[where[i]]), v, proof) if i in where else (None, v, "") for i, v in enumerate(head)]
    reason = roles.index("reason") if "reason" in roles else None
    return out + [(reason, v, "template" if reason is not None else "") for v in tail]


def criteria_leaf(cells: list[StreamCell], j: int, roles: list[str]) -> tuple[int, list[tuple[int | None, StreamCell, str]]] | None:
    """A leaf of a form with text columns among its values (评分标准, 指标解释: ``name | 评分标准 | 分值 | 得分 |
    扣分原因``): the index after it and its cells' columns.  Text that reads as a scoring rule
    (``grid.criteria_cell``) is the criteria column's, whatever number of lines it took; the numbers are
    placed by align.place over the numeric columns (得分 ≤ 分值); a sentence after the last number is the
    reason.  None when no number follows the name before the next name."""
    k, picked = j, []
    while k < len(cells) and len(picked) < MAX_CRITERIA_CELLS:
        c = cells[k]
        if c.kind == "text" and (_ends_rows(c) or not rx("grid.criteria_cell").search(c.text)):
            break
        picked.append(c)
        k += 1
    last = max((i for i, c in enumerate(picked) if c.kind == "num"), default=-1)
    if last < 0:
        return None
    first_text = next((i for i, c in enumerate(picked) if c.kind == "text"), len(picked))
    if k < len(cells) and "reason" in roles and cells[k].kind == "text" and last == len(picked) - 1 \
            and rx("grid.reason_cell").search(cells[k].text) and not _ends_rows(cells[k]):
        picked.append(cells[k])  # a short reason (无, 达标) after the score
        k += 1
    where, proof = _criteria_numbers(picked[:last + 1], roles, first_text if first_text < len(picked) else None)
    text_role = {"criteria": roles.index("criteria"), "reason": roles.index("reason") if "reason" in roles else None}
    out = []
    for i, c in enumerate(picked):
        if c.kind != "text":
            out.append((where.get(id(c)), c, proof if id(c) in where else ""))
        else:
            after_values = first_text < last < i and text_role["reason"] is not None  # 评分标准 | 分值 | 得分 | 原因
            col = text_role["reason"] if after_values else text_role["criteria"]
            out.append((col, c, "template" if col is not None else ""))
    return k, out


def _criteria_numbers(picked: list[StreamCell], roles: list[str], first_text: int | None) -> tuple[dict[int, int], str]:
    """{id(cell): column} for a criteria leaf's numbers (``picked`` through its last number; the leaf's first
    text cell at ``first_text``, None when it has none).  The criteria column splits them: numbers
    before its text go to the numeric columns before it, numbers after it to those after it (分值 | 指标解释 |
    得分); with no text in the row, all numbers are placed over all numeric columns.  得分 above 分值 places
    none."""
    numeric = [r for r in roles if r not in ("criteria", "reason")]
    if first_text is not None:
        cut = roles.index("criteria")
        parts = [(picked[:first_text], [r for r in numeric if roles.index(r) < cut]),
                 (picked[first_text:], [r for r in numeric if roles.index(r) > cut])]
    else:
        parts = [(picked, numeric)]
    where: dict[int, int] = {}
    proof = ""
    for cells, part_roles in parts:
        values = [c for c in cells if c.kind != "text"]
        placed, proof_part, _ = place([(v.kind, v.number) for v in values], part_roles) if part_roles else ({}, "", set())
        where.update({id(values[i]): roles.index(part_roles[c]) for c, i in placed.items()})
        proof = proof or proof_part
    by_role = {roles[col]: next(c for c in picked if id(c) == k).number for k, col in where.items()}
    if by_role.get("max") is not None and any(by_role.get(r) is not None and by_role[r] > by_role["max"] for r in ("score", "review")):
        return {}, ""
    return where, proof


def add_placed(table: Table, row: int, placed: list[tuple[int | None, StreamCell, str]], roles: list[str]) -> None:
    for col, v, proof in placed:
        role = roles[col] if col is not None else ""
        table.cells.append(Cell(row, None if col is None else 3 + col, v.text, v.start, v.end, role=role, proof=proof))


def add_values(table: Table, row: int, values: list[StreamCell], roles: list[str]) -> None:
    """A leaf's value cells on ``row``, each in the column its proof gives (else in none)."""
    add_placed(table, row, place_leaf(values, roles), roles)


def place_leaf(values: list[StreamCell], roles: list[str]) -> list[tuple[int | None, StreamCell, str]]:
    """(column index among ``roles``, cell, proof) for a leaf's values."""
    if len(values) == len(roles):  # every cell present: as it stands (a 得分 above its 分值 is for the checks)
        return [(k, v, "complete") for k, v in enumerate(values)]
    core = [k for k, r in enumerate(roles) if r != "reason"]
    if len(values) == len(core) and len(core) < len(roles):  # every cell but an empty reason
        return [(k, v, "complete") for k, v in zip(core, values)]
    if "review" in roles or "deduction" in roles:  # 分值 | 得分 | 复核分, 分值 | 扣分 | 得分: the last two numbers
        # are not proven to be 分值 and 得分
        return _proven(values, roles)
    last = max(k for k, v in enumerate(values) if v.kind == "num")
    if last < 1 or values[last - 1].kind != "num" or not pair_ok(values, last - 1, last):
        return [(None, v, "") for v in values]
    out: list[tuple[int | None, StreamCell, str]] = [(roles.index("max"), values[last - 1], "pair"),
                                                     (roles.index("score"), values[last], "pair")]
    before = values[:last - 1]
    pre_roles = [r for r in roles if r in ("comparator", "target", "measure", "actual", "completion")]
    if len(before) == len(pre_roles):
        out += [(roles.index(r), v, "template") for r, v in zip(pre_roles, before)]
    elif len(before) == 2 and {"target", "actual"} <= set(roles) and "completion" not in roles:
        out += [(roles.index("target"), before[0], "template"), (roles.index("actual"), before[1], "template")]
    else:
        out += [(None, v, "") for v in before]
    out += [(roles.index("reason") if "reason" in roles else None, v, "template") for v in values[last + 1:]]
    return out


def _max_ok(cell: StreamCell, least: int = 1) -> bool:
    """A number that can be a 分值 (above 0; ``least`` 0: a 得分), no greater than 100.

    >>> from extract.tables.stream import cells_of
    >>> [_max_ok(c) for c in cells_of("20 150 0 2023", spaced=True)], _max_ok(cells_of("0", spaced=True)[0], least=0)
    ([True, False, False, False], True)
    """
    n = cell.number
    return n is not None and (n > 0 if least else n >= 0) and n <= 100


def pair_ok(values: list[StreamCell], i: int, k: int) -> bool:
    mx, sc = values[i].number, values[k].number
    return mx is not None and sc is not None and 0 < mx <= 100 and 0 <= sc <= mx


MIN_MARKED = 3
MARKED_ROLES = ["target", "actual", "max", "score", "reason"]


def is_marked(cell: StreamCell) -> bool:
    m = rx("grid.leaf_marker").search(cell.compact)
    return cell.kind == "text" and m is not None and bool(m.group("name"))


def read_marked(cells: list[StreamCell], i: int) -> tuple[Table, int] | None:
    """Leaves numbered by the printed form (指标1:… 指标2:…) whose header was lost or scrambled:
    three or more in a row, each ``name target actual 分值 得分``."""
    if not is_marked(cells[i]):
        return None
    table = Table(template="indicators", strategy="lines", header_rows=1, start=cells[i].start,
                  columns=["一级指标", "二级指标", "三级指标", *MARKED_ROLES], roles=["level1", "level2", "level3", *MARKED_ROLES])
    j, leaves = i, 0
    while j < len(cells) and is_marked(cells[j]):
        end = leaf_end(cells, j + 1)
        if end is None:
            break
        leaves += 1
        name = cells[j]
        table.cells.append(Cell(leaves, 2, name.text, name.start, name.end, role="level3"))
        add_values(table, leaves, cells[j + 1:end], MARKED_ROLES)
        j = end
    if leaves < MIN_MARKED:
        return None
    table.end = cells[j - 1].end
    return table, j
