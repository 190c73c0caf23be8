"""Typed records (pydantic v2). This module imports nothing of the project.

Numbers are ``Decimal`` and serialise as JSON strings ("651.17"), never floats.
"""
from __future__ import annotations

from bisect import bisect_right
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_serializer

HEADLINE_KEYS = (
    "budget_initial",
    "budget_adjusted",
    "income_total",
    "income_fiscal",
    "expenditure_total",
    "expenditure_basic",
    "expenditure_project",
    "execution_rate",
    "staff_authorized",
    "staff_actual",
)

Kind = Literal["dept_overall", "project", "dept_and_project", "other"]
Severity = Literal["error", "warning", "info"]
MentionType = Literal["money", "percent", "count", "staff", "score"]


def _dec(v: Decimal | None) -> str | None:
    return None if v is None else format(v, "f")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Source(_Model):
    path: str
    sha256: str
    format: Literal["pdf", "docx", "txt", "html"]
    pages: int
    ocr_pages: list[int] = Field(default_factory=list)  # pages read by OCR (no text layer)


class Span(_Model):
    """A stretch of the record's text: ``text[start:end] == raw``."""

    page: int
    start: int
    end: int
    raw: str


class Mention(_Model):
    type: MentionType
    label: str = ""
    value: Decimal
    unit: str
    approx: bool = False
    raw: str
    page: int
    start: int
    end: int
    section: str = ""
    key: str | None = None  # canonical headline key the label maps to, if any
    origin: str = "prose"  # "prose" | "table" | "ocr" (on a page read by OCR)
    confidence: Decimal | None = None  # for origin "ocr": the recogniser's confidence (0..1) in the figure's text
    part: bool = False  # stated as a part (其中 ...) of a whole stated before it
    table: int | None = None  # for a table cell: where its table's header starts in the text; its row and column
    row: str | None = None
    column: str | None = None
    year: int | None = None  # for a cell of a column of one year (2021年决算数): its year and basis
    basis: str | None = None  # "预算" | "决算"

    @field_serializer("value")
    def _ser_value(self, v: Decimal) -> str:
        return format(v, "f")

    @field_serializer("confidence")
    def _ser_confidence(self, v: Decimal | None) -> str | None:
        return _dec(v)


class HeadlineValue(_Model):
    value: Decimal
    unit: str
    raw: str
    page: int
    start: int
    end: int
    label: str = ""
    origin: str | None = None  # "ocr" when read by OCR
    confidence: Decimal | None = None  # for origin "ocr": the recogniser's confidence (0..1)

    @field_serializer("value")
    def _ser_value(self, v: Decimal) -> str:
        return format(v, "f")

    @field_serializer("confidence")
    def _ser_confidence(self, v: Decimal | None) -> str | None:
        return _dec(v)


class Headline(_Model):
    budget_initial: HeadlineValue | None = None
    budget_adjusted: HeadlineValue | None = None
    income_total: HeadlineValue | None = None
    income_fiscal: HeadlineValue | None = None
    expenditure_total: HeadlineValue | None = None
    expenditure_basic: HeadlineValue | None = None
    expenditure_project: HeadlineValue | None = None
    execution_rate: HeadlineValue | None = None
    staff_authorized: HeadlineValue | None = None
    staff_actual: HeadlineValue | None = None


class Section(_Model):
    level: int
    number: str
    title: str
    page: int
    start: int
    end: int
    type: str = ""  # canonical section type (基本情况, 自评结论 ...) or ""
    heading_end: int = 0  # end of the heading line's title part (run-in body follows)
    parent: int | None = None  # index of the parent section in ``sections``


class ScoreItem(_Model):
    item: str
    max: Decimal | None = None
    score: Decimal | None = None
    deduction: Decimal | None = None
    page: int
    start: int
    end: int
    section: str = ""
    raw: str = ""
    kind: str = "item"  # "item" | "bonus" (加减分项) | "deduction" (扣分) | "overall" (自评分/总分) | "combined" (共得分)
    level: int | None = None  # depth in the score tree where known (1 = top)
    parent: int | None = None  # index in ``Record.scores`` of the item this one is part of
    origin: str = "prose"  # "prose" | "table" | "ocr" (on a page read by OCR)
    confidence: Decimal | None = None  # for origin "ocr": the recogniser's confidence (0..1) in the item's figures
    group: str = ""  # the names of the groups above it, top first (产出指标 / 数量指标)
    marker: str | None = None  # a mark or number before the name (★★★, 指标1:), kept apart from it
    target: str | None = None  # 年度指标值 as written
    actual: str | None = None  # 实际完成值 as written
    reason: str | None = None  # 偏差原因分析及改进措施
    #: read row by row from a table whose cell borders were lost: other rows of it may be unread, so no sum over
    #: its items proves anything (its level is still known where the reader proved it)
    partial: bool = False

    @field_serializer("max", "score", "deduction", "confidence")
    def _ser(self, v: Decimal | None) -> str | None:
        return _dec(v)


class Finding(_Model):
    rule: str
    severity: Severity
    message: str
    claimed: str | None = None
    expected: str | None = None
    evidence: list[Span] = Field(default_factory=list)


class Correction(_Model):
    """A value a person corrected through an overrides file: the field now holds ``value``."""

    field: str  # department, year, self_score, grade, kind, project_name, supervisor or a headline key
    value: str | None  # the corrected value as written in the overrides file (None: cleared)
    original: str | None  # the value the tool extracted, as text (None: it found none)
    reason: str = ""
    source: str = ""  # the overrides file (or the store) the correction came from


class Record(_Model):
    source: Source
    text: str
    kind: Kind = "other"
    department: str | None = None
    year: int | None = None
    self_score: Decimal | None = None
    grade: str | None = None
    headline: Headline = Field(default_factory=Headline)
    sections: list[Section] = Field(default_factory=list)
    mentions: list[Mention] = Field(default_factory=list)
    scores: list[ScoreItem] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    page_starts: list[int] = Field(default_factory=list)  # offset in text where page i+1 begins
    provenance: dict[str, Span] = Field(default_factory=dict)  # department/year/self_score/grade spans
    project_name: str | None = None  # 项目名称 of a project form
    supervisor: str | None = None  # 主管部门 (the unit's supervising department) of a project form
    unit_key: str | None = None  # the unit's canonical name (one name per unit across spellings and years)
    corrections: list[Correction] = Field(default_factory=list)  # values replaced by an overrides file

    @field_serializer("self_score")
    def _ser_score(self, v: Decimal | None) -> str | None:
        return _dec(v)

    def page_at(self, offset: int) -> int:
        """Page number (1-based) of a text offset."""
        return page_of(self.page_starts, offset)


def page_of(page_starts: list[int], offset: int) -> int:
    """Page (1-based) holding ``offset`` given the offsets where pages start (ascending, as cleanup makes them).

    >>> page_of([0, 10, 20], 15)
    2
    >>> page_of([], 3)
    1
    """
    return max(1, bisect_right(page_starts, offset))
