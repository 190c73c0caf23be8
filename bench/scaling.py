"""How run time grows with the length of one text: 256 KB against 4 MB (sixteen times as much).

    python bench/scaling.py                    # 256 KB and 4 MB of real report text
    python bench/scaling.py --sizes 64 256 1024 --profile

The text is the corpus reports (../shared/corpus, else the project's corpus/) one after another,
separated by form feeds, cut to the size asked.  Prints seconds per size and the ratio of each
time to the smallest one's scaled by size: 1.0 is linear; the issue's bound is 1.5.
Timings depend on the machine; nothing here is a test.
"""
from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extract.pipeline import ingest_text  # noqa: E402


def report_text(kb: int) -> str:
    """``kb`` KB (UTF-8) of real report text."""
    sources = sorted((ROOT.parent / "shared" / "corpus").glob("*.txt")) or sorted((ROOT / "corpus").rglob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in sources]
    out, size, i = [], 0, 0
    while size < kb * 1024:
        out.append(texts[i % len(texts)])
        size += len(texts[i % len(texts)].encode("utf-8")) + 1
        i += 1
    text = "\f".join(out)
    return text.encode("utf-8")[: kb * 1024].decode("utf-8", errors="ignore")


def timed(text: str, profile: bool) -> float:
    profiler = cProfile.Profile() if profile else None
    start = time.perf_counter()
    if profiler:
        profiler.enable()
    ingest_text(text)
    if profiler:
        profiler.disable()
    took = time.perf_counter() - start
    if profiler:
        pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
    return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[256, 4096], metavar="KB")
    parser.add_argument("--profile", action="store_true", help="print the 25 costliest calls of the largest size")
    args = parser.parse_args()
    base_kb, base_s = None, None
    ingest_text(report_text(16))  # load the patterns first: not part of any size's time
    for kb in sorted(args.sizes):
        text = report_text(kb)
        took = timed(text, args.profile and kb == max(args.sizes))
        if base_s is None:
            base_kb, base_s = kb, took
        ratio = took / (base_s * kb / base_kb)
        print(f"{kb:6d} KB  {len(text):9d} chars  {took:8.2f} s  ratio to linear {ratio:5.2f}")


if __name__ == "__main__":
    main()
