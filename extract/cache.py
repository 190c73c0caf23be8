"""The result cache: reruns of unchanged files for free.

A record is stored as its JSON (the very line records.jsonl gets) under a key made of

* the input file's **sha256** and its suffix (the suffix picks the reader), and
* the **fingerprint** of what made the record: the selfeval version, the bytes of every
  ``patterns/*.yaml`` file and of every module of the package, the versions of the
  libraries that read files, and the settings that change records (``SELFEVAL_OCR`` ...).  Change a pattern file, the code or the version and every
  entry made before is simply not found again (it lives in another fingerprint folder).

Layout: ``<cache dir>/<fingerprint>/<sha[:2]>/<sha><suffix>.json`` (input limits other than the
defaults add ``-<their hash>`` to the fingerprint folder); ``<cache dir>/outputs/`` keeps whole output
sets for reruns (:mod:`extract.rerun`).  The cache dir is
``--cache DIR``, else ``$SELFEVAL_CACHE``, else ``$XDG_CACHE_HOME/selfeval``, else
``~/.cache/selfeval``; ``SELFEVAL_CACHE=off`` turns it off.  Input errors are not cached (a file that failed is tried again).
An entry that cannot be read or parsed counts as a miss; entries are written atomically.
"""
from __future__ import annotations

import functools
import hashlib
import os
import re
import stat
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__

if TYPE_CHECKING:
    from .models import Record

CACHE_ENV = "SELFEVAL_CACHE"
#: the libraries whose version changes what a reader returns
READER_DISTRIBUTIONS = ("pdfplumber", "pdfminer.six", "pypdfium2", "python-docx", "charset-normalizer",
                        "jieba", "regex", "opencc", "cn2an")
PACKAGE = Path(__file__).resolve().parent
#: environment settings that change what a record holds (OCR of pages without text, the PDF table path)
RECORD_SETTINGS = ("SELFEVAL_OCR", "SELFEVAL_PDF_TABLES")


def default_cache_dir() -> Path:
    """``$SELFEVAL_CACHE``, else ``$XDG_CACHE_HOME/selfeval``, else ``~/.cache/selfeval``."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "selfeval"


def cache_disabled() -> bool:
    """``$SELFEVAL_CACHE`` set to ``off`` (or ``0``, ``no``, ``none``): no cache unless ``--cache DIR`` names one."""
    return os.environ.get(CACHE_ENV, "").strip().lower() in {"off", "0", "no", "none"}


def _library_version(name: str) -> str:
    from importlib import metadata

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "-"


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _library_versions(names: tuple[str, ...]) -> dict[str, str]:
    """Each library's version, from the name of its ``.dist-info`` folder on ``sys.path`` (one listing
    per path entry instead of a metadata search per library); ``importlib.metadata`` for the rest."""
    wanted = {_normal(name): name for name in names}
    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            listing = os.listdir(entry or ".")
        except OSError:
            continue
        for item in listing:
            if item.endswith(".dist-info"):
                project, _, version = item[: -len(".dist-info")].partition("-")
                name = wanted.get(_normal(project))
                if name and version and name not in found:
                    found[name] = version
    return {name: found.get(name) or _library_version(name) for name in names}


def _files_digest(digest, root: Path, pattern: str) -> None:
    for path in sorted(root.rglob(pattern)):
        if "__pycache__" in path.parts:
            continue
        digest.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0")
        digest.update(path.read_bytes() + b"\0")


def _patterns_folder() -> Path:
    """Where :func:`extract.patterns.patterns_dir` finds the pattern data, found here without importing the
    pattern loader (and YAML): a rerun that reuses its outputs needs the fingerprint, never the patterns."""
    for candidate in (PACKAGE / "patterns", PACKAGE.parent / "patterns"):
        if (candidate / "fragments.yaml").is_file():
            return candidate
    from .patterns import patterns_dir

    return patterns_dir()  # raises PatternError: no pattern data


@functools.cache
def _made_by(patterns: str | None = None) -> str:
    digest = hashlib.sha256(f"selfeval {__version__}\0".encode())
    _files_digest(digest, Path(patterns) if patterns else _patterns_folder(), "*.yaml")
    _files_digest(digest, PACKAGE, "*.py")
    for name, version in _library_versions(READER_DISTRIBUTIONS).items():
        digest.update(f"{name} {version}\0".encode())
    return digest.hexdigest()


def fingerprint(patterns: str | None = None) -> str:
    """What a record depends on besides its input, as 16 hex digits: version, patterns, code, reading
    libraries (hashed once per process) and the settings in ``RECORD_SETTINGS`` (read each time)."""
    settings = "\0".join(f"{name}={os.environ.get(name, '')}" for name in RECORD_SETTINGS)
    return hashlib.sha256(f"{_made_by(patterns)}\0{settings}".encode()).hexdigest()[:16]


def file_sha256(path: str | os.PathLike) -> str | None:
    """The sha256 of a regular file's bytes; None for anything else (the pipeline reports why).

    A FIFO or a device is never opened, so hashing cannot block.
    """
    digest = hashlib.sha256()
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return None
        with open(path, "rb") as fh:
            while chunk := fh.read(1 << 20):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


def input_shas(files: list) -> list[str | None]:
    """The sha256 of each input (a path, or an entry with ``.path``), read once in chunks; None for an entry
    with a problem (``.problem``) or a file that cannot be read."""
    return [None if getattr(f, "problem", None) else file_sha256(getattr(f, "path", f)) for f in files]


@dataclass
class CacheStats:
    hits: int = 0
    misses: int = 0
    stored: int = 0


class ResultCache:
    """Records by (sha256, suffix) under one fingerprint folder of ``root``."""

    def __init__(self, root: str | os.PathLike | None = None, stamp: str | None = None, limits: str = "") -> None:
        """``limits``: the input limits when they are not the defaults (a record made under other limits could
        differ: a file over a stricter limit is an error row), so they get a folder of their own."""
        self.root = Path(root) if root else default_cache_dir()
        limited = f"-{hashlib.sha256(limits.encode()).hexdigest()[:8]}" if limits else ""
        self.folder = self.root / ((stamp or fingerprint()) + limited)
        self.stats = CacheStats()

    def entry(self, sha256: str, path: str) -> Path:
        return self.folder / sha256[:2] / f"{sha256}{Path(path).suffix.lower()}.json"

    def load(self, sha256: str, path: str) -> tuple[Record, str] | None:
        """The cached record of ``path`` (its source path set to ``path``) and its JSON line; None on a miss."""
        from .models import Record  # (here: deciding whether a rerun reuses its outputs needs no pydantic)

        try:
            line = self.entry(sha256, path).read_text(encoding="utf-8")
            record = Record.model_validate_json(line)
        except (OSError, ValueError):
            self.stats.misses += 1
            return None
        self.stats.hits += 1
        if record.source.path != path:
            record.source.path = path
            line = record.model_dump_json()
        return record, line

    def store(self, record: Record, line: str | None = None) -> None:
        """Keep ``record`` (``line``: its JSON, when the caller has it); a cache that cannot be written is skipped."""
        target = self.entry(record.source.sha256, record.source.path)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
        except OSError:
            return
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(line or record.model_dump_json())
            os.replace(tmp, target)
        except OSError:
            Path(tmp).unlink(missing_ok=True)
            return
        self.stats.stored += 1
