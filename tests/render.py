"""Render a report text to PDF, DOCX or HTML the way an office export lays it out.

Used by the tests (read a rendered file back and compare with the text) and by
``scripts/generate_corpus.py`` (which imports this file by path), so there is one copy.

Paragraphs are the input text's non-empty lines.  A paragraph that is exactly
``TABLE_MARKER`` says where ``table_rows`` go; without it the table follows the
text.  Several tables: ``tables={"fund": rows_or_TableSpec}`` and paragraphs
``[[TABLE:fund]]``.  A :class:`TableSpec` can merge cells, drop the rules
(a borderless table) or break to a new page after some rows (PDF only).  The PDF imitates a Word export: A4, a 15 pt CJK font, 28 Chinese
characters per line, justified lines (extra character spacing, digits included),
first-line indents, level-1 headings drawn twice with a small offset (the
"fake bold" of many exporters), and a centred footer ``— n —`` on each page.
Needs reportlab (PDF) and python-docx (DOCX); HTML needs nothing.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path

TABLE_MARKER = "[[TABLE]]"
NAMED_MARKER = re.compile(r"^\[\[TABLE(?::(\w+))?\]\]$")
HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|第[一二三四五六七八九十]+部分|（[一二三四五六七八九十]+）)")
LEVEL1 = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|第[一二三四五六七八九十]+部分)")
NO_LINE_START = set("，。、；：？！）》」』”’%％,.;:)")
KEEP_TOGETHER = re.compile(r"[A-Za-z0-9.,%]+|.", re.DOTALL)

FONT = "STSong-Light"
PAGE_W, PAGE_H = 595.27, 841.89
FONT_SIZE = 15.0
LEADING = 28.0
MARGIN_X = (PAGE_W - 28 * FONT_SIZE) / 2
TEXT_W = PAGE_W - 2 * MARGIN_X
TOP, BOTTOM = PAGE_H - 80.0, 80.0
CELL_SIZE, CELL_LEADING, CELL_PAD = 10.5, 14.0, 4.0


@dataclass
class TableSpec:
    """A table to render: rows of cells, merged regions (row, col, last_row, last_col),
    ``borderless`` (no rules, columns kept apart by wide gaps) and ``break_after``
    (start a new PDF page after that many rows)."""

    rows: list[list[str]]
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    borderless: bool = False
    break_after: int | None = None

    def covered(self, r: int, c: int) -> tuple[int, int, int, int] | None:
        """The merged region holding grid position (r, c), if any."""
        return next((m for m in self.merges if m[0] <= r <= m[2] and m[1] <= c <= m[3]), None)

    def is_anchor(self, r: int, c: int) -> bool:
        region = self.covered(r, c)
        return region is None or region[:2] == (r, c)


def _specs(table_rows, tables) -> dict[str, TableSpec]:
    specs = {name: t if isinstance(t, TableSpec) else TableSpec(rows=t) for name, t in (tables or {}).items()}
    if table_rows:
        specs[""] = TableSpec(rows=table_rows)
    return specs


def _marker(paragraph: str) -> str | None:
    match = NAMED_MARKER.match(paragraph)
    return (match.group(1) or "") if match else None


def paragraphs_of(text: str) -> list[str]:
    """The non-empty lines of a text, stripped."""
    return [line.strip() for line in text.replace("\f", "\n").splitlines() if line.strip()]


def is_title(paragraph: str) -> bool:
    """A first paragraph like '…绩效自评报告' is centred, not indented."""
    return len(paragraph) <= 40 and paragraph.endswith(("报告", "报告书"))


def is_heading(paragraph: str) -> bool:
    return bool(HEADING.match(paragraph))


# ---------------------------------------------------------------- PDF


def _register_font() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def _width(s: str, size: float) -> float:
    from reportlab.pdfbase import pdfmetrics

    return pdfmetrics.stringWidth(s, FONT, size)


def wrap(text: str, width: float, size: float, indent: float = 0.0) -> list[str]:
    """Break text into lines no wider than width: Latin/digit runs stay whole, closing punctuation hangs."""
    lines: list[str] = []
    current, used, limit = "", 0.0, width - indent
    for token in KEEP_TOGETHER.findall(text):
        w = _width(token, size)
        if current and used + w > limit and token[0] not in NO_LINE_START:
            lines.append(current)
            current, used, limit = "", 0.0, width
        current += token
        used += w
    if current:
        lines.append(current)
    return lines


class _PdfWriter:
    """A canvas with a cursor that starts a new page (and its footer) when the text reaches the bottom."""

    def __init__(self, path: Path, footer: bool, footer_first: bool = False):
        from reportlab.pdfgen import canvas

        _register_font()
        self.canvas = canvas.Canvas(str(path), pagesize=(PAGE_W, PAGE_H), invariant=1)
        self.footer, self.footer_first, self.page, self.y = footer, footer_first, 1, TOP
        self.start_page()

    def ensure_room(self, height: float) -> None:
        if self.y - height < BOTTOM:
            self.end_page()
            self.canvas.showPage()
            self.page += 1
            self.y = TOP
            self.start_page()

    def start_page(self) -> None:
        if self.footer and self.footer_first:
            self._draw_footer()

    def end_page(self) -> None:
        if self.footer and not self.footer_first:
            self._draw_footer()

    def _draw_footer(self) -> None:
        self.canvas.setFont(FONT, 10.5)
        self.canvas.drawCentredString(PAGE_W / 2, 40, f"— {self.page} —")

    def text_line(self, line: str, x: float, width: float | None, bold: bool = False) -> None:
        """Draw one line at the cursor; justified to width when width is given."""
        self.ensure_room(LEADING)
        self.y -= LEADING
        spacing = 0.0
        if width is not None and len(line) > 1:
            spacing = max(0.0, (width - _width(line, FONT_SIZE)) / (len(line) - 1))
        for dx in (0.0, 0.35) if bold else (0.0,):
            obj = self.canvas.beginText(x + dx, self.y)
            obj.setFont(FONT, FONT_SIZE)
            obj.setCharSpace(spacing)
            obj.textOut(line)
            self.canvas.drawText(obj)

    def title(self, title: str) -> None:
        for line in wrap(title, TEXT_W, FONT_SIZE):
            self.text_line(line, (PAGE_W - _width(line, FONT_SIZE)) / 2, None, bold=True)

    def paragraph(self, paragraph: str) -> None:
        heading = is_heading(paragraph)
        indent = 0.0 if heading else 2 * FONT_SIZE
        lines = wrap(paragraph, TEXT_W, FONT_SIZE, indent)
        for i, line in enumerate(lines):
            x = MARGIN_X + (indent if i == 0 else 0.0)
            last = i == len(lines) - 1
            self.text_line(line, x, None if last else MARGIN_X + TEXT_W - x, bold=bool(LEVEL1.match(paragraph)))

    def table(self, spec: TableSpec) -> None:
        widths = _borderless_widths(spec.rows) if spec.borderless else _column_widths(spec.rows)
        left = MARGIN_X if not spec.borderless else max(20.0, (PAGE_W - sum(widths)) / 2)
        self.y -= CELL_PAD
        for r, row in enumerate(spec.rows):
            if spec.break_after is not None and r == spec.break_after:
                self.y = BOTTOM  # the next row starts a new page
            cells = [
                (wrap(str(cell), w - 2 * CELL_PAD, CELL_SIZE) or [""]) if spec.is_anchor(r, c) else [""]
                for c, (cell, w) in enumerate(zip(row, widths))
            ]
            height = max(len(c) for c in cells) * CELL_LEADING + 2 * CELL_PAD
            self.ensure_room(height)
            self._table_row(spec, r, cells, widths, height, left)
            self.y -= height
        self.y -= CELL_PAD

    def _table_row(self, spec: TableSpec, r: int, cells, widths: list[float], height: float, left: float) -> None:
        c, top, x = self.canvas, self.y, left
        c.setLineWidth(0.6)
        c.setFont(FONT, CELL_SIZE)
        last_row = r == len(spec.rows) - 1
        for k, (lines, w) in enumerate(zip(cells, widths)):
            region = spec.covered(r, k) or (r, k, r, k)
            if not spec.borderless:
                if region[0] == r:
                    c.line(x, top, x + w, top)
                if region[1] == k:
                    c.line(x, top, x, top - height)
                if last_row or region[2] == r:
                    c.line(x, top - height, x + w, top - height)
            for n, line in enumerate(lines):
                c.drawString(x + CELL_PAD, top - CELL_PAD - (n + 1) * CELL_LEADING + 3.5, line)
            x += w
        if not spec.borderless:
            c.line(x, top, x, top - height)

    def save(self) -> None:
        self.end_page()
        self.canvas.save()


def _borderless_widths(rows: list[list[str]]) -> list[float]:
    """Columns as wide as their widest cell plus a gap of two characters: no wrapping, no rules."""
    n = max(len(r) for r in rows)
    return [max(_width(str(r[i]), CELL_SIZE) if i < len(r) else 0 for r in rows) + 2 * CELL_PAD + 2 * CELL_SIZE for i in range(n)]


def _column_widths(rows: list[list[str]]) -> list[float]:
    n = max(len(r) for r in rows)
    natural = [max(_width(str(r[i]), CELL_SIZE) if i < len(r) else 0 for r in rows) + 2 * CELL_PAD + 1 for i in range(n)]
    if sum(natural) <= TEXT_W:
        return [w * TEXT_W / sum(natural) for w in natural]
    floor = TEXT_W / n / 2
    capped = [max(floor, w) for w in natural]
    return [w * TEXT_W / sum(capped) for w in capped]


def render_pdf(text: str, path, *, footer: bool = True, table_rows: list[list[str]] | None = None,
               tables: dict | None = None, footer_first: bool = False) -> Path:
    """Write text as a Word-export-like PDF; return the path.  ``footer_first`` draws each page's
    footer before its text (some exporters do), so the footer comes first in the content stream."""
    path = Path(path)
    writer = _PdfWriter(path, footer, footer_first)
    specs = _specs(table_rows, tables)
    for k, paragraph in enumerate(_with_table_marker(text, table_rows)):
        if _marker(paragraph) is not None:
            if _marker(paragraph) in specs:
                writer.table(specs[_marker(paragraph)])
        elif k == 0 and is_title(paragraph):
            writer.title(paragraph)
        else:
            writer.paragraph(paragraph)
    writer.save()
    return path


def _with_table_marker(text: str, table_rows) -> list[str]:
    paras = paragraphs_of(text)
    if table_rows and TABLE_MARKER not in paras:
        paras.append(TABLE_MARKER)
    return paras


# ---------------------------------------------------------------- DOCX


def render_docx(text: str, path, table_rows: list[list[str]] | None = None, tables: dict | None = None) -> Path:
    """Write text as a DOCX: one paragraph per non-empty line, headings bold, a page-number footer."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    path = Path(path)
    document = docx.Document()
    normal = document.styles["Normal"]
    normal.font.size = Pt(15)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "宋体")
    _docx_footer(document)
    specs = _specs(table_rows, tables)
    for k, paragraph in enumerate(_with_table_marker(text, table_rows)):
        if _marker(paragraph) is not None:
            if _marker(paragraph) in specs:
                _docx_table(document, specs[_marker(paragraph)])
            continue
        p = document.add_paragraph()
        run = p.add_run(paragraph)
        if k == 0 and is_title(paragraph):
            run.bold = True
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif is_heading(paragraph):
            run.bold = True
        else:
            p.paragraph_format.first_line_indent = Pt(30)
    document.save(str(path))
    _fix_zip_dates(path)
    return path


