"""report.html: one self-contained page that shows a batch of reports at a glance (pure: records -> str).

Charts (inline SVG): the ranking by self-score, the grade distribution, the execution rate against
the budget, the section scores side by side, the findings per report and the years of each unit; then
the themes the reports complain about, sortable tables, and a details block per report that the
charts link to (its figures and findings with page and snippet).  No request leaves the page: the
style sheet and the script are inline and a Content-Security-Policy forbids anything else.
"""
from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..models import Record
from . import charts
from .charts import Bar, Point, Stack, esc
from .overview_assets import CONTENT_SECURITY_POLICY, SCRIPT, STYLE
from .overview_details import (
    details_block,
    num_td,
    report_anchor,
    table,
    table_parts,
    td,
)
from .overview_facts import ReportFacts, group_of, report_facts
from .summaries import pairs
from .themes import (
    THEME_COLUMNS,
    KeywordWeights,
    ReportWords,
    keyword_row,
    keyword_weights,
    report_keywords,
    theme_rows,
    words_of,
)
from .yearly import KIND_LABELS, GroupKey, iter_year_over_year, unit_kind, yearly_series

TITLE = "绩效自评报告总览"
GRADE_ORDER = ("优秀", "优", "良好", "良", "好", "中", "合格", "一般", "及格", "较差", "差", "不合格")
MAX_MATRIX_COLUMNS = 8
MAX_THEMES = 40
SECTIONS = [("ranking", "自评得分排名"), ("grades", "等级分布"), ("execution", "预算执行率与预算"),
            ("sections", "分项得分"), ("findings", "核对发现"), ("yearly", "历年对比"), ("themes", "问题主题"),
            ("reports", "报告一览"), ("details", "报告详情")]


def figure(chart_id: str, caption: str, svg: str) -> str:
    return f'<figure class="chart" id="chart-{chart_id}"><figcaption>{esc(caption)}</figcaption>{svg}</figure>'


def figure_parts(chart_id: str, caption: str, parts: Iterable[str]) -> Iterator[str]:
    """:func:`figure` in pieces (the chart's ``parts`` between its opening and closing tags)."""
    opening, closing = figure(chart_id, caption, "\x00").split("\x00")
    return itertools.chain([opening], parts, [closing])


def _as_float(value: Decimal | None) -> float:
    return float(value) if value is not None else 0.0


def ranking_chart(facts: Sequence[ReportFacts]) -> Iterable[str]:
    scored = sorted((f for f in facts if f.self_score is not None), key=lambda f: (-f.self_score, f.title))
    bars = [Bar(f.title, _as_float(f.self_score), format(f.self_score, "f"), href="#" + report_anchor(f.index))
            for f in scored]
    return figure_parts("ranking", f"自评得分从高到低（{len(bars)} 份报告给出得分）", charts.bar_chart_parts(bars, "自评得分排名"))


def grade_chart(facts: Sequence[ReportFacts]) -> str:
    counts = Counter(f.grade for f in facts if f.grade)
    order = sorted(counts, key=lambda g: (GRADE_ORDER.index(g) if g in GRADE_ORDER else len(GRADE_ORDER), g))
    bars = [Bar(g, counts[g], str(counts[g])) for g in order]
    missing = sum(1 for f in facts if not f.grade)
    return figure("grades", f"各等级的报告数（另有 {missing} 份未给出等级）", charts.column_chart(bars, "等级分布"))


def execution_chart(facts: Sequence[ReportFacts]) -> Iterable[str]:
    points = []
    for f in facts:
        budget, rate = f.budget, f.rate
        if budget is not None and rate is not None and budget > 0:
            label = f"{f.title}：预算 {budget:,f} 万元，执行率 {rate:f}%"
            points.append(Point(float(budget), float(rate), label, href="#" + report_anchor(f.index)))
    svg = charts.scatter_chart_parts(points, "预算执行率与预算", "预算(万元)", "预算执行率(%)")
    return figure_parts("execution", f"每点一份报告（{len(points)} 份同时给出预算与执行率）", svg)


