"""A streaming .xlsx writer: the few parts of SpreadsheetML that selfeval.xlsx uses, written as text.

Rows go into the zip as they are written, one sheet at a time, a megabyte of text at once; memory
does not grow with the rows.  Strings are inline strings
(as openpyxl's and XlsxWriter's streaming modes write them), numbers go in as the digits given
(a Decimal's own digits: exact), and a sheet may have column widths, a frozen header row and a
filter.  Styles (number format, bold font, fill, vertical alignment) are numbered as first used.

>>> import tempfile, openpyxl
>>> with tempfile.TemporaryDirectory() as d:
...     with XlsxBook(f"{d}/t.xlsx") as book:
...         sheet = book.add_sheet("表", widths={1: 12}, freeze_header=True)
...         sheet.add_row(1, cell_xml("A1", "名称", book.style_id(Style(bold=True))) + cell_xml("B1", "数值"))
...         sheet.add_row(2, cell_xml("A2", "=1+1") + cell_xml("B2", Decimal("957.017139"),
...                                                           book.style_id(Style("#,##0.00"))))
...         sheet.auto_filter("A1:B2")
...     ws = openpyxl.load_workbook(f"{d}/t.xlsx")["表"]
...     [c.value for c in ws[2]], ws["B2"].number_format, ws.freeze_panes, ws.auto_filter.ref
(['=1+1', 957.017139], '#,##0.00', 'A2', 'A1:B2')
"""
from __future__ import annotations

import re
import time
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
FLUSH_CHARS = 1 << 20  # row text held before it goes to the sheet's temporary file
COMPRESS_LEVEL = 1  # deflate: most of the size gain for a fraction of level 6's time
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
_ATTRIBUTE_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})


@dataclass(frozen=True)
class Style:
    """A cell's look: number format code, font (bold, size), fill colour (ARGB) and vertical alignment."""

    number_format: str | None = None
    bold: bool = False
    size: int = 11
    fill: str | None = None
    vertical: str | None = None


def column_letter(index: int) -> str:
    """``1`` -> ``A``, ``28`` -> ``AB``.

    >>> [column_letter(i) for i in (1, 26, 27, 703)]
    ['A', 'Z', 'AA', 'AAA']
    """
    letters = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell_xml(ref: str, value: Any, style: int = 0) -> str:
    """One ``<c>`` element: text (inline string), number (its digits), True/False, or an empty styled cell.

    >>> cell_xml("A1", "a<b"), cell_xml("B1", Decimal("1.50"), 2), cell_xml("C1", None), cell_xml("D1", None, 3)
    ('<c r="A1" t="inlineStr"><is><t>a&lt;b</t></is></c>', '<c r="B1" s="2"><v>1.50</v></c>', '', '<c r="D1" s="3"/>')
    """
    s = f' s="{style}"' if style else ""
    if value is None or (value.__class__ is str and not value):
        return f'<c r="{ref}"{s}/>' if style else ""
    kind = value.__class__
    if kind is bool:
        return f'<c r="{ref}"{s} t="b"><v>{int(value)}</v></c>'
    if kind is Decimal and value.is_finite():
        return f'<c r="{ref}"{s}><v>{value:f}</v></c>'
    if kind is int or (kind is float and value - value == 0):
        return f'<c r="{ref}"{s}><v>{value!r}</v></c>'
    return f'<c r="{ref}"{s}{text_tail(value if kind is str else str(value))}'


def text_tail(text: str) -> str:
    """The part of a text cell's element after its reference and style (``<c r="A1" s="1"`` + this).

    >>> text_tail(" a&b"), text_tail("")
    (' t="inlineStr"><is><t xml:space="preserve"> a&amp;b</t></is></c>', '/>')
    """
    if not text:
        return "/>"
    space = ' xml:space="preserve"' if text[0].isspace() or text[-1].isspace() else ""
    return f' t="inlineStr"><is><t{space}>{text.translate(_ESCAPES)}</t></is></c>'


def attribute(text: str) -> str:
    return text.translate(_ATTRIBUTE_ESCAPES)


