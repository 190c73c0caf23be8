"""jieba tokenizers with words of ``patterns/`` kept whole, the dictionary read once and fast.

:func:`read_dictionary` is jieba's own initialisation with its cache file read whole before it is
unmarshalled (``marshal.load`` from a file reads it object by object: 0.4 s against 0.14).
:func:`tokenizer` makes a tokenizer of its own; :func:`extended` one from a copy of a loaded
tokenizer's dictionary (a few milliseconds instead of reading it again).
"""
from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path

KEEP_WHOLE_FREQ = 200000  # the frequency a word of ours is added with: high enough that jieba never cuts it


def read_dictionary(tok) -> None:
    """Initialise ``tok`` with jieba's default dictionary from its cache file, read whole; anything else
    (another dictionary, no cache file yet, one that cannot be read) is left to jieba."""
    import marshal
    import tempfile

    import jieba

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
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    read_dictionary(tok)
    for word in words:
        tok.add_word(word, freq=KEEP_WHOLE_FREQ)
    return tok


def extended(base, words: Iterable[str]):
    """A tokenizer with a copy of ``base``'s dictionary (its added words too) that also keeps ``words`` whole."""
    import jieba

    base.check_initialized()
    tok = jieba.Tokenizer(base.dictionary)
    tok.FREQ, tok.total, tok.user_word_tag_tab = dict(base.FREQ), base.total, dict(base.user_word_tag_tab)
    tok.initialized = True
    for word in words:
        tok.add_word(word, freq=KEEP_WHOLE_FREQ)
    return tok
