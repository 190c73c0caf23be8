"""A cache for pure functions of one string that are asked about the same short strings again and again.

A report's lines, cells and labels repeat (a table's header words, the same clause read by
several figure finders), and reports of one form repeat each other's; a function such as
:func:`extract.text.segment.to_simplified` is asked tens of thousands of times for a few
thousand distinct strings.  Long strings (a whole paragraph or document) are rarely asked
twice and would fill the cache's memory, so they are computed afresh every time.
"""
from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

_CACHES: list = []  # every cache made here, for clear_caches


def clear_caches() -> None:
    """Empty every cache made here or registered (:func:`register`): a measurement that must start cold
    (tests that count the work)."""
    for cache in _CACHES:
        cache.cache_clear()


def register(cache: T) -> T:
    """Have :func:`clear_caches` empty ``cache`` too (anything with a ``cache_clear()``)."""
    _CACHES.append(cache)
    return cache


def lru_cache(maxsize: int) -> Callable[[Callable[..., T]], Callable[..., T]]:
    """``functools.lru_cache`` for a pure function of several hashable arguments, emptied by clear_caches."""

    def decorate(f: Callable[..., T]) -> Callable[..., T]:
        cached = functools.lru_cache(maxsize=maxsize)(f)
        _CACHES.append(cached)
        return cached

    return decorate


def short_string_cache(limit: int = 400, maxsize: int = 8192,
                       long_maxsize: int = 0) -> Callable[[Callable[[str], T]], Callable[[str], T]]:
    """Decorate a pure ``f(s: str)``: calls with ``len(s) <= limit`` are answered from a least-recently-used
    cache of ``maxsize`` entries, longer ones call ``f`` -- or, with ``long_maxsize``, a cache of that many
    long strings (a whole text that several readers of a record ask about).  The answer must be immutable
    (str, bool, a frozen dataclass, None), since every caller gets the same object.

    >>> calls = []
    >>> @short_string_cache(limit=3)
    ... def shout(s):
    ...     calls.append(s)
    ...     return s.upper()
    >>> [shout(s) for s in ("ab", "ab", "long", "long")], calls
    (['AB', 'AB', 'LONG', 'LONG'], ['ab', 'long', 'long'])
    >>> shout_all = short_string_cache(limit=3, long_maxsize=1)(shout)
    >>> calls.clear(); [shout_all(s) for s in ("long", "long", "other")], calls
    (['LONG', 'LONG', 'OTHER'], ['long', 'other'])
    """

    def decorate(f: Callable[[str], T]) -> Callable[[str], T]:
        cached = lru_cache(maxsize)(f)
        long = lru_cache(long_maxsize)(f) if long_maxsize else f

        @functools.wraps(f)
        def call(s: str) -> T:
            return cached(s) if len(s) <= limit else long(s)

        def cache_clear() -> None:
            for c in (cached, long):
                getattr(c, "cache_clear", lambda: None)()

        call.cache_clear = cache_clear  # type: ignore[attr-defined]
        call.cache_info = cached.cache_info  # type: ignore[attr-defined]
        return call

    return decorate
