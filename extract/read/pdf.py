"""PDF reader: text lines per page and ruled tables from pypdfium2, pdfplumber where needed.

pypdfium2 gives the text layer in reading order, merges the doubled glyphs of
"fake bold" and keeps justified numbers whole (``602.39``, never ``6 0 2 . 3 9``),
at a few milliseconds a page.  pdfium leaves out lone glyphs of fonts without
glyph boxes; :mod:`.pdf_lines` puts them back where they stand, decoded by :mod:`.pdf_glyphs`.  Pages without a usable text layer (scans, fonts
without a Unicode map) yield no lines and one warning on the Document.  Pages
that draw ruled lines go through :mod:`.pdf_tables` (the drawn lines read by
:mod:`.pdf_rules`, pdfplumber as the fallback); other pages may hold
borderless tables (:mod:`.pdf_borderless`).  Tables continued on the next page are
stitched into one.
"""
from __future__ import annotations

import functools
import re
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..errors import EncryptedFile, UnreadableFile
from . import limits, ocr, pdf_borderless, pdf_lines, pdf_objects, pdf_rules, pdf_tables
from .document import Document, Page
from .pdf_lines import RawLine

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ufffe\uffff]")
THREE_CJK = re.compile(r"[\u3400-\u9fff](?:[^\u3400-\u9fff]*[\u3400-\u9fff]){2}")  # three Chinese characters or more
CID_GLYPH = re.compile(r"\(cid:\d+\)")
#: Characters a real text layer of a Chinese report is made of.
READABLE_CLASS = (r"\u0020-\u007e\u00a0-\u024f\u2000-\u206f\u2100-\u218f\u2460-\u24ff\u2500-\u257f"
                  r"\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef\u25a0-\u25ff\u00b7")
UNREADABLE = re.compile(rf"[^\s{READABLE_CLASS}]")  # a printed character outside READABLE_CLASS
PASSWORD_ERROR = getattr(pdfium_c, "FPDF_ERR_PASSWORD", 4)


def read(path: Path) -> Document:
    """Read a PDF into pages of lines; raise EncryptedFile / UnreadableFile when it cannot be opened."""
    pdf = _open(path)
    try:
        limits.check_pages(len(pdf))
    except Exception:
        pdf.close()
        raise
    doc = Document(path=str(path), format="pdf")
    no_text: list[int] = []
    garbled: list[int] = []
    try:
        with pdf_tables.TableFinder(path) as tables:
            for index in range(len(pdf)):
                page, status = _read_page(pdf, index, tables)
                doc.pages.append(page)
                (no_text if status == "no_text" else garbled if status == "garbled" else []).append(page.number)
        seen_by_ocr = ocr.read_scanned(pdf, doc, [*no_text, *garbled])
    finally:
        pdf.close()
    no_text = [n for n in no_text if n not in seen_by_ocr]
    garbled = [n for n in garbled if n not in seen_by_ocr]
    pdf_tables.stitch_continued(doc.pages)
    if no_text:
        doc.warnings.append(f"{_pages_phrase(no_text)} no text layer; OCR needed")
    if garbled:
        doc.warnings.append(f"{_pages_phrase(garbled)} only unreadable glyphs (font without a Unicode map); OCR needed")
    return doc


def _open(path: Path) -> pdfium.PdfDocument:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise UnreadableFile(f"cannot read file: {exc.strerror or exc}") from None
    if size == 0:
        raise UnreadableFile("empty file (0 bytes), not a PDF")
    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == PASSWORD_ERROR or "password" in str(exc).lower():
            raise EncryptedFile("the PDF is password-protected") from None
        raise UnreadableFile(f"not a readable PDF ({_reason(exc)})") from None


def _reason(exc: Exception) -> str:
    match = re.search(r"PDFium: ([^)]+)", str(exc))
    return match.group(1) if match else str(exc).strip() or type(exc).__name__


