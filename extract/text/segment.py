"""Segmentation: the heading tree (一、 / （一） / 1. / （1） / ① and 第一部分) of a cleaned text.

Headings are found at the start of a paragraph line, or at the start of a cell of a
``| a | b |`` table row.  A heading may carry run-in body text on the same line
(``（一）预算编制情况总分 28 分，得分 28 分。``): the title stops at the first clause
punctuation and the rest belongs to the section's body.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, replace

import regex

from ..models import Section, page_of
from ..patterns import load_patterns, rx
from .memo import short_string_cache
from .simplified import CharTable, to_simplified  # noqa: F401 - part of this module's API
from .spacing import is_letter_spaced, spaced_end, without_letter_spacing

_TITLE_START = regex.compile(r"[\p{Han}“\"《]")

_LEVEL_IDS = ("heading.part", "heading.l1", "heading.l2", "heading.l1_bare", "heading.l3", "heading.l4", "heading.l5")
_CN = {c: i + 1 for i, c in enumerate("一二三四五六七八九十")}


@dataclass(frozen=True)
class Heading:
    level: int
    number: str
    title: str
    offset: int  # where the numbering starts, relative to the parsed string
    title_end: int  # end of the title, relative to the parsed string
    letter_spaced: bool = False  # the title was written letter-spaced (部 门 概 况) and is given without its blanks


@functools.lru_cache(maxsize=1)
def _heading_rules():
    pats = load_patterns()
    return [(pats.entries[i].data["level"], pats.regex(i)) for i in _LEVEL_IDS]


def _bare_rule():
    return rx("heading.l1_bare")


def cn_ordinal(number: str) -> int | None:
    """一 -> 1, 十一 -> 11, （三） -> 3, 第二部分 -> 2; Arabic numbers too.

    >>> [cn_ordinal(x) for x in ("一", "十一", "（三）", "第二部分", "12.", "①")]
    [1, 11, 3, 2, 12, None]
    """
    core = rx("heading.numbering_marks").sub("", number)
    if core.isascii() and core.isdigit():
        return int(core)
    if not core or any(c not in _CN for c in core):
        return None
    if core == "十":
        return 10
    if core.startswith("十"):
        return 10 + _CN[core[1]]
    if len(core) == 2 and core[1] == "十":
        return _CN[core[0]] * 10
    if len(core) == 3 and core[1] == "十":
        return _CN[core[0]] * 10 + _CN[core[2]]
    return _CN[core] if len(core) == 1 else None


@short_string_cache()
def parse_heading(line: str) -> Heading | None:
    """Parse a heading at the start of ``line`` (or None).

    >>> h = parse_heading("（一）预算编制情况总分 28 分，得分 28 分。")
    >>> (h.level, h.number, h.title)
    (2, '（一）', '预算编制情况')
    >>> parse_heading("一是贯彻执行党中央的路线") is None
    True
    """
    stripped = line.lstrip(" \t|•·●▪■◆*#>")
    lead = len(line) - len(stripped)
    if not stripped or rx("heading.toc").search(stripped):
        return None
    for level, rule in _heading_rules():
        m = rule.match(stripped)
        if not m:
            continue
        if rule is _bare_rule() and not template_title(m.group("title")):
            return None
        written = m.group("title")
        clause = rx("heading.clause_mark").search(written)  # a run-in body may follow, written without spacing
        head = written[:clause.start()] if clause else written
        letter_spaced = is_letter_spaced(head)  # 部 门(单 位)基 本 概 况: its blanks mean nothing
        title_all = without_letter_spacing(head) + written[len(head):] if letter_spaced else written
        cut = rx("heading.title_end").search(title_all)
        title = (title_all[: cut.start()] if cut else title_all).strip().rstrip("|*#").strip()
        if not title or not _TITLE_START.match(title):
            return None
        if level <= 2 and len(title) > 24:
            whole_line = cut is None and len(title) <= 60
            title = template_title(title) or _vocabulary_title(title) or (title if whole_line else None)
            if title is None:
                return None
        if level >= 3 and len(title) > 30:
            title = title[:30]
        number = m.group("num").strip()
        end = title_all.find(title) + len(title)
        title_end = lead + m.start("title") + (spaced_end(written, end) if letter_spaced else end)
        return Heading(level, number, title, lead, title_end, letter_spaced)
    return None


def _vocabulary_title(title: str) -> str | None:
    """Cut a glued title after the section word it starts with (项目基本概况项目负责人… -> 项目基本概况)."""
    simple = to_simplified(title[:18])
    ends = [simple.find(w) + len(w) for _, words in load_patterns().table("section_types") for w in words if w in simple]
    if not ends:
        return None
    end = max(ends)
    while end < len(title) and title[end] in "情况":
        end += 1
    return title[:end]


@functools.lru_cache(maxsize=1)
def _template_titles() -> tuple[tuple[str, ...], tuple[str, ...]]:
    table = load_patterns().table("heading_titles")
    by_length = lambda words: tuple(sorted(words, key=len, reverse=True))  # noqa: E731
    return ("", *by_length(table["prefixes"])), by_length(table["titles"])


@short_string_cache()
def template_title(title: str) -> str | None:
    """The known section title a run-in title opens with, cut from the body text glued to it.

    >>> template_title("绩效目标分解下达情况湖南省某厅下达资金")
    '绩效目标分解下达情况'
    >>> template_title("部门基本情况我单位是") , template_title("示例县概况") is None
    ('部门基本情况', True)
    """
    simple = to_simplified(title)
    prefixes, titles = _template_titles()
    ends = [len(p) + len(t) for p in prefixes if simple.startswith(p)
            for t in titles if simple.startswith(t, len(p))]
    return title[:max(ends)] if ends else None


def _cut_glued(h: Heading) -> Heading:
    """A heading of a flattened text with its title cut after the known section title it opens with."""
    if h.letter_spaced:
        return h  # its title ends where the letter-spacing does
    cut = template_title(h.title)
    while cut is not None and rx("heading.title_conjunction").match(h.title[len(cut):]):
        more = template_title(h.title[len(cut) + 1:])  # a compound title: 改进措施和有关建议
        if more is None:
            break
        cut = h.title[:len(cut) + 1 + len(more)]
    if cut is None or cut == h.title or rx("heading.title_goes_on").match(h.title[len(cut):]):
        return h
    return replace(h, title=cut, title_end=h.title_end - (len(h.title) - len(cut)))


def looks_like_heading(line: str) -> bool:
    """True when a line starts a heading (used by cleanup not to join it to the line above)."""
    return parse_heading(line) is not None


@short_string_cache()
def section_type(title: str) -> str:
    """Canonical type of a section title, from the vocabulary in patterns/sections.yaml.

    >>> [section_type(t) for t in ("部门基本情况", "存在的问题及改进意见", "綜合評價結論", "主要绩效")]
    ['基本情况', '存在问题', '自评结论', '主要绩效']
    """
    simple = to_simplified(title)
    for name, words in load_patterns().table("section_types"):
        if any(w in simple for w in words):
            return name
    return ""


@dataclass(frozen=True)
class _Candidate:
    offset: int  # absolute offset of the string the heading was parsed from
    heading: Heading
    line: int  # index of the text line
    inline: bool = False  # found inside a glued line, not at its start
    glued: str = ""  # "glued": its number follows text with no punctuation; "bare": no 、 after it (weak evidence)


def _rx_figure_cell():
    return rx("heading.figure_cell")


_DUMP_LINE = 150  # a line this long is a flattened document, whose headings run into their body text


def _runs_on(line: str, h: Heading) -> bool:
    """The heading's title runs into body text: a flattened document, or a long line whose title
    is not closed by its own punctuation (一、基本情况我单位是…，)."""
    after = line[h.title_end:h.title_end + 1]
    return len(line) > _DUMP_LINE or (len(line) > 60 and after not in ("", "：", ":", "。", " ", "\t"))


def _inline_level2(line: str):
    """Level-2 headings inside a long line, after a sentence's end or right after a level-1 heading's title
    (heading.inline_l2: 。 （二）预算执行情况…, 三、绩效分析 （一）… in a page whose lines ran together):
    (offset, heading, "") -- accepted only numbered in sequence under a level-1 heading."""
    for m in rx("heading.inline_l2").finditer(line):
        h = parse_heading(line[m.start("num"):])
        if h and h.level == 2:
            yield m.start("num"), _cut_glued(h), ""


def _inline_level1(line: str):
    """Level-1 headings glued inside a long line (web texts that lost their line breaks):
    (offset, heading, glued) - glued when nothing but the number separates it from the text before."""
    strong = set()
    for m in rx("heading.inline_l1").finditer(line):
        strong.add(m.start("num"))
        h = parse_heading(line[m.start("num"):])
        if h and h.level == 1:
            yield m.start("num"), _cut_glued(h), ""
    glued = {m.start("num") for m in rx("heading.inline_l1_glued").finditer(line)}
    bare = {m.start("num") for m in rx("heading.inline_l1_bare").finditer(line)}
    for at in sorted((glued | bare) - strong - {0}):
        h = parse_heading(line[at:])
        if h and h.level == 1 and template_title(h.title):
            yield at, _cut_glued(h), "glued" if at in glued else "bare"


def _number_line_heading(line: str, nxt: str) -> Heading | None:
    """一、 alone on its line and a short title on the next: one heading (title_end counted from ``line``)."""
    if not rx("heading.number_only").match(line) or len(nxt.strip()) > 30:
        return None
    number, title = line.strip(), nxt.strip()
    h = parse_heading(number + title)
    if h is None or h.level != 1 or h.title != without_letter_spacing(title.rstrip("。：:").strip()):
        return None
    in_title = h.title_end - len(number)  # where the title ends in the next line (after its indent)
    return replace(h, offset=len(line) - len(line.lstrip()), title_end=len(line) + 1 + nxt.find(title) + in_title)


def _lost_number_heading(line: str) -> Heading | None:
    """A level-1 heading whose numeral was lost in copying (、项目绩效情况): a known section title filling its line."""
    m = rx("heading.l1_lost").match(line)
    if not m or template_title(m.group("title")) != m.group("title"):
        return None
    return Heading(1, m.group("num"), m.group("title"), m.start("num"), m.end("title"))


def _candidates(text: str):
    """Every heading start in the text, line by line."""
    pos = 0
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if i + 1 < len(lines) and (h := _number_line_heading(line, lines[i + 1])):
            yield _Candidate(pos, h, i)
        elif "|" in line:
            cells = line.split("|")
            if any(_rx_figure_cell().match(c) for c in cells):
                pos += len(line) + 1
                continue  # a row of figures: its first cell is an indicator, not a heading
            cell_start = 0
            for cell in cells:
                h = parse_heading(cell)
                if h:
                    yield _Candidate(pos + cell_start, h, i)
                cell_start += len(cell) + 1
        elif h := _lost_number_heading(line):
            yield _Candidate(pos, h, i, glued="lost")
        else:
            h = parse_heading(line)
            if h:
                yield _Candidate(pos, _cut_glued(h) if _runs_on(line, h) else h, i)
            if len(line) > 60:
                for off, h, glued in sorted([*_inline_level1(line), *_inline_level2(line)], key=lambda found: found[0]):
                    if off > 0:
                        yield _Candidate(pos + off, h, i, inline=True, glued=glued)
        pos += len(line) + 1


def _toc_lines(text: str, cands: list[_Candidate]) -> set[int]:
    """Lines of a table of contents: a run of heading-only lines holding three or more level-1 headings."""
    heading_lines = {c.line: c for c in cands if not c.inline}
    toc: set[int] = set()
    run: list[int] = []

    def flush():
        if sum(1 for j in run if j in heading_lines and heading_lines[j].heading.level == 1) >= 3:
            toc.update(run)
        run.clear()

    clause_mark = rx("heading.clause_mark")  # a line holding one is prose
    for i, line in enumerate(text.split("\n")):
        if len(line) < 40 and not clause_mark.search(line) and (i in heading_lines or len(line) < 15):
            run.append(i)
        else:
            flush()
    flush()
    return toc


def _accept_level1(c: _Candidate, last: int | None) -> bool:
    if c.glued == "lost":  # its numeral lost: only after a numbered level-1 heading
        return last is not None
    n = cn_ordinal(c.heading.number)
    if n is None:
        return False
    if c.glued == "bare":  # weakest: a known section title (checked when found), strictly next in sequence;
        # the first one only when its title is a known section title closed by its own punctuation
        closed = template_title(c.heading.title) == c.heading.title
        return (last is not None and n == last + 1) or (last is None and n == 1 and closed)
    if c.glued:  # weak: a known section title (checked when found), in sequence (one number may be lost)
        return (n == 1 and last is None) or (last is not None and n in (last + 1, last + 2))
    if c.inline:  # strict: the next number in sequence, and a title that names a section
        named = bool(section_type(c.heading.title) or template_title(c.heading.title))
        return (n == 1 and last is None and named) or (last is not None and n == last + 1)
    return last is None and n <= 2 or last is not None and (n == last + 1 or n == 1 or n == last + 2)


def _cut_by_text_end(text: str, c: _Candidate) -> bool:
    """A heading cut off by the end of an excerpt: its title opens a bracket the text never closes (二、部门(单位)."""
    title = c.heading.title
    opened = title.count("(") + title.count("（") > title.count(")") + title.count("）")
    return opened and not text[c.offset + c.heading.title_end:].strip()


def segment(text: str, page_starts: list[int]) -> list[Section]:
    """The flat list of sections in text order, each with its parent index."""
    sections: list[Section] = []
    last_l1: int | None = None
    last_l2 = 0  # the last level-2 number under the current level-1 heading
    cands = list(_candidates(text))
    toc = _toc_lines(text, cands)
    for c in cands:
        h = c.heading
        if c.line in toc or _cut_by_text_end(text, c):
            continue
        if h.level == 1:
            if not _accept_level1(c, last_l1):
                continue
            last_l1 = last_l1 + 1 if c.glued == "lost" else cn_ordinal(h.number)
            last_l2 = 0
        elif c.inline and not (h.level == 2 and last_l1 is not None and cn_ordinal(h.number) == last_l2 + 1):
            continue
        if h.level == 2:
            last_l2 = cn_ordinal(h.number) or last_l2
        offset = c.offset
        start = offset + h.offset
        sections.append(
            Section(
                level=h.level,
                number=h.number,
                title=h.title,
                page=page_of(page_starts, start),
                start=start,
                end=len(text),
                type=section_type(h.title),
                heading_end=offset + h.title_end,
            )
        )
    _close(sections, len(text))
    return sections


def _close(sections: list[Section], text_len: int) -> None:
    """Set each section's end (next heading at its level or above) and parent."""
    stack: list[int] = []
    for i, s in enumerate(sections):
        while stack and sections[stack[-1]].level >= s.level:
            sections[stack.pop()].end = s.start
        s.parent = stack[-1] if stack else None
        stack.append(i)
    for i in stack:
        sections[i].end = text_len


def section_at(sections: list[Section], offset: int) -> Section | None:
    """The innermost section whose span holds ``offset`` (for many offsets, :class:`SectionIndex`)."""
    best = None
    for s in sections:
        if s.start <= offset < s.end and (best is None or s.level >= best.level):
            best = s
    return best


def section_label(section: Section | None) -> str:
    """How a section is named in mentions and scores: number + title (``（一）预算编制情况``)."""
    return "" if section is None else f"{section.number}{section.title}"
