"""The reader-side document model: pages of lines, and each page's tables as grids of cells
(:class:`~extract.read.model.Table`).

Readers produce a :class:`Document`; cleanup turns it into the record's text.
Nothing here knows about figures.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .model import Table

#: Cells of a table row are joined with this separator when a table is put into
#: the text flow, so that later stages see one row per line (as in web pages
#: that publish tables as ``a | b | c``).
CELL_SEP = " | "


@dataclass(frozen=True)
class OcrBox:
    """One piece of text the OCR recogniser read, with its confidence (0..1)."""

    text: str
    confidence: float


@dataclass
class Page:
    """One page: its lines in reading order (table rows included, as ``CELL_SEP`` rows).
    ``ocr`` holds the recogniser's boxes when the lines were read by OCR (None: from a text layer)."""

    number: int
    lines: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    ocr: list[OcrBox] | None = None
    #: Where the reader knows the layout (OCR): per line, True when it runs to the right margin and goes on
    #: in the next line (a hard wrap); None: cleanup judges wraps from line widths.
    wraps: list[bool] | None = None


@dataclass
class Document:
    """What a reader gives back for one file."""

    path: str
    format: str  # "pdf" | "docx" | "txt" | "html"
    pages: list[Page] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def n_pages(self) -> int:
        return len(self.pages)

    @property
    def ocr_pages(self) -> list[int]:
        """Numbers of the pages whose lines were read by OCR."""
        return [page.number for page in self.pages if page.ocr is not None]

    def is_empty(self) -> bool:
        return not any(line.strip() for page in self.pages for line in page.lines)


def table_row_line(cells: list[str]) -> str:
    """Render one table row as a text line: ``| a | b |``.

    >>> table_row_line(["项目", "90", ""])
    '| 项目 | 90 |  |'
    """
    clean = [" ".join(c.split()) for c in cells]
    return "| " + CELL_SEP.join(clean) + " |"
