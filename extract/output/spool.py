"""Table rows kept on disk, not in memory, until the workbook is written.

The workbook is written once every record has arrived (its summary needs them all), so its
rows must be kept somewhere; :class:`SpooledRows` keeps them in a temporary file, pickled in
batches, and reads them back as often as they are iterated.  It stands in for the ``list`` of
rows of a table (``append``, ``extend``, ``len``, iteration), so the parent's memory stays flat
however many files a batch holds.
"""
from __future__ import annotations

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
