"""Every entry below the paths given, accounted for; only regular files are ever opened.

A folder walk yields one :class:`Entry` per entry: a regular file to read, or a problem
with its reason (a dangling symlink, a FIFO, a device, a socket, an unreadable folder, a
symlink loop).  Nothing is skipped silently except hidden entries (``.name``).  File names
whose bytes are not UTF-8 keep those bytes (Python's surrogate escapes), so the file can
still be opened; :func:`shown_path` writes them as ``\\xNN`` for outputs.
"""
from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

KINDS = {stat.S_IFIFO: "a FIFO (named pipe)", stat.S_IFCHR: "a character device", stat.S_IFBLK: "a block device",
         stat.S_IFSOCK: "a socket"}


@dataclass(frozen=True)
class Entry:
    """One input: ``problem`` is None for a regular file to read, else the errors.csv code and message."""

    path: str
    problem: str | None = None
    message: str = ""


def shown_path(path: str | os.PathLike) -> str:
    r"""A path as text for outputs: bytes that are not UTF-8 written as ``\xNN``.

    >>> shown_path(os.fsdecode("国家".encode("gbk") + b".txt"))
    '\\xb9\\xfa\\xbc\\xd2.txt'
    >>> shown_path("预算.txt")
    '预算.txt'
    """
    return os.fsencode(path).decode("utf-8", errors="backslashreplace")


def kind_problem(mode: int) -> str | None:
    """Why an entry of this mode is not read, or None for a regular file or a folder."""
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    return f"not a regular file: {KINDS.get(stat.S_IFMT(mode), 'a special file')}"


def list_entries(paths: Iterable[str | os.PathLike]) -> list[Entry]:
    """Entries for the paths: a file named as itself, a folder walked recursively (sorted, hidden skipped)."""
    found: list[Entry] = []
    for p in paths:
        if isinstance(p, Entry):
            found.append(p)
            continue
        p = os.fspath(p)
        if os.path.isdir(p):
            found.extend(_walk(p, {_identity(p)}))
        else:  # a file named: a FIFO or a dangling symlink named is a row like one found in a folder
            found.extend(_entry(p, set()))
    return found


def _identity(path: str) -> tuple[int, int]:
    st = os.stat(path)
    return st.st_dev, st.st_ino


def _walk(folder: str, seen: set[tuple[int, int]]) -> Iterator[Entry]:
    try:
        with os.scandir(folder) as it:
            names = sorted(e.name for e in it)
    except OSError as exc:
        yield Entry(folder, "unreadable", f"cannot list folder: {exc.strerror or exc}")
        return
    for name in names:
        if name.startswith("."):
            continue
        yield from _entry(os.path.join(folder, name), seen)


def _entry(path: str, seen: set[tuple[int, int]]) -> Iterator[Entry]:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            yield Entry(path, "dangling_symlink", "symlink to nothing: its target does not exist")
        else:
            yield Entry(path, "unreadable", "no such file")
        return
    except OSError as exc:
        yield Entry(path, "unreadable", f"cannot stat: {exc.strerror or exc}")
        return
    if stat.S_ISDIR(st.st_mode):
        if (st.st_dev, st.st_ino) in seen:
            yield Entry(path, "symlink_loop", "folder already walked (symlink loop); not read twice")
            return
        yield from _walk(path, seen | {(st.st_dev, st.st_ino)})
        return
    problem = kind_problem(st.st_mode)
    yield Entry(path, "not_regular", problem) if problem else Entry(path)
