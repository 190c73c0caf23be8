"""Small per-report summaries for the pages and sheets built from whole records (report.html, 历年对比, 主题).

Those outputs read a few fields of every report and a few stretches of its text: the snippets around its
headline figures and findings, and its problem/remedy passages.  :func:`summarise` turns a stream of
records into slim copies that keep just that (the text replaced by :class:`TextExcerpts`, the sections,
mentions and spans dropped) and each report's :class:`~extract.output.themes.ReportWords`, kept on disk
(:class:`Summaries`): the pages and sheets read them as they go, so memory does not grow with the reports.
"""
from __future__ import annotations

import functools
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from pydantic import BaseModel

from ..models import HEADLINE_KEYS, Record
from .overview_details import CONTEXT
from .spool import PickledSequence
from .themes import ReportWords, report_words


class TextExcerpts:
    """Stands in for a report's text where only some stretches are read: same length and offsets.

    Slicing a stretch that was not kept raises ``KeyError`` (a reader asked for more than it declared).

    >>> text = TextExcerpts("0123456789", [(1, 3), (6, 8)])
    >>> len(text), text[1:3], text[6:8], text[2:3]
    (10, '12', '67', '2')
    """

    def __init__(self, text: str, windows: Iterable[tuple[int, int]]):
        self._length = len(text)
        merged: list[list[int]] = []
        for start, end in sorted((max(0, s), min(self._length, e)) for s, e in windows):
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            elif start < end:
                merged.append([start, end])
        self._starts = [start for start, _ in merged]
        self._pieces = [text[start:end] for start, end in merged]

    def __len__(self) -> int:
        return self._length

    @property
    def n_kept(self) -> int:
        """How many characters of the text are kept."""
        return sum(map(len, self._pieces))

    def __getitem__(self, key: slice) -> str:
        start, stop, _ = key.indices(self._length)
        if stop <= start:
            return ""
        n = bisect_right(self._starts, start) - 1
        if n < 0 or stop > self._starts[n] + len(self._pieces[n]):
            raise KeyError(f"text[{start}:{stop}] was not kept")
        return self._pieces[n][start - self._starts[n]:stop - self._starts[n]]


class FieldView:
    """A read-only copy of a model's fields (same names, same values) without pydantic's per-object
    dictionary and set of fields: a tenth of the memory, for the many small models a summary keeps.

    >>> from extract.models import Span
    >>> view = compact(Span(page=2, start=5, end=9, raw="预算"))
    >>> view.page, view.raw, view == compact(Span(page=2, start=5, end=9, raw="预算")), view
    (2, '预算', True, Span(page=2, start=5, end=9, raw='预算'))
    """

    __slots__ = ()
    __hash__ = None  # as a (mutable) pydantic model

    def _values(self) -> tuple:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and self._values() == other._values()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(f'{n}={getattr(self, n)!r}' for n in self.__slots__)})"



#: a view class is named for its model, and found under this prefix in this module (by pickle too)
_VIEW_PREFIX = "_view_"


@functools.cache
def _view_class(model: type[BaseModel]) -> type[FieldView]:
    qualname = _VIEW_PREFIX + model.__name__
    view = type(model.__name__, (FieldView,), {"__slots__": tuple(model.model_fields), "__module__": __name__,
                                               "__qualname__": qualname, "_model": model})
    globals()[qualname] = view
    return view


def __getattr__(name: str) -> type[FieldView]:
    """A model's view class by its pickled name (made on first use: pickles come from other processes)."""
    from .. import models

    if name.startswith(_VIEW_PREFIX) and isinstance(model := getattr(models, name[len(_VIEW_PREFIX):], None), type):
        return _view_class(model)
    raise AttributeError(name)


def compact(value: Any) -> Any:
    """``value`` with every model in it (in lists too) turned into a :class:`FieldView`."""
    if isinstance(value, BaseModel):
        view = _view_class(type(value))()
        for name, field_value in value.__dict__.items():
            setattr(view, name, compact(field_value))
        return view
    if type(value) is list:
        return [compact(v) for v in value]
    return value


#: the kinds of passage a word was used in: one shared set per combination, not one per word and report
_KIND_SETS: dict[frozenset, frozenset] = {}


def _shared_kinds(kinds: dict[str, set[str]]) -> dict[str, frozenset[str]]:
    return {word: _KIND_SETS.setdefault(frozenset(k), frozenset(k)) for word, k in kinds.items()}


class Summaries:
    """Slim records in stored order, and the theme words of each (same order): kept on disk
    (:class:`~.spool.PickledSequence`), so the parent's memory does not grow with the number of reports;
    ``records`` and ``words`` are sequences (``len``, iteration, ``[i]``) read back from there."""

    def __init__(self) -> None:
        self._pairs = PickledSequence()
        self.records = Column(self._pairs, 0)
        self.words = Column(self._pairs, 1)

    def add(self, slim: Record, words: ReportWords) -> None:
        self._pairs.append((slim, words))

    def close(self) -> None:
        self._pairs.close()


class Column(Sequence):
    """One item of each pair of a :class:`~.spool.PickledSequence` of pairs, as a sequence."""

    def __init__(self, pairs: PickledSequence, index: int) -> None:
        self._pairs, self._index = pairs, index

    def __len__(self) -> int:
        return len(self._pairs)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [pair[self._index] for pair in self._pairs[i]]
        return self._pairs[i][self._index]

    def __iter__(self) -> Iterator:
        return (pair[self._index] for pair in self._pairs)


def pairs(first: Sequence, second: Sequence) -> Iterator[tuple]:
    """``zip(first, second)``; two columns of one :class:`Summaries` are read from disk once, not twice."""
    if isinstance(first, Column) and isinstance(second, Column) and first._pairs is second._pairs:
        return ((pair[first._index], pair[second._index]) for pair in first._pairs)
    return zip(first, second)


def snippet_windows(record: Record) -> list[tuple[int, int]]:
    """The stretches ``snippet_html`` reads around each headline figure and each finding's evidence."""
    spans = [(v.start, v.end) for v in (getattr(record.headline, k) for k in HEADLINE_KEYS) if v is not None]
    spans += [(s.start, s.end) for f in record.findings for s in f.evidence]
    return [(start - CONTEXT, max(start, end) + CONTEXT) for start, end in spans]


def slim_record(record: Record) -> tuple[Record, ReportWords]:
    """A copy of ``record`` that keeps what report.html and the record sheets show, and its theme words."""
    words = report_words(record)
    windows = snippet_windows(record) + [(p.start, p.end) for p in words.passages]
    kept = {"source": record.source, "headline": record.headline, "findings": record.findings,
            "corrections": record.corrections, "scores": [s for s in record.scores if s.level == 1]}
    slim = record.model_copy(update={"text": TextExcerpts(record.text, windows), "sections": [], "mentions": [],
                                     "provenance": {}, **{name: compact(value) for name, value in kept.items()}})
    return slim, ReportWords(slim, words.passages, words.counts, _shared_kinds(words.kinds))


def summarise(records: Iterable[Record]) -> Summaries:
    """:func:`slim_record` of each record, read one at a time."""
    out = Summaries()
    for record in records:
        out.add(*slim_record(record))
    return out
