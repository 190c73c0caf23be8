"""The sheets of selfeval.xlsx, built from the table rows (:class:`~extract.output.frames.TableRows`).

汇总 (ranking, grade distribution, findings per unit, empty headline fields), 报告, 指标, 金额,
问题, 待核对, then the sheets built from whole records (历年对比, 主题: :func:`record_sheets`) and
any others, and 错误 last.  Codes become Chinese words here;
the columns and their headers are in ``patterns/workbook.yaml``.
"""
from __future__ import annotations

import pickle
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from ..models import HEADLINE_KEYS, Record

if TYPE_CHECKING:
    from .themes import ReportWords
from .workbook import (
    MARKED,
    Row,
    Sheet,
    headline_name,
    layout,
    layout_sheet,
    table,
    warning_text,
    word,
    yes_no,
)


def _identity(row: Row) -> Row:
    """A table row with its report kind in Chinese."""
    return {**row, "report_kind": word("workbook_kinds", row.get("report_kind"))}


def report_rows(rows: Iterable[Row]) -> Iterator[Row]:
    """报告 rows; the fields an overrides file corrected are marked (their cells get the correction fill)."""
    for row in rows:
        corrected = [f.strip() for f in (row.get("corrected") or "").split(";") if f.strip()]
        yield {**row, "report_year": row["year"], "report_kind": word("workbook_kinds", row["kind"]),
               "corrected": "、".join(headline_name(f) for f in corrected) or None, MARKED: set(corrected)}


def indicator_levels(path: str, level: int | None) -> list[str | None]:
    """一级/二级/三级指标 of a score path; an item whose stated level is deeper than its path sits at that level.

    >>> indicator_levels("产出指标 / 数量指标 / 受益人口", 3), indicator_levels("产出指标 / 受益人口", 3)
    (['产出指标', '数量指标', '受益人口'], ['产出指标', None, '受益人口'])
    """
    parts: list[str | None] = list(path.split(" / "))
    if len(parts) > 3:
        return [parts[0], parts[1], " / ".join(p or "" for p in parts[2:])]
    if level in (2, 3) and len(parts) < level:
        parts = [*parts[:-1], *[None] * (level - len(parts)), parts[-1]]
    return [*parts, *[None] * (3 - len(parts))]


def score_rows(rows: Iterable[Row]) -> Iterator[Row]:
    for row in rows:
        levels = indicator_levels(row.get("score_path") or "", row.get("level"))
        yield {**_identity(row), **dict(zip(("level1", "level2", "level3"), levels)),
               "score_kind": word("workbook_score_kinds", row.get("kind")), "leaf": yes_no(row.get("leaf")),
               "origin": word("workbook_origins", row.get("origin"))}


def mention_rows(rows: Iterable[Row]) -> Iterator[Row]:
    for row in rows:
        key = row.get("key")
        yield {**_identity(row), "mention_type": word("workbook_mention_types", row.get("type")),
               "key": headline_name(key) if key in HEADLINE_KEYS else key, "approx": yes_no(row.get("approx")),
               "origin": word("workbook_origins", row.get("origin"))}


def finding_rows(rows: Iterable[Row]) -> Iterator[Row]:
    for row in rows:
        yield {**_identity(row), "rule_name": word("workbook_rules", row.get("rule")),
               "severity": word("workbook_severities", row.get("severity"))}


def review_rows(rows: Iterable[Row]) -> Iterator[Row]:
    for row in rows:
        yield {**_identity(row), "warning": warning_text(row["warning"]), "warning_raw": row["warning"]}


def error_rows(rows: Iterable[Row]) -> Iterator[Row]:
    for row in rows:
        yield {**row, "file_name": Path(row["path"]).name, "error": word("workbook_errors", row["error"]),
               "error_code": row["error"]}


# --- 汇总 --------------------------------------------------------------------------------

def missing_headline(row: Row) -> list[str]:
    """Chinese names of the headline fields a reports row leaves empty."""
    return [headline_name(k) for k in HEADLINE_KEYS if row.get(k) is None]


PICKLE = pickle.HIGHEST_PROTOCOL

def ranking_rows(reports: Iterable[Row]) -> Iterator[Row]:
    """Reports by self-score, highest first (equal scores share a rank; unscored reports last, unranked);
    each row made as it is read; the report rows are held pickled while sorted (a tenth of their memory)."""
    ordered = sorted((r.get("self_score") is None, -(r.get("self_score") or 0), n, pickle.dumps(r, PICKLE))
                     for n, r in enumerate(reports))  # n: equal scores keep their order
    previous_score, previous_rank = None, None
    for i, row in enumerate(pickle.loads(data) for *_, data in ordered):
        score = row.get("self_score")
        rank = None if score is None else (previous_rank if i and previous_score == score else i + 1)
        previous_score, previous_rank = score, rank
        missing = missing_headline(row)
        yield {**next(report_rows([row])), "rank": rank, "missing": "、".join(missing), "n_missing": len(missing)}


