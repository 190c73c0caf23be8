"""Bounds on the work one input may cause, each a clear ``too_large`` error row when passed.

The limits apply to the process that reads the file: :func:`active` sets them for the
duration of one file (a worker process gets them with each task), the readers ask
:func:`current`.  Defaults fit real reports many times over; the CLI sets them with
``--max-file-mb``, ``--max-inflated-mb``, ``--max-pages``, ``--max-text-mb`` and ``--timeout``.
"""
from __future__ import annotations

import io
import os
import stat
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from ..errors import NotRegularFile, TooLarge, UnreadableFile
from .entries import kind_problem

MB = 1024 * 1024
CHUNK = MB  # bytes a ZIP part is inflated by at a time


@dataclass(frozen=True)
class Limits:
    max_file_mb: float = 200  # bytes of the file on disk
    max_inflated_mb: float = 32  # a DOCX's XML unpacked (from the ZIP directory, before parsing); all parts: 8x
    max_pages: int = 2000  # pages of a PDF
    max_text_mb: float = 20  # characters of text (millions) a document may hold
    timeout_s: float = 300  # seconds one file may take in a worker (0 = no limit)
    max_memory_mb: float = 0  # address space of a worker process (0 = no cap); an allocation past it fails

    @property
    def file_bytes(self) -> int:
        return int(self.max_file_mb * MB)

    @property
    def inflated_bytes(self) -> int:
        return int(self.max_inflated_mb * MB)

    @property
    def text_chars(self) -> int:
        return int(self.max_text_mb * MB)


#: Limits field -> (command-line flag, help, type)
FLAGS = {
    "max_file_mb": ("--max-file-mb", "largest input file read, in MB (default 200)", float),
    "max_inflated_mb": ("--max-inflated-mb", "largest unpacked XML of a DOCX, from its ZIP directory, in MB; "
                                             "all its parts together: 8x (default 32)", float),
    "max_pages": ("--max-pages", "most pages of a PDF (default 2000)", int),
    "max_text_mb": ("--max-text-mb", "most text of one document, in millions of characters (default 20)", float),
    "timeout_s": ("--timeout", "seconds one file may take; 0 = no limit (default 300)", float),
    "max_memory_mb": ("--max-memory-mb", "address space of each worker process, in MB; a file that needs more "
                                         "is a too_large row (default 0: no cap)", float),
}


def cap_memory(limits: Limits) -> None:
    """Cap this (worker) process's address space, where the platform allows it."""
    if limits.max_memory_mb <= 0:
        return
    try:
        import resource

        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        cap = int(limits.max_memory_mb * MB)
        resource.setrlimit(resource.RLIMIT_AS, (cap if hard < 0 else min(cap, hard), hard))
    except (ImportError, ValueError, OSError):  # pragma: no cover - no such limit here
        pass

_current = Limits()


def current() -> Limits:
    return _current


@contextmanager
def active(limits: Limits | None) -> Iterator[Limits]:
    """Use ``limits`` (None: the ones in force) while the block runs."""
    global _current
    before = _current
    _current = limits or before
    try:
        yield _current
    finally:
        _current = before


def read_regular(path: str | os.PathLike) -> bytes:
    """The bytes of a regular file within the size limit; never blocks on a FIFO or reads a device.

    The file is opened without blocking and checked with ``fstat`` on the open descriptor, so a
    symlink to ``/dev/zero`` or a FIFO is refused, not read.
    """
    limit = current().file_bytes
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise UnreadableFile("dangling symlink or missing file") from None
    except OSError as exc:
        raise UnreadableFile(f"cannot read file: {exc.strerror or exc}") from None
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise NotRegularFile(kind_problem(st.st_mode) or "not a regular file: a folder")
        if st.st_size > limit:
            raise TooLarge(f"file is {st.st_size / MB:.1f} MB, over the limit of {limit / MB:g} MB (--max-file-mb)")
        data = fh.read(st.st_size + 1)  # its size, and one byte more to see whether it grew
        if len(data) > st.st_size:
            data += fh.read(limit + 1 - len(data))
    if len(data) > limit:
        raise TooLarge(f"file grew past the limit of {limit / MB:g} MB while read (--max-file-mb)")
    return data


#: parts parsed as XML cost about ten times their size in memory; pictures and the like only their size
XML_PARTS = (".xml", ".rels", ".vml")
ALL_PARTS_FACTOR = 8


def check_zip(archive: zipfile.ZipFile) -> None:
    """Refuse a package whose XML unpacks to more than the limit, or all its parts to more than eight times
    the limit -- sizes from the ZIP directory, nothing inflated.  (:func:`bounded_package` then makes sure no
    part is inflated past the size stated.)"""
    limit = current().inflated_bytes
    infos = archive.infolist()
    xml = sum(i.file_size for i in infos if i.filename.lower().endswith(XML_PARTS))
    total = sum(i.file_size for i in infos)
    if xml > limit:
        raise TooLarge(f"its XML unpacks to {xml / MB:.0f} MB, over the limit of {limit / MB:g} MB "
                       f"(--max-inflated-mb)")
    if total > limit * ALL_PARTS_FACTOR:
        raise TooLarge(f"unpacks to {total / MB:.0f} MB, over {ALL_PARTS_FACTOR} x the limit of {limit / MB:g} MB "
                       f"(--max-inflated-mb)")


def bounded_package(path: str | os.PathLike) -> io.BytesIO:
    """A ZIP package (DOCX) re-packed in memory, each part inflated in chunks and never past the size its
    directory states: a directory that lies about a part's size cannot make a reader inflate more.

    The declared sizes are checked first (:func:`check_zip`); then the copy holds at most what they allow.
    """
    copy = io.BytesIO()
    with zipfile.ZipFile(path) as archive, zipfile.ZipFile(copy, "w", zipfile.ZIP_STORED) as out:
        check_zip(archive)
        for info in archive.infolist():
            if info.is_dir():
                continue
            with archive.open(info) as part, out.open(zipfile.ZipInfo(info.filename), "w", force_zip64=True) as dest:
                _copy_bounded(part, dest, info.file_size)
    copy.seek(0)
    return copy


def _copy_bounded(part, dest, declared: int) -> None:
    copied = 0
    while chunk := part.read(CHUNK):  # each read inflates at most CHUNK bytes
        copied += len(chunk)
        if copied > declared:  # (zipfile stops at the declared size; this guards that promise)
            raise TooLarge("a part unpacks to more than its ZIP directory says")
        dest.write(chunk)


def check_pages(n_pages: int) -> None:
    limit = current().max_pages
    if n_pages > limit:
        raise TooLarge(f"{n_pages} pages, over the limit of {limit} (--max-pages)")


def check_text(n_chars: int) -> None:
    limit = current().text_chars
    if n_chars > limit:
        raise TooLarge(f"{n_chars / MB:.1f} M characters of text, over the limit of {limit / MB:g} M (--max-text-mb)")
