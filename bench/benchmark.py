"""Throughput of the current pipeline, side by side with a baseline.

    python bench/benchmark.py                       # default file set, 1 pass
    python bench/benchmark.py --repeat 3 FILE_OR_DIR ...
    python bench/benchmark.py --save-baseline       # store this run as bench/baseline.json

The baseline is ``bench/baseline.json`` when it exists (a previous run saved with
``--save-baseline``), otherwise a naive pass that only reads and cleans the files.
Prints files/s, pages/s, MB/s and mean ms per file, and the ratio current/baseline.
Numbers depend on the machine; nothing here asserts on time.

This compares selfeval with itself (a saved run, or its own reader).  For selfeval
against the bare text layers (pypdfium2, pdfplumber), jobs, reruns, peak memory and
the time of each pattern family, see ``bench/run.py``.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
BASELINE_FILE = ROOT / "bench" / "baseline.json"
SUFFIXES = {".pdf", ".docx", ".txt", ".html", ".htm"}
METRICS = (("files_per_s", "files/s"), ("pages_per_s", "pages/s"), ("mb_per_s", "MB/s"), ("ms_per_file", "ms/file"))

sys.path.insert(0, str(ROOT))

from extract.pipeline import safe_ingest
from extract.read import read_document
from extract.text.cleanup import clean_document


def default_files() -> list[Path]:
    found = sorted(SHARED.glob("corpus/*.txt")) + sorted(SHARED.glob("seed/*.txt"))
    found += sorted(p for p in (ROOT / "corpus").rglob("*") if p.suffix.lower() in SUFFIXES)
    return found


def expand(paths: list[str]) -> list[Path]:
    files: list[Path] = []
    for p in map(Path, paths):
        files += sorted(f for f in p.rglob("*") if f.suffix.lower() in SUFFIXES) if p.is_dir() else [p]
    return files


def pipeline_pages(path: Path) -> int | None:
    """Pages of the record, None when the input failed."""
    outcome = safe_ingest(str(path))
    source = getattr(outcome, "source", None)
    return None if source is None else source.pages


def naive_pages(path: Path) -> int | None:
    try:
        doc = read_document(path)
        clean_document(doc)
        return doc.n_pages
    except Exception:  # noqa: BLE001 - a bad file must not stop a benchmark
        return None


def measure(files: list[Path], repeat: int, run: Callable[[Path], int | None]) -> dict:
    pages = size = failed = 0
    start = time.perf_counter()
    for _ in range(repeat):
        for f in files:
            n_pages = run(f)
            failed += n_pages is None
            pages += n_pages or 0
            size += f.stat().st_size
    seconds = max(time.perf_counter() - start, 1e-9)
    n = len(files) * repeat
    return {
        "files": n, "failed": failed, "pages": pages, "bytes": size, "seconds": round(seconds, 4),
        "files_per_s": n / seconds, "pages_per_s": pages / seconds,
        "mb_per_s": size / 1e6 / seconds, "ms_per_file": 1000 * seconds / max(n, 1),
    }


def table(current: dict, baseline: dict, baseline_name: str) -> str:
    lines = [f"{'metric':<10} {'current':>11} {baseline_name:>16} {'current/baseline':>17}"]
    for key, label in METRICS:
        a, b = current[key], baseline.get(key)
        ratio = f"{a / b:.2f}x" if b else "-"
        lines.append(f"{label:<10} {a:>11.2f} {b if b is None else format(b, '.2f'):>16} {ratio:>17}")
    lines.append(f"({current['files']} file runs ({current['failed']} failed), {current['pages']} pages, {current['bytes'] / 1e6:.2f} MB, "
                 f"{current['seconds']:.2f} s; ms/file: lower is faster)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="*", help="files or folders (default: shared corpus + seed + corpus/)")
    parser.add_argument("--repeat", type=int, default=1, metavar="N", help="passes over the files (default 1)")
    parser.add_argument("--baseline", choices=("auto", "saved", "naive"), default="auto",
                        help="saved = bench/baseline.json, naive = read + cleanup only (auto: saved if present)")
    parser.add_argument("--save-baseline", action="store_true", help="write this run to bench/baseline.json")
    args = parser.parse_args(argv)

    files = expand(args.paths) if args.paths else default_files()
    if not files:
        print("no input files", file=sys.stderr)
        return 1
    repeat = max(1, args.repeat)
    use_saved = args.baseline == "saved" or (args.baseline == "auto" and BASELINE_FILE.is_file())
    current = measure(files, repeat, pipeline_pages)
    if use_saved:
        baseline, name = json.loads(BASELINE_FILE.read_text(encoding="utf-8")), "saved baseline"
    else:
        baseline, name = measure(files, repeat, naive_pages), "naive read+clean"
    print(table(current, baseline, name))
    if args.save_baseline:
        BASELINE_FILE.write_text(json.dumps(current, indent=1) + "\n", encoding="utf-8")
        print(f"saved {BASELINE_FILE}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
