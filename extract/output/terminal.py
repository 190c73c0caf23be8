"""Terminal text for ``selfeval show`` / ``check`` / ``ingest``: pure functions returning strings.

Nothing here prints; the CLI does.  Source snippets mark the cited span as ``«raw»``
with a little context on either side, on one line.
"""
from __future__ import annotations

import sys
import unicodedata
from collections import Counter
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..models import HEADLINE_KEYS, Finding, Record, ScoreItem, Section
from .summary_line import ingest_summary  # noqa: F401 - (where it was; the command line takes it from there)

CONTEXT = 14  # characters of context either side of a snippet
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def one_line(text: str) -> str:
    """Collapse line breaks and runs of blanks so a snippet fits one line.

    >>> one_line("a\\n b\\t\\tc")
    'a ⏎ b c'
    """
    text = text.replace("\f", "\n").replace("\r", "")
    text = " ⏎ ".join(part.strip() for part in text.split("\n"))
    return " ".join(text.split())


def snippet(text: str, start: int, end: int, context: int = CONTEXT) -> str:
    """The span ``text[start:end]`` marked with «», with ``context`` characters around it.

    >>> snippet("收入合计651.17万元，其中财政拨款", 4, 12, context=3)
    '…入合计«651.17万元»，其中…'
    """
    start, end = max(0, start), max(start, min(end, len(text)))
    left = max(0, start - context)
    right = min(len(text), end + context)
    before = ("…" if left > 0 else "") + one_line(text[left:start])
    after = one_line(text[end:right]) + ("…" if right < len(text) else "")
    return f"{before}«{one_line(text[start:end])}»{after}"


