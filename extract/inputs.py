"""Which files a command reads: the paths given, folders walked (see :mod:`extract.read.entries`), gold
labels lying beside their reports left out; a path that does not exist is a usage error.
"""
from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from .errors import SelfevalError

REPORT_SUFFIXES = (".pdf", ".docx", ".txt", ".html", ".htm")
LABEL_NOTE = (
    "Folders are walked recursively. Files that are not .pdf/.docx/.txt/.html/.htm are listed in "
    "errors.csv as unsupported, except gold-label files: NAME.json or NAME.expected.json lying beside "
    "a report NAME.pdf/.docx/.txt/.html inside a folder is skipped silently."
)


class UsageError(Exception):
    """A problem with the command line itself (exit status 2)."""


def is_label_file(path: Path) -> bool:
    """A gold label (``X.json`` / ``X.expected.json``) beside a report ``X.<report suffix>``."""
    name = path.name.lower()
    if not name.endswith(".json"):
        return False
    base = path.name[: -len(".expected.json")] if name.endswith(".expected.json") else path.stem
    return any(path.with_name(base + suffix).is_file() for suffix in REPORT_SUFFIXES)


def collect_inputs(paths: Iterable[str]) -> list:
    """Input entries for the given paths (see read.entries); a path that does not exist is a usage error,
    no input at all an error."""
    from .read.entries import list_entries as expand_paths  # (pipeline.expand_paths, without its imports)

    paths = list(paths)
    entries: list = []
    for raw in paths:
        if not os.path.lexists(raw):
            raise UsageError(f"no such file or folder: {raw}")
        entries.extend(e for e in expand_paths([raw]) if e.problem or not is_label_file(Path(e.path)))
    if not entries:
        raise SelfevalError(f"no input files in {', '.join(paths)}: nothing to read "
                            "(reports are .pdf, .docx, .txt, .html, .htm)")
    return entries


def has_folder(paths: Iterable[str]) -> bool:
    return any(Path(p).is_dir() for p in paths)