def _read_page(pdf: pdfium.PdfDocument, index: int, tables: pdf_tables.TableFinder) -> tuple[Page, str]:
    """One page and its status: "ok", "blank", "no_text" or "garbled"."""
    number = index + 1
    try:
        page = pdf[index]
        textpage = page.get_textpage()
    except pdfium.PdfiumError:
        return Page(number=number), "no_text"
    try:
        raw = textpage.get_text_range()
        objects = pdf_objects.scan(page)
        lines = page_lines(index, textpage, raw, tables, objects)
        if not lines:
            status = "blank" if objects.count == 0 else _empty_status(raw)
            return Page(number=number), status
        result = Page(number=number, lines=[text for _, text in lines])
        if objects.has(pdf_objects.PATH):
            tables.add_tables(result, index, lines, page.get_mediabox()[3],
                              fast=lambda: pdf_rules.ruled_tables(page, textpage, raw, objects))
        if not result.tables:
            pdf_borderless.add_tables(result, lines, textpage)
        return result, "no_text" if _looks_scanned(objects, result.lines) else "ok"
    finally:
        page.close()


def page_lines(index: int, textpage, raw: str, tables: pdf_tables.TableFinder,
               objects: pdf_objects.PageObjects) -> list[tuple[RawLine, str]]:
    """The page's readable lines (with their positions), text that pdfium left out put back."""
    lines = pdf_lines.raw_lines(raw, textpage)
    missing = pdf_lines.missing_objects(objects)
    if missing:
        lines = pdf_lines.recover(lines, _missing_pieces(index, missing, tables))
    out = []
    for line in lines:
        text = clean_line(pdf_lines.line_text(line, textpage))
        if text is not None:
            out.append((line, text))
    return out


def _missing_pieces(index: int, missing: list[tuple[float, float]],
                    tables: pdf_tables.TableFinder) -> list[tuple[float, float, str]]:
    """The characters pdfium left out: decoded at their origins only (pdfplumber's whole page on the reference path)."""
    if pdf_tables.pdfplumber_only():
        return pdf_lines.pieces_at(tables.chars(index), missing)
    return pdf_lines.distinct_pieces(tables.glyphs.glyphs_at(index, missing))


def _empty_status(raw: str) -> str:
    return "garbled" if raw.strip() else "no_text"


def _looks_scanned(objects: pdf_objects.PageObjects, lines: list[str]) -> bool:
    """A page image with only a few characters of text (a stamped page number) is a scan."""
    return sum(len(line) for line in lines) < 20 and objects.has(pdf_objects.IMAGE)


def clean_lines(raw: str) -> list[str]:
    """Split pdfium text into lines, drop control characters and lines that are glyph garbage.

    >>> clean_lines("一、基本情况\\r\\n\\x02(cid:12)(cid:7)(cid:9)\\r\\n预算 602.39 万元 ")
    ['一、基本情况', '预算 602.39 万元']
    """
    lines = (clean_line(line) for line in re.split(r"\r\n|\r|\n", raw))
    return [line for line in lines if line is not None]


@functools.lru_cache(maxsize=8192)  # running heads, table rows and form labels recur within and across reports
def clean_line(line: str) -> str | None:
    """A line without control characters and outer spaces, or None when nothing readable is left."""
    line = CONTROL.sub("", line.replace("\t", " ")).strip()
    return undouble(line) if line and is_readable(line) else None


def undouble(line: str) -> str:
    """Undo "fake bold" text drawn twice that pdfium did not merge: a repeated line or doubled characters.
    Only lines with Chinese text are touched, so figures such as ``10 10`` stay.

    >>> undouble("五、存在的问题 五、存在的问题"), undouble("一一、、基基本本情情况况"), undouble("10 10")
    ('五、存在的问题', '一、基本情况', '10 10')
    """
    if not THREE_CJK.search(line):
        return line
    half = len(line) // 2
    first, rest = line[:half].rstrip(), line[half:].lstrip()
    if first == rest:
        return first
    if len(line) % 2 == 0 and line[::2] == line[1::2]:
        return line[::2]
    return line


def is_readable(line: str) -> bool:
    """False for lines made mostly of unmapped glyphs: ``(cid:N)`` runs, private-use or replacement characters."""
    if "(cid:" not in line and UNREADABLE.search(line) is None:
        return bool(line) and not line.isspace()  # every printed character readable
    without_cid = CID_GLYPH.sub("\ufffd", line) if "(cid:" in line else line
    printed = len("".join(without_cid.split()))
    if not printed:
        return False
    return (printed - len(UNREADABLE.findall(without_cid))) / printed >= 0.6


def _pages_phrase(numbers: list[int]) -> str:
    """'page 3 has' / 'pages 3–5, 8 have'."""
    return f"{ocr.pages_phrase(numbers)} {'has' if len(numbers) == 1 else 'have'}"
