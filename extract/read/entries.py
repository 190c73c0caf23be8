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
        step = _classify(p, frozenset())  # a FIFO or a dangling symlink named is a row as in a folder
        found.extend(_walk(*step) if isinstance(step, tuple) else [step])
    return found


def _walk(folder: str, ancestors: frozenset[tuple[int, int]]) -> Iterator[Entry]:
    """Depth first, names sorted, without recursion (a folder nested thousands deep is walked too)."""
    stack = [_listing(folder, ancestors)]
    while stack:
        step = next(stack[-1], None)
        if step is None:
            stack.pop()
        elif isinstance(step, Entry):
            yield step
        else:  # a folder to go into
            stack.append(_listing(*step))


Step = Entry | tuple[str, frozenset[tuple[int, int]]]


def _listing(folder: str, ancestors: frozenset[tuple[int, int]]) -> Iterator[Step]:
    try:
        with os.scandir(folder) as it:
            names = sorted(e.name for e in it)
    except OSError as exc:
        yield Entry(folder, "unreadable", f"cannot list folder: {exc.strerror or exc}")
        return
    for name in names:
        if not name.startswith("."):
            yield _classify(os.path.join(folder, name), ancestors)


def _classify(path: str, ancestors: frozenset[tuple[int, int]]) -> Step:
    """An entry to read or to report, or a folder to walk (with its ancestors, to tell a symlink loop)."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            return Entry(path, "dangling_symlink", "symlink to nothing: its target does not exist")
        return Entry(path, "unreadable", "no such file")
    except OSError as exc:
        return Entry(path, "unreadable", f"cannot stat: {exc.strerror or exc}")
    if stat.S_ISDIR(st.st_mode):
        if (st.st_dev, st.st_ino) in ancestors:
            return Entry(path, "symlink_loop", "folder already walked (symlink loop); not read twice")
        return path, ancestors | {(st.st_dev, st.st_ino)}
    problem = kind_problem(st.st_mode)
    return Entry(path, "not_regular", problem) if problem else Entry(path)
