"""Word 97-2003 files through a real LibreOffice (``soffice``, which .ci/run installs): the .doc LibreOffice
writes from the project's sample .docx reads back to the same record, with a warning that it was converted."""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from extract.pipeline import ingest_file
from extract.read import legacy

SAMPLE = Path(__file__).resolve().parents[1] / "corpus" / "culture_2023.docx"

pytestmark = pytest.mark.skipif(legacy.soffice() is None, reason="no LibreOffice here (.ci/run installs it)")


@pytest.fixture(scope="module")
def as_doc(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("doc")
    profile = tmp_path_factory.mktemp("profile")
    subprocess.run([legacy.soffice(), f"-env:UserInstallation={profile.as_uri()}", "--headless",
                    "--convert-to", "doc", "--outdir", str(folder), str(SAMPLE)],
                   check=True, capture_output=True, timeout=180)
    return folder / "culture_2023.doc"


def _comparable(record) -> dict:
    return record.model_dump(exclude={"source": {"path", "sha256", "format"}, "warnings": True})


def test_a_doc_converted_by_libreoffice_reads_as_its_docx(as_doc: Path):
    original, converted = ingest_file(SAMPLE), ingest_file(as_doc)
    assert _comparable(converted) == _comparable(original)
    assert converted.headline.budget_initial is not None  # the comparison is of figures, not of two empty records
    assert any("converted to .docx by LibreOffice" in w for w in converted.warnings)
    assert not any("LibreOffice" in w for w in original.warnings)
