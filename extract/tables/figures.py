"""From a rebuilt table to figures: the one path from grid cells to mentions and score items.

Money comes from the amount columns (in the header's unit, converted to 万元), percents
from the rate column and from target/actual cells, score items from 分值/得分 cells.  A
cell without a proven column keeps its value but no column and no headline key.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

import regex

from ..models import Mention, ScoreItem, Span
from ..patterns import rx
from ..read.model import Cell, Table
from ..text.spacing import without_letter_spacing as _name
from ..values import labels
from ..values.amounts import to_wan
from .indicator_amounts import indicator_amounts
from .stream import kind_of, to_number

_SPACES = regex.compile(r"\s+")

#: fund-block column role -> headline key, for the block's total row
FUND_KEYS = {"budget_initial": "budget_initial", "budget_adjusted": "budget_adjusted",
             "executed": "expenditure_total", "rate": "execution_rate"}
MONEY_ROLES = {"budget_initial", "budget_adjusted", "executed", "year_amount", "money", "amount"}
UNSURE = "(列不明)"
RATE_ROLES = {"rate", "other_rate"}  # other_rate: a second rate column (预算到位率), no headline figure
PART_KEYS = {"expenditure_basic", "expenditure_project"}
#: cells whose text the prose readers still read (a scoring rule's formula: 控制率=…×100%)
PROSE_ROLES = {"reason", "target", "actual", "comparator", "measure", "level3", "criteria", "content"}


@dataclass
class TableFigures:
    mentions: list[Mention] = field(default_factory=list)
    scores: list[ScoreItem] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    grade: Span | None = None  # a grade written in a form's total row (总分 | 100 | 96 | 优), the first one

    def add(self, other: TableFigures) -> None:
        self.mentions += other.mentions
        self.scores += other.scores
        self.spans += other.spans
        self.warnings += other.warnings
        self.grade = self.grade or other.grade


def table_figures(table: Table, text: str, fund_amounts: frozenset[Decimal] = frozenset()) -> TableFigures:
    """``fund_amounts``: the 万元 amounts of the document's fund blocks, which prove the unit of a bare amount
    in a money-named indicator's cells."""
    out = TableFigures(warnings=list(table.warnings))
    # target/actual cells with their own unit (≥90%, ≤90万元, or 90 | 万元 where the unit has a column) are left
    # to the prose reader; a bare number with no unit column (标准值 40 | 完成值 42) says nothing to it but could
    # be misread as a 分值 and 得分
    bare = "measure" not in table.roles
    out.spans = [(c.start, c.end) for c in table.cells if c.start >= 0 and (c.header or not _for_prose(c, bare))]
    head = _headline_row(table)
    grade = next((c for c in table.cells if c.role == "grade" and c.start >= 0), None)
    if grade is not None:
        out.grade = Span(page=grade.page, start=grade.start, end=grade.end, raw=text[grade.start:grade.end])
    for row in table.body_rows():
        cells = table.row_cells(row)
        label = next((c for c in cells if c.role == "name" and not c.header), None)
        if table.template == "numbered":
            out.scores += _numbered_items(table, label, cells, text)
        if table.template == "form":
            out.mentions += _form_values(table, cells, text)
        elif table.template in ("indicators", "score_rows"):
            out.mentions += _indicator_percents(table, cells, text)
            out.mentions += indicator_amounts(table, cells, text, fund_amounts)
            item = _indicator_item(table, cells, text)
            if item:
                out.scores.append(item)
        elif label is not None:
            out.mentions += _amounts(table, label, cells, text, row == head)
            if table.template == "fund":
                item = _fund_item(_heading_name(table) or f"{_name(label.text)}(执行率)", cells, text)
                if item:
                    out.scores.append(item)
    out.mentions += _formula_percents(table, text)
    out.spans += [(m.start, m.end) for m in out.mentions]
    return out


def _formula_percents(table: Table, text: str) -> list[Mention]:
    """The percent a rate column's header writes in its formula (预算执行率(B/A×100%)): a percent of the text,
    read where the header cell stands (the prose reader does not read a table's header cells)."""
    out = []
    for c in table.cells:
        if not c.header or c.start < 0 or c.role not in RATE_ROLES:
            continue
        for m in rx("grid.formula_percent").finditer(text, c.start, c.end):
            out.append(Mention(type="percent", label=c.text.replace(" ", ""), value=Decimal(m.group("pct")), unit="%",
                               raw=m.group("raw"), page=c.page, start=m.start("raw"), end=m.end("raw"), origin="table",
                               table=table.start, column=_column(table, c)))
    return out


def _for_prose(cell: Cell, bare: bool) -> bool:
    """Whether the prose readers may read a cell: a target or a result with its unit, a reason, a formula in a
    scoring rule (控制率=…×100%); not a bare number with no unit column (标准值 40 | 完成值 42, misread as a
    分值 and 得分), nor a scoring rule's points (合乎得4分: never a score)."""
    if cell.role not in PROSE_ROLES:
        return False
    if bare and kind_of(cell.text) == "num":
        return False
    return not (cell.role == "criteria" and rx("grid.criteria_points").search(cell.text))


