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
from .amounts import read_amounts
from .figures import TableFigures, table_figures
from .forms import read_form, read_whole_form
from .fund import read_fund
from .glued import glued_cells, read_glued_indicators
from .indicator_amounts import fund_amounts
from .indicators import read_indicators
from .leaves import read_marked
from .numbered import read_numbered
from .stream import CellStream, StreamCell, cells_of
from .tasks import read_tasks
from .years import read_years

Reader = Callable[[list[StreamCell], int], "tuple[Table, int] | None"]
READERS: tuple[Reader, ...] = (read_fund, read_indicators, read_years, read_form, read_tasks, read_marked,
                               read_amounts, read_numbered)
#: a row of headings over a row of values is read from space-separated text only with one value per heading
SPACED_READERS: tuple[Reader, ...] = (read_fund, read_indicators, read_years, read_whole_form, read_tasks, read_marked)
#: cells run together (every border lost): only a header of column names cut one way tells the table
GLUED_READERS: tuple[Reader, ...] = (read_glued_indicators,)


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
    for reader in readers:
        found = reader(cells, i)
        if found is not None and found[1] > i:
            return found
    return None


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
