"""OCR for PDF pages without a text layer (scans, stamped pages), offline.

The recogniser is rapidocr_onnxruntime: its wheel ships the detection,
orientation and recognition models, so nothing is downloaded at run time.  A
page is rasterised with pypdfium2 at :data:`SCALE` (144 dpi: the body text of a
report is then some 40 px high, enough for the recogniser and about 2 s a page
on one core), the recogniser's boxes are grouped into lines by their vertical
centres and each line is read left to right.  The recogniser's per-line angle
classifier is off: pdfium renders pages upright (their /Rotate applied), and the
classifier turned whole lines of upright text over, which then came back as
noise below the recogniser's score threshold and were dropped.  Every box keeps its confidence;
:class:`OcrBox` lists stay on the :class:`~extract.read.document.Page` so later
stages can say how sure the recogniser was of a figure.

OCR is on by default; ``SELFEVAL_OCR=0`` (or ``off``/``no``/``false``) turns it
off, and without rapidocr installed the reader keeps its "OCR needed" warning.
``SELFEVAL_OCR_THREADS`` sets onnxruntime's threads per process (default 1).
"""
from __future__ import annotations

import functools
import os
from collections.abc import Callable
from dataclasses import dataclass

from ..patterns import rx
from .document import Document, OcrBox, Page

SCALE = 2.0  # pdfium renders 72 dpi at scale 1
#: Two boxes whose vertical centres are closer than this share a line (in line heights).
SAME_LINE = 0.5
#: A horizontal gap wider than this many line heights keeps two boxes apart as cells ("a  b").
CELL_GAP = 1.0
OFF_WORDS = {"0", "off", "no", "false"}
#: A page-number footer as OCR reads "— 3 —" (dashes often come back as 一, - or _).

Recogniser = Callable[[object], list[tuple[list[list[float]], str, float]]]


@dataclass
class _Box:
    left: float
    right: float
    top: float
    bottom: float
    text: str
    confidence: float

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def height(self) -> float:
        return self.bottom - self.top


def enabled() -> bool:
    """OCR unless the environment turns it off (``SELFEVAL_OCR=0``)."""
    return os.environ.get("SELFEVAL_OCR", "1").strip().lower() not in OFF_WORDS


def available() -> bool:
    """True when rapidocr_onnxruntime (and so onnxruntime) can be imported."""
    try:
        import rapidocr_onnxruntime  # noqa: F401
    except Exception:  # noqa: BLE001 - a broken onnxruntime install is "not available", not a crash
        return False
    return True


@functools.lru_cache(maxsize=1)
def _engine():
    from rapidocr_onnxruntime import RapidOCR

    # One onnxruntime thread by default: a --jobs batch is parallel already, and on this shared 2-core machine
    # two threads per process were slower and cost 1.7x the CPU (seed pages under load: 10.1 s vs 5.7 s wall,
    # 4.7 s vs 2.8 s CPU); on an idle machine two threads gain little (1.7 s vs about 2.6 s a page).
    threads = _threads()
    return RapidOCR(intra_op_num_threads=threads, inter_op_num_threads=threads)


def _threads() -> int:
    """onnxruntime threads per process: ``SELFEVAL_OCR_THREADS`` (-1: all cores), else 1."""
    try:
        return int(os.environ.get("SELFEVAL_OCR_THREADS", "1"))
    except ValueError:
        return 1


def recognise(image) -> list[tuple[list[list[float]], str, float]]:
    """The recogniser's (box corners, text, confidence) for an RGB image array."""
    result, _elapse = _engine()(image, use_cls=False)  # pages render upright; the line classifier turns lines over
    return result or []


def read_scanned(pdf, doc: Document, numbers: list[int], recogniser: Recogniser | None = None) -> set[int]:
    """Put OCR'd lines in place of the given pages of ``doc`` (an open pypdfium2 document's pages);
    return the numbers of the pages OCR went over (read, or found empty), with warnings on ``doc`` saying which."""
    if not numbers or not enabled():
        return set()
    if recogniser is None and not available():
        doc.warnings.append("OCR is not installed (pip install rapidocr_onnxruntime); pages without text were not read")
        return set()
    try:
        pages = read_pages(pdf, numbers, recogniser)
    except Exception as exc:  # noqa: BLE001 - a failing recogniser leaves the pages unread, it does not lose the file
        doc.warnings.append(f"OCR failed ({type(exc).__name__}: {exc}); pages without text were not read")
        return set()
    for number, page in pages.items():
        doc.pages[number - 1] = page
    if pages:
        doc.warnings.append(f"{pages_phrase(list(pages))} read by OCR (no text layer): figures from OCR carry "
                            f"origin \"ocr\" and the recogniser's confidence; check them against the scan")
    if empty := [n for n in numbers if n not in pages]:
        doc.warnings.append(f"{pages_phrase(empty)}: no text layer, and OCR found no text")
    return set(numbers)


