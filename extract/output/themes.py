"""What the reports complain about: the passages of each report that state its problems (存在的问题) and
remedies (改进意见 / 下一步措施), their keywords (jieba), and a cross-report theme table.

A passage is the body of a section whose title holds a word of ``themes.problem_titles`` or
``themes.remedy_titles`` (patterns/themes.yaml), or, in flattened texts, the run after a run-in label
(存在的问题: …, ``themes.inline_label``).  Keywords are whole jieba tokens of two or more Chinese
characters that are not stop-words (``themes.stopwords``), weighted by how often a report uses them and
how few reports do.  Everything is deterministic: ties are broken by the word itself.
"""
from __future__ import annotations

import functools
import math
import os
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import regex

from ..models import Record
from ..patterns import load_patterns, rx
from ..text.segment import to_simplified
from ..values.tokenizer import extended, tokenizer

if TYPE_CHECKING:  # pandas only where a DataFrame is built: ingest (and its report.html) never needs it
    import pandas as pd

PROBLEM, REMEDY = "问题", "改进"
MAX_SECTION = 2000  # characters of a section body read as one passage
MAX_INLINE = 400  # characters after a run-in label
MIN_HAN = 4  # a passage with fewer Chinese characters says nothing (无 / 暂无问题)
_HAN_WORD = regex.compile(r"^\p{Han}{2,}$")
_HAN = regex.compile(r"\p{Han}")
_SENTENCE = regex.compile(r"[^。；;！!？?\n]+")

#: theme table column -> its header in the workbook and the HTML
THEME_COLUMNS = {
    "theme": "主题词",
    "n_units": "单位数",
    "n_reports": "报告数",
    "count": "出现次数",
    "in_problems": "问题中",
    "in_remedies": "改进中",
    "units": "单位",
    "example": "例句",
    "example_path": "例句来源",
    "example_page": "例句页码",
}


@dataclass(frozen=True)
class Passage:
    """A stretch of a report that states problems or remedies: ``record.text[start:end]``."""

    kind: str  # PROBLEM | REMEDY
    title: str  # the section title or the run-in label
    page: int
    start: int
    end: int


def unit_name(record: Record) -> str:
    """The name a report is shown under: its unit, else its file name."""
    if record.department:
        return record.department
    return os.path.splitext(os.path.basename(record.source.path))[0]  # Path(..).stem, without interning the parts


def _title_kind(title: str) -> str | None:
    patterns, simple = load_patterns(), to_simplified(title)
    if any(w in simple for w in patterns.words("themes.problem_titles")):
        return PROBLEM
    if any(w in simple for w in patterns.words("themes.remedy_titles")):
        return REMEDY
    return None


def _section_passages(record: Record) -> list[Passage]:
    chosen: set[int] = set()
    out = []
    for i, section in enumerate(record.sections):
        kind = _title_kind(section.title)
        if kind is None or _has_chosen_ancestor(record, i, chosen):
            continue
        chosen.add(i)
        start = max(section.heading_end, section.start)
        end = min(section.end, start + MAX_SECTION)
        out.append(Passage(kind, section.title, section.page, start, end))
    return out


def _has_chosen_ancestor(record: Record, index: int, chosen: set[int]) -> bool:
    parent = record.sections[index].parent
    while parent is not None:
        if parent in chosen:
            return True
        parent = record.sections[parent].parent
    return False


def _inline_passages(record: Record, taken: list[Passage]) -> list[Passage]:
    simple = to_simplified(record.text)
    labels = list(rx("themes.inline_label").finditer(simple))
    out = []
    for n, m in enumerate(labels):
        if any(p.start - 40 <= m.start() < p.end for p in taken):
            continue
        stop = labels[n + 1].start() if n + 1 < len(labels) else len(simple)
        end = min(stop, m.end() + MAX_INLINE)
        if "|" in m.group():  # a form row's label cell: the passage is the rest of its row
            line_end = simple.find("\n", m.end())
            end = min(end, line_end if line_end >= 0 else end)
        kind = PROBLEM if rx("themes.problem_label").search(m["label"]) else REMEDY
        out.append(Passage(kind, m["label"], record.page_at(m.start()), m.end(), end))
    return out


