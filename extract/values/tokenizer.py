"""jieba tokenizers with words of ``patterns/`` kept whole, the dictionary read once and fast.

:func:`read_dictionary` is jieba's own initialisation with its cache file read whole before it is
unmarshalled (``marshal.load`` from a file reads it object by object: 0.4 s against 0.14).
:func:`tokenizer` makes a tokenizer of its own; :func:`extended` one from a copy of a loaded
tokenizer's dictionary (a few milliseconds instead of reading it again).  jieba is imported by
:func:`import_jieba`, without the ``pkg_resources`` it would otherwise import (60 ms a process).
"""
from __future__ import annotations

import logging
import sys
from collections.abc import Iterable
from pathlib import Path

KEEP_WHOLE_FREQ = 200000  # the frequency a word of ours is added with: high enough that jieba never cuts it


def import_jieba():
    """The ``jieba`` module, imported without ``pkg_resources``.

    jieba's ``_compat`` imports ``pkg_resources`` only to open its own data files, and opens them as
    plain files when that import fails; the import costs 60 ms in every worker process (and warns of
    its deprecation).  It is made to fail for the time jieba is imported, unless ``pkg_resources`` is
    loaded already; afterwards anyone may import it as usual.
    """
    if "jieba" in sys.modules:
        return sys.modules["jieba"]
    blocked = "pkg_resources" not in sys.modules
    if blocked:
        sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # an import of it raises ImportError
    try:
        import jieba
    finally:
        if blocked and sys.modules.get("pkg_resources", False) is None:
            del sys.modules["pkg_resources"]
    return jieba


def read_dictionary(tok) -> None:
    """Initialise ``tok`` with jieba's default dictionary from its cache file, read whole; anything else
    (another dictionary, no cache file yet, one that cannot be read) is left to jieba."""
    import marshal
    import tempfile

    jieba = import_jieba()
    if tok.initialized or tok.dictionary != jieba.DEFAULT_DICT or tok.cache_file:
        tok.check_initialized()
        return
    try:
        tok.FREQ, tok.total = marshal.loads((Path(tok.tmp_dir or tempfile.gettempdir()) / "jieba.cache").read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        tok.check_initialized()
        return
    tok.initialized = True


def tokenizer(words: Iterable[str]):
    """A jieba tokenizer of its own (the default dictionary) that keeps ``words`` whole."""
    jieba = import_jieba()

    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    read_dictionary(tok)
    for word in words:
        tok.add_word(word, freq=KEEP_WHOLE_FREQ)
    return tok


def extended(base, words: Iterable[str]):
    """A tokenizer with a copy of ``base``'s dictionary (its added words too) that also keeps ``words`` whole."""
    jieba = import_jieba()

    base.check_initialized()
    tok = jieba.Tokenizer(base.dictionary)
    tok.FREQ, tok.total, tok.user_word_tag_tab = dict(base.FREQ), base.total, dict(base.user_word_tag_tab)
    tok.initialized = True
    for word in words:
        tok.add_word(word, freq=KEEP_WHOLE_FREQ)
    return tok