def section_chart(facts: Sequence[ReportFacts]) -> Iterable[str]:
    shown = [f for f in facts if len(f.top_items) >= 2]
    counts = Counter(name for f in shown for name in f.top_items)
    columns = [name for name, _ in counts.most_common(MAX_MATRIX_COLUMNS)]
    rows, cells = [], {}
    for f in shown:
        found = f.top_items
        if not any(name in found for name in columns):
            continue
        for j, name in enumerate(columns):
            if name in found:
                score, top = found[name]
                cells[len(rows), j] = (float(score / top), f"{score:f}/{top:f}")
        rows.append((f.title, "#" + report_anchor(f.index)))
    caption = "一级指标的得分/分值，颜色越绿得分率越高"
    return figure_parts("sections", caption, charts.matrix_chart_parts(rows, columns, cells, "分项得分"))


def findings_chart(facts: Sequence[ReportFacts]) -> Iterable[str]:
    stacks = []
    for f in facts:
        if f.n_findings:
            stacks.append(Stack(f.title, f.severities, href=f"#{report_anchor(f.index)}-findings"))
    stacks.sort(key=lambda s: (-s.values[0], -sum(s.values), s.label))
    svg = charts.stacked_bar_chart_parts(stacks, ("错误", "警告", "提示"), "每份报告的核对发现")
    return figure_parts("findings", f"{len(stacks)} 份报告有核对发现；点击条形查看原文与页码", svg)


def yearly_chart(records: Sequence[Record], key: GroupKey) -> str:
    for name, label in (("self_score", "自评得分"), ("execution_rate", "预算执行率(%)"),
                        ("expenditure_total", "支出合计(万元)")):
        series = yearly_series(records, name, key)
        if series:
            floats = [(unit, [(y, float(v)) for y, v in points]) for unit, points in series]
            return figure("yearly", f"同一单位各年的{label}", charts.line_chart(floats, "历年对比", label))
    return figure("yearly", "没有单位在两个以上年度都有报告", charts.empty_chart("无数据"))


def yearly_table(records: Sequence[Record], key: GroupKey) -> str:
    rows = [[td(r["unit"]), td(KIND_LABELS.get(r["kind"], r["kind"])), td(r["label"]), num_td(r["year_from"]),
             num_td(r["value_from"], thousands=True), num_td(r["year_to"]), num_td(r["value_to"], thousands=True),
             num_td(r["change"], thousands=True)] for r in iter_year_over_year(records, key)]
    if not rows:
        return '<p class="muted">没有单位在两个以上年度都有报告。</p>'
    return table(["单位", "类型", "指标", "上年", "上年数值", "本年", "本年数值", "变化"], rows, "table-yearly")


def themes_parts(per_report: Sequence[ReportWords], weights: KeywordWeights) -> Iterator[str]:
    """The theme table, then each report's keywords a row at a time (ranked against ``weights`` as written)."""
    themes = theme_rows(per_report)[:MAX_THEMES]
    yield (f'<p class="muted">{weights.n_reports} 份报告写有“存在的问题”或“改进意见”；'
           f'下表列出在两个以上单位出现的词。</p>')
    if themes:
        shown = ["theme", "n_units", "n_reports", "count", "in_problems", "in_remedies", "units", "example"]
        rows = [[td(row["theme"]), *(num_td(row[c]) for c in shown[1:6]), td(row["units"]),
                 td(f'{row["example"]}（{Path(row["example_path"]).name} 第{row["example_page"]}页）')] for row in themes]
        yield table([THEME_COLUMNS[c] for c in shown], rows, "table-themes")
    if weights.n_reports:
        keywords = (keyword_row(w, weights) for w in per_report if w.passages)
        rows = ([td(k["unit"]), num_td(k["year"]), num_td(k["n_passages"]),
                 td("、".join(f"{w}×{n}" for w, n in k["keywords"]))] for k in keywords)
        yield "<h3>各报告的关键词</h3>"
        yield from table_parts(["单位", "年度", "段落数", "关键词"], rows, "table-keywords")


def reports_table_parts(facts: Sequence[ReportFacts]) -> Iterator[str]:
    """The table of every report, a row at a time."""
    rows = ([td(f.unit, href=report_anchor(f.index)), num_td(f.year), td(KIND_LABELS.get(f.kind, f.kind)),
             num_td(f.self_score), td(f.grade or ""), num_td(f.budget, thousands=True), num_td(f.rate),
             num_td(f.severities[0]), num_td(f.severities[1]), num_td(f.n_warnings), td(f.path)]
            for f in facts)
    headers = ["单位", "年度", "类型", "自评得分", "等级", "预算(万元)", "预算执行率(%)", "错误", "警告", "提示", "文件"]
    return table_parts(headers, rows, "table-reports")