def complaint_passages(record: Record) -> list[Passage]:
    """The report's problem and remedy passages, in text order (empty ones dropped)."""
    found = _section_passages(record)
    found += _inline_passages(record, found)
    return sorted((p for p in found if _says_something(record.text[p.start:p.end])), key=lambda p: p.start)


def _says_something(body: str) -> bool:
    """Enough Chinese to state a problem, and not a blank form's instructions."""
    prompt = rx("themes.template_prompt")
    return len(_HAN.findall(body)) >= MIN_HAN and not prompt.search(to_simplified(body.strip(" |\n")))


def _theme_terms() -> list[str]:
    """The words jieba keeps whole in a passage: the budget terms, then the theme terms."""
    patterns = load_patterns()
    return [*patterns.words("terms.budget"), *patterns.table("theme_terms")]


def build_tokenizer():
    """A jieba tokenizer of its own dictionary (read from disk) with :func:`_theme_terms` added."""
    return tokenizer(_theme_terms())


@functools.lru_cache(maxsize=1)
def _tokenizer():
    """:func:`build_tokenizer`'s tokenizer; where this process has the label tokenizer loaded already
    (:mod:`extract.values.labels`: jieba's dictionary with the budget terms added the same way), made from
    a copy of its dictionary (a few milliseconds) instead of reading the dictionary again.
    The two ways give the same words and frequencies: tests/test_themes.py compares them.
    """
    from ..values.labels import _jieba as label_tokenizer

    if not label_tokenizer.cache_info().currsize:  # not loaded here (a batch's parent): one dictionary, ours
        return build_tokenizer()
    return extended(label_tokenizer(), load_patterns().table("theme_terms"))


@functools.lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    return frozenset(load_patterns().words("themes.stopwords"))


def theme_words(text: str) -> list[str]:
    """The words of a passage that may name a theme: Chinese, two characters or more, no stop-word.

    >>> theme_words("一是部分项目资金下达较晚，预算执行率未达到100%。")
    ['资金下达', '较晚', '预算执行率']
    """
    stop = _stopwords()
    return [w for w in _tokenizer().lcut(to_simplified(text)) if _HAN_WORD.match(w) and w not in stop]


@dataclass(frozen=True)
class ReportWords:
    record: Record
    passages: list[Passage]
    counts: Counter  # word -> uses in the report's passages
    kinds: dict[str, set[str]]  # word -> {PROBLEM, REMEDY} it was used in


def report_words(record: Record) -> ReportWords:
    counts: Counter = Counter()
    kinds: dict[str, set[str]] = {}
    passages = complaint_passages(record)
    for p in passages:
        for word in theme_words(record.text[p.start:p.end]):
            counts[word] += 1
            kinds.setdefault(word, set()).add(p.kind)
    return ReportWords(record, passages, counts, kinds)


def _ranked(words: ReportWords, document_frequency: Counter, n_reports: int, top: int) -> list[tuple[str, int]]:
    def weight(word: str) -> float:
        return words.counts[word] * (math.log((1 + n_reports) / (1 + document_frequency[word])) + 1)

    ranked = sorted(words.counts, key=lambda w: (-weight(w), -words.counts[w], w))
    return [(w, words.counts[w]) for w in ranked[:top]]


def words_of(reports: Iterable[Record | ReportWords]) -> Sequence[ReportWords]:
    """The :class:`ReportWords` of each report (given, or found in its record), to be read more than once:
    a sequence of them as it is (it may be on disk: :mod:`.summaries`), else a list."""
    if isinstance(reports, Sequence) and (not reports or isinstance(reports[0], ReportWords)):
        return reports
    return [r if isinstance(r, ReportWords) else report_words(r) for r in reports]


def _with_passages(per_report: Sequence[ReportWords]) -> Iterator[tuple[int, ReportWords]]:
    return ((i, w) for i, w in enumerate(per_report) if w.passages)


@dataclass(frozen=True)
class KeywordWeights:
    """What ranks a report's words against the others: each word's document frequency among the reports
    with passages, and their number."""

    document_frequency: Counter
    n_reports: int


def keyword_weights(per_report: Iterable[ReportWords]) -> KeywordWeights:
    """The :class:`KeywordWeights` of the reports (one pass; held: one count per distinct word)."""
    df: Counter = Counter()
    n_reports = 0
    for w in per_report:
        if w.passages:
            df.update(w.counts.keys())
            n_reports += 1
    return KeywordWeights(df, n_reports)


