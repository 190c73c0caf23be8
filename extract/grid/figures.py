"""From a rebuilt table to figures: the one path from grid cells to mentions and score items.

Money comes from the amount columns (in the header's unit, converted to 万元), percents
from the rate column and from target/actual cells, score items from 分值/得分 cells.  A
cell without a proven column keeps its value but no column and no headline key.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from ..amounts import to_wan
from ..models import Mention, ScoreItem
from .columns import rx
from .model import Cell, Table
from .stream import to_number

#: fund-block column role -> headline key, for the block's total row
FUND_KEYS = {"budget_initial": "budget_initial", "budget_adjusted": "budget_adjusted",
             "executed": "expenditure_total", "rate": "execution_rate"}
MONEY_ROLES = {"budget_initial", "budget_adjusted", "executed", "year_amount", "money"}
UNSURE = "(列不明)"


@dataclass
class TableFigures:
    mentions: list[Mention] = field(default_factory=list)
    scores: list[ScoreItem] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def add(self, other: TableFigures) -> None:
        self.mentions += other.mentions
        self.scores += other.scores
        self.spans += other.spans
        self.warnings += other.warnings


def table_figures(table: Table, text: str) -> TableFigures:
    out = TableFigures(warnings=list(table.warnings))
    out.spans = [(c.start, c.end) for c in table.cells if c.start >= 0 and c.role != "reason"]
    for row in table.body_rows():
        cells = table.row_cells(row)
        label = next((c for c in cells if c.col == 0 and c.role == "name"), None)
        if table.template == "indicators":
            out.mentions += _indicator_percents(table, cells, text)
            item = _indicator_item(table, cells, text)
            if item:
                out.scores.append(item)
        elif label is not None:
            out.mentions += _amounts(table, label, cells, text)
            if table.template == "fund":
                item = _fund_item(label, cells, text)
                if item:
                    out.scores.append(item)
    return out


def _column(table: Table, cell: Cell) -> str | None:
    return table.columns[cell.col] if cell.col is not None and cell.col < len(table.columns) else None


def _amounts(table: Table, label: Cell, cells: list[Cell], text: str) -> list[Mention]:
    total = table.template == "fund" and rx("grid.fund_total_row").search(label.text.replace(" ", "")) is not None
    out = []
    for c in cells:
        number = to_number(c.text)
        if c is label or number is None or c.role not in (*MONEY_ROLES, "rate", "money"):
            continue
        if c.role == "rate":
            kind, value, unit = "percent", number, "%"
        else:
            kind, value, unit = "money", to_wan(number, table.unit), "万元"
        column = _column(table, c)
        year, basis = _year_of(column)
        out.append(Mention(
            type=kind, label=f"{label.text} {column or UNSURE}", value=value, unit=unit, raw=text[c.start:c.end],
            page=c.page, start=c.start, end=c.end, origin="table", table=table.start, row=label.text, column=column,
            key=FUND_KEYS.get(c.role) if total and c.proof else None, year=year, basis=basis,
        ))
    return out


def _year_of(column: str | None) -> tuple[int | None, str | None]:
    if not column:
        return None, None
    m = rx("grid.col.year_amount").search(column)
    return (int(m.group("year")), m.group("basis")) if m else (None, None)


def _fund_item(label: Cell, cells: list[Cell], text: str) -> ScoreItem | None:
    by_role = {c.role: c for c in cells if c.proof}
    if "max" not in by_role and "score" not in by_role:
        return None
    got = [by_role[r] for r in ("max", "score") if r in by_role]
    start, end = min(c.start for c in got), max(c.end for c in got)
    return ScoreItem(item=f"{label.text}(执行率)", max=_num(by_role.get("max")), score=_num(by_role.get("score")),
                     page=got[0].page, start=start, end=end, raw=text[start:end], origin="table", level=1)


def _num(cell: Cell | None) -> Decimal | None:
    return None if cell is None else to_number(cell.text)


def _indicator_item(table: Table, cells: list[Cell], text: str) -> ScoreItem | None:
    name = next((c for c in cells if c.start >= 0 and c.role.startswith("level")), None)
    total = next((c for c in cells if c.role == "total"), None)
    by_role = {c.role: c for c in cells if c.proof and c.role in ("max", "score", "group_max", "target", "actual", "reason")}
    mx = by_role.get("max") or by_role.get("group_max")
    sc = by_role.get("score")
    head = total or name
    if head is None or (mx is None and sc is None):
        return None
    nums = [c for c in (mx, sc) if c is not None]
    start, end = min(c.start for c in nums), max(c.end for c in nums)
    marker, item = _split_marker(head.text)
    groups = sorted((c for c in cells if c.start < 0 and c.role.startswith("level")), key=lambda c: c.col)
    return ScoreItem(
        item=item, max=_num(mx), score=_num(sc), page=head.page, start=start, end=end, raw=text[start:end],
        origin="table", kind="overall" if total else "item",
        level=None if total else int(head.role[-1]) if head.role != "level3" else len(groups) + 1,
        group=" / ".join(g.text for g in groups), marker=marker,
        target=_value_text(cells, "target", "measure", "comparator"), actual=_value_text(cells, "actual"),
        reason=by_role["reason"].text if "reason" in by_role else None,
    )


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
        if c.role not in ("target", "actual") or not c.proof:
            continue
        number = to_number(c.text)
        if number is None:
            continue
        end = c.end
        if not c.text.rstrip().endswith(("%", "％")):
            if c.role != "target" or measure is None or measure.text.strip() not in ("%", "％"):
                continue
            end = measure.end
        column = _column(table, c)
        out.append(Mention(
            type="percent", label=f"{name.text if name else ''} {column}", value=number, unit="%", raw=text[c.start:end],
            page=c.page, start=c.start, end=end, origin="table", table=table.start,
            row=name.text if name else None, column=column,
        ))
    return out