def _column(table: Table, cell: Cell) -> str | None:
    """The name of the cell's column (评 分 情 况 written letter-spaced read as 评分情况)."""
    return _name(table.columns[cell.col]) if cell.col is not None and cell.col < len(table.columns) else None


def _headline_row(table: Table) -> int | None:
    """The fund block's row that states the project's own funds: its total row, unless that row's
    amounts are all zero (a form left unfilled above its parts); then the first part with amounts."""
    if table.template != "fund":
        return None
    rows = table.body_rows()
    total = [r for r in rows if any(c.col == 0 and rx("grid.fund_total_row").search(c.text.replace(" ", ""))
                                    for c in table.row_cells(r))]
    for r in total + [r for r in rows if r not in total]:
        money = [to_number(c.text) for c in table.row_cells(r) if c.proof and c.role in MONEY_ROLES]
        if any(v for v in money if v is not None):
            return r
    return None


def _amounts(table: Table, label: Cell, cells: list[Cell], text: str, head: bool) -> list[Mention]:
    out = []
    for c in cells:
        number = to_number(c.text)
        if c is label or number is None or c.role not in (*MONEY_ROLES, *RATE_ROLES):
            continue
        if c.role in RATE_ROLES:
            if kind_of(c.text) != "pct":
                continue  # a rate cell without its % sign: not stated as a percentage
            kind, value, unit = "percent", number, "%"
        else:
            kind, value, unit = "money", to_wan(number, table.unit), "万元"
        column = _column(table, c)
        year, basis = _year_of(column)
        out.append(Mention(
            type=kind, label=f"{_name(label.text)} {column or UNSURE}", value=value, unit=unit, raw=text[c.start:c.end],
            page=c.page, start=c.start, end=c.end, origin="table", table=table.start, row=_name(label.text), column=column,
            key=_key(table, label, c, head), year=year, basis=basis,
        ))
    return out


def _key(table: Table, label: Cell, cell: Cell, head: bool) -> str | None:
    """The headline key of a fund cell: the headline row's columns; the spending of a 基本支出 or
    项目支出 row of a department's fund table."""
    if table.template == "amounts" and cell.proof:
        return _amount_key(table, label, cell)
    if not cell.proof or table.template != "fund":
        return None
    if head:
        return FUND_KEYS.get(cell.role)
    key = labels.headline_key(_part_name(_name(label.text)), scoped=False)
    return key if cell.role == "executed" and key in PART_KEYS else None


def _amount_key(table: Table, label: Cell, cell: Cell) -> str | None:
    """A plain amount table's key: its 合计 row in a column that names the figure (年初预算), or a row
    that names it (基本支出) in a column of actual amounts (or the table's only column)."""
    header = table.columns[cell.col].replace(" ", "")
    column = rx("grid.amount_column").search(header)
    name = column.group("name") if column else header if rx("grid.amount_column_bare").search(header) else ""
    if rx("table.total_label").match(label.text):
        key = labels.headline_key(name)
        return key if key and not key.startswith(("staff", "execution")) else None
    key = labels.headline_key(label.text.replace(" ", ""))
    single = len(table.columns) == 2
    if key and key.startswith(("income", "expenditure")) and (single or rx("grid.amount_actual").search(name)):
        return key
    return None


def _part_name(label: str) -> str:
    """A part row's name without its 其中： (其中：基本支出 -> 基本支出)."""
    name = label.replace(" ", "")
    return name[2:].lstrip(":：;；") if name.startswith("其中") else name


def _year_of(column: str | None) -> tuple[int | None, str | None]:
    if not column:
        return None, None
    m = rx("grid.col.year_amount").search(column)
    return (int(m.group("year")), m.group("basis")) if m else (None, None)


def _heading_name(table: Table) -> str | None:
    """The name of the item a fund block's heading states with its maximum (预算执行情况(10分))."""
    heading = next((c for c in table.cells if c.role == "heading"), None)
    m = rx("grid.heading_max").search(_SPACES.sub("", heading.text)) if heading is not None else None  # 预 算 执 行 情 况(10 分)
    return m.group("name") if m else None


def _fund_item(name: str, cells: list[Cell], text: str) -> ScoreItem | None:
    by_role = {c.role: c for c in cells if c.proof}
    if "max" not in by_role and "score" not in by_role:
        return None
    got = [by_role[r] for r in ("max", "score") if r in by_role and by_role[r].start >= 0]
    if not got:
        return None  # a maximum stated in the header alone, with no cell of the row
    start, end = min(c.start for c in got), max(c.end for c in got)
    return ScoreItem(item=name, max=_num(by_role.get("max")), score=_num(by_role.get("score")),
                     page=got[0].page, start=start, end=end, raw=text[start:end], origin="table", level=1)


def _num(cell: Cell | None) -> Decimal | None:
    return None if cell is None else to_number(cell.text)


