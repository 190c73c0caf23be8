"""Accuracy scoring on hand-made record / gold pairs."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from extract.evaluate import (
    Counts,
    compare,
    find_pairs,
    format_report,
    load_gold,
    same_department,
    summarise,
    unmet_thresholds,
)
from extract.models import Headline, HeadlineValue, Mention, Record, ScoreItem, Section, Source

SHARED = Path(__file__).resolve().parents[2] / "shared"


def mention(kind: str, value: str, unit: str, raw: str = "") -> Mention:
    return Mention(type=kind, value=Decimal(value), unit=unit, raw=raw or value + unit, page=1, start=0, end=1)


def make_record(**fields) -> Record:
    base = {"source": Source(path="x/doc-1.txt", sha256="0" * 64, format="txt", pages=1), "text": "正文"}
    return Record(**{**base, **fields})


def counts(doc, name: str) -> tuple[int, int, int]:
    c = doc.counts[name]
    return c.tp, c.fp, c.fn


def headline_value(value: str) -> Headline:
    return Headline(income_total=HeadlineValue(value=Decimal(value), unit="万元", raw=value, page=1, start=0, end=1))


@pytest.mark.parametrize(
    "name, gold, record, expected",
    [
        ("income_total", "792.22", make_record(headline=headline_value("792.22")), (1, 0, 0)),
        ("income_total", "792.22", make_record(headline=headline_value("792.224")), (1, 0, 0)),
        ("income_total", "792.22", make_record(headline=headline_value("792.30")), (0, 1, 1)),
        ("income_total", "792.22", make_record(), (0, 0, 1)),
        ("income_total", None, make_record(headline=headline_value("5")), (0, 1, 0)),
        ("income_total", None, make_record(), (0, 0, 0)),
        ("self_score", "95", make_record(self_score=Decimal("95.00")), (1, 0, 0)),
        ("grade", "优秀", make_record(grade="“优 秀”"), (1, 0, 0)),
        ("grade", "优秀", make_record(grade="良好"), (0, 1, 1)),
        ("year", 2021, make_record(year=2021), (1, 0, 0)),
        ("year", 2021, make_record(year=2022), (0, 1, 1)),
        ("department", "南县政协", make_record(department="县政协"), (1, 0, 0)),
        ("department", "中共桃源县委办公室", make_record(department="中国共产党桃源县委办公室"), (1, 0, 0)),
        ("department", "南县政协", make_record(department="南县自然资源局"), (0, 1, 1)),
        ("kind", "project", make_record(kind="project"), (1, 0, 0)),
    ],
    ids=["headline-equal", "headline-within-0.005", "headline-wrong", "headline-missed", "headline-invented",
         "headline-both-null", "self-score", "grade-quotes-spaces", "grade-wrong", "year", "year-wrong",
         "department-shorter", "department-party-prefix", "department-other", "kind"],
)
def test_single_valued_fields(name: str, gold, record: Record, expected):
    gold_label = {"headline": {name: gold}} if name == "income_total" else {name: gold}
    assert counts(compare(record, gold_label), name) == expected


@pytest.mark.parametrize(
    "gold_values, predicted, expected",
    [
        (["5", "5", "10"], [mention("money", "5", "万元"), mention("money", "10", "万元"),
                             mention("money", "12.5", "万元")], (2, 1, 1)),
        (["651.17"], [mention("money", "6511700", "元")], (1, 0, 0)),
        (["3"], [mention("money", "3.004", "万元")], (1, 0, 0)),
        ([], [mention("money", "1", "万元")], (0, 1, 0)),
        (["1"], [mention("percent", "1", "%")], (0, 0, 1)),
    ],
    ids=["multiset", "yuan-converted", "within-tolerance", "all-extra", "other-type-ignored"],
)
def test_money_multiset(gold_values, predicted, expected):
    gold = {"money": [["标签", v, v + "万元"] for v in gold_values]}
    assert counts(compare(make_record(mentions=predicted), gold), "money") == expected


def test_percent_matches_by_value():
    record = make_record(mentions=[mention("percent", "108", "%"), mention("percent", "35.90", "%")])
    gold = {"percent": [["执行率", "108", "108%"], ["增幅", "35.9", "35.9%"], ["占比", "12", "12%"]]}
    assert counts(compare(record, gold), "percent") == (2, 0, 1)


def score(item: str, max_: str | None, got: str | None) -> ScoreItem:
    to = lambda v: None if v is None else Decimal(v)
    return ScoreItem(item=item, max=to(max_), score=to(got), page=1, start=0, end=1)


@pytest.mark.parametrize(
    "gold_scores, predicted, expected",
    [
        ([["预算编制", "10", "9"]], [score("预算编制", "10", "9")], (1, 0, 0)),
        ([["预算编制", "10", "9"]], [score("预算编制", "5", "9")], (0, 1, 1)),
        ([["自评得分", None, "98"]], [score("总分", "100", "98")], (1, 0, 0)),
        ([["产出指标", "50", None]], [score("产出", "50", None)], (1, 0, 0)),
        ([["a", None, "5"], ["b", "10", "5"]], [score("x", "10", "5"), score("y", "20", "5")], (2, 0, 0)),
    ],
    ids=["exact", "wrong-max", "gold-max-unknown", "both-unscored", "max-stated-first"],
)
def test_score_items(gold_scores, predicted, expected):
    assert counts(compare(make_record(scores=predicted), {"scores": gold_scores}), "scores") == expected


def section(number: str, title: str, level: int = 1) -> Section:
    return Section(level=level, number=number, title=title, page=1, start=0, end=1)


def test_headings_normalised_and_level_one_only():
    record = make_record(sections=[section("一", "基本 情况"), section("（一）", "概况", level=2),
                                   section("二.", "自评结论"), section("三、", "附表")])
    gold = {"headings": ["一、基本情况", "二、自评结论", "四、相关建议"]}
    doc = compare(record, gold)
    assert counts(doc, "headings") == (2, 1, 1)
    assert sorted(m.kind for m in doc.misses) == ["extra", "missing"]


def test_missing_gold_keys_are_not_evaluated():
    doc = compare(make_record(mentions=[mention("money", "1", "万元")]), {"year": 2022, "headline": {}})
    assert set(doc.counts) == {"year"}


def test_unread_input_counts_every_label_as_missed():
    doc = compare(None, {"year": 2022, "money": [["收入", "5", "5万元"]]}, file="lost")
    assert counts(doc, "year") == (0, 0, 1) and counts(doc, "money") == (0, 0, 1)


def test_summarise_adds_headline_line_and_formats_misses():
    record = make_record(year=2021, department="县政协", headline=headline_value("1"))
    gold = {"year": 2021, "department": "南县政协", "headline": {"income_total": "2"},
            "money": [["委员活动经费", "36.3", "36.3万元"]]}
    report = summarise([compare(record, gold, file="dept-002")])
    assert (report.counts["headline"].tp, report.counts["headline"].fp, report.counts["headline"].fn) == (2, 1, 1)
    text = format_report(report)
    assert "dept-002 income_total: expected 2 got 1" in text
    assert "dept-002 money: missing 36.3 (委员活动经费 36.3万元)" in text


@pytest.mark.parametrize(
    "money, threshold, failures",
    [(Counts(tp=2, fn=1), {("money", "recall"): 0.5}, 0),
     (Counts(tp=2, fn=1), {("money", "recall"): 0.9}, 1),
     (Counts(fn=3), {("money", "precision"): 1.0}, 0),
     (Counts(tp=2), {("nonsense", "recall"): 0.1}, 1)],
    ids=["met", "unmet", "undefined-counts-as-met", "unknown-field"],
)
def test_unmet_thresholds(money: Counts, threshold, failures: int):
    report = summarise([])
    report.counts["money"] = money
    assert len(unmet_thresholds(report, threshold)) == failures


@pytest.mark.parametrize(
    "gold, got, same",
    [("南县政协", "南县政协", True), ("广东省科学技术厅", "科学技术厅", True), ("中共浏阳市委党校", "浏阳市委党校", True),
     ("南县政协", "", False), ("田心乡", "厂窖镇", False)],
    ids=["equal", "shorter", "party-prefix", "empty", "different"],
)
def test_same_department(gold: str, got: str, same: bool):
    assert same_department(gold, got) is same


def test_find_pairs_accepts_both_label_names(tmp_path: Path):
    for name in ["a.txt", "a.json", "b.txt", "b.expected.json", "c.txt", "d.json"]:
        (tmp_path / name).write_text("{}", encoding="utf-8")
    assert [(r.name, g.name) for r, g in find_pairs([tmp_path])] == [("a.txt", "a.json"), ("b.txt", "b.expected.json")]


@pytest.mark.skipif(not (SHARED / "corpus").is_dir(), reason="shared corpus not present")
def test_shared_gold_files_load():
    pairs = find_pairs([SHARED / "corpus"])
    assert pairs
    assert all("headline" in load_gold(g) for _, g in pairs)
