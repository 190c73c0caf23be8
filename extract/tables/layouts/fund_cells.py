"""A fund row's numbers put into the header's columns (:mod:`.fund_table` finds the header and the rows).

A row with one number per column takes them in order; a row with cells missing is aligned
where the table's own rate formulas (执行率(B/A)) allow only one way; numbers run together
(``202010100.00%10``, a web page that lost the cell borders) are split only where the split is
proven -- by the rate column (executed ÷ budget) or by repeating a row already read.
"""
from __future__ import annotations

import functools
import itertools
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from ...patterns import rx

_CELL_ROLES = ("money", "rate", "max", "score")  # the roles whose cells have a shape (table.cell_<role>)


@functools.cache
def _cell_shapes() -> dict:
    """The shape a cell of each role may have where glued cells are split (patterns/tables.yaml table.cell_*)."""
    return {role: rx(f"table.cell_{role}") for role in _CELL_ROLES}


@dataclass
class Column:
    """A column the header names, and its role (money, rate, max, score, index)."""

    name: str
    role: str


@dataclass
class Token:
    """A number (or a dash) of a row, with its offsets in the text."""

    text: str
    start: int
    end: int

    @property
    def is_pct(self) -> bool:
        return self.text.endswith("%")

    @property
    def digits(self) -> str:
        """The number as written, without its % sign and the blank a PDF copy may put before it (100.00 %)."""
        return self.text.rstrip("%").rstrip()

    @property
    def value(self) -> Decimal | None:
        try:
            return Decimal(self.digits.replace(",", ""))
        except InvalidOperation:
            return None


@dataclass
class FundRow:
    """A row label and its cells by column index."""

    label: str
    start: int
    cells: dict[int, Token] = field(default_factory=dict)  # column index -> token
    sure: frozenset[int] = frozenset()  # columns whose cell is certainly theirs (not a guess of alignment)


def looks_glued(t: Token, cols: list[Column], done: list[FundRow]) -> bool:
    """Digits of several cells run together: two decimal points, too many digits, or the first row's amounts as one."""
    if t.text.count(".") > 1 or len(t.text.replace(" ", "")) > 9:
        return True
    first = [tok.text for c, tok in sorted(done[0].cells.items()) if cols[c].role == "money"] if done else []
    return len(first) > 1 and t.text == "".join(first)


def assign_cells(cols: list[Column], tokens: list[Token], done: list[FundRow], max_hint: Decimal | None = None
                 ) -> tuple[dict[int, Token], set[int]]:
    """Map a row's tokens to column indexes, and say which of them are sure (splitting glued digits where proven).

    Every cell is sure when the row has as many cells as the header has columns, or when glued
    digits were split by proof; when cells are missing, a cell is sure only if every alignment the
    table's own rate formulas (D/C×100%) allow puts it in the same column.
    """
    if not tokens:
        return {}, set()
    if len(tokens) < len(cols) and any(looks_glued(t, cols, done) for t in tokens):
        cells = _split_glued(cols, tokens, done, max_hint) or {}
        return cells, set(cells)
    tokens = [t for t in tokens if t.value is not None or t.text in "-/—－"]
    if cols[0].role == "index" and len(tokens) > 1 and len(tokens) >= len(cols):
        cols_i = list(range(len(cols)))
    elif cols[0].role == "index":
        tokens, cols_i = tokens[1:], list(range(1, len(cols)))
    else:
        cols_i = list(range(len(cols)))
    if len(tokens) == len(cols_i):
        cells = {c: t for c, t in zip(cols_i, tokens) if t.value is not None}
        return cells, set(cells)
    aligned = align_by_formulas(cols, cols_i, tokens)
    if aligned is not None:
        return aligned
    rate_cols = [c for c in cols_i if cols[c].role == "rate"]
    other = [c for c in cols_i if cols[c].role != "rate"]
    money_first = [c for c in other if cols[c].role == "money"] + [c for c in other if cols[c].role != "money"]
    cells: dict[int, Token] = {}
    pcts = [t for t in tokens if t.is_pct]
    plain = [t for t in tokens if not t.is_pct and t.value is not None]
    for c, t in zip(rate_cols, pcts):
        cells[c] = t
    for c, t in zip(money_first, plain):
        cells[c] = t
    money = [c for c in cols_i if cols[c].role == "money"]
    sure = set(money) if all(c in cells for c in money) else set()  # every amount column has its cell
    return cells, sure


