"""The line an ``ingest`` ends with (kept apart from :mod:`.terminal`: it needs no record model, so a rerun
that reuses its outputs says it without importing pydantic)."""
from __future__ import annotations

from collections import Counter
from pathlib import Path


def ingest_summary(n_records: int, n_errors: int, severities: Counter, shown: list[Path], more: str = "") -> str:
    """The line after ``ingest``: reports read, input errors, findings (and ``more``); it ends with the paths
    in ``shown`` (the workbook, then the HTML overview)."""
    folder = shown[0].parent
    see = f" (see {folder / 'errors.csv'})" if n_errors else ""
    n_findings = sum(severities.values())
    by_severity = ", ".join(f"{severities[s]} {s}" for s in ("error", "warning", "info") if severities[s])
    return (f"read {n_records} report{'s' * (n_records != 1)}, {n_errors} error{'s' * (n_errors != 1)}{see}; "
            f"{n_findings} finding{'s' * (n_findings != 1)}{f' ({by_severity})' if by_severity else ''}{more}; "
            f"outputs in {folder}: {', '.join(map(str, shown))}")
