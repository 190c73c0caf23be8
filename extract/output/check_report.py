"""What ``selfeval check`` writes: text blocks, a JSON document or CSV rows, and one summary line.

Nothing here prints; the CLI does.  :class:`CheckTally` takes each outcome (a Record or an
InputError), keeps the findings that are asked for (``errors_only``) and counts them by rule
and by severity for the summary line.
"""
from __future__ import annotations

import csv
import io
import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..models import Finding, Record
from .files import csv_cell
from .frames import FINDING_COLUMNS, finding_row, report_keys
from .terminal import fmt


def csv_line(values: list[Any]) -> str:
    """One CSV line (no line end), values as CSV text (Decimal without exponent, None empty), never a formula."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow([csv_cell(v) for v in values])
    return buffer.getvalue()


def finding_json(finding: Finding) -> dict:
    return finding.model_dump(mode="json")


@dataclass
class CheckTally:
    """Counts of one ``check`` run; ``shown`` gives the findings of a record that are listed."""

    errors_only: bool = False
    n_reports: int = 0
    n_listed: int = 0
    unreadable: int = 0
    by_rule: Counter = field(default_factory=Counter)
    by_severity: Counter = field(default_factory=Counter)

    def shown(self, record: Record) -> list[Finding]:
        return [f for f in record.findings if f.severity == "error" or not self.errors_only]

    def add_record(self, record: Record) -> list[Finding]:
        """Count one record; returns its findings to list."""
        self.n_reports += 1
        findings = self.shown(record)
        self.by_rule.update(f.rule for f in findings)
        self.by_severity.update(f.severity for f in findings)
        self.n_listed += bool(findings)
        return findings

    def add_error(self) -> None:
        self.unreadable += 1

    def summary(self, listing_all: bool = False) -> str:
        """The line after the listing: counts by severity, by rule, and what was left out."""
        which = "error finding(s)" if self.errors_only else "finding(s)"
        severities = ", ".join(f"{n} {s}" for s, n in sorted(self.by_severity.items())) or "none"
        line = (f"checked {self.n_reports} report(s): {sum(self.by_rule.values())} {which} ({severities}), "
                f"{self.unreadable} unreadable input(s)")
        if self.by_rule:
            line += "; by rule: " + ", ".join(f"{rule} {n}" for rule, n in self.by_rule.most_common())
        quiet = self.n_reports - self.n_listed
        if quiet and not listing_all:
            line += f"; {quiet} report(s) without findings not listed (--all lists them)"
        return line

    def to_dict(self) -> dict:
        return {"reports": self.n_reports, "reports_with_findings": self.n_listed, "unreadable": self.unreadable,
                "by_severity": dict(self.by_severity), "by_rule": dict(self.by_rule.most_common()),
                "errors_only": self.errors_only}


def record_json(record: Record, findings: list[Finding]) -> dict:
    """One report of the JSON output: where it is, who it is, its findings."""
    return {"path": record.source.path, "sha256": record.source.sha256, **report_keys(record),
            "self_score": fmt(record.self_score) if record.self_score is not None else None,
            "findings": [finding_json(f) for f in findings]}


def error_json(error: Any) -> dict:
    return {"path": str(error.path), "error": error.error, "message": error.message}


def check_json(reports: list[dict], unreadable: list[dict], tally: CheckTally) -> str:
    """The whole JSON document of ``check --format json``."""
    return json.dumps({"summary": tally.to_dict(), "reports": reports, "unreadable": unreadable},
                      ensure_ascii=False, indent=1)


def check_csv_header() -> str:
    return csv_line(FINDING_COLUMNS)


def check_csv_lines(record: Record, findings: list[Finding]) -> list[str]:
    """findings.csv rows (same columns as the ingest file) for the listed findings."""
    return [csv_line([finding_row(record, f).get(c) for c in FINDING_COLUMNS]) for f in findings]


def check_csv_error_line(error: Any) -> str:
    """An unreadable input as a CSV row: rule ``input.<code>``, severity error."""
    row = {"path": str(error.path), "rule": f"input.{error.error}", "severity": "error", "message": error.message}
    return csv_line([row.get(c) for c in FINDING_COLUMNS])
