"""The fund table of a project self-evaluation form, read from flattened text.

::

    项目资金（万元） 年初预算数 全年预算数 全年执行数 分值 执行率 得分
    年度资金总额：     90        90         89.97     10   99.97%  10
    其中：本年财政拨款 90        90         89.97

The header gives the columns; each row label (年度资金总额, 其中：本年财政拨款 …) is
followed by its cells, separated by spaces or ``|`` - or glued together when a web page
lost the cell borders (``202010100.00%10``); :mod:`.fund_cells` puts a row's numbers into
the columns (glued cells split only where the split is proven).  Every figure keeps offsets
into the text.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from decimal import Decimal

import regex

from ...patterns import load_patterns, rx
from ...read.model import Cell, Table
from ..rebuild import figures_of
from .fund_cells import Column, FundRow, Token, assign_cells, looks_glued

_ROLES = ("money", "rate", "max", "score", "index")
_TOKEN = regex.compile(r"[0-9]+(?:[.,][0-9]+)*(?: ?%)?(?![.、．]\p{Han})|[-/—－](?![0-9])")
_ONE_SPACE = regex.compile(r"\s")
_DIGIT_NEXT = regex.compile(r"\s{0,2}[0-9]")
_HAN_WORD = regex.compile(r"\p{Han}{2,}")
_BRACKETS_AND_SPACES = regex.compile(r"[（(][^）)]*[）)]|\s")


@dataclass
class FundTable:
    columns: list[Column]
    unit: str
    start: int
    end: int
    rows: list[FundRow] = field(default_factory=list)
    max_hint: Decimal | None = None  # 预算执行情况（20分）: the score column's maximum stated in the header
    unread: list[str] = field(default_factory=list)  # rows whose glued cells could not be split for sure


@functools.lru_cache(maxsize=1)
def _column_rx():
    pats = load_patterns()
    parts = [f"(?P<{role}>{pats.entries[f'table.{role}_column'].pattern})" for role in _ROLES]
    return pats.compile("|".join(parts))


def find_headers(text: str) -> list[tuple[int, int, list[Column]]]:
    """Runs of column names with nothing but spacing between them, holding two or more amount columns."""
    out, run = [], []
    between_columns = rx("table.between_columns")  # what may stand between two column names of a header
    for m in _column_rx().finditer(text):
        if run and not between_columns.fullmatch(text[run[-1].end():m.start()]):
            out.append(run)
            run = []
        run.append(m)
    out.append(run)
    headers = []
    for run in out:
        cols = [Column(_ONE_SPACE.sub("", m.group()), m.lastgroup) for m in run]
        cols = [c for i, c in enumerate(cols) if not _group_header(cols, i)]
        if sum(c.role == "money" for c in cols) >= 2:
            headers.append((run[0].start(), run[-1].end(), cols))
    return headers


def _group_header(cols: list[Column], i: int) -> bool:
    """年度预算数(万元) over 年初预算 | 调整后预算数 | 预算执行数 names a group, not a column."""
    return cols[i].role == "money" and "万元" in cols[i].name and i + 2 < len(cols) and cols[i + 1].role == "money"


def header_unit(header: str) -> str:
    """The unit a table header states for its amounts (（万元） / 单位：元), 万元 when it states none."""
    found = list(rx("table.unit_in_header").finditer(header))
    return (found[-1].group("unit") or found[-1].group("unit2")) if found else "万元"


def _unit(text: str, start: int, end: int) -> str:
    return header_unit(text[max(0, start - 40):end])


def _max_hint(text: str, start: int, cols: list[Column]) -> Decimal | None:
    if any(c.role == "max" for c in cols) or not any(c.role == "score" for c in cols):
        return None
    m = rx("table.stated_max").search(text[max(0, start - 30):start])
    return Decimal(m.group(1)) if m else None


def _leading_row(text: str, start: int, end: int) -> list[tuple[str, int, int, int]]:
    """A row whose label stands right before the header and whose cells right after it (OCR reading order)."""
    labels = [m for m in rx("table.fund_row").finditer(text, max(0, start - 30), start) if start - m.end() <= 2]
    if not labels or not _DIGIT_NEXT.match(text[end:end + 3]):
        return []
    nxt = _HAN_WORD.search(text, end)
    return [(labels[-1].group("label"), labels[-1].start(), end, nxt.start() if nxt else len(text))]


def _rows(text: str, lo: int, hi: int) -> list[tuple[str, int, int, int]]:
    """(label, label start, values start, values end) for each fund row in text[lo:hi]."""
    labels = list(rx("table.fund_row").finditer(text, lo, hi))
    rows = []
    for i, m in enumerate(labels):
        end = labels[i + 1].start() if i + 1 < len(labels) else hi
        nxt = _HAN_WORD.search(text, m.end(), end)
        rows.append((m.group("label"), m.start(), m.end(), nxt.start() if nxt else end))
    return rows


def read_fund_tables(text: str) -> list[FundTable]:
    tables = []
    for start, end, cols in find_headers(text):
        stop = rx("table.fund_end").search(text, end)
        hi = min(stop.start() if stop else len(text), end + 700)
        table = FundTable(cols, _unit(text, start, end), start, hi, max_hint=_max_hint(text, start, cols))
        for label, lstart, vstart, vend in [*_leading_row(text, start, end), *_rows(text, end, hi)]:
            tokens = [Token(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text, vstart, vend + 2)
                      if m.end() <= vend]  # look past the span's end, so that 1.预算… is seen as a list number
            cells, sure = assign_cells(cols, tokens, table.rows, table.max_hint)
            if cells:
                table.rows.append(FundRow(label, lstart, cells, sure=frozenset(sure)))
            elif any(looks_glued(t, cols, table.rows) for t in tokens):
                table.unread.append(f"{label} “{text[vstart:vend].strip()}”")
        if table.rows or table.unread:
            tables.append(table)
    return tables


@functools.lru_cache(maxsize=1)
def _column_keys() -> list[tuple[str, object]]:
    patterns = load_patterns()
    return [(key, patterns.compile(form)) for key, forms in patterns.table("fund_columns").items() for form in forms]


def column_key(name: str) -> str | None:
    """Headline key of a fund-table column (全年预算数(A) -> budget_adjusted)."""
    bare = _BRACKETS_AND_SPACES.sub("", name)
    return next((key for key, form in _column_keys() if form.fullmatch(bare)), None)


def fund_figures(text: str, page_starts: list[int]):
    """Mentions (money, percent) and score items of every fund table, the spans of its rows, and
    warnings for rows whose glued cells could not be split for sure -- through the grid's one path
    from cells to figures (``tables/figures.py``)."""
    grids, spans = fund_grids(text)
    figures = figures_of(grids, text, page_starts)
    return figures.mentions, figures.scores, spans, figures.warnings


#: old headline key of a column -> the grid's column role
_KEY_ROLES = {"budget_initial": "budget_initial", "budget_adjusted": "budget_adjusted",
              "expenditure_total": "executed", "execution_rate": "rate"}


def as_grid(table: FundTable) -> Table:
    """The fund table as the one table model, so that its figures take the grid's path.

    Cells whose column is proven (a full row, or a glued row split by its rate) keep it; the
    others keep their value and no column.  A stated maximum of the 得分 column (预算执行情况（20分）)
    becomes the 分值 of every row that has a 得分 and no 分值 cell.
    """
    roles = [_KEY_ROLES.get(column_key(c.name) or "", "other_rate" if c.role == "rate" else c.role)
             for c in table.columns]  # a second rate column (预算到位率) states no headline figure
    grid = Table(template="fund", strategy="glued", unit=table.unit, header_rows=1, start=table.start, end=table.end,
                 columns=["项目资金", *(c.name for c in table.columns)], roles=["name", *roles])
    grid.warnings = [f"fund table row {row} has cells run together that cannot be split for sure; left unread"
                     for row in table.unread]
    for r, row in enumerate(table.rows, start=1):
        grid.cells.append(Cell(r, 0, row.label, role="name"))
        for c, tok in sorted(row.cells.items()):
            sure = c in row.sure
            role = roles[c] if sure else ("money" if table.columns[c].role == "money" else roles[c])
            grid.cells.append(Cell(r, c + 1 if sure else None, tok.text, tok.start, tok.end, role=role,
                                   proof="rate" if sure else ""))
        if table.max_hint is not None and "max" not in roles and any(roles[c] == "score" for c in row.cells):
            grid.cells.append(Cell(r, None, str(table.max_hint), role="max", proof="template"))
    return grid


def fund_grids(text: str) -> tuple[list[Table], list[tuple[int, int]]]:
    """Every fund table read from text as grids, and the spans of their rows (prose skips them)."""
    tables = read_fund_tables(text)
    spans = [(row.start, max(t.end for t in row.cells.values())) for t in tables for row in t.rows]
    return [as_grid(t) for t in tables], spans