def grade_band(grade: str | None) -> str:
    """The band a stated grade belongs to (优秀 -> 优) under the default band table."""
    if not grade:
        return table("workbook_no_grade")
    for band in load_bands():
        if grade in band["grades"]:
            return band["grades"][0]
    return grade


def load_bands() -> list[dict]:
    return table("grade_bands")["default"]


def grade_rows(reports: list[Row]) -> list[Row]:
    counts = Counter(grade_band(r.get("grade")) for r in reports)
    order = [b["grades"][0] for b in load_bands()]
    names = [*order, *sorted(set(counts) - set(order) - {table("workbook_no_grade")}), table("workbook_no_grade")]
    total = len(reports)
    return [{"grade_band": g, "n_reports": counts[g], "share": Decimal(100 * counts[g]) / total if total else None}
            for g in names if counts[g] or g in order]


def unit_rows(reports: list[Row], findings: list[Row]) -> list[Row]:
    """Findings per unit: reports, findings by severity and the rules they break (most findings first)."""
    no_unit = table("workbook_no_unit")
    units: dict[str, Row] = defaultdict(lambda: {"n_reports": 0, "n_findings": 0, "n_error_findings": 0,
                                                  "n_warning_findings": 0, "n_info_findings": 0, "rules": Counter()})
    for row in reports:
        units[row.get("department") or no_unit]["n_reports"] += 1
    for row in findings:
        unit = units[row.get("department") or no_unit]
        unit["n_findings"] += 1
        unit[f"n_{row['severity']}_findings"] += 1
        unit["rules"][word("workbook_rules", row["rule"])] += 1
    out = [{**u, "department": name, "rules": "、".join(f"{r}×{n}" for r, n in u["rules"].most_common())}
           for name, u in units.items()]
    return sorted(out, key=lambda u: (-u["n_findings"], -u["n_error_findings"], u["department"]))


def summary_sheet(tables: dict[str, list[Row]]) -> Sheet:
    reports = tables["reports"]
    spec = layout_sheet("summary", ranking_rows(reports))
    spec.blocks += [layout("summary_grades", grade_rows(reports), title=True, indent=1),  # under 单位名称
                    layout("summary_units", unit_rows(reports, tables["findings"]), title=True, indent=1)]
    return spec


def yearly_rows(records: list[Record]) -> Iterator[Row]:
    """历年对比: each figure of a unit in two consecutive years, with its unit and the change."""
    from .yearly import iter_year_over_year

    units = table("workbook_figure_units")
    for row in iter_year_over_year(records):
        yield {**row, "department": row["unit"], "report_kind": word("workbook_kinds", row["kind"]),
               "figure": headline_name(row["field"]), "unit": units.get(row["field"], "万元")}


def record_sheets(records: list[Record], words: list[ReportWords] | None = None) -> list[Sheet]:
    """历年对比 and 主题 (the problems that recur across units): the sheets that need whole records
    (or slim ones with their ``words``, :mod:`extract.output.summaries`)."""
    from .themes import theme_rows  # jieba: loaded only when a workbook is written

    themed = records if words is None else words
    return [layout_sheet("yearly", yearly_rows(records)), layout_sheet("themes", theme_rows(themed))]


#: the sheets of one row per table row: layout key -> (table, row maker), in the workbook's order
ROW_SHEETS = {
    "reports": ("reports", report_rows),
    "scores": ("scores", score_rows),
    "mentions": ("mentions", mention_rows),
    "findings": ("findings", finding_rows),
    "review": ("warnings", review_rows),
}
#: the tables the workbook reads whole (汇总, 错误); the others only through :data:`ROW_SHEETS`
SUMMARY_TABLES = ("reports", "findings", "errors")


def record_sheet_rows(rows: dict[str, list[Row]]) -> dict[str, tuple[list[str], list[list[int]]]]:
    """One record's rows of each :data:`ROW_SHEETS` sheet, made (:func:`~.workbook.prepared_rows`)."""
    from .workbook import prepared_rows

    return {key: prepared_rows(layout(key, make(rows.get(name, []))))
            for key, (name, make) in ROW_SHEETS.items() if rows.get(name)}


def build_sheets(tables: dict[str, list[Row]], extra: Iterable[Sheet] = (),
                 prepared: dict[str, tuple[Iterable[str], list[int]]] | None = None) -> list[Sheet]:
    """Every sheet of selfeval.xlsx, in order: ``extra`` sheets (历年对比, 主题 ...) go before 错误.
    ``prepared``: the rows of the :data:`ROW_SHEETS` sheets made already, with their widest values."""
    row_sheets = []
    for key, (name, make) in ROW_SHEETS.items():
        if prepared is None:
            row_sheets.append(layout_sheet(key, make(tables.get(name, []))))
            continue
        rows, widest = prepared[key]
        spec = layout_sheet(key, rows)
        spec.blocks[0].widths = widest
        row_sheets.append(spec)
    return [summary_sheet(tables), *row_sheets, *extra, layout_sheet("errors", error_rows(tables["errors"]))]
