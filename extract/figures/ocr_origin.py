"""Figures read by OCR: ``origin = "ocr"`` and the recogniser's confidence in their text.

A figure is from OCR when its page was read by OCR.  Its confidence is the lowest
confidence of the recogniser's boxes that hold its text (the whole raw text, else
each number in it); a figure whose text no single box holds (a number split over
two boxes) gets the page's lowest confidence.
"""
from __future__ import annotations

import re
from decimal import Decimal

from ..models import Record
from ..read.document import OcrBox, Page

NUMBER = re.compile(r"\d+(?:\.\d+)?")
SPACE = re.compile(r"\s+")


def mark_ocr_figures(record: Record, pages: list[Page]) -> None:
    """Mark every mention, score item and headline value on an OCR'd page of ``pages``."""
    boxes = {page.number: page.ocr for page in pages if page.ocr is not None}
    record.source.ocr_pages = sorted(boxes)
    if not boxes:
        return
    figures = [*record.mentions, *record.scores, *(v for _, v in record.headline if v is not None)]
    for figure in figures:
        if figure.page in boxes:
            figure.origin = "ocr"
            figure.confidence = confidence_of(figure.raw, boxes[figure.page])


def confidence_of(raw: str, boxes: list[OcrBox]) -> Decimal | None:
    """The recogniser's confidence in ``raw``: its lowest over the boxes holding it (3 decimals).

    >>> boxes = [OcrBox("年初预算602.39万元", 0.991), OcrBox("预算完成率108%", 0.95), OcrBox("108", 0.7)]
    >>> confidence_of("602.39 万元", boxes), confidence_of("108%", boxes), confidence_of("12", boxes)
    (Decimal('0.991'), Decimal('0.950'), Decimal('0.700'))
    """
    if not boxes:
        return None
    compact = SPACE.sub("", raw)
    holding = [b.confidence for b in boxes if compact and compact in SPACE.sub("", b.text)]
    if not holding:
        for number in NUMBER.findall(compact):
            holding += [b.confidence for b in boxes if number in b.text]
    lowest = min(holding) if holding else min(b.confidence for b in boxes)
    return Decimal(f"{lowest:.3f}")