def _formulas(cols: list[Column]) -> list[tuple[int, int, int]]:
    """(rate column, numerator column, denominator column) for rate headers such as 预算执行(E/C×100%)."""
    letters = {m.group(1): i for i, c in enumerate(cols) if c.role == "money"
               for m in [rx("table.column_letter").search(c.name)] if m}
    out = []
    for i, c in enumerate(cols):
        m = rx("table.rate_formula").search(c.name) if c.role == "rate" else None
        if m and m.group(1) in letters and m.group(2) in letters:
            out.append((i, letters[m.group(1)], letters[m.group(2)]))
    return out


def align_by_formulas(cols: list[Column], cols_i: list[int], tokens: list[Token]) -> tuple[dict, set] | None:
    """Cells missing from a row: try every way to leave amount columns empty; keep the ways that the
    rate columns' formulas confirm, and call a cell sure where all of them agree."""
    formulas = _formulas(cols)
    money = [c for c in cols_i if cols[c].role == "money"]
    rates = [c for c in cols_i if cols[c].role == "rate"]
    pcts = [t for t in tokens if t.is_pct]
    plain = [t for t in tokens if not t.is_pct and t.value is not None]
    if not formulas or len(pcts) != len(rates) or not 0 < len(plain) < len(money) or len(money) > 8:
        return None
    ways = []
    nets = _differences(cols)
    for chosen in itertools.combinations(money, len(plain)):
        cells = dict(zip(rates, pcts)) | dict(zip(chosen, plain))
        checked = [(r, n, d) for r, n, d in formulas if n in cells and d in cells and cells[d].value]
        if any(cells[r].value and (n not in cells or d not in cells) for r, n, d in formulas):
            continue  # a stated rate needs both its amounts (预算到位(D/C) 100% with no D is no way)
        if not all(_difference_holds(cells, net) for net in nets):
            continue
        if checked and all(_formula_holds(cells[r], cells[n], cells[d]) for r, n, d in checked):
            ways.append(cells)
    if not ways:
        return None
    agreed = {c for c, t in ways[0].items() if all(w.get(c) is t for w in ways[1:])}
    return ways[0], agreed


def _differences(cols: list[Column]) -> list[tuple[int, int, int]]:
    """(net column, budget column, deducted column) of budgets net of a deduction (扣除统筹整合资金后预算金额(C)
    after 全年预算数(A) | 统筹整合资金数(B): C = A - B), from the formula the header writes (C=A-B) or, for a
    net-budget column, the two amount columns before it."""
    letters = {m.group(1): i for i, c in enumerate(cols) if c.role == "money"
               for m in [rx("table.letter_opens").search(c.name)] if m}
    out = []
    for i, c in enumerate(cols):
        if c.role != "money" or not rx("table.net_budget_column").search(c.name):
            continue
        m = rx("table.net_formula").search(c.name)
        before = [k for k in range(i) if cols[k].role == "money"]
        if m and m.group(1) in letters and m.group(2) in letters:
            out.append((i, letters[m.group(1)], letters[m.group(2)]))
        elif len(before) >= 2:
            out.append((i, before[-2], before[-1]))
    return out


def _difference_holds(cells: dict[int, Token], net: tuple[int, int, int]) -> bool:
    """A net budget stated needs its budget; with both stated, the deduction (0 where blank) is their difference."""
    c, a, b = net
    if c not in cells:
        return True
    if a not in cells:
        return False
    deducted = cells[b].value if b in cells else Decimal(0)
    return cells[a].value - deducted == cells[c].value


def _half_unit(rate: Token) -> Decimal:
    """Half a unit of the last decimal a rate is written with (100.00% -> 0.005): its rounding."""
    places = len(rate.digits.partition(".")[2])
    return Decimal(5) / Decimal(10) ** (places + 1)


def _formula_holds(rate: Token, num: Token, den: Token) -> bool:
    return abs(num.value / den.value * 100 - rate.value) <= _half_unit(rate)


def _splits(s: str, roles: list[str]):
    """Every way to cut the digit string ``s`` into numbers of the given roles."""
    if not roles:
        if not s:
            yield []
        return
    shapes = _cell_shapes()
    form = shapes.get(roles[0], shapes["money"])
    for k in range(1, len(s) + 1):
        head = s[:k]
        if form.fullmatch(head):
            for rest in _splits(s[k:], roles[1:]):
                yield [head, *rest]


