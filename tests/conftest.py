"""Shared fixtures: where ../shared lives, and records of its texts ingested once per session."""
from __future__ import annotations

import functools
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
SEED = SHARED / "seed" / "leichang_2022.txt"

sys.path.insert(0, str(Path(__file__).resolve().parent))  # tests/render.py for the rendering tests


def corpus_texts() -> list[Path]:
    """The real report texts with a gold label beside them (empty when ../shared is absent)."""
    if not CORPUS.is_dir():
        return []
    return sorted(p for p in CORPUS.glob("*.txt") if p.with_suffix(".json").exists())


def labelled_texts() -> list[Path]:
    return corpus_texts() + ([SEED] if SEED.exists() else [])


@functools.cache
def record_of(path: str):
    from extract.pipeline import ingest_file

    return ingest_file(path)


def gold_of(path: Path) -> dict:
    return json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))


needs_shared = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not present")
needs_seed = pytest.mark.skipif(not SEED.exists(), reason="../shared/seed is not present")


@pytest.fixture(autouse=True, scope="session")
def _no_result_cache():
    """Commands run by the tests read every file (the cache's own tests name a folder with --cache)."""
    import os

    before = os.environ.get("SELFEVAL_CACHE")
    os.environ["SELFEVAL_CACHE"] = "off"
    yield
    if before is None:
        os.environ.pop("SELFEVAL_CACHE", None)
    else:
        os.environ["SELFEVAL_CACHE"] = before
