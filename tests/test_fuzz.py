"""Fuzzing: the text path never raises and keeps spans exact; readers given mutated real files give a
record or an error row; the indexes that keep the text path linear answer as the scans they replace."""
from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extract.checks.rules import MentionIndex
from extract.errors import SelfevalError
from extract.figures.headline import Lookups
from extract.models import Mention, Section
from extract.pipeline import InputError, ingest_text, safe_ingest
from extract.text.segment import section_at
from extract.text.spans import Cover, Disjoint, SectionIndex, last_stop

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
REAL_FILES = ["agriculture_2022.txt", "culture_2023.docx", "water_2022.pdf", "waterworks_2023.html"]
PIECES = ["一、", "（二）", "3.", "收入合计", "支出", "356.40", "万元", "元", "，其中", "%", "预算执行率", "编制", "人",
          "得分", "分", "扣", "满分", "自评", "优秀", "\n", "\f", "。", "|", " ", "\t", "7", "0", ",", ".", "-",
          "（", "）", "约", "合计", "单位：元", "1,234,567.89", "年度", "2023", "〔2023〕", "号", "=", "+", "@"]
texts = st.lists(st.sampled_from(PIECES) | st.text(max_size=5), max_size=120).map("".join)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_text_path_never_raises_and_spans_are_exact(text: str):
    try:
        record = ingest_text(text)
    except SelfevalError:
        return  # no text at all: reported, not a crash
    spans = [*record.mentions, *record.scores, *(e for f in record.findings for e in f.evidence)]
    assert all(record.text[s.start:s.end] == s.raw for s in spans)
    for key in ("income_total", "expenditure_total", "execution_rate"):
        value = getattr(record.headline, key)
        assert value is None or record.text[value.start:value.end] == value.raw
    assert all(0 <= s.start <= s.end <= len(record.text) for s in record.sections)


def mutate(data: bytes, cut: float, flips: list[tuple[float, int]]) -> bytes:
    data = bytearray(data[: max(1, int(len(data) * cut))])
    for where, byte in flips:
        data[int(where * (len(data) - 1))] = byte
    return bytes(data)


@pytest.mark.parametrize("name", REAL_FILES, ids=[Path(n).suffix[1:] for n in REAL_FILES])
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(cut=st.sampled_from([1.0, 0.9, 0.5, 0.1]) | st.floats(0.0, 1.0),
       flips=st.lists(st.tuples(st.floats(0.0, 1.0), st.integers(0, 255)), max_size=12))
def test_mutated_real_file_gives_record_or_error_row(tmp_path_factory, name: str, cut: float, flips):
    path = tmp_path_factory.mktemp("mutated") / name
    path.write_bytes(mutate((CORPUS / name).read_bytes(), cut, flips))
    outcome = safe_ingest(str(path))
    if isinstance(outcome, InputError):
        assert outcome.error and outcome.message
    else:
        assert all(outcome.text[m.start:m.end] == m.raw for m in outcome.mentions)


spans = st.lists(st.tuples(st.integers(0, 60), st.integers(0, 12)).map(lambda t: (t[0], t[0] + t[1])), max_size=25)


@settings(deadline=None)
@given(spans, spans)
def test_cover_answers_as_the_scan(blocked, queries):
    cover = Cover(blocked)
    for s, e in queries:
        assert cover.blocks(s, e) == any(a <= s < b or a < e <= b for a, b in blocked)


@settings(deadline=None)
@given(spans)
def test_disjoint_keeps_what_the_pairwise_check_keeps(candidates):
    kept, index, by_scan = [], Disjoint(), []
    for s, e in candidates:
        if not index.overlaps(s, e):
            kept.append((s, e))
            index.add(s, e)
        if all(e <= a or s >= b for a, b in by_scan):
            by_scan.append((s, e))
    assert kept == by_scan


sections = st.lists(st.tuples(st.integers(1, 4), st.integers(0, 60), st.integers(0, 30)), max_size=15).map(
    lambda rows: [Section(level=lv, number="", title=str(i), page=1, start=s, end=s + n)
                  for i, (lv, s, n) in enumerate(rows)])


@settings(deadline=None)
@given(sections, st.lists(st.integers(-2, 95), max_size=30))
def test_section_index_answers_as_section_at(found, offsets):
    index = SectionIndex(found)
    for offset in offsets:
        assert index.at(offset) is section_at(found, offset)


mentions = st.lists(st.tuples(st.sampled_from(["money", "percent", "count"]), st.integers(0, 80),
                              st.integers(0, 6), st.booleans()), max_size=20)


@settings(deadline=None)
@given(mentions, st.integers(0, 90), st.integers(0, 90), st.booleans())
def test_mention_index_answers_as_the_scan(rows, lo, hi, in_order):
    found = [Mention(type=t, label="", value=1, unit="", approx=a, raw="x" * n, page=1, start=s, end=s + n,
                     section="") for t, s, n, a in rows]
    if in_order:
        found.sort(key=lambda m: m.start)
    index = MentionIndex(found)
    earlier = [m.end for m in found if m.type == "percent" and m.end <= hi]
    assert index.last_percent_end(hi) == earlier[-1:]
    assert index.amounts_from(lo, hi) == [m for m in found if m.type == "money" and not m.approx and lo <= m.start < hi]


@settings(deadline=None)
@given(mentions, st.integers(0, 90), st.integers(1, 20), st.booleans())
def test_money_before_answers_as_the_scan(rows, at, reach, in_order):
    found = [Mention(type=t, label="", value=1, unit="", approx=False, part=a, raw="x" * n, page=1, start=s,
                     end=s + n, section="") for t, s, n, a in rows]
    if in_order:
        found.sort(key=lambda m: m.start)
    record = SimpleNamespace(mentions=found, sections=[])
    probe = Mention(type="money", label="", value=1, unit="", raw="", page=1, start=at, end=at, section="")
    assert Lookups(record).money_before(record, probe, reach) is Lookups.money_before_scan(record, probe, reach)


@settings(deadline=None)
@given(st.text(alphabet="。；;\n收入100", max_size=40), st.integers(-3, 45), st.sampled_from(["。；;\n", "。；\n"]))
def test_last_stop_answers_as_rfind(text, pos, stops):
    assert last_stop(text, pos, stops) == max(text.rfind(c, 0, pos) for c in stops)