def read_pages(pdf, numbers: list[int], recogniser: Recogniser | None = None) -> dict[int, Page]:
    """OCR'd pages by page number (1-based) for the given pages of an open pypdfium2 document.

    A page the recogniser finds nothing on is left out (it stays a page without text).
    """
    recogniser = recogniser or recognise
    pages: dict[int, Page] = {}
    for number in numbers:
        page = pdf[number - 1]
        try:
            image = page.render(scale=SCALE).to_numpy()
        finally:
            page.close()
        boxes = [_box(corners, text, score) for corners, text, score in recogniser(image)]
        lines = lines_of([b for b in boxes if b.text.strip()])
        if lines:
            pages[number] = Page(number=number, lines=[footer_as_printed(_line_text(line)) for line in lines],
                                 ocr=[OcrBox(b.text.strip(), round(float(b.confidence), 3)) for line in lines for b in line],
                                 wraps=wrap_flags(lines))
    return pages


def _box(corners, text: str, confidence: float) -> _Box:
    xs = [float(p[0]) for p in corners]
    ys = [float(p[1]) for p in corners]
    return _Box(min(xs), max(xs), min(ys), max(ys), str(text), float(confidence))


def lines_of(boxes: list[_Box]) -> list[list[_Box]]:
    """Boxes grouped into lines (top to bottom), each line's boxes left to right.

    >>> b = lambda x, y, t: _Box(x, x + 10 * len(t), y, y + 20, t, 0.9)
    >>> [[x.text for x in line] for line in lines_of([b(300, 102, "万元"), b(0, 100, "预算"), b(0, 160, "下一行")])]
    [['预算', '万元'], ['下一行']]
    """
    lines: list[list[_Box]] = []
    for box in sorted(boxes, key=lambda b: b.middle):
        if lines and abs(box.middle - _middle(lines[-1])) <= SAME_LINE * max(box.height, _height(lines[-1]), 1.0):
            lines[-1].append(box)
        else:
            lines.append([box])
    return [sorted(line, key=lambda b: b.left) for line in lines]


def wrap_flags(lines: list[list[_Box]]) -> list[bool] | None:
    """Per line: does it run to the right margin of the page's text (a hard wrap into the next line)?
    None when the page shows no right margin (fewer than three lines end at one edge).

    Widths of OCR lines say little (no spaces between Chinese and digits, narrow digits), so wraps are
    told from where lines end: within 1.5 line heights of the margin, starting near the left margin
    (a first-line indent allowed), and not a row of table cells.

    >>> b = lambda x, y, n: _Box(x, x + 20 * n, y, y + 20, "字" * n, 0.9)
    >>> wrap_flags([[b(40, 0, 28)], [b(0, 40, 30)], [b(0, 80, 12)], [b(40, 120, 28)], [b(0, 160, 5)]])
    [True, True, False, True, False]
    """
    spans = [(line[0].left, line[-1].right, _height(line)) for line in lines]
    prose = [span for span, line in zip(spans, lines) if not _is_cells(line)]
    if len(prose) < 3:
        return None
    right = sorted(r for _, r, _ in prose)[int(0.8 * (len(prose) - 1))]
    left = sorted(l for l, _, _ in prose)[int(0.2 * (len(prose) - 1))]
    if sum(1 for _, r, h in prose if abs(r - right) <= 1.5 * h) < 3:
        return None
    return [not _is_cells(line) and r >= right - 1.5 * h and l <= left + 3 * h
            for line, (l, r, h) in zip(lines, spans)]


def _is_cells(line: list[_Box]) -> bool:
    """A row of table cells: boxes kept apart by wide gaps."""
    height = _height(line)
    return any(box.left - before.right > CELL_GAP * height for before, box in zip(line, line[1:]))


def _middle(line: list[_Box]) -> float:
    return sum(b.middle for b in line) / len(line)


def _height(line: list[_Box]) -> float:
    return max(b.height for b in line)


def _line_text(line: list[_Box]) -> str:
    """The boxes of one line joined: two spaces across a wide gap (table cells), one across a narrow one."""
    height = _height(line)
    text = line[0].text.strip()
    for before, box in zip(line, line[1:]):
        gap = box.left - before.right
        text += ("  " if gap > CELL_GAP * height else " " if gap > 0.3 * height else "") + box.text.strip()
    return text


def footer_as_printed(line: str) -> str:
    """A page-number footer OCR read with stray dashes, as printed ("— 3 —"); other lines unchanged.

    >>> footer_as_printed("一1一"), footer_as_printed("-7—"), footer_as_printed("一是负责")
    ('— 1 —', '— 7 —', '一是负责')
    """
    match = rx("read.ocr_footer").match(line)
    return f"— {match.group(1)} —" if match else line


def pages_phrase(numbers: list[int]) -> str:
    """'page 3' / 'pages 1–3, 5'.

    >>> pages_phrase([3]), pages_phrase([1, 2, 3, 5])
    ('page 3', 'pages 1–3, 5')
    """
    ranges: list[list[int]] = []
    for n in sorted(numbers):
        if ranges and n == ranges[-1][1] + 1:
            ranges[-1][1] = n
        else:
            ranges.append([n, n])
    text = ", ".join(f"{a}" if a == b else f"{a}–{b}" for a, b in ranges)
    return f"page {text}" if len(numbers) == 1 else f"pages {text}"
