"""Plain-text reader: detects the encoding, splits pages on form feeds.

Order of attempts: a UTF-8 / UTF-16 / UTF-32 byte-order mark; strict UTF-8;
UTF-16 without a mark (when NUL bytes give it away);
strict GB18030 (a superset of GBK and GB2312, which real submissions use);
charset-normalizer's best guess; UTF-8 with replacement characters.  Never raises
on content.
"""
from __future__ import annotations

import codecs
from pathlib import Path

from ..errors import UnreadableFile
from .document import Document, Page

BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]


def read(path: Path) -> Document:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableFile(f"cannot read file: {exc.strerror or exc}") from None
    text, encoding = decode(data)
    if looks_binary(text):
        raise UnreadableFile("binary data, not text (control characters throughout)")
    doc = Document(path=str(path), format="txt", pages=pages_of(text))
    if encoding == "utf-8-replace":
        doc.warnings.append("text encoding not recognised; undecodable bytes replaced")
    return doc


def looks_binary(text: str) -> bool:
    r"""Control characters other than line ends, tabs and form feeds in more than 1% of the text.

    >>> looks_binary("收入：651.17万元\f第二页\n"), looks_binary("a\x00\x01\x02b" * 10)
    (False, True)
    """
    if not text:
        return False
    controls = sum(1 for c in text if (c < " " and c not in "\n\r\t\f\v") or c == "\x7f")
    return controls > max(2, len(text) // 100)


def decode(data: bytes) -> tuple[str, str]:
    """The text of some bytes and the encoding used.

    >>> decode("预算".encode("gbk"))
    ('预算', 'gb18030')
    >>> decode(codecs.BOM_UTF8 + "预算".encode("utf-8"))
    ('预算', 'utf-8-sig')
    """
    for bom, encoding in BOMS:
        if data.startswith(bom):
            text = _try(data, encoding)
            if text is not None:
                return text, encoding
    for encoding in ("utf-8", _bomless_utf16(data), "gb18030"):
        text = _try(data, encoding) if encoding else None
        if text is not None:
            return text, encoding
    guessed = _guess(data)
    if guessed is not None:
        return guessed
    return data.decode("utf-8", errors="replace"), "utf-8-replace"


def _bomless_utf16(data: bytes) -> str | None:
    """UTF-16 without a byte-order mark shows as NUL bytes in the ASCII characters (digits, line ends)."""
    odd_nuls, even_nuls = data[1::2].count(0), data[0::2].count(0)
    if max(odd_nuls, even_nuls) < max(2, len(data) // 20):
        return None
    return "utf-16-le" if odd_nuls > even_nuls else "utf-16-be"


def _try(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _guess(data: bytes) -> tuple[str, str] | None:
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
    except Exception:  # noqa: BLE001 - a guess is optional
        return None
    if best is None:
        return None
    return str(best), best.encoding


def pages_of(text: str) -> list[Page]:
    """Normalise line ends and split on form feeds into numbered pages.

    >>> [p.lines for p in pages_of("a\\r\\nb\\rc\\fd")]
    [['a', 'b', 'c'], ['d']]
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    return [Page(number=i + 1, lines=chunk.split("\n")) for i, chunk in enumerate(text.split("\f"))]
