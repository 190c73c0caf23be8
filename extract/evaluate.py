"""Accuracy against hand-made gold labels (format: corpus LABELS.md): pure functions.

``compare(record, gold)`` scores one document, ``summarise`` adds documents up.
Per field it counts TP / FP / FN:

* single-valued fields (ten headline keys, self_score, grade, year, department, kind):
  gold set and prediction equal -> TP; prediction set but wrong, or gold null -> FP;
  gold set and prediction null or wrong -> FN (a wrong value is both FP and FN).
  Their sum over the headline keys and self_score/grade/year/department is ``headline``.
* money / percent mentions: multiset match by value (within 0.005, money in 万元).
* score items: gold ``[item, max, obtained]`` matched on numbers (obtained equal, max equal
  where gold states it), each predicted item used once.
* level-1 headings: multiset match of ``number + title`` after normalising blanks and
  punctuation variants.

A key missing from the gold file means "not evaluated" (the ``*.expected.json`` files of
the sample corpus have no money/percent/scores); a key present but null/empty is a label.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from .gold import (  # noqa: F401 - find_pairs, load_gold, gold_path_for: part of this module's API
    TOLERANCE,
    find_pairs,
    gold_path_for,
    load_gold,
    norm_grade,
    norm_heading,
    same_department,
    same_number,
    to_decimal,
)
from .models import HEADLINE_KEYS, Record

META_FIELDS = ("self_score", "grade", "year", "department")
HEADLINE_FIELDS = (*HEADLINE_KEYS, *META_FIELDS)  # summed into the "headline" line
LIST_FIELDS = ("money", "percent", "scores", "headings")
MONEY_FACTORS = {"万元": Decimal(1), "元": Decimal("0.0001"), "亿元": Decimal(10000), "千元": Decimal("0.1")}


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn


@dataclass
class Miss:
    """One disagreement with the gold label: ``kind`` is wrong, missing or extra."""

    file: str
    field: str
    expected: Any
    got: Any
    raw: str = ""
    kind: str = "wrong"

    def text(self) -> str:
        note = f" ({self.raw})" if self.raw else ""
        if self.kind == "missing":
            return f"{self.file} {self.field}: missing {self.expected}{note}"
        if self.kind == "extra":
            return f"{self.file} {self.field}: extra {self.got}{note}"
        return f"{self.file} {self.field}: expected {self.expected} got {self.got}{note}"


@dataclass
class DocScore:
    file: str
    counts: dict[str, Counts] = field(default_factory=dict)
    misses: list[Miss] = field(default_factory=list)


@dataclass
class Report:
    files: int
    counts: dict[str, Counts]
    misses: list[Miss]

    def to_dict(self) -> dict:
        fields = {name: {**asdict(c), "precision": c.precision, "recall": c.recall}
                  for name, c in self.counts.items()}
        return {"files": self.files, "fields": fields, "misses": [asdict(m) for m in self.misses]}


SAME: dict[str, Callable[[Any, Any], bool]] = {
    "grade": lambda g, p: norm_grade(str(g)) == norm_grade(str(p)),
    "year": lambda g, p: str(g).strip() == str(p).strip(),
    "department": lambda g, p: same_department(str(g), str(p)),
    "kind": lambda g, p: g == p,
}


# --- single-valued fields ---------------------------------------------------------------

def score_value(file: str, name: str, gold: Any, got: Any, raw: str = "") -> tuple[Counts, list[Miss]]:
    """TP/FP/FN of one single-valued field."""
    same = SAME.get(name, same_number)
    if gold is None and got is None:
        return Counts(), []
    if gold is not None and got is not None and same(gold, got):
        return Counts(tp=1), []
    counts = Counts(fp=int(got is not None), fn=int(gold is not None))
    return counts, [Miss(file, name, gold, _show(got), raw)]


def _show(value: Any) -> Any:
    return format(value, "f") if isinstance(value, Decimal) else value


def predicted_scalars(record: Record | None) -> dict[str, tuple[Any, str]]:
    """Predicted value and its raw text for each single-valued field."""
    out: dict[str, tuple[Any, str]] = {}
    for key in HEADLINE_KEYS:
        hv = getattr(record.headline, key) if record else None
        out[key] = (None, "") if hv is None else (hv.value, hv.raw)
    for key in (*META_FIELDS, "kind"):
        span = record.provenance.get(key) if record else None
        out[key] = (getattr(record, key) if record else None, span.raw if span else "")
    return out


def gold_scalars(gold: dict) -> dict[str, Any]:
    """Gold single-valued fields that are labelled (missing keys are left out)."""
    labelled = gold.get("headline") or {}
    out = {k: labelled[k] for k in HEADLINE_KEYS if k in labelled}
    out.update({k: gold[k] for k in (*META_FIELDS, "kind") if k in gold})
    return out


# --- list fields ----------------------------------------------------------------------

def match_values(gold: list[tuple[Decimal, str]], got: list[tuple[Decimal, str]]):
    """Multiset match of values within TOLERANCE: (matched count, unmatched gold, unmatched got).

    >>> n, lost, extra = match_values([(Decimal("5"), "a"), (Decimal("5"), "b")], [(Decimal("5.00"), "x")])
    >>> n, [r for _, r in lost], extra
    (1, ['b'], [])
    """
    gold, got = sorted(gold, key=lambda v: v[0]), sorted(got, key=lambda v: v[0])
    i = j = matched = 0
    lost, extra = [], []
    while i < len(gold) and j < len(got):
        if abs(gold[i][0] - got[j][0]) <= TOLERANCE:
            matched, i, j = matched + 1, i + 1, j + 1
        elif gold[i][0] < got[j][0]:
            lost.append(gold[i])
            i += 1
        else:
            extra.append(got[j])
            j += 1
    return matched, lost + gold[i:], extra + got[j:]


def _list_result(file: str, name: str, matched: int, lost, extra) -> tuple[Counts, list[Miss]]:
    misses = [Miss(file, name, _show(v), None, raw, "missing") for v, raw in lost]
    misses += [Miss(file, name, None, _show(v), raw, "extra") for v, raw in extra]
    return Counts(tp=matched, fp=len(extra), fn=len(lost)), misses


def _triple(entry: Any) -> tuple[Any, Any, Any]:
    """A gold list entry padded or cut to three elements."""
    items = list(entry) if isinstance(entry, (list, tuple)) else [entry]
    return tuple((items + [None, None, None])[:3])  # type: ignore[return-value]


def gold_entries(entries: Iterable[list]) -> list[tuple[Decimal, str]]:
    """``[label, value, raw]`` gold entries as (value, 'label raw')."""
    out = []
    for entry in entries:
        label, value, raw = _triple(entry)
        number = to_decimal(value)
        if number is not None:
            out.append((number, f"{label or ''} {raw or ''}".strip()))
    return out


def predicted_mentions(record: Record | None, kind: str) -> list[tuple[Decimal, str]]:
    out = []
    for m in record.mentions if record else []:
        if m.type != kind:
            continue
        value = m.value * MONEY_FACTORS.get(m.unit, Decimal(1)) if kind == "money" else m.value
        out.append((value, f"{m.label} {m.raw}".strip() if m.label else m.raw))
    return out


def score_key(max_: Any, obtained: Any) -> tuple[Decimal | None, Decimal | None]:
    return to_decimal(max_), to_decimal(obtained)


def match_scores(gold: list[list], record: Record | None, file: str) -> tuple[Counts, list[Miss]]:
    """Gold score items matched by (max, obtained); gold items without a max match any max."""
    pool = list(record.scores) if record else []
    used = [False] * len(pool)
    ordered = sorted(gold, key=lambda g: _triple(g)[1] is None)  # items stating a max first
    lost = []
    for item, max_, obtained in map(_triple, ordered):
        want_max, want_score = score_key(max_, obtained)
        for k, s in enumerate(pool):
            if used[k] or s.score != want_score:  # None == None: both unscored
                continue
            if want_max is None or (s.max is not None and s.max == want_max):
                used[k] = True
                break
        else:
            lost.append((f"{_show(want_max)}/{_show(want_score)}", item))
    extra = [(f"{_show(s.max)}/{_show(s.score)}", s.item) for k, s in enumerate(pool) if not used[k]]
    return _list_result(file, "scores", len(gold) - len(lost), lost, extra)


def match_headings(gold: list[str], record: Record | None, file: str) -> tuple[Counts, list[Miss]]:
    got = [f"{s.number}{s.title}" for s in (record.sections if record else []) if s.level == 1]
    both = Counter(map(norm_heading, gold)) & Counter(map(norm_heading, got))
    lost = [(h, "") for h in _unmatched(gold, both)]
    extra = [(h, "") for h in _unmatched(got, both)]
    return _list_result(file, "headings", sum(both.values()), lost, extra)


def _unmatched(headings: list[str], matched: Counter) -> list[str]:
    """Headings beyond the matched copies of their normal form, in order."""
    budget = matched.copy()
    out = []
    for h in headings:
        key = norm_heading(h)
        if budget[key] > 0:
            budget[key] -= 1
        else:
            out.append(h)
    return out


# --- documents and summaries ---------------------------------------------------------

def compare(record: Record | None, gold: dict, file: str = "") -> DocScore:
    """Score one record (None when the input could not be read) against its gold label."""
    file = file or (Path(record.source.path).stem if record else "?")
    doc = DocScore(file)

    def put(name: str, result: tuple[Counts, list[Miss]]) -> None:
        doc.counts[name] = result[0]
        doc.misses.extend(result[1])

    predicted = predicted_scalars(record)
    for name, want in gold_scalars(gold).items():
        got, raw = predicted[name]
        put(name, score_value(file, name, want, got, raw))
    for kind in ("money", "percent"):
        if kind in gold:
            put(kind, _list_result(file, kind, *match_values(gold_entries(gold[kind] or []),
                                                              predicted_mentions(record, kind))))
    if "scores" in gold:
        put("scores", match_scores(gold["scores"] or [], record, file))
    if "headings" in gold:
        put("headings", match_headings(gold["headings"] or [], record, file))
    return doc


def summarise(docs: list[DocScore]) -> Report:
    """Micro-averaged counts per field, plus the combined ``headline`` line."""
    order = ["headline", *HEADLINE_FIELDS, "kind", *LIST_FIELDS]
    counts = {name: Counts() for name in order}
    for doc in docs:
        for name, c in doc.counts.items():
            counts.setdefault(name, Counts()).add(c)
            if name in HEADLINE_FIELDS:
                counts["headline"].add(c)
    misses = [m for doc in docs for m in doc.misses]
    return Report(files=len(docs), counts=counts, misses=misses)


# --- thresholds and text --------------------------------------------------------------

def unmet_thresholds(report: Report, thresholds: dict[tuple[str, str], float]) -> list[str]:
    """Messages for every (field, metric) >= value that does not hold (undefined counts as met)."""
    failures = []
    for (name, metric), minimum in thresholds.items():
        counts = report.counts.get(name)
        if counts is None:
            failures.append(f"{name}: no such field")
            continue
        value = getattr(counts, metric)
        if value is not None and value < minimum:
            failures.append(f"{name} {metric} {value:.3f} < {minimum:.3f}")
    return failures


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def format_report(report: Report, show_misses: bool = True) -> str:
    """The accuracy table, then the misses grouped per file."""
    lines = [f"{report.files} labelled report(s)",
             f"{'field':<20} {'TP':>5} {'FP':>5} {'FN':>5} {'precision':>9} {'recall':>7}"]
    for name, c in report.counts.items():
        if c.tp + c.fp + c.fn == 0 and name != "headline":
            continue
        lines.append(f"{name:<20} {c.tp:>5} {c.fp:>5} {c.fn:>5} {_pct(c.precision):>9} {_pct(c.recall):>7}")
    if show_misses and report.misses:
        lines.append("")
        lines.append("misses:")
        current = None
        for miss in report.misses:
            if miss.file != current:
                current = miss.file
                lines.append(f"  [{current}]")
            lines.append(f"  {miss.text()}")
    return "\n".join(lines)
