"""One exception base class for everything selfeval raises on purpose."""
from __future__ import annotations


class SelfevalError(Exception):
    """Base class. ``code`` is the short reason written to errors.csv."""

    code = "error"


class UnsupportedFormat(SelfevalError):
    code = "unsupported"


class UnreadableFile(SelfevalError):
    code = "unreadable"


class EncryptedFile(SelfevalError):
    code = "encrypted"


class EmptyDocument(SelfevalError):
    code = "empty"


class PatternError(SelfevalError):
    """The pattern data in patterns/ is malformed (a developer error)."""

    code = "patterns"


class NotRegularFile(SelfevalError):
    """A FIFO, device, socket or folder where a report file was expected: never opened."""

    code = "not_regular"


class TooLarge(SelfevalError):
    """An input over one of the configured limits (file size, inflated size, pages, text length)."""

    code = "too_large"

