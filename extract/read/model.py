"""The table model: a grid of cells with spans, header rows and provenance.

Readers fill it from real structure (DOCX gridSpan/vMerge, HTML rowspan/colspan, PDF table
cells: :meth:`Table.from_positions`, :meth:`Table.from_rows`); the table stage rebuilds the same
model from text that is all that is left of a table, and gives each cell its span in the
record's text.

A :class:`Cell` knows its row and column (``col`` is ``None`` when a flattening left it
unsure which column a value belongs to: the value is kept, its column is not guessed),
its row and column spans, its text and where that text stands in the record's text
(``text[start:end] == cell.text``).  A :class:`Table` is a list of cells plus which rows
are header rows, the strategy that rebuilt it and the proofs that placed its cells.

>>> t = Table(cells=[Cell(0, 0, "项目", header=True), Cell(0, 1, "金额", header=True),
...                  Cell(1, 0, "合计"), Cell(1, 1, "90")], header_rows=1)
>>> t.n_rows, t.n_cols, t.at(1, 1).text
(2, 2, '90')
>>> t.header_names()
['项目', '金额']
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Cell:
    row: int
    col: int | None
    text: str
    start: int = -1  # offsets into the record text (-1: not in the text)
    end: int = -1
    page: int = 1
    header: bool = False
    rowspan: int = 1
    colspan: int = 1
    role: str = ""  # the column's role (money, rate, max, score, target, actual, name ...)
    proof: str = ""  # why this cell sits in this column: "complete", "rate", "pair", "template" ...

    @property
    def empty(self) -> bool:
        return not self.text.strip()


@dataclass
class Table:
    cells: list[Cell] = field(default_factory=list)
    header_rows: int = 0
    columns: list[str] = field(default_factory=list)  # the header's column names, joined over header rows
    roles: list[str] = field(default_factory=list)  # one role per column
    template: str = ""  # which form the header matched (fund, indicators, years)
    strategy: str = ""  # how it was rebuilt: "grid" (real structure), "lines", "pipes" ...
    unit: str = ""  # the amounts' unit stated in the header (万元, 元, 亿元)
    page: int = 1
    start: int = -1
    end: int = -1
    warnings: list[str] = field(default_factory=list)

    @property
    def n_rows(self) -> int:
        return max((c.row + c.rowspan for c in self.cells), default=0)

    @property
    def n_cols(self) -> int:
        placed = [c.col + c.colspan for c in self.cells if c.col is not None]
        return max([len(self.columns), *placed], default=0)

    def at(self, row: int, col: int) -> Cell | None:
        """The cell covering (row, col), spans included."""
        for c in self.cells:
            if c.col is not None and c.row <= row < c.row + c.rowspan and c.col <= col < c.col + c.colspan:
                return c
        return None

    def row_cells(self, row: int) -> list[Cell]:
        return [c for c in self.cells if c.row == row]

    def body_rows(self) -> list[int]:
        return sorted({c.row for c in self.cells if c.row >= self.header_rows})

    def header_names(self) -> list[str]:
        """Column names: explicit ``columns``, else header cells joined top to bottom."""
        if self.columns:
            return list(self.columns)
        names = []
        for col in range(self.n_cols):
            parts = []
            for row in range(self.header_rows):
                cell = self.at(row, col)
                if cell is not None and cell.text and (not parts or parts[-1] != cell.text):
                    parts.append(cell.text)
            names.append(" / ".join(parts))
        return names

    @classmethod
    def from_positions(cls, grid: list[list[tuple[str, str]]], page: int = 1, strategy: str = "") -> Table:
        """A table from a reader's grid of ``(text, what)`` per position, ``what`` being ``"cell"``
        (a cell starts here), ``"colspan"`` (covered by the cell to its left) or ``"rowspan"``
        (covered by the cell above).

        >>> t = Table.from_positions([[("项目", "cell"), ("项目", "colspan"), ("得分", "cell")],
        ...                           [("产出", "cell"), ("数量", "cell"), ("得分", "rowspan")]])
        >>> [(c.row, c.col, c.text, c.rowspan, c.colspan) for c in t.cells]
        [(0, 0, '项目', 1, 2), (0, 2, '得分', 2, 1), (1, 0, '产出', 1, 1), (1, 1, '数量', 1, 1)]
        >>> t.rows
        [['项目', '项目', '得分'], ['产出', '数量', '得分']]
        """
        cells = []
        for r, row in enumerate(grid):
            for c, (text, what) in enumerate(row):
                if what != "cell":
                    continue
                colspan = 1
                while c + colspan < len(row) and row[c + colspan][1] == "colspan":
                    colspan += 1
                rowspan = 1
                while r + rowspan < len(grid) and c < len(grid[r + rowspan]) and grid[r + rowspan][c][1] == "rowspan":
                    rowspan += 1
                cells.append(Cell(r, c, text, page=page, rowspan=rowspan, colspan=colspan))
        return cls(cells=cells, page=page, strategy=strategy)

    @classmethod
    def from_rows(cls, rows: list[list[str]], page: int = 1, strategy: str = "") -> Table:
        """A table whose every position is a cell of its own (merged cells repeated or left empty)."""
        return cls.from_positions([[(text, "cell") for text in row] for row in rows], page, strategy)

    def extend_rows(self, rows: list[list[str]]) -> None:
        """Append rows below the last one (a table continued on the next page), one cell per position."""
        base = self.n_rows
        self.cells += [Cell(base + r, c, text, page=self.page) for r, row in enumerate(rows) for c, text in enumerate(row)]

    @property
    def rows(self) -> list[list[str]]:
        """The grid as rows of text, a merged cell's text repeated over every position it covers."""
        out = [[""] * self.n_cols for _ in range(self.n_rows)]
        for c in self.cells:
            if c.col is None:
                continue
            for r in range(c.row, c.row + c.rowspan):
                for k in range(c.col, c.col + c.colspan):
                    out[r][k] = c.text
        return out

    def to_frame(self):
        """A pandas DataFrame of the body, with the joined header names as columns.

        Cells left without a column go to a last column ``(列不明)``.
        """
        import pandas as pd

        names = self.header_names()
        width = len(names)
        rows = []
        for r in self.body_rows():
            values: list[str | None] = [None] * width
            loose = []
            for c in self.row_cells(r):
                if c.col is None or c.col >= width:
                    loose.append(c.text)
                else:
                    for k in range(c.col, min(c.col + c.colspan, width)):
                        values[k] = c.text
            rows.append([*values, " ".join(loose) or None])
        return pd.DataFrame(rows, columns=[*names, "(列不明)"], dtype=object)
