"""Output folders are never inputs, and never overwritten silently.

A folder selfeval wrote (its SPEC files records.jsonl and reports.csv, or its lock file) and an SQLite
store are left out of the inputs (:func:`without_outputs`); an ``--out`` folder that already holds files
is refused unless ``--force`` (:func:`check_out_dir`, raising :class:`~.commit.OutputUnusable`).
"""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .commit import LOCK_FILE, OutputUnusable

OUTPUT_MARKERS = ("records.jsonl", "reports.csv")  # files (SPEC) that make a folder a selfeval output folder
LOCK_MARKER = LOCK_FILE


def is_output_folder(folder: Path) -> bool:
    """A folder selfeval wrote (records.jsonl and reports.csv, or its lock file, in it)."""
    return all((folder / name).is_file() for name in OUTPUT_MARKERS) or (folder / LOCK_MARKER).exists()


def is_store_file(file: Path) -> bool:
    """An SQLite file (a --db store): never a report."""
    try:
        with file.open("rb") as fh:
            return fh.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False


def output_of(file: Path, roots: list[Path], skip: set[Path], known: dict[Path, bool] | None = None) -> Path | None:
    """The selfeval output ``file`` is or lies in (up to the input folder it was found under), if any
    (``known``: folders already looked at, whether each is an output, kept across calls)."""
    if file.resolve() in skip or (file.is_file() and is_store_file(file)):  # is_file: never open a FIFO
        return file
    known = {} if known is None else known
    for folder in [file.parent, *file.parent.parents]:
        if folder not in known:
            known[folder] = folder.resolve() in skip or is_output_folder(folder)
        if known[folder]:
            return folder
        if folder in roots or not roots:
            return None
    return None


def without_outputs(files: list, paths: Iterable[str], skip: Iterable[str | None] = ()) -> tuple[list, list[str]]:
    """``files`` (paths, or entries with a ``path``) less those in selfeval output folders, stores and
    ``skip`` (the --out folder, the --db file); with a note per output left out."""
    roots = [Path(p) for p in paths if Path(p).is_dir()]
    skipped = {Path(p).resolve() for p in skip if p}
    kept, outputs, known = [], set(), {}
    for item in files:
        file = Path(getattr(item, "path", item))
        found = output_of(file, [r for r in roots if r in file.parents] or [file.parent], skipped, known)
        if found is None:
            kept.append(item)
        else:
            outputs.add(found)
    return kept, [f"skipped {p}: written by selfeval (an output folder or a store), not an input" for p in sorted(outputs)]


def check_out_dir(out: Path, force: bool) -> None:
    """An existing output folder that holds files is never silently overwritten: refuse unless ``--force``."""
    if out.exists() and not out.is_dir():
        raise OutputUnusable(f"--out {out} is a file, not a folder")
    if out.is_dir() and any(not p.name.startswith(".") for p in out.iterdir()) and not force:
        raise OutputUnusable(f"output folder {out} already holds files (an earlier run?); give another --out, "
                         f"or --force to replace its outputs")
