"""Patterns searched only near their anchors (patterns/near.yaml) find exactly what a plain finditer finds."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.figures import unit
from extract.patterns import finditer_near, load_patterns

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
NEAR = sorted(load_patterns().table("near"))
TEXTS = sorted(SHARED.glob("corpus/*.txt")) + sorted(SHARED.glob("seed/*.txt")) + sorted((REPO / "corpus").glob("*.txt"))
ALPHABET = list("产出指标效益项目决策预算执行率得分值总满（）()★“”、，。：:；\n \t　0123456789.%万元亿省市县区自治州局委员会中共")


def _spans(matches) -> list[tuple]:
    return [(m.span(), m.groupdict()) for m in matches]


def _plain(entry_id: str, text: str, pos: int = 0, endpos: int | None = None) -> list[tuple]:
    return _spans(load_patterns().regex(entry_id).finditer(text, pos, endpos))


def _near(entry_id: str, text: str, pos: int = 0, endpos: int | None = None) -> list[tuple]:
    return _spans(load_patterns().finditer(entry_id, text, pos, endpos))


def _body_units(text: str, near: bool) -> list[tuple]:
    rx = unit._body_unit_rx()
    found = finditer_near(rx, load_patterns().regex("meta.near.region"), unit.BODY_UNIT_REACH, text, skip="") \
        if near else rx.finditer(text)
    return _spans(found)


def test_the_near_table_names_patterns_and_anchors():
    patterns = load_patterns()
    for entry_id, near in patterns.table("near").items():
        assert patterns.regex(entry_id) is not None and patterns.regex(near["anchor"]) is not None
        assert set(near) <= {"anchor", "reach", "skip"} and near["reach"] > 0


@pytest.mark.skipif(not TEXTS, reason="no corpus texts")
@pytest.mark.parametrize("entry_id", NEAR)
def test_near_search_finds_what_finditer_finds_in_the_corpus(entry_id):
    found = 0
    for path in TEXTS:
        text = path.read_text(encoding="utf-8", errors="replace")
        plain = _plain(entry_id, text)
        assert _near(entry_id, text) == plain, path.name
        found += len(plain)
    if (SHARED / "corpus").is_dir():  # the real texts hold every family at least once (the samples alone need not)
        assert found or entry_id == "table.glued_row"  # glued rows only come from flattened PDFs


@pytest.mark.skipif(not TEXTS, reason="no corpus texts")
def test_near_search_of_body_units_finds_what_finditer_finds_in_the_corpus():
    for path in TEXTS:
        text = path.read_text(encoding="utf-8", errors="replace")[:6000]
        assert _body_units(text, near=True) == _body_units(text, near=False), path.name


@settings(max_examples=300, deadline=None)
@given(entry_id=st.sampled_from(NEAR), text=st.text(alphabet=ALPHABET, max_size=120),
       cut=st.tuples(st.integers(0, 130), st.integers(0, 130)))
def test_near_search_finds_what_finditer_finds_in_any_text(entry_id, text, cut):
    assert _near(entry_id, text) == _plain(entry_id, text)
    pos, endpos = min(cut), max(cut)
    assert _near(entry_id, text, pos, endpos) == _plain(entry_id, text, pos, endpos)


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet=ALPHABET, max_size=120))
def test_near_search_of_body_units_finds_what_finditer_finds_in_any_text(text):
    assert _body_units(text, near=True) == _body_units(text, near=False)


GLUED = [
    ("glued-row", "table.glued_row", "办公所需成本4≤100万元98万元4预算执行率10≥90%95%9"),
    ("bracket-spaces", "score.max_in_brackets", "产 出 指 标   (50分)"),
    ("max-item-bracket", "score.max_item_score", "预算编制 （ 20 分）得 18 分"),
    ("field-amount", "table.field_amount", "实际到位资金(万元)75"),
]


@pytest.mark.parametrize("entry_id,text", [g[1:] for g in GLUED], ids=[g[0] for g in GLUED])
def test_near_search_finds_the_typical_match(entry_id, text):
    assert _near(entry_id, text) == _plain(entry_id, text) != []
