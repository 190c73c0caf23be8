"""HTML pieces of report.html: table cells and tables, source snippets, and the details block of each
report (its figures and findings with page and snippet), which the charts link to.

Every text from a report is escaped (reports are untrusted input).
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any

from ..models import HEADLINE_KEYS, Finding, Record
from .charts import esc
from .terminal import one_line
from .themes import unit_name
from .yearly import FIELD_LABELS, KIND_LABELS

CONTEXT = 24  # characters either side of a snippet
SEVERITY_LABELS = {"error": "错误", "warning": "警告", "info": "提示"}


def report_anchor(index: int) -> str:
    """The id of the details block of the ``index``-th report."""
    return f"r{index}"


def finding_anchor(index: int, number: int) -> str:
    return f"r{index}-f{number}"


def number_text(value: Decimal | int | None, thousands: bool = False) -> str:
    """A number for people (exact; thousands separated on request), '' for None.

    >>> number_text(Decimal("3600.00"), thousands=True), number_text(None), number_text(Decimal("1E+2"))
    ('3,600.00', '', '100')
    """
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, ",f" if thousands else "f")
    return f"{value:,}" if thousands else str(value)


def td(value: Any, *, sort: Any = None, href: str = "", num: bool = False, cls: str = "") -> str:
    """One table cell; ``sort`` is the key the table is sorted by (default: the text)."""
    text = value if isinstance(value, str) else number_text(value)
    inner = f'<a href="#{esc(href)}">{esc(text)}</a>' if href else esc(text)
    attrs = ""
    if sort is not None:
        attrs += f' data-sort="{esc(sort)}"'
    classes = " ".join(c for c in ("num" if num else "", cls) if c)
    if classes:
        attrs += f' class="{classes}"'
    return f"<td{attrs}>{inner}</td>"


def num_td(value: Decimal | int | None, thousands: bool = False, **kwargs: Any) -> str:
    return td(number_text(value, thousands), sort="" if value is None else number_text(value), num=True, **kwargs)


def table(headers: Sequence[str], rows: Iterable[Sequence[str]], table_id: str = "", sortable: bool = True) -> str:
    """A table of pre-rendered ``<td>`` cells; the header cells are escaped here."""
    return "".join(table_parts(headers, rows, table_id, sortable))


def table_parts(headers: Sequence[str], rows: Iterable[Sequence[str]], table_id: str = "",
                sortable: bool = True) -> Iterator[str]:
    """:func:`table` in pieces, a row at a time (a table of every report is never one string)."""
    th = '<th tabindex="0" title="点击排序">' if sortable else "<th>"
    head = "".join(f"{th}{esc(h)}</th>" for h in headers)
    attrs = (f' id="{esc(table_id)}"' if table_id else "") + (' class="sortable"' if sortable else "")
    yield f"<table{attrs}><thead><tr>{head}</tr></thead><tbody>"
    for cells in rows:
        yield "<tr>" + "".join(cells) + "</tr>"
    yield "</tbody></table>"


def snippet_html(text: str, start: int, end: int, context: int = CONTEXT) -> str:
    """``text[start:end]`` marked, with context either side, escaped, on one line."""
    start, end = max(0, start), max(start, min(end, len(text)))
    left, right = max(0, start - context), min(len(text), end + context)
    before = ("…" if left else "") + one_line(text[left:start])
    after = one_line(text[end:right]) + ("…" if right < len(text) else "")
    return f'<span class="snippet">{esc(before)}<mark>{esc(one_line(text[start:end]))}</mark>{esc(after)}</span>'


def report_title(record: Record) -> str:
    year = f" {record.year}年" if record.year else ""
    return f"{unit_name(record)}{year} · {KIND_LABELS.get(record.kind, record.kind)}"


def _headline_rows(record: Record) -> list[list[str]]:
    rows = []
    for key in HEADLINE_KEYS:
        value = getattr(record.headline, key)
        if value is not None:
            rows.append([td(FIELD_LABELS[key]), num_td(value.value, thousands=True), num_td(value.page),
                         f"<td>{snippet_html(record.text, value.start, value.end)}</td>"])
    return rows


def _finding_item(record: Record, index: int, number: int, finding: Finding) -> str:
    severity = SEVERITY_LABELS.get(finding.severity, finding.severity)
    figures = ""
    if finding.claimed is not None or finding.expected is not None:
        figures = f' <span class="muted">（所称 {esc(finding.claimed or "")}，应为 {esc(finding.expected or "")}）</span>'
    evidence = "".join(f"<li>第{span.page}页：{snippet_html(record.text, span.start, span.end)}</li>"
                       for span in finding.evidence)
    return (f'<li id="{finding_anchor(index, number)}"><span class="{esc(finding.severity)}">[{esc(severity)}]</span> '
            f'<code>{esc(finding.rule)}</code> {esc(finding.message)}{figures}'
            f'{f"<ul>{evidence}</ul>" if evidence else ""}</li>')


def details_block(record: Record, index: int, keywords: Sequence[tuple[str, int]] = ()) -> str:
    """The details of one report: identity, headline figures, findings (each with page and snippet), keywords."""
    meta = (f'<p class="muted">文件 {esc(record.source.path)} · {esc(record.source.format)} · {record.source.pages} 页'
            f' · 自评得分 {esc(number_text(record.self_score) or "—")} · 等级 {esc(record.grade or "—")}</p>')
    parts = [meta]
    headline = _headline_rows(record)
    if headline:
        parts.append(table(["指标", "数值", "页码", "原文"], headline, sortable=False))
    if record.findings:
        items = "".join(_finding_item(record, index, n, f) for n, f in enumerate(record.findings))
        parts.append(f'<h4 id="{report_anchor(index)}-findings">核对发现（{len(record.findings)}）</h4><ol>{items}</ol>')
    if keywords:
        words = "".join(f"<span>{esc(w)} ×{n}</span>" for w, n in keywords)
        parts.append(f'<p class="keywords">问题与改进关键词：{words}</p>')
    if record.warnings:
        parts.append(f'<p class="muted">提示：{esc("；".join(record.warnings))}</p>')
    return (f'<details class="report" id="{report_anchor(index)}"><summary>{esc(report_title(record))}</summary>'
            f'{"".join(parts)}</details>')
