"""Formats selfeval does not read itself: old Word/WPS files go through LibreOffice, the rest get advice.

``.doc`` and ``.wps`` are converted with ``soffice --headless --convert-to docx``
into a temporary folder (with a time limit) when LibreOffice is installed, then
read as DOCX.  ``.xls``/``.et`` and ``.ofd``, and ``.doc``/``.wps`` without
LibreOffice, raise :class:`UnsupportedFormat` with a message saying how to convert.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from ..errors import UnreadableFile, UnsupportedFormat
from .document import Document

#: Seconds LibreOffice may take to convert one file.
CONVERT_TIMEOUT = 120
CONVERTED = {".doc": "Word 97–2003 document (.doc)", ".wps": "WPS Writer document (.wps)"}
ADVICE = {
    ".doc": "open it in Word or WPS and save it as .docx (or as PDF), or install LibreOffice so that selfeval "
            "converts it (soffice --headless --convert-to docx FILE)",
    ".wps": "open it in WPS Office and save it as .docx (or as PDF), or install LibreOffice so that selfeval "
            "converts it (soffice --headless --convert-to docx FILE)",
    ".xls": "an Excel 97–2003 workbook (.xls) is not a report selfeval reads: save the report as .docx or PDF "
            "(a score sheet too: Excel/WPS File → Export → PDF)",
    ".et": "a WPS spreadsheet (.et) is not a report selfeval reads: export it to PDF (WPS: File → Export → PDF)",
    ".ofd": "OFD (the Chinese fixed-layout format) is not read: export it to PDF with an OFD reader "
            "(数科OFD阅读器, 福昕OFD版式办公套件: 文件 → 另存为/导出 PDF), then run selfeval on the PDF",
}
SUFFIXES = set(ADVICE)


def soffice() -> str | None:
    """The LibreOffice command on PATH, if any."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def read(path: Path) -> Document:
    """A ``.doc``/``.wps`` converted by LibreOffice and read as DOCX; UnsupportedFormat otherwise."""
    suffix = path.suffix.lower()
    command = soffice() if suffix in CONVERTED else None
    if command is None:
        raise UnsupportedFormat(f"{suffix} files are not read directly: {ADVICE[suffix]}" if suffix in CONVERTED
                                else ADVICE[suffix])
    from . import docx

    with tempfile.TemporaryDirectory(prefix="selfeval-convert-") as folder:
        converted = _convert(command, path, Path(folder))
        doc = docx.read(converted)
    doc.path = str(path)
    doc.warnings.insert(0, f"{CONVERTED[suffix]} converted to .docx by LibreOffice before reading")
    return doc


def _convert(command: str, path: Path, folder: Path) -> Path:
    """Run LibreOffice on ``path`` into ``folder`` and return the .docx it wrote."""
    profile = (folder / "profile").as_uri()  # its own profile: no clash with a running LibreOffice
    args = [command, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "docx",
            "--outdir", str(folder / "out"), str(path)]
    try:
        process = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL, start_new_session=True,
                                   env={**os.environ, "HOME": str(folder)})
    except OSError as exc:
        raise UnreadableFile(f"LibreOffice could not be run ({exc}); {ADVICE[path.suffix.lower()]}") from None
    try:
        process.wait(timeout=CONVERT_TIMEOUT)
    except subprocess.TimeoutExpired:
        _stop(process)
        raise UnreadableFile(f"LibreOffice took more than {CONVERT_TIMEOUT} s to convert the file to .docx; "
                             f"{ADVICE[path.suffix.lower()]}") from None
    out = sorted((folder / "out").glob("*.docx")) if (folder / "out").is_dir() else []
    if not out:
        raise UnreadableFile(f"LibreOffice could not convert the file to .docx; {ADVICE[path.suffix.lower()]}")
    return out[0]


def _stop(process: subprocess.Popen) -> None:
    """End the converter and the processes it started (its own session), then reap it."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except OSError:
        process.kill()
    process.wait()
