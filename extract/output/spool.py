"""Table rows kept on disk, not in memory, until the workbook is written.

The workbook is written once every record has arrived (its summary needs them all), so its
rows must be kept somewhere; :class:`SpooledRows` keeps them in a temporary file, pickled in
batches, and reads them back as often as they are iterated.  It stands in for the ``list`` of
rows of a table (``append``, ``extend``, ``len``, iteration), so the parent's memory stays flat
however many files a batch holds.
"""
from __future__ import annotations

import os
import pickle
import tempfile
from collections.abc import Iterable, Iterator
from typing import Any

BATCH = 2000  # rows held in memory before they go to the file


class SpooledRows:
    """A list-like of rows on disk: append and extend, then ``len`` and iterate (any number of times).

    >>> rows = SpooledRows(batch=2)
    >>> rows.extend([{"a": 1}, {"a": 2}, {"a": 3}])
    >>> len(rows), [r["a"] for r in rows], [(x["a"], y["a"]) for x in rows for y in rows][-2:]
    (3, [1, 2, 3], [(3, 2), (3, 3)])
    """

    def __init__(self, batch: int = BATCH) -> None:
        self.batch = batch
        self._buffer: list[Any] = []
        self._file = None
        self._offsets: list[int] = []
        self._length = 0

    def append(self, row: Any) -> None:
        self._buffer.append(row)
        self._length += 1
        if len(self._buffer) >= self.batch:
            self._flush()

    def extend(self, rows: Iterable[Any]) -> None:
        for row in rows:
            self.append(row)

    def add_pickled(self, data: bytes, n: int) -> None:
        """``n`` rows pickled already (a list, as :func:`pickle.dumps` makes it), kept as they are."""
        self._flush()
        if self._file is None:
            self._file = tempfile.TemporaryFile(prefix="selfeval-rows-")
        self._offsets.append(self._file.seek(0, 2))
        self._file.write(data)
        self._length += n

    def _flush(self) -> None:
        if not self._buffer:
            return
        if self._file is None:
            self._file = tempfile.TemporaryFile(prefix="selfeval-rows-")
        self._offsets.append(self._file.seek(0, 2))
        pickle.dump(self._buffer, self._file, protocol=pickle.HIGHEST_PROTOCOL)
        self._buffer = []

    def __len__(self) -> int:
        return self._length

    def __bool__(self) -> bool:
        return self._length > 0

    def __iter__(self) -> Iterator[Any]:
        for offset in list(self._offsets):  # each batch found by its offset: iterations may nest
            self._file.seek(offset)
            yield from pickle.load(self._file)
        yield from list(self._buffer)

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
        self._buffer, self._offsets, self._length = [], [], 0


class PickledSequence:
    """A read-only sequence of items kept on disk, one pickle each: ``append``, then ``len``, iteration
    (streamed, any number of times, nested too) and ``seq[i]`` (read back by its offset; the last few kept).

    >>> items = PickledSequence()
    >>> for n in range(5):
    ...     items.append({"n": n})
    >>> len(items), [x["n"] for x in items], items[3], items[-1]["n"], [x["n"] for x in items[1:3]]
    (5, [0, 1, 2, 3, 4], {'n': 3}, 4, [1, 2])
    """

    def __init__(self, recent: int = 8) -> None:
        self._file = None
        self._offsets: list[int] = []
        self._end = 0
        self._recent: dict[int, Any] = {}
        self._n_recent = recent

    def append(self, item: Any) -> None:
        if self._file is None:
            self._file = tempfile.TemporaryFile(prefix="selfeval-items-")
        self._file.seek(self._end)
        self._offsets.append(self._end)
        pickle.dump(item, self._file, protocol=pickle.HIGHEST_PROTOCOL)
        self._file.flush()  # in the file itself: items are read at their offset (:meth:`_read`)
        self._end = self._file.tell()

    def __len__(self) -> int:
        return len(self._offsets)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        if index in self._recent:
            return self._recent[index]
        end = self._offsets[index + 1] if index + 1 < len(self._offsets) else self._end
        item = pickle.loads(self._read(self._offsets[index], end))
        if len(self._recent) >= self._n_recent:
            del self._recent[next(iter(self._recent))]
        self._recent[index] = item
        return item

    def __iter__(self) -> Iterator[Any]:
        n, chunk = len(self), 1 << 20
        i = 0
        while i < n:  # a chunk of whole pickles read at once, then unpickled from memory
            start = self._offsets[i]
            j = i + 1
            while j < n and self._offsets[j] - start < chunk:
                j += 1
            stop = self._offsets[j] if j < n else self._end
            data = memoryview(self._read(start, stop))
            for k in range(i, j):
                end = self._offsets[k + 1] - start if k + 1 < n else stop - start
                yield pickle.loads(data[self._offsets[k] - start:end])
            i = j

    def _read(self, start: int, stop: int) -> bytes:
        """The bytes from ``start`` to ``stop``, read at their offset without moving the file's position:
        a process forked to read the items beside this one shares that position (see :mod:`.beside`)."""
        if hasattr(os, "pread"):
            return os.pread(self._file.fileno(), stop - start, start)
        self._file.seek(start)  # (Windows: no pread, and no fork either)
        return self._file.read(stop - start)

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
        self._offsets, self._recent, self._end = [], {}, 0