def _fix_zip_dates(path: Path) -> None:
    """Give every zip member the same timestamp, so rendering the same text twice gives the same bytes."""
    import io
    import zipfile

    with zipfile.ZipFile(path) as src:
        members = [(info.filename, src.read(info)) for info in src.infolist()]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in members:
            out.writestr(zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
    path.write_bytes(buffer.getvalue())


def _docx_footer(document) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    footer = document.sections[0].footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("— ")
    field = parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr="PAGE"><w:r><w:t>1</w:t></w:r></w:fldSimple>')
    footer._p.append(field)
    footer._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:t xml:space="preserve"> —</w:t></w:r>'))


def _docx_table(document, spec: TableSpec) -> None:
    rows = spec.rows
    n = max(len(r) for r in rows)
    table = document.add_table(rows=len(rows), cols=n)
    table.style = "Table Grid"
    for r, (row, cells) in enumerate(zip(table.rows, rows)):
        for c, (cell, value) in enumerate(zip(row.cells, cells)):
            if spec.is_anchor(r, c):
                cell.text = str(value)
    for r0, c0, r1, c1 in spec.merges:
        table.cell(r0, c0).merge(table.cell(r1, c1))


# ---------------------------------------------------------------- HTML


def render_html(text: str, path, table_rows: list[list[str]] | None = None, tables: dict | None = None) -> Path:
    """Write text as a web page: <p> per paragraph, <h2>/<h3> headings, a bordered table, some page furniture."""
    path = Path(path)
    body: list[str] = []
    specs = _specs(table_rows, tables)
    for paragraph in _with_table_marker(text, table_rows):
        if _marker(paragraph) is not None:
            if _marker(paragraph) in specs:
                body.append(_html_table(specs[_marker(paragraph)]))
        elif is_heading(paragraph):
            tag = "h2" if LEVEL1.match(paragraph) else "h3"
            body.append(f"<{tag}>{html.escape(paragraph)}</{tag}>")
        else:
            body.append(f'<p style="text-indent:2em">{html.escape(paragraph)}</p>')
    page = (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>绩效自评报告</title>\n'
        "<style>p { line-height: 1.8 }</style>\n<script>var pageViews = 0;</script></head>\n"
        '<body><div class="article">\n' + "\n".join(body) + "\n</div></body></html>\n"
    )
    path.write_text(page, encoding="utf-8")
    return path


def _html_table(spec: TableSpec) -> str:
    out = ['<table border="1">']
    for r, row in enumerate(spec.rows):
        cells = []
        for c, value in enumerate(row):
            if not spec.is_anchor(r, c):
                continue
            r0, c0, r1, c1 = spec.covered(r, c) or (r, c, r, c)
            span = (f' rowspan="{r1 - r0 + 1}"' if r1 > r0 else "") + (f' colspan="{c1 - c0 + 1}"' if c1 > c0 else "")
            cells.append(f"<td{span}>{html.escape(str(value))}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


# ---------------------------------------------------------------- scans


def rasterise_pdf(src, dst, pages: list[int] | None = None, scale: float = 2.0) -> Path:
    """A PDF of the given pages of ``src`` (1-based; all when None) as images only, like a scan: no text layer."""
    import pypdfium2 as pdfium

    pdf, out = pdfium.PdfDocument(str(src)), pdfium.PdfDocument.new()
    for number in pages or range(1, len(pdf) + 1):
        page = pdf[number - 1]
        width, height = page.get_size()
        image = pdfium.PdfImage.new(out)
        image.set_bitmap(page.render(scale=scale))
        image.set_matrix(pdfium.PdfMatrix().scale(width, height))
        scanned = out.new_page(width, height)
        scanned.insert_obj(image)
        scanned.gen_content()
    out.save(str(dst))
    return Path(dst)


def join_pdfs(parts: list, dst) -> Path:
    """One PDF with the pages of each part in turn."""
    import pypdfium2 as pdfium

    out = pdfium.PdfDocument.new()
    for part in parts:
        out.import_pages(pdfium.PdfDocument(str(part)))
    out.save(str(dst))
    return Path(dst)


def cjk_glyphs_render(folder) -> bool:
    """True when pdfium draws the renderer's (not embedded) CJK font here: a CJK font is installed
    (the scanned-page tests need one; .ci/run installs fonts-wqy-microhei)."""
    import pypdfium2 as pdfium

    path = render_pdf("国", Path(folder) / "glyph.pdf", footer=False)
    pixels = pdfium.PdfDocument(str(path))[0].render(scale=1).to_numpy()
    return int(pixels.min()) < 128