class XlsxSheet:
    """One worksheet being written straight into the archive: rows in order (:meth:`add_row`), then
    :meth:`close` (done by the book when the next sheet starts or the book closes)."""

    def __init__(self, archive: zipfile.ZipFile, part: str, name: str, widths: dict[int, float],
                 freeze_header: bool, selected: bool) -> None:
        self.name = name
        self.filter_ref: str | None = None
        self._out = archive.open(_entry(part), "w")
        self._pending: list[str] = [_sheet_head(widths, freeze_header, selected)]
        self._pending_chars = 0

    def add_row(self, row_no: int, cells: str) -> None:
        """Row ``row_no`` (1-based, increasing) with the XML of its cells (:func:`cell_xml`)."""
        self._pending.append(f'<row r="{row_no}">{cells}</row>')
        self._pending_chars += len(cells)
        if self._pending_chars > FLUSH_CHARS:
            self._flush()

    def auto_filter(self, ref: str) -> None:
        self.filter_ref = ref

    def _flush(self) -> None:
        self._out.write("".join(self._pending).encode("utf-8", "backslashreplace"))
        self._pending, self._pending_chars = [], 0

    def close(self) -> None:
        self._pending.append("</sheetData>" + (f'<autoFilter ref="{self.filter_ref}"/>' if self.filter_ref else "")
                             + "</worksheet>")
        self._flush()
        self._out.close()


