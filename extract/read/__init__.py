"""Readers: one module per format, each ``read(path) -> Document``. They know nothing of figures."""
from __future__ import annotations

from pathlib import Path

from ..errors import UnsupportedFormat
from . import legacy
from .document import Document

SUFFIXES = {".pdf": "pdf", ".docx": "docx", ".txt": "txt", ".html": "html", ".htm": "html",
            **{suffix: "legacy" for suffix in legacy.SUFFIXES}}


def format_of(path: str | Path) -> str:
    """The format name for a path, or raise UnsupportedFormat."""
    suffix = Path(path).suffix.lower()
    if suffix not in SUFFIXES:
        raise UnsupportedFormat(f"unsupported file type {suffix or '(none)'}; selfeval reads .pdf, .docx, .txt, .html, .htm "
                                "(and .doc, .wps through LibreOffice)")
    return SUFFIXES[suffix]


def read_document(path: str | Path) -> Document:
    """Read any supported file into a Document."""
    fmt = format_of(path)
    if fmt == "pdf":
        from . import pdf as reader
    elif fmt == "docx":
        from . import docx as reader
    elif fmt == "html":
        from . import html as reader
    elif fmt == "legacy":
        reader = legacy
    else:
        from . import txt as reader
    return reader.read(Path(path))
