"""Typed records (pydantic v2). This module imports nothing of the project.

Numbers are ``Decimal`` and serialise as JSON strings ("651.17"), never floats.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Literal, Optional

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


def _dec(v: Optional[Decimal]) -> Optional[str]:
    return None if v is None else format(v, "f")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Source(_Model):
    path: str
    sha256: str
    format: Literal["pdf", "docx", "txt", "html"]
    pages: int


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
    key: Optional[str] = None  # canonical headline key the label maps to, if any
    origin: str = "prose"  # "prose" | "table"
    part: bool = False  # stated as a part (其中 ...) of a whole stated before it

    @field_serializer("value")
    def _ser_value(self, v: Decimal) -> str:
        return format(v, "f")


class HeadlineValue(_Model):
    value: Decimal
    unit: str
    raw: str
    page: int
    start: int
    end: int
    label: str = ""

    @field_serializer("value")
    def _ser_value(self, v: Decimal) -> str:
        return format(v, "f")


class Headline(_Model):
    budget_initial: Optional[HeadlineValue] = None
    budget_adjusted: Optional[HeadlineValue] = None
    income_total: Optional[HeadlineValue] = None
    income_fiscal: Optional[HeadlineValue] = None
    expenditure_total: Optional[HeadlineValue] = None
    expenditure_basic: Optional[HeadlineValue] = None
    expenditure_project: Optional[HeadlineValue] = None
    execution_rate: Optional[HeadlineValue] = None
    staff_authorized: Optional[HeadlineValue] = None
    staff_actual: Optional[HeadlineValue] = None


class Section(_Model):
    level: int
    number: str
    title: str
    page: int
    start: int
    end: int
    type: str = ""  # canonical section type (基本情况, 自评结论 ...) or ""
    heading_end: int = 0  # end of the heading line's title part (run-in body follows)
    parent: Optional[int] = None  # index of the parent section in ``sections``


class ScoreItem(_Model):
    item: str
    max: Optional[Decimal] = None
    score: Optional[Decimal] = None
    deduction: Optional[Decimal] = None
    page: int
    start: int
    end: int
    section: str = ""
    raw: str = ""
    kind: str = "item"  # "item" | "bonus" (加减分项) | "deduction" (扣分) | "overall" (自评分/总分) | "combined" (共得分)
    level: Optional[int] = None  # depth in the score tree where known (1 = top)
    parent: Optional[int] = None  # index in ``Record.scores`` of the item this one is part of
    origin: str = "prose"  # "prose" | "table"

    @field_serializer("max", "score", "deduction")
    def _ser(self, v: Optional[Decimal]) -> Optional[str]:
        return _dec(v)


class Finding(_Model):
    rule: str
    severity: Severity
    message: str
    claimed: Optional[str] = None
    expected: Optional[str] = None
    evidence: list[Span] = Field(default_factory=list)


class Record(_Model):
    source: Source
    text: str
    kind: Kind = "other"
    department: Optional[str] = None
    year: Optional[int] = None
    self_score: Optional[Decimal] = None
    grade: Optional[str] = None
    headline: Headline = Field(default_factory=Headline)
    sections: list[Section] = Field(default_factory=list)
    mentions: list[Mention] = Field(default_factory=list)
    scores: list[ScoreItem] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    page_starts: list[int] = Field(default_factory=list)  # offset in text where page i+1 begins
    provenance: dict[str, Span] = Field(default_factory=dict)  # department/year/self_score/grade spans

    @field_serializer("self_score")
    def _ser_score(self, v: Optional[Decimal]) -> Optional[str]:
        return _dec(v)

    def page_at(self, offset: int) -> int:
        """Page number (1-based) of a text offset."""
        return page_of(self.page_starts, offset)


def page_of(page_starts: list[int], offset: int) -> int:
    """Page (1-based) holding ``offset`` given the offsets where pages start.

    >>> page_of([0, 10, 20], 15)
    2
    >>> page_of([], 3)
    1
    """
    page = 1
    for i, start in enumerate(page_starts):
        if offset >= start:
            page = i + 1
        else:
            break
    return page