def _sheet_head(widths: dict[int, float], freeze_header: bool, selected: bool) -> str:
    pane = ('<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
            '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/>') if freeze_header else ""
    tab = ' tabSelected="1"' if selected else ""
    cols = "".join(f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>' for i, w in sorted(widths.items()))
    return (f'{XML_HEAD}<worksheet xmlns="{MAIN_NS}" xmlns:r="{REL_NS}"><sheetViews><sheetView{tab} '
            f'workbookViewId="0">{pane}</sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>'
            f'{f"<cols>{cols}</cols>" if cols else ""}<sheetData>')


def _entry(part: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(part, date_time=time.localtime()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


class XlsxBook:
    """An .xlsx file being written: sheets one after another (:meth:`add_sheet`), then :meth:`close`."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._archive = zipfile.ZipFile(self.path, "w", zipfile.ZIP_DEFLATED, compresslevel=COMPRESS_LEVEL)
        self._sheets: list[tuple[str, str | None]] = []  # (name, filter ref) of the sheets written
        self._open: XlsxSheet | None = None
        self._styles: dict[Style, int] = {Style(): 0}

    def style_id(self, style: Style) -> int:
        """The number of ``style`` in styles.xml (0: the default look)."""
        if style not in self._styles:
            self._styles[style] = len(self._styles)
        return self._styles[style]

    def add_sheet(self, name: str, widths: dict[int, float], freeze_header: bool = False) -> XlsxSheet:
        """A new sheet (the one before it is finished); ``widths``: column number (1-based) -> width."""
        self._finish_sheet()
        n = len(self._sheets) + 1
        self._open = XlsxSheet(self._archive, f"xl/worksheets/sheet{n}.xml", name, widths, freeze_header, n == 1)
        return self._open

    def _finish_sheet(self) -> None:
        if self._open is not None:
            self._open.close()
            self._sheets.append((self._open.name, self._open.filter_ref))
            self._open = None

    def close(self) -> None:
        self._finish_sheet()
        parts = {"[Content_Types].xml": self._content_types(), "_rels/.rels": self._package_rels(),
                 "xl/workbook.xml": self._workbook(), "xl/_rels/workbook.xml.rels": self._workbook_rels(),
                 "xl/styles.xml": self._styles_xml()}
        for part, text in parts.items():
            self._archive.writestr(_entry(part), text.encode("utf-8"))
        self._archive.close()

    def abandon(self) -> None:
        """Stop without finishing: close the files and remove the partial .xlsx."""
        try:
            if self._open is not None:
                self._open.close()
            self._archive.close()
        finally:
            self.path.unlink(missing_ok=True)

    def __enter__(self) -> XlsxBook:
        return self

    def __exit__(self, exc_type, *exc: object) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abandon()

    # --- the package's fixed parts ---------------------------------------------------------

    def _content_types(self) -> str:
        sheets = "".join(f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/'
                         f'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                         for n in range(1, len(self._sheets) + 1))
        return (f'{XML_HEAD}<Types xmlns="{CONTENT_NS}">'
                '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                '<Default Extension="xml" ContentType="application/xml"/>'
                '<Override PartName="/xl/workbook.xml" ContentType="application/'
                'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                '<Override PartName="/xl/styles.xml" ContentType="application/'
                f'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>{sheets}</Types>')

    def _package_rels(self) -> str:
        return (f'{XML_HEAD}<Relationships xmlns="{PACKAGE_REL_NS}"><Relationship Id="rId1" '
                f'Type="{REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>')

    def _workbook_rels(self) -> str:
        sheets = "".join(f'<Relationship Id="rId{n}" Type="{REL_NS}/worksheet" Target="worksheets/sheet{n}.xml"/>'
                         for n in range(1, len(self._sheets) + 1))
        styles = f'<Relationship Id="rId{len(self._sheets) + 1}" Type="{REL_NS}/styles" Target="styles.xml"/>'
        return f'{XML_HEAD}<Relationships xmlns="{PACKAGE_REL_NS}">{sheets}{styles}</Relationships>'

    def _workbook(self) -> str:
        sheets = "".join(f'<sheet name="{attribute(name)}" sheetId="{n}" r:id="rId{n}"/>'
                         for n, (name, _) in enumerate(self._sheets, start=1))
        names = "".join(f'<definedName name="_xlnm._FilterDatabase" localSheetId="{n}" hidden="1">'
                        f"{attribute(_quoted(name))}!{_absolute(ref)}</definedName>"
                        for n, (name, ref) in enumerate(self._sheets) if ref)
        return (f'{XML_HEAD}<workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}"><workbookPr/>'
                f'<bookViews><workbookView activeTab="0"/></bookViews><sheets>{sheets}</sheets>'
                f'{f"<definedNames>{names}</definedNames>" if names else ""}<calcPr calcId="191029"/></workbook>')

    def _styles_xml(self) -> str:
        codes = list(dict.fromkeys(s.number_format for s in self._styles if s.number_format))
        fonts = list(dict.fromkeys((s.bold, s.size) for s in self._styles))
        fills = list(dict.fromkeys(s.fill for s in self._styles if s.fill))
        xfs = []
        for style in self._styles:  # in number order (insertion order)
            number = 164 + codes.index(style.number_format) if style.number_format else 0
            fill = 2 + fills.index(style.fill) if style.fill else 0
            align = f'<alignment vertical="{style.vertical}"/>' if style.vertical else ""
            applied = (' applyNumberFormat="1"' if number else "") + (' applyAlignment="1"' if align else "")
            xfs.append(f'<xf numFmtId="{number}" fontId="{fonts.index((style.bold, style.size))}" fillId="{fill}" '
                       f'borderId="0" xfId="0"{applied}>{align}</xf>')
        return (f'{XML_HEAD}<styleSheet xmlns="{MAIN_NS}">'
                + (f'<numFmts count="{len(codes)}">' + "".join(
                    f'<numFmt numFmtId="{164 + n}" formatCode="{attribute(c)}"/>' for n, c in enumerate(codes))
                   + "</numFmts>" if codes else "")
                + f'<fonts count="{len(fonts)}">' + "".join(
                    f'<font>{"<b/>" if bold else ""}<sz val="{size}"/><name val="Calibri"/><family val="2"/>'
                    f'<scheme val="minor"/></font>' for bold, size in fonts) + "</fonts>"
                + f'<fills count="{2 + len(fills)}"><fill><patternFill patternType="none"/></fill>'
                '<fill><patternFill patternType="gray125"/></fill>' + "".join(
                    f'<fill><patternFill patternType="solid"><fgColor rgb="{c}"/><bgColor indexed="64"/>'
                    "</patternFill></fill>" for c in fills) + "</fills>"
                + '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
                '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
                f'<cellXfs count="{len(xfs)}">{"".join(xfs)}</cellXfs>'
                '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
                "</styleSheet>")


def _quoted(sheet_name: str) -> str:
    return "'" + sheet_name.replace("'", "''") + "'"


def _absolute(ref: str) -> str:
    """``A1:C9`` -> ``$A$1:$C$9``."""
    return re.sub(r"([A-Z]+)(\d+)", r"$\1$\2", ref)