def display_width(text: str) -> int:
    """Columns a string takes in a terminal (CJK characters count two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, width: int) -> str:
    """Left-align ``text`` in ``width`` terminal columns (cut with … when too long)."""
    if display_width(text) > width:
        while text and display_width(text) > width - 1:
            text = text[:-1]
        text += "…"
    return text + " " * (width - display_width(text))


def fmt(value: Any) -> str:
    """A value for people: Decimal without exponent, None as '-'."""
    if value is None:
        return "-"
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def progress_line(done: int, total: int, name: str = "", width: int = 24) -> str:
    """One progress-bar line (the CLI writes it after a carriage return).

    >>> progress_line(3, 12, "a.pdf", width=8)
    '[##      ] 3/12 a.pdf'
    """
    filled = width if total <= 0 else min(width, width * done // total)
    return f"[{'#' * filled}{' ' * (width - filled)}] {done}/{total} {name}".rstrip()


# --- findings (check, show) -----------------------------------------------------------

def render_finding(record: Record, finding: Finding, indent: str = "  ") -> str:
    lines = [f"{indent}{finding.severity.upper():<7} {finding.rule}: {finding.message}"]
    if finding.claimed is not None or finding.expected is not None:
        lines.append(f"{indent}        claimed {fmt(finding.claimed)}, expected {fmt(finding.expected)}")
    for span in finding.evidence:
        lines.append(f"{indent}        p.{span.page}  {snippet(record.text, span.start, span.end)}")
    return "\n".join(lines)


def sorted_findings(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: SEVERITY_ORDER.get(f.severity, 9))


def render_check(record: Record) -> str:
    """The ``check`` block of one report: a header line and its findings."""
    counts = Counter(f.severity for f in record.findings)
    summary = ", ".join(f"{counts[s]} {s}" for s in SEVERITY_ORDER if counts[s]) or "no findings"
    lines = [f"{record.source.path}  ({record.kind}; {summary})"]
    lines += [render_finding(record, f) for f in sorted_findings(record.findings)]
    return "\n".join(lines)


def render_input_error(error: Any) -> str:
    """An input that produced no record (an InputError)."""
    return f"{error.path}  (not read)\n  ERROR   {error.error}: {error.message}"


# --- show ---------------------------------------------------------------------------

def _provenance_line(record: Record, key: str, value: Any) -> str:
    line = f"  {key:<11} {fmt(value)}"
    span = record.provenance.get(key)
    if span is not None and value is not None:
        line += f"   p.{span.page}  {snippet(record.text, span.start, span.end)}"
    return line


def render_meta(record: Record) -> str:
    src = record.source
    lines = [
        f"source      {src.path}",
        f"  format {src.format}, {src.pages} page(s), sha256 {src.sha256[:16]}…, {len(record.text)} characters",
        *([f"  read by OCR: page(s) {', '.join(map(str, src.ocr_pages))}"] if src.ocr_pages else []),
        f"  {'kind':<11} {record.kind}",
    ]
    for key in ("department", "year", "self_score", "grade"):
        lines.append(_provenance_line(record, key, getattr(record, key)))
    return "\n".join(lines)


def render_section(section: Section) -> str:
    indent = "  " * max(0, section.level - 1)
    kind = f"  [{section.type}]" if section.type else ""
    return f"  {indent}{section.number} {section.title}  (p.{section.page}){kind}"


def render_sections(sections: list[Section]) -> str:
    if not sections:
        return "sections    (none found)"
    return "\n".join([f"sections    ({len(sections)})", *map(render_section, sections)])


def render_headline(record: Record) -> str:
    lines = ["headline"]
    for key in HEADLINE_KEYS:
        value = getattr(record.headline, key)
        if value is None:
            lines.append(f"  {key:<20} -")
            continue
        label = f" ({value.label})" if value.label else ""
        label += f" [OCR {fmt(value.confidence)}]" if value.origin == "ocr" else ""
        lines.append(f"  {key:<20} {fmt(value.value)} {value.unit}{label}   "
                     f"p.{value.page}  {snippet(record.text, value.start, value.end)}")
    return "\n".join(lines)


def _score_line(item: ScoreItem) -> str:
    indent = "  " * max(0, (item.level or 1) - 1)
    return (f"  {pad(indent + item.item, 36)} {fmt(item.max):>7} {fmt(item.score):>7} "
            f"{fmt(item.deduction):>7}  p.{item.page:<3} {item.kind}")


def render_scores(scores: list[ScoreItem]) -> str:
    if not scores:
        return "scores      (none found)"
    header = f"  {pad('item', 36)} {'max':>7} {'score':>7} {'deduct':>7}  page  kind"
    return "\n".join([f"scores      ({len(scores)})", header, *map(_score_line, scores)])


def render_mention_counts(record: Record) -> str:
    counts = Counter(m.type for m in record.mentions)
    listed = ", ".join(f"{t} {n}" for t, n in sorted(counts.items())) or "none"
    return f"mentions    {len(record.mentions)} ({listed})"


def render_findings(record: Record) -> str:
    if not record.findings:
        return "findings    (none)"
    return "\n".join([f"findings    ({len(record.findings)})",
                      *(render_finding(record, f) for f in sorted_findings(record.findings))])


def render_warnings(warnings: list[str]) -> str:
    if not warnings:
        return "warnings    (none)"
    return "\n".join([f"warnings    ({len(warnings)})", *(f"  - {w}" for w in warnings)])


def render_show(record: Record) -> str:
    """Everything ``selfeval show`` prints for one report."""
    parts = [
        render_meta(record),
        render_sections(record.sections),
        render_headline(record),
        render_scores(record.scores),
        render_mention_counts(record),
        render_findings(record),
        render_warnings(record.warnings),
    ]
    return "\n\n".join(parts)


def ratio(a: float | None, b: float | None) -> str:
    """``a / b`` as text for benchmark tables ('-' when undefined)."""
    if a is None or not b:
        return "-"
    return f"{a / b:.2f}x"


class Progress:
    """A bar on stderr when it is a terminal; a line every ~10% otherwise; silent when off."""

    def __init__(self, total: int, enabled: bool = True) -> None:
        self.total, self.done = total, 0
        self.enabled = enabled and total > 1
        self.tty = sys.stderr.isatty()
        self.width = 0

    def step(self, name: str) -> None:
        self.done += 1
        if not self.enabled:
            return
        if self.tty:
            line = progress_line(self.done, self.total, Path(name).name[:40])
            sys.stderr.write("\r" + line.ljust(self.width))
            sys.stderr.flush()
            self.width = len(line)
        elif self.total >= 20 and self.done % max(1, self.total // 10) == 0:
            print(f"{self.done}/{self.total} files", file=sys.stderr)

    def finish(self) -> None:
        if self.enabled and self.tty and self.width:
            sys.stderr.write("\r" + " " * self.width + "\r")
            sys.stderr.flush()
