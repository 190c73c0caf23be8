"""Find the national form tables in a record's text and rebuild them as grids.

One recogniser walks the text's cell stream; at each cell it asks each template's
reader (fund block, indicator block, year columns) whether a header starts there.  The
same grids come from one-cell-per-line text and from ``|`` rows, because both give the
same stream of non-empty cells.
"""
from __future__ import annotations

from collections.abc import Callable

from ..models import page_of
from ..read.model import Table
from .amounts import may_name_amount, read_amounts
from .columns import column_at
from .figures import TableFigures, table_figures
from .forms import opens_form, read_form, read_whole_form
from .fund import read_fund
from .glued import glued_cells, read_glued_indicators, three_touch
from .indicator_amounts import fund_amounts
from .indicators import read_indicators
from .leaves import is_marked, read_marked
from .numbered import opens_numbered, read_numbered
from .stream import CellStream, StreamCell, TextMemo, cells_of
from .tasks import opens_tasks, read_tasks
from .years import may_glue_years, read_years

Reader = Callable[[list[StreamCell], int], "tuple[Table, int] | None"]
READERS: tuple[Reader, ...] = (read_fund, read_indicators, read_years, read_form, read_tasks, read_marked,
                               read_amounts, read_numbered)
#: a row of headings over a row of values is read from space-separated text only with one value per heading
SPACED_READERS: tuple[Reader, ...] = (read_fund, read_indicators, read_years, read_whole_form, read_tasks, read_marked)
#: cells run together (every border lost): only a header of column names cut one way tells the table
GLUED_READERS: tuple[Reader, ...] = (read_glued_indicators,)
#: the readers' first tests of a cell's text, asked once per distinct text (``_passed``)
TEXT_TESTS: dict[str, Callable[[StreamCell], bool]] = {
    "form": opens_form, "tasks": opens_tasks, "marked": is_marked, "numbered": opens_numbered,
    "years": may_glue_years, "amount": may_name_amount}


class At:
    """The cell at ``i`` as the gates see it: each first test asked once, whichever reader asks it."""

    __slots__ = ("_named", "_passed", "cells", "i")

    def __init__(self, cells: list[StreamCell], i: int) -> None:
        self.cells, self.i = cells, i
        self._named: bool | None = None
        self._passed: frozenset[str] | None = None

    @property
    def named(self) -> bool:
        """A column name starts here."""
        if self._named is None:
            self._named = column_at(self.cells, self.i) is not None
        return self._named

    @property
    def passed(self) -> frozenset[str]:
        """The :data:`TEXT_TESTS` the cell's text passes."""
        if self._passed is None:
            self._passed = _passed(self.cells[self.i])
        return self._passed

    def next_passes(self, name: str) -> bool:
        """The next cell's text passes the test ``name``."""
        return self.i + 1 < len(self.cells) and name in _passed(self.cells[self.i + 1])


Gate = Callable[[At], bool]


def _here(name: str) -> Gate:
    return lambda at: name in at.passed


#: the test a reader's first cell (or the next) must pass, or the reader returns None at once: tried before it
GATES: dict[Reader, Gate] = {
    read_fund: lambda at: at.named,
    read_indicators: lambda at: at.named,
    read_glued_indicators: lambda at: three_touch(at.cells, at.i) and at.named,
    read_years: lambda at: at.named or "years" in at.passed,
    read_form: _here("form"),
    read_whole_form: _here("form"),
    read_tasks: _here("tasks"),
    read_marked: _here("marked"),
    read_amounts: lambda at: at.next_passes("amount"),
    read_numbered: _here("numbered"),
}
#: the names of the TEXT_TESTS a cell's text passes
PASSED = TextMemo(lambda cell: frozenset(name for name, test in TEXT_TESTS.items() if test(cell)))


def find_tables(text: str, page_starts: list[int] | None = None, grid_rows: bool = False) -> list[Table]:
    """Every template table in ``text``, in reading order: cells one per line or between ``|``
    first, then cells separated by spaces where no table was found that way, then cells run together
    (``glued.py``) where neither found one.

    ``grid_rows``: the text's ``| a | b |`` lines were written by a reader from a real table
    (DOCX, HTML, PDF), so their empty cells are cells: every row keeps all its columns."""
    first = "grid" if grid_rows else "lines"
    tables = _tables_in(cells_of(text, grid_rows=grid_rows), first, page_starts, READERS)
    for table in _tables_in(cells_of(text, spaced=True), "spaces", page_starts, SPACED_READERS):
        if not any(t.start < table.end and table.start < t.end for t in tables):
            tables.append(table)
    for table in _tables_in(glued_cells(text), "glued", page_starts, GLUED_READERS):
        if not any(t.start < table.end and table.start < t.end for t in tables):
            tables.append(table)
    return sorted(tables, key=lambda t: t.start)


def _tables_in(cells: list[StreamCell], strategy: str, page_starts: list[int] | None,
               readers: tuple[Reader, ...]) -> list[Table]:
    tables: list[Table] = []
    cells = CellStream(cells)
    i = 0
    while i < len(cells):
        found = _try(cells, i, readers)
        if found is None:
            i += 1
            continue
        table, i = found
        table.strategy = strategy
        place_on_pages(table, page_starts or [])
        tables.append(table)
    return tables


def _try(cells: list[StreamCell], i: int, readers: tuple[Reader, ...]):
    if cells[i].kind != "text":
        return None
    at = At(cells, i)
    for reader in readers:
        gate = GATES.get(reader)  # a reader without a gate is always tried
        if gate is not None and not gate(at):
            continue
        found = reader(cells, i)
        if found is not None and found[1] > i:
            return found
    return None


def _passed(cell: StreamCell) -> frozenset[str]:
    """The names of the :data:`TEXT_TESTS` the cell's text passes (each distinct text tested once)."""
    return PASSED.of(cell)


def place_on_pages(table: Table, page_starts: list[int]) -> None:
    """The page of the table and of each of its cells that stands in the text."""
    table.page = page_of(page_starts, max(table.start, 0))
    for cell in table.cells:
        if cell.start >= 0:
            cell.page = page_of(page_starts, cell.start)


def grid_figures(text: str, page_starts: list[int], grid_rows: bool = False) -> TableFigures:
    """Mentions, score items, cell spans and warnings of every template table in ``text``."""
    return figures_of(find_tables(text, page_starts, grid_rows), text, page_starts)


def figures_of(tables: list[Table], text: str, page_starts: list[int]) -> TableFigures:
    """The figures of tables, whoever built them (the template readers, the glued-cell readers): one path."""
    out = TableFigures()
    funds = fund_amounts(tables)
    for table in tables:
        place_on_pages(table, page_starts)
        out.add(table_figures(table, text, funds))
    return out
