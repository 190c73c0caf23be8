"""Consistency checks (extract/checks.py): each rule on small records built here, passing and failing,
then the seed report (no error) and seed variants with exactly one injected inconsistency."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import regex

from extract.checks.rules import RULES, band_table, expected_grade, rate_accepts, run_checks
from extract.models import Headline, HeadlineValue, Mention, Record, ScoreItem, Source, Span

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "leichang_2022.txt"


# --- builders: a record whose figures point into its own text ----------------------------------

class Text:
    """Accumulates the text of a test record; ``add`` returns where a snippet landed."""

    def __init__(self) -> None:
        self.text = ""

    def add(self, snippet: str, sep: str = "，") -> tuple[int, int]:
        if self.text:
            self.text += sep
        start = len(self.text)
        self.text += snippet
        return start, len(self.text)


def D(x) -> Decimal | None:
    return None if x is None else Decimal(str(x))


def score(t: Text, item: str, max=None, got=None, *, kind="item", level=None, parent=None, deduction=None):
    raw = f"{item}分值{max}分得分{got}分" if max is not None else f"{item}得分{got}分"
    start, end = t.add(raw)
    return ScoreItem(item=item, max=D(max), score=D(got), deduction=D(deduction), kind=kind, level=level,
                     parent=parent, page=1, start=start, end=end, raw=raw)


def mention(t: Text, label: str, value, *, type="money", key=None, part=False, approx=False, sep="，"):
    unit = {"money": "万元", "percent": "%", "staff": "人"}[type]
    t.add(label, sep)
    start = len(t.text)
    raw = f"{value}{unit}"
    t.text += raw
    return Mention(type=type, label=label, value=D(value), unit=unit, raw=raw, page=1, start=start,
                   end=start + len(raw), key=key, part=part, approx=approx)


def headline_of(m: Mention) -> HeadlineValue:
    return HeadlineValue(value=m.value, unit=m.unit, raw=m.raw, page=m.page, start=m.start, end=m.end, label=m.label)


def make_record(t: Text, scores=(), mentions=(), headline=None, self_score=None, grade=None) -> Record:
    provenance = {}
    if self_score is not None:
        s, e = t.add(f"自评分{self_score}分", "。")
        provenance["self_score"] = Span(page=1, start=s, end=e, raw=t.text[s:e])
    if grade is not None:
        s, e = t.add(grade, "，等级")
        provenance["grade"] = Span(page=1, start=s, end=e, raw=grade)
    return Record(source=Source(path="<test>", sha256="0", format="txt", pages=1), text=t.text,
                  scores=list(scores), mentions=list(mentions), headline=headline or Headline(),
                  self_score=D(self_score), grade=grade, provenance=provenance)


def three_sections(t: Text, a=28, b=41, c=31, maxima=(28, 41, 31)) -> list[ScoreItem]:
    return [score(t, "预算编制", maxima[0], a, level=1), score(t, "预算执行", maxima[1], b, level=1),
            score(t, "使用效益", maxima[2], c, level=1)]


# --- records, one per rule and outcome ---------------------------------------------------------

def sum_children(sub=(22, 7, 6, 2, 4), got=41, maxima=None):
    t = Text()
    parent = score(t, "预算执行情况", 42 if maxima else None, got, level=1)
    kids = [score(t, name, (maxima or [None] * 5)[i], v, level=2, parent=0)
            for i, (name, v) in enumerate(zip(["资金管理", "项目管理", "资产管理", "人员管理", "制度管理"], sub))]
    return make_record(t, scores=[parent, *kids])


def sum_single_child():
    t = Text()
    return make_record(t, scores=[score(t, "资产管理", None, 6, level=2), score(t, "资产配置", 2, 1, level=3, parent=0)])


def combined(bonus=1, total=31, overall=100):
    t = Text()
    items = [score(t, "预算编制", 28, 28, level=1), score(t, "预算执行", 42, 41, level=1),
             score(t, "使用效益", 30, 30, level=1), score(t, "加减分项", None, bonus, kind="bonus", level=1),
             score(t, "使用效益(共)", None, total, kind="combined", level=1)]
    return make_record(t, scores=items, self_score=overall)


def overall(stated=100, **kw):
    t = Text()
    return make_record(t, scores=three_sections(t, **kw), self_score=stated)


def overall_item(stated=100):
    t = Text()
    items = three_sections(t)
    items.append(score(t, "自评分", None, stated, kind="overall"))
    return make_record(t, scores=items)


def within_max(got=1, kind="item"):
    t = Text()
    return make_record(t, scores=[score(t, "资产配置合规性", 2, got, kind=kind, level=2)])


def deduction(max=42, got=41, ded=1):
    t = Text()
    return make_record(t, scores=[score(t, "预算执行情况", max, got, level=1, deduction=ded)])


def penalty_child(ded=1):
    t = Text()
    return make_record(t, scores=[score(t, "预算执行情况", 42, 41, level=1),
                                  score(t, "资产配置", None, None, kind="deduction", level=2, parent=0, deduction=ded)])


def spending(basic="529.99", project="121.18", total="651.17"):
    t = Text()
    ms = [mention(t, "支出", total, key="expenditure_total"),
          mention(t, "其中基本支出", basic, key="expenditure_basic", part=True),
          mention(t, "项目支出", project, key="expenditure_project", part=True)]
    return make_record(t, mentions=ms)


def spending_headline_row(basic="802.21"):
    t = Text()
    ms = [mention(t, "| 支出合计 | ", "1366.23", key="expenditure_total", sep=""),
          mention(t, " | ", basic, key="expenditure_basic", sep=""),
          mention(t, " | ", "564.01", key="expenditure_project", sep="")]
    h = Headline(expenditure_total=headline_of(ms[0]), expenditure_basic=headline_of(ms[1]),
                 expenditure_project=headline_of(ms[2]))
    return make_record(t, mentions=ms, headline=h)


def income(other="20", closing_label="其他收入"):
    t = Text()
    ms = [mention(t, "收入", "120", key="income_total"),
          mention(t, "其中财政拨款收入", "100", key="income_fiscal", part=True),
          mention(t, closing_label, other, part=True, sep="、")]
    t.text += "。"
    return make_record(t, mentions=ms)


def staff(admin=31, other=4, whole=35, other_label="全额事业编制", after="），实有在职人数35人"):
    t = Text()
    ms = [mention(t, "机关编制", whole, type="staff", key="staff_authorized"),
          mention(t, "其中行政编制", admin, type="staff", part=True, sep="（"),
          mention(t, other_label, other, type="staff", part=True, sep="、")]
    t.text += after
    return make_record(t, mentions=ms)


def rate(stated="108", budget="602.39", spent="651.17", extra_budget=None):
    t = Text()
    ms = [mention(t, "支出", spent, key="expenditure_total"), mention(t, "年初预算", budget, key="budget_initial")]
    if extra_budget:
        ms.append(mention(t, "调整后预算", extra_budget, key="budget_adjusted"))
    ms.append(mention(t, "预算完成率", stated, type="percent", key="execution_rate"))
    h = Headline(expenditure_total=headline_of(ms[0]), budget_initial=headline_of(ms[1]),
                 execution_rate=headline_of(ms[-1]))
    return make_record(t, mentions=ms, headline=h)


def part_rates(part_rate="100.00"):
    """A whole's rate, then a part's own rate right after the part (its budget is not stated)."""
    t = Text()
    ms = [mention(t, "收入合计", "957.02", key="income_total"), mention(t, "支出合计", "768.65", key="expenditure_total"),
          mention(t, "执行率为", "80.32", type="percent", key="execution_rate"),
          mention(t, "其中基本支出", "596.71", key="expenditure_basic", part=True),
          mention(t, "执行率达", part_rate, type="percent", key="execution_rate", part=True)]
    return make_record(t, mentions=ms)


def grade(score_=100, word="优秀"):
    t = Text()
    return make_record(t, self_score=score_, grade=word)


def conflict(second="651.17", prefix=""):
    t = Text()
    ms = [mention(t, "支出", "651.17", key="expenditure_total"),
          mention(t, f"{prefix}支出", second, key="expenditure_total", sep="。")]
    return make_record(t, mentions=ms)


def scoped_conflict(first: str, second: str, key="budget_adjusted"):
    """The same headline key stated twice, each figure after its own words (fund, level, batch)."""
    t = Text()
    ms = [mention(t, f"{first}预算", "651.17", key=key), mention(t, f"{second}预算", "661.17", key=key, sep="。")]
    return make_record(t, mentions=ms)


CASES = [
    # (id, record builder, rule expected to fire or None, figure the message must name)
    ("sum_children-adds-up", lambda: sum_children(), None, None),
    ("sum_children-sub-score-off", lambda: sum_children(sub=(21, 7, 6, 2, 4)), "score.sum_children", "21"),
    ("sum_children-parent-off", lambda: sum_children(got=40), "score.sum_children", "40"),
    ("sum_children-maxima-add-up", lambda: sum_children(maxima=[22, 8, 6, 2, 4]), None, None),
    ("sum_children-maxima-off", lambda: sum_children(maxima=[22, 8, 6, 2, 5]), "score.sum_children", "43"),
    ("sum_children-missing-child-score-skipped", lambda: sum_children(sub=(22, 7, None, 2, 4)), None, None),
    ("sum_children-single-child-is-a-detail", sum_single_child, None, None),
    ("combined-adds-up", lambda: combined(), None, None),
    ("combined-bonus-off", lambda: combined(bonus=2), "score.sum_children", "31"),
    ("overall-with-combined-off", lambda: combined(total=32, bonus=2, overall=100), "score.overall_sum", "101"),
    ("overall-adds-up", lambda: overall(), None, None),
    ("overall-stated-off", lambda: overall(stated=95), "score.overall_sum", "95"),
    ("overall-section-off", lambda: overall(a=27), "score.overall_sum", "27"),
    ("overall-item-adds-up", lambda: overall_item(), None, None),
    ("overall-item-off", lambda: overall_item(stated=99), "score.overall_sum", "99"),
    ("within-max-ok", lambda: within_max(), None, None),
    ("within-max-exceeded", lambda: within_max(got=3), "score.within_max", "3"),
    ("within-max-bonus-exempt", lambda: within_max(got=3, kind="bonus"), None, None),
    ("deduction-ok", lambda: deduction(), None, None),
    ("deduction-off", lambda: deduction(ded=2), "score.deduction", "2"),
    ("deduction-child-ok", lambda: penalty_child(), None, None),
    ("deduction-child-off", lambda: penalty_child(ded=3), "score.deduction", "3"),
    ("spending-adds-up", lambda: spending(), None, None),
    ("spending-basic-off", lambda: spending(basic="519.99"), "money.parts_sum", "519.99"),
    ("spending-rounding-tolerated", lambda: spending(basic="529.98"), None, None),
    ("spending-table-row-rounding-ok", lambda: spending_headline_row(), None, None),
    ("spending-table-row-off", lambda: spending_headline_row(basic="812.21"), "money.parts_sum", "812.21"),
    ("income-adds-up", lambda: income(), None, None),
    ("income-other-off", lambda: income(other="25"), "money.parts_sum", "25"),
    ("income-open-list-skipped", lambda: income(other="25", closing_label="事业收入"), None, None),
    ("staff-adds-up", lambda: staff(), None, None),
    ("staff-part-off", lambda: staff(admin=30), "money.parts_sum", "30"),
    ("staff-list-runs-on-skipped", lambda: staff(admin=30, after="，某分院"), None, None),
    ("staff-unlike-part-skipped", lambda: staff(admin=30, other_label="离退休"), None, None),
    ("rate-matches", lambda: rate(), None, None),
    ("rate-off", lambda: rate(stated="118"), "rate.matches_amounts", "118"),
    ("rate-decimals-match", lambda: rate(stated="108.10"), None, None),
    ("rate-decimals-off", lambda: rate(stated="108.2"), "rate.matches_amounts", "108.2"),
    ("rate-other-budget-matches", lambda: rate(stated="100", extra_budget="651.17"), None, None),
    ("rate-income-denominator-matches", lambda: part_rates(), None, None),
    ("rate-of-a-part-skipped", lambda: part_rates("47.72"), None, None),
    ("grade-agrees", lambda: grade(), None, None),
    ("grade-too-low", lambda: grade(word="良好"), "grade.band", "良好"),
    ("grade-bound-inclusive", lambda: grade(score_=90, word="优"), None, None),
    ("grade-too-high", lambda: grade(score_=89.5, word="优秀"), "grade.band", "优秀"),
    ("grade-unknown-word-skipped", lambda: grade(score_=70, word="好"), None, None),
    ("conflict-none", lambda: conflict(), None, None),
    ("conflict-rounding-only", lambda: conflict("651.2"), None, None),
    ("conflict-two-values", lambda: conflict("661.17"), "headline.conflict", "661.17"),
    ("conflict-other-year-skipped", lambda: conflict("661.17", prefix="上年"), None, None),
    ("conflict-central-vs-provincial-skipped",
     lambda: scoped_conflict("中央下达示例补助资金", "省级下达资金"), None, None),
    ("conflict-two-sub-funds-skipped",
     lambda: scoped_conflict("甲类设施管护补助资金", "乙类设施维修补助资金"), None, None),
    ("conflict-batch-vs-total-skipped", lambda: scoped_conflict("示例专项资金共", "提前下达资金"), None, None),
    ("conflict-project-vs-unit-skipped", lambda: scoped_conflict("", "示例道路建设项目"), None, None),
    ("conflict-same-fund-fires", lambda: scoped_conflict("示例补助资金", "示例补助资金"), "headline.conflict", "661.17"),
    ("conflict-generic-fund-words-fire", lambda: scoped_conflict("本年财政资金", "下达资金"), "headline.conflict", "661.17"),
    ("conflict-same-level-fires", lambda: scoped_conflict("中央下达资金", "中央财政资金"), "headline.conflict", "661.17"),
]


def names(message: str, figure: str) -> bool:
    """The message states ``figure`` as a whole number (not as part of a longer one)."""
    return regex.search(rf"(?<![\d.]){regex.escape(figure)}(?![\d])", message) is not None


@pytest.mark.parametrize("build, rule, figure", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_rule(build, rule, figure):
    record = build()
    findings = run_checks(record)
    if rule is None:
        assert findings == [], [f.message for f in findings]
        return
    fired = [f for f in findings if f.rule == rule]
    assert fired, f"{rule} did not fire: {[f.message for f in findings]}"
    assert any(names(f.message, figure) for f in fired), [f.message for f in fired]
    for f in fired:
        assert f.claimed and f.expected and f.evidence
        assert all(record.text[s.start:s.end] == s.raw for s in f.evidence)


def test_registry_lists_every_rule_once():
    ids = [r.id for r in RULES]
    assert len(ids) == len(set(ids)) and {"score.sum_children", "grade.band", "headline.conflict"} <= set(ids)
    assert {r.severity for r in RULES} <= {"error", "warning", "info"}


@pytest.mark.parametrize("score_, want", [("100", "优秀"), ("90", "优秀"), ("89.99", "良好"), ("80", "良好"),
                                          ("79", "合格"), ("60", "合格"), ("59.5", "差")],
                         ids=["100", "90-inclusive", "89.99", "80-inclusive", "79", "60-inclusive", "59.5"])
def test_default_bands(score_, want):
    grades, _ = expected_grade(Decimal(score_))
    assert want in grades


def test_band_table_is_data():
    assert len(band_table("default")) == 4


@pytest.mark.parametrize("stated, lo, hi, ok", [
    ("108", "108.09", "108.10", True), ("108", "107.5", "107.6", True), ("108", "107.4", "107.49", False),
    ("80.32", "80.3249", "80.325", True), ("80.32", "80.3301", "80.34", False), ("118", "108.09", "108.1", False),
], ids=["int-inside", "int-lower-bound", "int-below", "2dp-inside", "2dp-above", "far"])
def test_rate_precision(stated, lo, hi, ok):
    assert rate_accepts(Decimal(stated), Decimal(lo), Decimal(hi)) is ok


# --- the seed report and its variants -----------------------------------------------------------

@pytest.fixture(scope="module")
def seed_text() -> str:
    if not SEED.is_file():
        pytest.skip("seed report absent")
    return SEED.read_text(encoding="utf-8")


def test_seed_raises_no_error(seed_text):
    from extract.pipeline import ingest_file

    record = ingest_file(SEED)
    assert [f.message for f in record.findings if f.severity == "error"] == []


VARIANTS = [
    # (id, text in the seed, its replacement, figure the error must name)
    ("section-score", "总分 28 分，得分 28 分", "总分 28 分，得分 27 分", "27"),
    ("sub-score", "符合得指标分值 22 分", "符合得指标分值 21 分", "21"),
    ("amount-basic", "基本支出 529.99 万元", "基本支出 519.99 万元", "519.99"),
    ("rate", "预算完成率 108%", "预算完成率 118%", "118"),
    ("total", "自评分 100 分", "自评分 95 分", "95"),
    ("grade", "自评结论为“优秀”", "自评结论为“良好”", "良好"),
    ("staff", "行政编制 31 人", "行政编制 30 人", "30"),
    ("deduction", "合规性 1 分。", "合规性 2 分。", "2"),
    ("score-above-max", "分指标考核分值得 1 分", "分指标考核分值得 3 分", "3"),
    ("bonus", "加减分项\n\n得分 1 分", "加减分项\n\n得分 2 分", "2"),
    ("item-in-section-three", "得指标分值 5 分", "得指标分值 4 分", "4"),
    ("rate-against-income-not-budget", "预算完成率 108%", "预算完成率 100%", "100"),
    ("part-above-whole", "其中财政拨款收入 651.17 万元", "其中财政拨款收入 661.17 万元", "661.17"),
    ("staff-whole", "机关编制 35 人", "机关编制 36 人", "36"),
    ("budget", "年初预算 602.39 万元", "年初预算 612.39 万元", "612.39"),
    ("section-three-score", "总分 30 分，得分 30 分", "总分 30 分，得分 29 分", "29"),
]


@pytest.mark.parametrize("old, new, figure", [v[1:] for v in VARIANTS], ids=[v[0] for v in VARIANTS])
def test_seed_variant_raises_error(seed_text, old, new, figure):
    from extract.pipeline import ingest_text

    assert seed_text.count(old) == 1, f"variant anchor {old!r} not unique in the seed"
    record = ingest_text(seed_text.replace(old, new))
    errors = [f.message for f in record.findings if f.severity == "error"]
    assert any(names(m, figure) for m in errors), errors


@pytest.mark.parametrize(
    "rows, errors",
    [
        ([("基本支出", "412.06"), ("项目支出", "138.90"), ("合计", "550.96")], 0),
        ([("基本支出", "412.06"), ("项目支出", "138.90"), ("合计", "560.96")], 1),
        ([("基本支出", "412.06"), ("其中：人员", "300"), ("合计", "560.96")], 0),
        ([("基本支出", "412.06"), ("合计", "560.96")], 0),
    ],
    ids=["adds-up", "total-off", "part-rows-skip", "single-row-skip"],
)
def test_table_total_row(rows, errors):
    from extract.pipeline import ingest_text

    lines = ["| 支出类别 | 实际支出（万元） |"] + [f"| {a} | {b} |" for a, b in rows]
    rec = ingest_text("一、基本情况\n" + "\n".join(lines))
    found = [f for f in rec.findings if f.rule == "table.total"]
    assert len(found) == errors
    for f in found:
        assert all(rec.text[e.start:e.end] == e.raw for e in f.evidence)


def test_table_and_prose_disagree():
    from extract.pipeline import ingest_text

    text = ("一、基本情况\n本年支出合计100万元。\n| 支出类别 | 实际支出（万元） |\n| 基本支出 | 60 |\n| 项目支出 | 40 |\n"
            "| 合计 | 110 |")
    rec = ingest_text(text)
    rules = sorted(f.rule for f in rec.findings)
    assert rules == ["headline.conflict", "table.total"]
    conflict = next(f for f in rec.findings if f.rule == "headline.conflict")
    assert "正文" in conflict.message and "表格" in conflict.message and "110" in conflict.message
    assert rec.headline.expenditure_total is None
