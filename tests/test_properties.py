"""Properties: the pipeline never raises on any text, provenance always holds, records round-trip."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extract.errors import SelfevalError
from extract.models import Record
from extract.pipeline import ingest_text

PIECES = ["一、基本情况", "（一）", "1.", "收入：", "651.17", " 万元", "，其中", "基本支出", "项目支出", "108%", "预算完成率",
          "编制", "35", " 人", "总分", "28 分", "得分", "扣", "自评分", "优秀", "\n", "。", "|", " ", "9", "— 3 —",
          "〔2019〕5号", "2022 年度", "约", "余", "六十四万零一百四十三元一角七分", "百分之九十八", "年度资金总额", "202010100.00%10"]

report_text = st.lists(st.sampled_from(PIECES) | st.text(max_size=6), max_size=60).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(report_text)
def test_never_raises_and_provenance_holds(text):
    try:
        rec = ingest_text(text)
    except SelfevalError:
        return  # an empty document is reported, not a crash
    for m in rec.mentions:
        assert rec.text[m.start:m.end] == m.raw
    for s in rec.scores:
        assert rec.text[s.start:s.end] == s.raw
    for f in rec.findings:
        for e in f.evidence:
            assert rec.text[e.start:e.end] == e.raw
    assert Record.model_validate_json(rec.model_dump_json()) == rec


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=400))
def test_arbitrary_unicode_never_raises(text):
    try:
        ingest_text(text)
    except SelfevalError:
        pass