def _indicator_item(table: Table, cells: list[Cell], text: str) -> ScoreItem | None:
    name = next((c for c in cells if c.start >= 0 and c.role.startswith("level")), None)
    total = next((c for c in cells if c.role == "total"), None)
    by_role = {c.role: c for c in cells if c.proof and c.role in ("max", "score", "deduction", "group_max", "target", "actual",
                                                                "reason")}
    mx = by_role.get("max") or by_role.get("group_max")
    sc = by_role.get("score")
    head = total or name
    if head is None or (mx is None and sc is None):
        return None
    nums = [c for c in (mx, sc) if c is not None]
    start, end = min(c.start for c in nums), max(c.end for c in nums)
    marker, item = _split_marker(_name(head.text))
    if table.template == "score_rows":  # a name read from a run of text: its line breaks and spaces are the page's
        item = _SPACES.sub("", item) or "?"
    groups = sorted((c for c in cells if c.start < 0 and c.role.startswith("level")), key=lambda c: c.col)
    return ScoreItem(
        item=item, max=_num(mx), score=_num(sc), deduction=_num(by_role.get("deduction")), page=head.page, start=start, end=end, raw=text[start:end],
        origin="table", kind="overall" if total else "item",
        level=None if total else int(head.role[-1]) if head.role != "level3" else _leaf_level(table, head, groups),
        group=" / ".join(_name(g.text) for g in groups), marker=marker,
        target=_value_text(cells, "target", "measure", "comparator"), actual=_value_text(cells, "actual"),
        reason=by_role["reason"].text if "reason" in by_role else None, partial=table.template == "score_rows",
    )


def _leaf_level(table: Table, head: Cell, groups: list[Cell]) -> int | None:
    """A leaf's depth: under its groups; unknown when a form with text columns (评分标准) left its groups
    unread (names the page broke over lines), since such forms are three levels deep."""
    if table.template == "score_rows":  # rows read one by one from text that lost its borders
        return 3 if head.proof == "depth" else None  # known only where the reader proved it
    if not groups and "criteria" in table.roles:
        return None
    return len(groups) + 1


def _split_marker(name: str) -> tuple[str | None, str]:
    m = rx("grid.leaf_marker").search(name.replace(" ", ""))
    if m and m.group("name"):
        return m.group("marker"), m.group("name")
    return None, name


def _value_text(cells: list[Cell], *roles: str) -> str | None:
    order = {"comparator": 0, "target": 1, "measure": 2, "actual": 1}
    parts = sorted((c for c in cells if c.role in roles and c.proof), key=lambda c: order[c.role])
    return "".join(c.text for c in parts) or None


def _indicator_percents(table: Table, cells: list[Cell], text: str) -> list[Mention]:
    """Percents of target and actual cells: ``98%``, or ``100 | %`` when the unit has a column of its own."""
    name = next((c for c in cells if c.start >= 0 and c.role.startswith("level")), None)
    out = []
    measure = next((c for c in cells if c.role == "measure" and c.proof), None)
    for c in cells:
        if c.role not in ("target", "actual", "completion") or not c.proof:
            continue
        number = to_number(c.text)
        if number is None:
            continue
        end = c.end
        if kind_of(c.text) != "pct":
            if c.role != "target" or measure is None or measure.text.strip() not in ("%", "％"):
                continue
            end = measure.end
        column = _column(table, c)
        out.append(Mention(
            type="percent", label=f"{_name(name.text) if name else ''} {column}", value=number, unit="%", raw=text[c.start:end],
            page=c.page, start=c.start, end=end, origin="table", table=table.start,
            row=_name(name.text) if name else None, column=column,
        ))
    return out


def _form_values(table: Table, cells: list[Cell], text: str) -> list[Mention]:
    """A form block's values: staff counts (人), amounts (万元/元) or percents, labelled by their heading."""
    out = []
    for c in cells:
        number = to_number(c.text)
        if number is None or c.col is None:
            continue
        heading = table.columns[c.col]
        if kind_of(c.text) == "pct":
            kind, value, unit = "percent", number, "%"
        elif table.unit == "人":
            kind, value, unit = "staff", number, "人"
        else:
            kind, value, unit = "money", to_wan(number, table.unit), "万元"
        out.append(Mention(type=kind, label=heading, value=value, unit=unit, raw=text[c.start:c.end], page=c.page,
                           start=c.start, end=c.end, origin="table", table=table.start, row=None, column=heading,
                           key=labels.headline_key(heading, scoped=False) if kind != "percent" else None))
    return out


def _numbered_items(table: Table, name: Cell | None, cells: list[Cell], text: str) -> list[ScoreItem]:
    """A numbered table's score cells, named by the row's 名称 cell (else by the column)."""
    out = []
    for c in cells:
        value = to_number(c.text) if c.role == "score" else None
        if value is not None:
            item = _name(name.text if name is not None else table.columns[c.col])
            out.append(ScoreItem(item=item, score=value, page=c.page, start=c.start, end=c.end, raw=text[c.start:c.end],
                                 origin="table"))
    return out
