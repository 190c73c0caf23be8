"""Amount tables published as ``| a | b |`` rows (web pages, DOCX, PDF tables): cells whose unit is in the header.

::

    | 支出类别 | 年初预算（万元） | 实际支出（万元） |
    | 基本支出 | — | 412.06 |
    | 合计 | 536.20 | 550.96 |

Each number cell under an amount column becomes a money mention in the column's unit,
labelled ``row column`` and carrying its table, row and column, so that checks can add up
a 合计 row.  A headline key is given only where it is unambiguous: the row names the
figure (基本支出) in a column of actual amounts, or the 合计 row of a column that names it
(年初预算).  Tables read elsewhere (fund and score tables) are skipped.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import regex

from ...models import Mention, page_of
from ...patterns import load_patterns
from ...values import labels
from ...values.amounts import to_wan
from .fund_table import header_unit

_NUMBER = regex.compile(r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?")


@dataclass
class _Cell:
    text: str
    start: int
    end: int


def _rx(name: str):
    return load_patterns().regex(name)


def _row_cells(line: str, offset: int) -> list[_Cell]:
    cells, pos = [], 0
    for part in line.split("|"):
        stripped = part.strip()
        lead = len(part) - len(part.lstrip())
        cells.append(_Cell(stripped, offset + pos + lead, offset + pos + lead + len(stripped)))
        pos += len(part) + 1
    if cells and not cells[0].text:
        cells = cells[1:]
    if cells and not cells[-1].text:
        cells = cells[:-1]
    return cells


def _tables(text: str):
    """Runs of two or more consecutive ``|`` lines: lists of rows of cells."""
    run: list[list[_Cell]] = []
    pos = 0
    for line in text.split("\n"):
        if line.count("|") >= 2:
            run.append(_row_cells(line, pos))
        else:
            if len(run) >= 2:
                yield run
            run = []
        pos += len(line) + 1
    if len(run) >= 2:
        yield run


def _number(cell: _Cell) -> tuple[Decimal, int, int] | None:
    m = _NUMBER.fullmatch(cell.text)
    if not m:
        return None
    try:
        return Decimal(cell.text.replace(",", "")), cell.start, cell.end
    except InvalidOperation:
        return None


def _key(row: str, column: str, n_amount_columns: int) -> str | None:
    col = regex.sub(r"[（(][^）)]*[）)]|\s", "", column)
    if _rx("table.total_label").match(row):
        key = labels.headline_key(col)
        return key if key and not key.startswith(("staff", "execution")) else None
    key = labels.headline_key(row)
    if key and key.startswith(("income", "expenditure")) and (n_amount_columns == 1 or _rx("table.actual_column").search(col)):
        return key
    return None


def read_pipe_tables(text: str, page_starts: list[int], skip: list[tuple[int, int]]) -> list[Mention]:
    out: list[Mention] = []
    for rows in _tables(text):
        header, body = rows[0], rows[1:]
        if any(a <= header[0].start < b for a, b in skip) or not body:
            continue
        amount_cols = {i for i, c in enumerate(header) if i > 0 and _rx("table.amount_header").search(c.text)}
        if not amount_cols:
            continue
        units = {i: header_unit(header[i].text) for i in amount_cols}
        for row in body:
            if not row or any(a <= row[0].start < b for a, b in skip):
                continue
            label = regex.sub(r"\s+", "", row[0].text)
            for i in sorted(amount_cols):
                got = _number(row[i]) if i < len(row) else None
                if got is None:
                    continue
                value, start, end = got
                column = regex.sub(r"\s+", "", header[i].text)
                out.append(Mention(
                    type="money", label=f"{label} {column}", value=to_wan(value, units[i]), unit="万元",
                    raw=text[start:end], page=page_of(page_starts, start), start=start, end=end, origin="table",
                    key=_key(label, column, len(amount_cols)), table=text.rfind("\n", 0, header[0].start) + 1, row=label, column=column,
                ))
    return out
