"""Tables published one cell per line (序号 / 名称 / … then 1 / … / 2 / …), read back into rows.

The header runs from a 序号 cell to the first row number; every row then has as many
cells as the header and starts with the next row number.  A row that does not start with
its number ends the table (a vanished empty cell would shift the columns).  Money
columns (资金规模（万元）, 金额) give money mentions in the header's unit; score columns
(评分, 得分) give score items named by the row's 名称 cell.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import regex

from ...models import Mention, ScoreItem, page_of
from ...patterns import load_patterns
from ...values.amounts import to_wan
from .fund_table import header_unit


@dataclass
class _Line:
    text: str
    start: int
    end: int


def _lines(text: str) -> list[_Line]:
    out = []
    for m in regex.finditer(r"[^\n]+", text):
        cell = m.group().strip().strip("|").strip()
        off = m.start() + m.group().find(cell) if cell else m.start()
        out.append(_Line(cell, off, off + len(cell)))
    return out


def _rx(name: str):
    return load_patterns().regex(name)


def _role(header: str) -> str:
    if _rx("table.score_column").search(header):
        return "score"
    if _rx("table.money_column").search(header) or regex.search(r"金额|资金.{0,4}[（(]\s*万?元", header):
        return "money"
    if "名称" in header:
        return "name"
    return ""


def _dec(s: str) -> Decimal | None:
    try:
        return Decimal(s.replace(",", ""))
    except InvalidOperation:
        return None


def read_line_tables(text: str, page_starts: list[int]) -> tuple[list[Mention], list[ScoreItem], list[tuple[int, int]]]:
    lines = _lines(text)
    mentions: list[Mention] = []
    items: list[ScoreItem] = []
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        if not _rx("table.generic_header").match(lines[i].text):
            i += 1
            continue
        j = i + 1
        while j < len(lines) and lines[j].text != "1" and j - i < 12:
            j += 1
        header = [line.text for line in lines[i:j]]
        n = len(header)
        if j >= len(lines) or n < 3:
            i += 1
            continue
        unit_of = [header_unit(h) for h in header]
        roles = [_role(h) for h in header]
        k, expected = j, 1
        while k + n <= len(lines) and lines[k].text == str(expected):
            row = lines[k:k + n]
            name = next((c.text for c, r in zip(row, roles) if r == "name"), "")
            for cell, role, unit, head in zip(row, roles, unit_of, header):
                value = _dec(cell.text)
                if value is None or role not in ("money", "score"):
                    continue
                page = page_of(page_starts, cell.start)
                if role == "money":
                    mentions.append(Mention(type="money", label=f"{name} {head}", value=to_wan(value, unit),
                                            unit="万元", raw=cell.text, page=page, start=cell.start, end=cell.end,
                                            origin="table"))
                else:
                    items.append(ScoreItem(item=name or head, score=value, page=page, start=cell.start, end=cell.end,
                                           raw=cell.text, origin="table"))
            spans.append((row[0].start, row[-1].end))
            k += n
            expected += 1
        i = max(k, i + 1)
    return mentions, items, spans