def report_keywords(words: ReportWords, weights: KeywordWeights, top: int = 8) -> list[tuple[str, int]]:
    """The ``top`` keywords (word, uses) of one report; none without passages."""
    if not words.passages:
        return []
    return _ranked(words, weights.document_frequency, weights.n_reports, top)


def keyword_row(words: ReportWords, weights: KeywordWeights, top: int = 8) -> dict:
    """One report's row of :func:`keyword_rows`."""
    return {"unit": unit_name(words.record), "year": words.record.year, "path": words.record.source.path,
            "n_passages": len(words.passages), "keywords": report_keywords(words, weights, top)}


def keyword_rows(records: Iterable[Record | ReportWords], top: int = 8) -> list[dict]:
    """One row per report with passages: unit, path, passage count and its ``top`` keywords (word, uses)."""
    per_report = words_of(records)
    weights = keyword_weights(per_report)
    return [keyword_row(w, weights, top) for _, w in _with_passages(per_report)]


def _example(words: ReportWords, word: str) -> tuple[str, int | None]:
    """The first sentence of a passage that uses ``word`` (as written), and its page."""
    text = words.record.text
    for p in words.passages:
        for m in _SENTENCE.finditer(to_simplified(text[p.start:p.end])):
            if word in m.group():
                start, end = p.start + m.start(), p.start + m.end()
                return text[start:end].strip()[:80], words.record.page_at(start)
    return "", None


def theme_rows(records: Iterable[Record | ReportWords], min_units: int = 2,
               unit: Callable[[Record], str] = unit_name) -> list[dict]:
    """The cross-report theme table: each word used in the problem/remedy passages of at least ``min_units``
    units, most widespread first; keys are :data:`THEME_COLUMNS` (units joined by 、).

    Each word's uses are added up as the reports are read (once): what is held grows with the words (a few
    numbers per report using one), not with the reports' words and passages."""
    per_report = words_of(records)
    unit_ids: dict[str, int] = {}
    uses: dict[str, _WordUses] = {}
    for i, w in _with_passages(per_report):
        name = unit(w.record)
        unit_id = unit_ids.setdefault(name, len(unit_ids))
        order = (name, w.record.source.path, i)  # the first report of a word: the same whatever the order
        for word, count in w.counts.items():
            uses.setdefault(word, _WordUses()).add(order, unit_id, count, w.kinds[word])
    names = list(unit_ids)
    rows = []
    for word, used in uses.items():
        units = sorted({names[u] for u in used.units})
        if len(units) < min_units:
            continue
        first = per_report[used.first[2]]
        example, page = _example(first, word)
        rows.append({"theme": word, "n_units": len(units), "n_reports": used.n_reports, "count": used.count,
                     "in_problems": used.in_problems, "in_remedies": used.in_remedies, "units": "、".join(units),
                     "example": example, "example_path": first.record.source.path, "example_page": page})
    return sorted(rows, key=lambda r: (-r["n_units"], -r["count"], r["theme"]))


class _WordUses:
    """One word's uses so far: the reports (how many, the first in table order), units, counts."""

    __slots__ = ("count", "first", "in_problems", "in_remedies", "n_reports", "units")

    def __init__(self) -> None:
        self.units: array = array("i")
        self.first: tuple | None = None
        self.n_reports, self.count, self.in_problems, self.in_remedies = 0, 0, 0, 0

    def add(self, order: tuple, unit_id: int, count: int, kinds: set[str]) -> None:
        self.units.append(unit_id)
        if self.first is None or order < self.first:
            self.first = order
        self.n_reports += 1
        self.count += count
        self.in_problems += PROBLEM in kinds
        self.in_remedies += REMEDY in kinds


def themes_frame(records: Iterable[Record], min_units: int = 2, chinese: bool = True) -> pd.DataFrame:
    """:func:`theme_rows` as a DataFrame (headers in Chinese for the workbook's 主题 sheet unless ``chinese=False``).

    >>> list(themes_frame([]).columns)[:3]
    ['主题词', '单位数', '报告数']
    """
    import pandas as pd

    frame = pd.DataFrame(theme_rows(records, min_units), columns=list(THEME_COLUMNS))
    return frame.rename(columns=THEME_COLUMNS) if chinese else frame
