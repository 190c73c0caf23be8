"""Time spent in each pattern family while records are built, per 100 KB of text.

    python bench/pattern_times.py FILE_OR_DIR ...

Every compiled pattern of ``patterns/*.yaml`` is wrapped, before anything uses it,
in a proxy that times its calls (``finditer`` to the end of the iteration).  A
family is the pattern id up to its first dot (``score``, ``table``, ``heading``...).
Prints the families and the slowest single patterns.  Meant to run in a fresh
process (``bench/run.py`` starts it so): modules keep the patterns they were
handed, so the wrapping must come first.
"""
from __future__ import annotations

import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from benchmark import expand

SPENT: dict[str, float] = defaultdict(float)
CALLS: dict[str, int] = defaultdict(int)


class TimedPattern:
    """A compiled pattern that adds the time of each call to SPENT[its id]."""

    def __init__(self, entry_id: str, compiled):
        self._id, self._compiled = entry_id, compiled

    def __getattr__(self, name):
        attr = getattr(self._compiled, name)
        if not callable(attr):
            return attr
        if name in ("finditer", "splititer"):
            return lambda *a, **k: self._timed_iter(attr(*a, **k))

        def timed(*a, **k):
            start = time.perf_counter()
            try:
                return attr(*a, **k)
            finally:
                SPENT[self._id] += time.perf_counter() - start
                CALLS[self._id] += 1
        return timed

    def _timed_iter(self, iterator):
        CALLS[self._id] += 1
        while True:
            start = time.perf_counter()
            try:
                item = next(iterator)
            except StopIteration:
                SPENT[self._id] += time.perf_counter() - start
                return
            SPENT[self._id] += time.perf_counter() - start
            yield item


def wrap_patterns() -> None:
    from extract.patterns import load_patterns

    for entry in load_patterns().entries.values():
        if entry.compiled is not None and not isinstance(entry.compiled, TimedPattern):
            object.__setattr__(entry, "compiled", TimedPattern(entry.id, entry.compiled))


def family(entry_id: str) -> str:
    return entry_id.split(".", 1)[0]


def profile(files: list[Path]) -> tuple[dict[str, float], dict[str, float], int]:
    """Seconds per family and per pattern over the files, and the bytes of record text."""
    wrap_patterns()
    from extract.pipeline import safe_ingest

    size = 0
    for f in files:
        outcome = safe_ingest(str(f))
        size += len((getattr(outcome, "text", "") or "").encode("utf-8"))
    families: dict[str, float] = defaultdict(float)
    for entry_id, seconds in SPENT.items():
        families[family(entry_id)] += seconds
    return dict(families), dict(SPENT), size


def report(families: dict[str, float], patterns: dict[str, float], size: int, top: int = 10) -> str:
    """Milliseconds per 100 KB of record text (UTF-8) for each family, and the slowest patterns."""
    kb = max(size, 1) / 1000
    per = lambda s: 1000 * s / (kb / 100)
    lines = [f"pattern time per 100 KB of text ({kb:.0f} KB of record text, UTF-8)",
             f"{'family':<14} {'ms/100KB':>10} {'total s':>9}"]
    for name, seconds in sorted(families.items(), key=lambda kv: -kv[1]):
        lines.append(f"{name:<14} {per(seconds):>10.2f} {seconds:>9.3f}")
    lines.append("slowest patterns:")
    for name, seconds in sorted(patterns.items(), key=lambda kv: -kv[1])[:top]:
        lines.append(f"  {name:<40} {per(seconds):>10.2f} ms/100KB  ({CALLS[name]} calls)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    files = expand(args)
    if not files:
        print(__doc__, file=sys.stderr)
        return 2
    print(report(*profile(files)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
