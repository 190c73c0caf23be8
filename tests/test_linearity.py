"""The text path's work grows linearly with the text: counted in function calls, not timed.

Timing belongs to ``bench/scaling.py``; here the number of Python function calls (generator
steps included, so a comparison of every figure with every other shows) for four times as much
real report text must stay within 1.25 x four times the calls for the smaller one.  Before the
indexes of issue 10 the ratio was 6.0 at this size (4.6 after), growing with the size.
"""
from __future__ import annotations

import cProfile
import pstats

from conftest import corpus_texts, needs_shared

from extract.pipeline import ingest_text
from extract.text import memo

SMALL_CHARS = 15_000


def report_text(chars: int) -> str:
    texts = [p.read_text(encoding="utf-8") for p in corpus_texts()]
    out, size, i = [], 0, 0
    while size < chars:
        out.append(texts[i % len(texts)])
        size += len(out[-1]) + 1
        i += 1
    return "\f".join(out)[:chars]


def calls_for(text: str) -> int:
    memo.clear_caches()  # both texts start cold (the table cells' per-text memos too): cached answers would hide work
    profiler = cProfile.Profile()
    profiler.enable()
    try:
        ingest_text(text)
    finally:
        profiler.disable()
    return pstats.Stats(profiler).total_calls


@needs_shared
def test_text_path_calls_grow_linearly():
    text = report_text(4 * SMALL_CHARS)
    ingest_text(report_text(3_000))  # patterns compiled before anything is counted
    small, large = calls_for(text[:SMALL_CHARS]), calls_for(text)
    assert large <= 4 * 1.25 * small, f"{large / small:.2f} x the calls for 4 x the text"
