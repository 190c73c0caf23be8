"""What a PDF page is drawn with, read in one pass over its page objects.

Every page needs the same few facts about its objects: whether it draws paths (a ruled
table needs them) or images (a scan), the origins of text objects pdfium leaves out of
its text (:mod:`.pdf_lines`), its top-level paths and text objects (:mod:`.pdf_rules`).
One loop of raw pdfium calls gathers them all; no pypdfium2 object wrappers.
"""
from __future__ import annotations

import ctypes
from dataclasses import dataclass, field

import pypdfium2.raw as pdfium_c

NO_WIDTH = 0.01  # points: pdfium's own test for an object without a box
TEXT, PATH, IMAGE, FORM = (pdfium_c.FPDF_PAGEOBJ_TEXT, pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_IMAGE,
                           pdfium_c.FPDF_PAGEOBJ_FORM)


@dataclass
class PageObjects:
    count: int = 0  # top-level objects
    kinds: set[int] = field(default_factory=set)  # types on the page and directly inside its forms
    paths: list = field(default_factory=list)  # top-level path objects (raw handles)
    texts: list = field(default_factory=list)  # top-level text objects (raw handles)
    forms: bool = False  # a form XObject at the top level
    missing: list[tuple[float, float]] = field(default_factory=list)  # origins of text objects without width
    broken: bool = False  # pdfium gave no object at an index it counted

    def has(self, kind: int) -> bool:
        """A kind of page object on the page or in a form on it (paths: a ruled table needs them; images: a scan)."""
        return kind in self.kinds


def scan(page) -> PageObjects:
    """The page's objects, one raw pdfium call or two each."""
    raw = page.raw
    get_object, get_type, get_bounds = pdfium_c.FPDFPage_GetObject, pdfium_c.FPDFPageObj_GetType, pdfium_c.FPDFPageObj_GetBounds
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    bounds = [ctypes.byref(v) for v in (left, bottom, right, top)]
    out = PageObjects(count=pdfium_c.FPDFPage_CountObjects(raw))
    kinds = out.kinds
    for k in range(out.count):
        obj = get_object(raw, k)
        if not obj:
            out.broken = True
            continue
        kind = get_type(obj)
        kinds.add(kind)
        if kind == TEXT:
            out.texts.append(obj)
            if get_bounds(obj, *bounds) and right.value - left.value < NO_WIDTH:
                out.missing.append((left.value, bottom.value))
        elif kind == PATH:
            out.paths.append(obj)
        elif kind == FORM:
            out.forms = True
            kinds.update(get_type(pdfium_c.FPDFFormObj_GetObject(obj, i))
                         for i in range(pdfium_c.FPDFFormObj_CountObjects(obj)))
    return out
