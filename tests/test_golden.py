"""Whole documents against golden files: the seed, the project's own sample corpus, and every real text.

A golden file holds what an analyst reads off a report (kind, unit, year, score, grade,
headline, level-1 headings, score items, money and percent values).  Regenerate after an
intended change with ``UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py`` and review
the diff like code.
"""
from __future__ import annotations

import json
import os
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import ROOT, labelled_texts, record_of

GOLDEN = Path(__file__).resolve().parent / "golden"
SAMPLES = sorted(p for p in (ROOT / "corpus").iterdir() if p.suffix in {".txt", ".docx", ".pdf", ".html"})


def summary(rec) -> dict:
    return {
        "kind": rec.kind, "department": rec.department, "year": rec.year,
        "self_score": None if rec.self_score is None else str(rec.self_score), "grade": rec.grade,
        "headline": {k: None if v is None else str(v.value) for k, v in rec.headline},
        "headings": [s.number + s.title for s in rec.sections if s.level == 1],
        "scores": [[s.item, None if s.max is None else str(s.max), None if s.score is None else str(s.score)]
                   for s in rec.scores],
        "money": [str(m.value) for m in rec.mentions if m.type == "money"],
        "percent": [str(m.value) for m in rec.mentions if m.type == "percent"],
        "findings": sorted(f"{f.severity}:{f.rule}" for f in rec.findings),
    }


def _check(name: str, rec) -> None:
    path = GOLDEN / f"{name}.json"
    got = summary(rec)
    if os.environ.get("UPDATE_GOLDEN") or not path.exists():
        path.write_text(json.dumps(got, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    assert got == json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_sample_corpus_golden(path):
    _check(f"sample-{path.name}", record_of(str(path)))


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_sample_corpus_matches_its_expected_record(path):
    expected = json.loads(path.with_name(path.stem + ".expected.json").read_text(encoding="utf-8"))
    rec = record_of(str(path))
    assert (rec.kind, rec.department, rec.year, rec.grade) == (
        expected["kind"], expected["department"], expected["year"], expected["grade"])
    assert str(rec.self_score) == str(expected["self_score"])
    got = {k: None if v is None else v.value for k, v in rec.headline}
    for key, value in expected["headline"].items():
        if value is not None:
            assert got[key] == Decimal(str(value)), key
    assert [s.number + s.title for s in rec.sections if s.level == 1] == expected["headings"]
    assert [f.message for f in rec.findings if f.severity == "error"] == []  # the samples add up by construction
    assert all(s.score is None or s.score <= (s.max if s.max is not None else 100) for s in rec.scores)


@pytest.mark.parametrize("path", labelled_texts(), ids=lambda p: p.stem)
def test_real_text_golden(path):
    _check(f"real-{path.stem}", record_of(str(path)))
