"""HTML reader (stdlib ``html.parser``): the visible body text as lines, tables as row lines.

Block elements end lines; script, style, head, noscript and template are skipped.
A data table gives one ``| a | b |`` line per row (a spanned cell shown once) and
its grid, with row and column spans repeated, in ``Page.tables``.  A layout
table (nested tables, one column, or cells holding whole passages) gives its
cells' lines in order instead.  The encoding comes from a byte-order mark or
``<meta charset>``, else from the same detection as plain text.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from ..errors import UnreadableFile
from . import txt
from .document import Document, Page, Table, table_row_line

SKIP = {"script", "style", "head", "noscript", "template", "title", "svg", "iframe", "object"}
BLOCK = {
    "p", "div", "br", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "section",
    "article", "header", "footer", "nav", "aside", "main", "blockquote", "pre", "hr", "form", "center",
    "address", "figure", "figcaption", "caption", "table", "tr", "fieldset", "legend", "option",
}
CELL_TAGS = {"td", "th"}
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)
GB_NAMES = {"gb2312", "gbk", "gb_2312-80", "x-gbk", "gb18030", "cp936"}
CJK = "\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
SOFT_BREAK = "\x00"  # whitespace that held a newline: dropped next to CJK, else a space
SOFT_AROUND_CJK = re.compile(rf"(?<=[{CJK}])\x00+|\x00+(?=[{CJK}])")
LAYOUT_CELL_LINES, LAYOUT_CELL_CHARS = 6, 600


def read(path: Path) -> Document:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableFile(f"cannot read file: {exc.strerror or exc}") from None
    text = decode(data)
    if txt.looks_binary(text):
        raise UnreadableFile("binary data, not a web page (control characters throughout)")
    parser = _BodyParser()
    parser.feed(text)
    parser.close()
    lines, tables = parser.finish()
    return Document(path=str(path), format="html", pages=[Page(number=1, lines=lines, tables=tables)])


def decode(data: bytes) -> str:
    """Bytes of a page to text: BOM, then the declared charset (strict), then text detection.

    >>> decode('<meta charset="gb2312"><p>预算</p>'.encode("gbk"))
    '<meta charset="gb2312"><p>预算</p>'
    """
    if data[:3] == b"\xef\xbb\xbf" or data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return txt.decode(data)[0]
    match = META_CHARSET.search(data[:4096])
    if match:
        name = match.group(1).decode("ascii").lower()
        try:
            return data.decode("gb18030" if name in GB_NAMES else name)
        except (UnicodeDecodeError, LookupError):
            pass
    return txt.decode(data)[0]


class _Flow:
    """Lines being written: the page body or one table cell."""

    def __init__(self, rowspan: int = 1, colspan: int = 1):
        self.lines: list[str] = []
        self.buf: list[str] = []
        self.rowspan, self.colspan = rowspan, colspan
        self.nested_table = False

    def write(self, text: str) -> None:
        self.buf.append(text)

    def break_line(self) -> None:
        line = normalise_space("".join(self.buf))
        self.buf = []
        if line:
            self.lines.append(line)

    def text(self) -> str:
        self.break_line()
        return " ".join(self.lines)


def normalise_space(text: str) -> str:
    """Collapse whitespace; a line break in the source next to a CJK character vanishes.

    >>> normalise_space("年初预算\\x00602.39\\x00万元 合计 total\\x00sum")
    '年初预算602.39万元 合计 total sum'
    """
    text = re.sub(r"[ \t\xa0\u3000]*\x00[\s\x00]*", SOFT_BREAK, text)
    text = SOFT_AROUND_CJK.sub("", text).replace(SOFT_BREAK, " ")
    return " ".join(text.split())


class _Table:
    def __init__(self) -> None:
        self.rows: list[list[_Flow]] = []
        self.cell: _Flow | None = None

    def close_cell(self) -> None:
        if self.cell is not None:
            self.cell.break_line()
            self.cell = None

    def start_row(self) -> None:
        self.close_cell()
        self.rows.append([])

    def start_cell(self, rowspan: int, colspan: int) -> _Flow:
        self.close_cell()
        if not self.rows:
            self.rows.append([])
        self.cell = _Flow(rowspan, colspan)
        self.rows[-1].append(self.cell)
        return self.cell


class _BodyParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.body = _Flow()
        self.tables: list[_Table] = []
        self.found: list[Table] = []
        self.skip: list[str] = []
        self.pre = 0

    # -- where text goes
    def flow(self) -> _Flow:
        """The innermost open cell; text inside a table but outside its cells goes to the enclosing flow."""
        for table in reversed(self.tables):
            if table.cell is not None:
                return table.cell
        return self.body

    # -- parser events
    def handle_starttag(self, tag: str, attrs) -> None:
        if self.skip:
            if tag == self.skip[-1] or tag == "body" and self.skip == ["head"]:
                if tag == "body":
                    self.skip.clear()
                else:
                    self.skip.append(tag)
            return
        if tag in SKIP:
            self.skip.append(tag)
            return
        if tag == "table":
            self.flow().break_line()
            if self.tables and self.tables[-1].cell is not None:
                self.tables[-1].cell.nested_table = True
            self.tables.append(_Table())
        elif tag == "tr" and self.tables:
            self.tables[-1].start_row()
        elif tag in CELL_TAGS and self.tables:
            spans = dict(attrs)
            self.tables[-1].start_cell(_span(spans.get("rowspan")), _span(spans.get("colspan")))
        elif tag in BLOCK:
            self.flow().break_line()
        if tag == "pre":
            self.pre += 1

    def handle_startendtag(self, tag: str, attrs) -> None:
        if not self.skip and tag in BLOCK:
            self.flow().break_line()

    def handle_endtag(self, tag: str) -> None:
        if self.skip:
            if tag == self.skip[-1]:
                self.skip.pop()
            return
        if tag == "table" and self.tables:
            table = self.tables.pop()
            table.close_cell()
            self._emit_table(table)
        elif (tag in CELL_TAGS or tag == "tr") and self.tables:
            self.tables[-1].close_cell()
        elif tag in BLOCK:
            self.flow().break_line()
        if tag == "pre":
            self.pre = max(0, self.pre - 1)

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if self.pre:
            first, *rest = data.split("\n")
            flow = self.flow()
            flow.write(first)
            for line in rest:
                flow.break_line()
                flow.write(line)
            return
        self.flow().write(re.sub(r"\s*\n\s*", SOFT_BREAK, data))

    # -- tables
    def _emit_table(self, table: _Table) -> None:
        target = self.flow()
        target.break_line()
        rows = [row for row in table.rows if row]
        if not rows:
            return
        if is_layout(rows):
            for row in rows:
                for cell in row:
                    target.lines.extend(cell.lines)
            return
        grid = expand_spans(rows)
        what = {True: "cell", None: "colspan", False: "rowspan"}
        self.found.append(Table.from_positions([[(text, what[shown]) for text, shown in row] for row in grid],
                                               page=1, strategy="html"))
        target.lines.extend(table_row_line([text if shown else "" for text, shown in row if shown is not None]) for row in grid)

    def finish(self) -> tuple[list[str], list[Table]]:
        while self.tables:
            self.handle_endtag("table")
        self.body.break_line()
        return self.body.lines, self.found


def _span(value: str | None) -> int:
    try:
        return max(1, min(int(str(value).strip()), 100))
    except (TypeError, ValueError):
        return 1


def is_layout(rows: list[list[_Flow]]) -> bool:
    """A table used for page layout rather than data."""
    cells = [cell for row in rows for cell in row]
    if all(len(row) == 1 for row in rows):
        return True
    return any(
        cell.nested_table or len(cell.lines) > LAYOUT_CELL_LINES or sum(map(len, cell.lines)) > LAYOUT_CELL_CHARS
        for cell in cells
    )


def expand_spans(rows: list[list[_Flow]]) -> list[list[tuple[str, bool | None]]]:
    """The table grid: (text, shown) per position. shown: True for the cell itself, False for a
    row-span repeat (an empty cell in the text line), None for a column-span repeat (left out)."""
    grid: list[list[tuple[str, bool | None]]] = []
    pending: dict[int, tuple[str, int, int]] = {}  # column -> (text, rows left, colspan)
    for row in rows:
        out: list[tuple[str, bool | None]] = []
        cells = iter(row)
        cell = next(cells, None)
        while cell is not None or any(col >= len(out) for col in pending):
            col = len(out)
            if col in pending:
                text, left, colspan = pending.pop(col)
                out.extend([(text, False)] + [(text, None)] * (colspan - 1))
                if left > 1:
                    pending[col] = (text, left - 1, colspan)
                continue
            if cell is None:
                out.append(("", True))
                continue
            text = cell.text()
            out.extend([(text, True)] + [(text, None)] * (cell.colspan - 1))
            if cell.rowspan > 1:
                pending[col] = (text, cell.rowspan - 1, cell.colspan)
            cell = next(cells, None)
        grid.append(out)
    return grid
