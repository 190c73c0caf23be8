"""The characters drawn at given origins of a PDF page, for the glyphs pdfium leaves out.

pdfium tells where a text object without a box stands (its origin) but not which
character it draws.  pdfminer's content interpreter, with a device that only
decodes characters and compares their origins (no layout, no character objects,
no paths), runs through the page's content stream and stops as soon as every
origin asked for is found -- usually long before the end of the page.
"""
from __future__ import annotations

from pathlib import Path

from .pdf_lines import SAME_ORIGIN  # points between a page object's origin and a character's


class _AllFound(Exception):
    pass


def glyphs_at(path: Path, index: int, origins: list[tuple[float, float]]) -> list[tuple[float, float, str]]:
    """(x, y, text) of every printable character drawn at one of the origins on page ``index``."""
    with GlyphReader(path) as reader:
        return reader.glyphs_at(index, origins)


class GlyphReader:
    """One PDF's glyphs at given origins, page after page: the file is parsed once (its page tree, its fonts),
    on the first page that asks; a file pdfminer cannot parse finds nothing."""

    def __init__(self, path: Path):
        self.path = path
        self._handle = None
        self._pages: list | None = None
        self._resources = None

    def __enter__(self) -> GlyphReader:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None

    def glyphs_at(self, index: int, origins: list[tuple[float, float]]) -> list[tuple[float, float, str]]:
        """(x, y, text) of every printable character drawn at one of the origins on page ``index``."""
        if not origins:
            return []
        try:
            return self._interpret(index, origins)
        except Exception:  # noqa: BLE001 - recovery is best effort; the page keeps pdfium's text
            return []

    def _interpret(self, index: int, origins: list[tuple[float, float]]) -> list[tuple[float, float, str]]:
        from pdfminer.pdfinterp import PDFPageInterpreter

        pages = self._parsed()
        device = _device_class()(self._resources, origins)
        try:
            PDFPageInterpreter(self._resources, device).process_page(pages[index])
        except _AllFound:
            pass
        return device.found

    def _parsed(self) -> list:
        if self._pages is None:
            from pdfminer.pdfdocument import PDFDocument
            from pdfminer.pdfinterp import PDFResourceManager
            from pdfminer.pdfpage import PDFPage
            from pdfminer.pdfparser import PDFParser

            self._pages = []  # (a file that cannot be parsed: no pages, nothing found on any)
            self._handle = open(self.path, "rb")  # noqa: SIM115 - open until close(): pages are read from it
            self._pages = list(PDFPage.create_pages(PDFDocument(PDFParser(self._handle))))
            self._resources = PDFResourceManager(caching=True)
        return self._pages


def _device_class():
    from pdfminer.pdfdevice import PDFTextDevice
    from pdfminer.pdffont import PDFUnicodeNotDefined

    class GlyphDevice(PDFTextDevice):
        """Decodes only the characters whose origin is one of the origins asked for."""

        def __init__(self, resources, origins):
            super().__init__(resources)
            self.origins = list(origins)
            self.found: list[tuple[float, float, str]] = []
            self.seen: set[int] = set()

        def render_char(self, matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate) -> float:
            x, y = matrix[4], matrix[5]
            for k, (ox, oy) in enumerate(self.origins):
                if abs(ox - x) < SAME_ORIGIN and abs(oy - y) < SAME_ORIGIN:
                    try:
                        text = font.to_unichr(cid)
                    except PDFUnicodeNotDefined:
                        text = ""
                    if text.strip():
                        self.found.append((x, y, text))
                    self.seen.add(k)
            if len(self.seen) == len(self.origins) and self.origins:
                raise _AllFound
            return font.char_width(cid) * fontsize * scaling

    return GlyphDevice