def errors_table(errors: Iterable[Any]) -> str:
    rows = [[td(str(e.path)), td(e.error), td(e.message)] for e in errors]
    if not rows:
        return ""
    return "<h3>未能读取的文件</h3>" + table(["文件", "错误", "说明"], rows, "table-errors")


def summary(facts: Sequence[ReportFacts], n_errors: int) -> str:
    years = sorted({f.year for f in facts if f.year})
    n_errors_found, n_warnings_found = sum(f.severities[0] for f in facts), sum(f.severities[1] for f in facts)
    items = [("报告", len(facts)), ("单位", len({f.unit for f in facts})),
             ("年度", f"{years[0]}–{years[-1]}" if years else "—"), ("有得分", sum(f.self_score is not None for f in facts)),
             ("错误发现", n_errors_found), ("警告", n_warnings_found), ("未读文件", n_errors)]
    return '<ul class="summary">' + "".join(f"<li><b>{esc(v)}</b>{esc(k)}</li>" for k, v in items) + "</ul>"


def overview_html(records: Iterable[Record], errors: Iterable[Any] = (), key: GroupKey = unit_kind,
                  title: str = TITLE, words: Sequence[ReportWords] | None = None) -> str:
    """The whole page for ``records`` (and the inputs that gave none, anything with path/error/message).

    ``key`` groups the reports of one unit for the year-over-year comparison (default: the canonical unit key and kind).
    ``words``: the theme words of each record, in order, where the records are slim
    (:mod:`extract.output.summaries`); by default they are found in the records.
    """
    return "".join(overview_chunks(records, errors, key, title, words))


def overview_chunks(records: Iterable[Record], errors: Iterable[Any] = (), key: GroupKey = unit_kind,
                    title: str = TITLE, words: Sequence[ReportWords] | None = None) -> Iterator[str]:
    """:func:`overview_html` in pieces, in order (a writer can write them one by one: the page is
    never whole in memory; joined, they are the page)."""
    records, errors = records if isinstance(records, Sequence) else list(records), list(errors)
    facts, grouped = report_facts(records, key)
    themed = words_of(records if words is None else words)
    weights = keyword_weights(themed)  # each report's keywords are ranked as its rows are written
    yield ('<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
           f'<meta http-equiv="Content-Security-Policy" content="{esc(CONTENT_SECURITY_POLICY)}">'
           '<meta name="viewport" content="width=device-width, initial-scale=1">'
           f"<title>{esc(title)}</title><style>{STYLE}</style></head><body>")
    yield (f"<header><h1>{esc(title)}</h1>{summary(facts, len(errors))}<nav>"
           + "".join(f'<a href="#{sid}">{esc(name)}</a>' for sid, name in SECTIONS) + "</nav></header>")
    yield from _section_parts("ranking", ranking_chart(facts))
    yield _section("grades", grade_chart(facts))
    yield from _section_parts("execution", execution_chart(facts))
    yield from _section_parts("sections", section_chart(facts))
    yield from _section_parts("findings", findings_chart(facts))
    yield _section("yearly", yearly_chart(grouped, group_of) + yearly_table(grouped, group_of))
    yield from _section_parts("themes", themes_parts(themed, weights))
    yield from _section_parts("reports", itertools.chain(reports_table_parts(facts), [errors_table(errors)]))
    yield _section_head("details")
    for i, (r, w) in enumerate(pairs(records, themed)):
        yield details_block(r, i, report_keywords(w, weights))
    yield f"</section><script>{SCRIPT}</script></body></html>\n"


def _section(section_id: str, inner: str) -> str:
    return f"{_section_head(section_id)}{inner}</section>"


def _section_parts(section_id: str, parts: Iterable[str]) -> Iterator[str]:
    return itertools.chain([_section_head(section_id)], parts, ["</section>"])


def _section_head(section_id: str) -> str:
    return f'<section id="{section_id}"><h2>{esc(dict(SECTIONS)[section_id])}</h2>'