def _split_glued(cols: list[Column], tokens: list[Token], done: list[FundRow], max_hint: Decimal | None = None
                 ) -> dict[int, Token] | None:
    """Split glued cells: proven by the rate (B/A) or by repeating an earlier row's cells."""
    first, last = tokens[0], tokens[-1]
    glued = "".join(t.text for t in tokens)
    origin = first.start
    roles = [c.role for c in cols if c.role != "index"]
    idx = [i for i, c in enumerate(cols) if c.role != "index"]
    if glued.count("%") > 1 or (last.end - origin) != len(glued):
        return None
    sign = " %" if " %" in glued else "%"  # a PDF copy's blank before the sign stays with it (100 %)
    flat = glued.replace(sign, "")
    if len(flat) > 20:
        return None  # too long to be one row's cells: not worth the search
    pct_at = glued.find(sign)
    solutions = []
    for n in range(len(roles), 0, -1):
        for parts in _splits(flat, roles[:n]):
            cells = _place(parts, idx, roles, origin, sign, pct_at)
            if cells is not None and _proven(cols, cells, done, max_hint):
                solutions.append(cells)
        if solutions:
            break
    nonzero = lambda s: all(t.value != 0 for c, t in s.items() if cols[c].role == "rate")  # noqa: E731
    for prefer in (lambda s: True, nonzero, lambda s: nonzero(s) and _score_follows_rate(cols, s)):
        kept = [s for s in solutions if prefer(s)]
        if len({tuple((c, t.text) for c, t in sorted(s.items())) for s in kept}) == 1:
            return kept[0]
    return None


def _score_follows_rate(cols: list[Column], cells: dict[int, Token]) -> bool:
    """Tie-break between proven splits: the score is the maximum times the rate (分值 × 执行率)."""
    by_role = {cols[c].role: t.value for c, t in cells.items()}
    if not {"max", "rate", "score"} <= by_role.keys():
        return False
    expected = by_role["max"] * min(by_role["rate"], Decimal(100)) / 100
    return abs(expected - by_role["score"]) < Decimal("0.5")


def _place(parts, idx, roles, origin, sign, pct_at) -> dict[int, Token] | None:
    """The cells of one way to cut the glued digits (``parts``), the rate's ``sign`` (% or `` %``) standing
    at ``pct_at`` of the digits (-1 when there is none)."""
    cells, pos = {}, 0
    for part, c, role in zip(parts, idx, roles):
        start = pos + (len(sign) if 0 <= pct_at <= pos else 0)
        end = start + len(part)
        is_rate_end = pct_at == end
        if pct_at < 0 and role == "rate":
            if not rx("table.cell_ratio").fullmatch(part):
                return None  # without a % sign a rate can only be a ratio (1 = 100%)
        elif (role == "rate") != is_rate_end:
            return None  # a rate is proven by its own % sign
        text = part + (sign if is_rate_end else "")
        cells[c] = Token(text, origin + start, origin + start + len(text))
        pos = end
    return cells


def _proven(cols: list[Column], cells: dict[int, Token], done: list[FundRow], max_hint: Decimal | None = None
            ) -> bool:
    money = [cells[c].value for c in sorted(cells) if cols[c].role == "money"]
    rate = next((cells[c] for c in sorted(cells) if cols[c].role == "rate"), None)
    if rate is not None and not rate.is_pct:
        return _proven_by_ratio(cols, cells, money, rate, max_hint)
    if rate is not None and len(money) >= 2 and money[-2]:
        ratio = money[-1] / money[-2] * 100
        if rate.value == 0 and money[-1] != 0:
            return False
        return abs(ratio - rate.value) <= _half_unit(rate)
    if rate is None and done:
        prev = [t.text for c, t in sorted(done[0].cells.items()) if cols[c].role == "money"]
        return [cells[c].text for c in sorted(cells) if cols[c].role == "money"] == prev[:len(money)]
    return False


def _proven_by_ratio(cols, cells, money, rate: Token, max_hint: Decimal | None) -> bool:
    """A rate printed as a ratio (1 for 100%) proves a split only if the score is the maximum times it too."""
    by_role = {cols[c].role: t.value for c, t in cells.items()}
    top = by_role.get("max", max_hint)
    if len(money) < 2 or not money[-2] or top is None or "score" not in by_role:
        return False
    exact = abs(money[-1] / money[-2] - rate.value) <= Decimal("0.005")
    return exact and abs(top * rate.value - by_role["score"]) <= Decimal("0.01")


# ---------------------------------------------------------------- figures
