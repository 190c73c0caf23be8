"""Time of OCR per page: rasterising and recognising each page without a text layer.

    python bench/ocr_pages.py                 # the seed report rendered, rasterised (needs reportlab)
    python bench/ocr_pages.py SCAN.pdf ...    # PDFs of your own

Prints, per page, the wall time and the process CPU time (onnxruntime uses several threads, so CPU
time can exceed wall time), the lines read and their lowest confidence; then the mean per page.
The recogniser's models are loaded once before timing.  Numbers depend on the machine and its
load; nothing here asserts on time.
"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seed" / "leichang_2022.txt"

sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))  # render.py

import pypdfium2 as pdfium

from extract.read import ocr


def scanned_seed(folder: Path) -> Path:
    from render import rasterise_pdf, render_pdf

    return rasterise_pdf(render_pdf(SEED.read_text(encoding="utf-8"), folder / "seed.pdf"), folder / "seed-scan.pdf")


def time_pages(path: Path) -> list[float]:
    pdf = pdfium.PdfDocument(str(path))
    walls = []
    for number in range(1, len(pdf) + 1):
        wall, cpu = time.perf_counter(), time.process_time()
        pages = ocr.read_pages(pdf, [number])
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        walls.append(wall)
        page = pages.get(number)
        lowest = min((b.confidence for b in page.ocr), default=None) if page else None
        print(f"{path.name} page {number}: {wall:5.2f} s wall, {cpu:5.2f} s CPU, "
              f"{len(page.lines) if page else 0} lines, lowest confidence {lowest}")
    return walls


def main(argv: list[str]) -> int:
    if not ocr.available():
        print("rapidocr_onnxruntime is not installed", file=sys.stderr)
        return 1
    ocr._engine()  # load the models before timing
    with tempfile.TemporaryDirectory() as folder:
        paths = [Path(a) for a in argv] or [scanned_seed(Path(folder))]
        walls = [w for path in paths for w in time_pages(path)]
    print(f"{len(walls)} pages, {sum(walls) / max(len(walls), 1):.2f} s per page (wall), "
          f"{sum(walls):.1f} s in all")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
