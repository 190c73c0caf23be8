"""From reader lines to the record's text: page furniture out, hard wraps joined, artefact spaces removed.

The output text is built paragraph by paragraph; ``page_starts[i]`` is the offset
where page ``i + 1`` begins, so every later offset maps back to a page.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import regex

from ..patterns import rx
from ..read.document import Document
from .fold import fold_figures
from .memo import short_string_cache
from .segment import looks_like_heading, template_title, to_simplified
from .simplified import written_in_traditional
from .spaced_rows import spaced_rows
from .spacing import (
    HAN_GAP,
    cells_without_letter_spacing,
    is_letter_spaced,
    names_without_letter_spacing,
)
from .wraps import WrapWidth, display_width, wrap_width

_NUMBER_CELL_TEXT = regex.compile(r"[\d.%]+")
_GLUES_AS_NUMBER = regex.compile(r"[0-9.．%％]")


@dataclass
class CleanText:
    text: str
    page_starts: list[int]
    warnings: list[str] = field(default_factory=list)
    #: a report written in traditional characters: its text as written (``text`` is the same in simplified
    #: characters, one for one, which every pattern reads); None for any other report
    written: str | None = None


@dataclass
class _Line:
    text: str
    page: int
    wraps: bool | None = None  # the reader's word on a hard wrap after this line (OCR geometry), if any


_DIGIT_RUN = regex.compile(r"\d+")
FURNITURE_LENGTH = 60  # characters: a running header or footer, a page number, is shorter (_furniture_keys)
_HAN = regex.compile(r"\p{Han}")
_ENDS_IN_DIGIT = regex.compile(r"[0-9]$")
_POINT_DIGIT = regex.compile(r"[.．][0-9]")


def is_table_row(line: str) -> bool:
    return "|" in line and rx("cleanup.table_row").search(line) is not None  # every form of a row holds a bar


def _has_number_run(line: str) -> bool:
    """Two numbers or more apart by spaces (a row of cells, 完成数量 15 15); so never without a space or tab."""
    return ("\t" in line or " " in line) and rx("cleanup.number_run").search(line) is not None


_SPACES = (" ", "\t", "\u3000")  # the characters an artefact space is made of (cleanup.artefact_space)


def remove_artefact_spaces(line: str) -> str:
    """Drop PDF-copy spaces inside words in a prose line; in table-like lines keep the spaces between cells
    (a letter-spaced cell loses its own).

    >>> remove_artefact_spaces("自评结论为“优 秀”，编制 35 人。")
    '自评结论为“优秀”，编制35人。'
    >>> remove_artefact_spaces("项目名称 委托业务 主管部门 棠溪镇 年初预算数 全年预算数 分值 得分 0 0 10")
    '项目名称 委托业务 主管部门 棠溪镇 年初预算数 全年预算数 分值 得分 0 0 10'
    >>> remove_artefact_spaces("预 算 执 行 率 为 98.5%。")
    '预算执行率为98.5%。'
    """
    if not any(c in line for c in _SPACES):
        return line
    if is_table_row(line):
        return cells_without_letter_spacing(line)
    if _has_number_run(line):
        return names_without_letter_spacing(line)
    artefact = rx("cleanup.artefact_space")
    han_gaps = len(HAN_GAP.findall(line))
    if han_gaps and is_letter_spaced(line, han_gaps):
        # 预 算 执 行 率 / 二 级 指 标: every character apart, one run of words; the blank after an opening
        # numeral is letter-spacing too here, not a heading's separator (二 级 指 标 is 二级指标, not heading 二)
        return artefact.sub("", HAN_GAP.sub("", line))
    if not artefact.search(line):
        return _title_joined(line)
    if han_gaps < 3:  # the test below does not hold: cells apart make 3 gaps or more
        return _title_joined(artefact.sub("", line))
    han = len(_HAN.findall(line))
    if han_gaps / max(han, 1) > 0.04:  # spaces separate cells: keep them (a wide gap's letter-spaced cells lose theirs)
        return cells_without_letter_spacing(line, wide=True) if rx("grid.wide_gap").search(line) else line
    return _title_joined(artefact.sub("", line))


def _title_joined(line: str) -> str:
    """The blank kept after a run-on heading's title (cleanup.artefact_space) taken out again where it splits a
    known section title (一、项目基本情 况良好: 项目基本情况), so that it stays only where the title ends.

    >>> _title_joined("一、项目基本情 况良好"), _title_joined("一、基本情况 南县某镇是")
    ('一、项目基本情况良好', '一、基本情况 南县某镇是')
    """
    if " " not in line and "\t" not in line:
        return line
    for m in reversed(list(rx("cleanup.run_on_title").finditer(line))):
        title, after = m.group("title"), line[m.end():m.end() + 8]
        known = template_title(title + after)
        if known is not None and len(known) > len(title):
            line = line[:m.start("blank")] + line[m.end():]
    return line


def _page_lines(doc: Document) -> list[list[_Line]]:
    pages = []
    for page in doc.pages:
        ruby = rx("cleanup.ruby_pinyin")
        wraps = page.wraps if page.wraps is not None and len(page.wraps) == len(page.lines) else None
        lines = [_Line(_without_ruby(ruby, fold_figures(line.replace("\u00a0", " ").replace("\u3000", " "))).rstrip(),
                       page.number,
                       None if wraps is None else wraps[i])
                 for i, line in enumerate(page.lines)]
        pages.append(lines)
    return pages


def _without_ruby(ruby, line: str) -> str:
    """The line with pinyin glosses in brackets after Han characters removed (a gloss needs a bracket)."""
    return ruby.sub("", line) if "(" in line else line


def _split_txt_pages(lines: list[_Line]) -> list[list[_Line]]:
    """A PDF text extraction saved as .txt marks each new page by one leading space; split there."""
    out: list[list[_Line]] = [[]]
    for line in lines:
        t = line.text
        if t.startswith(" ") and not t.startswith("  ") and t.strip() and out[-1]:
            out.append([])
        out[-1].append(line)
    if len(out) < 3:
        return [lines]
    return [[_Line(l.text, i + 1) for l in page] for i, page in enumerate(out)]


def _furniture_keys(pages: list[list[_Line]]) -> set[str]:
    """Running headers/footers: the same edge line (digits masked) on many pages; never a bare figure."""
    if len(pages) < 3:
        return set()
    counts: Counter[str] = Counter()
    for lines in pages:
        body = [l.text.strip() for l in lines if l.text.strip()]
        edge = set(body[:2] + body[-2:])
        counts.update(_DIGIT_RUN.sub("#", e) for e in edge if len(e) < FURNITURE_LENGTH)
    need = max(3, (len(pages) + 1) // 2)
    figure = rx("cleanup.figure_key")  # #.# at many page edges: a table's cells running over pages, no header
    return {k for k, n in counts.items() if n >= need and not figure.search(k)}


def _beside_page_numbers(pages: list[list[_Line]]) -> set[int]:
    """In a text of one page (a PDF copied as text): the lines that are a running header or footer -- the same
    short line standing next to an unmistakable page number (``- 3 -``, ``第3页``) three times or more, at each
    of those places (the same line elsewhere, the title above the text, stays).  Their ids."""
    if len(pages) != 1:
        return set()
    deco, figure, unit = rx("cleanup.decorated_page_number"), rx("cleanup.figure_key"), rx("money.unit_declaration")
    body = [line for line in pages[0] if line.text.strip()]
    beside: dict[str, set[int]] = {}
    for i, line in enumerate(body):
        if deco.search(line.text):
            for j in (i - 1, i + 1):
                t = body[j].text.strip() if 0 <= j < len(body) else ""
                if t and len(t) < FURNITURE_LENGTH and not deco.search(t):
                    beside.setdefault(t, set()).add(id(body[j]))
    return {at for line, places in beside.items()
            if len(places) >= 3 and not figure.search(_DIGIT_RUN.sub("#", line)) and not unit.search(line)
            for at in places}  # a figure or a table's unit (单位：万元) at each page's top belongs to the table


def _drop_furniture(pages: list[list[_Line]]) -> list[_Line]:
    keys, running = _furniture_keys(pages), _beside_page_numbers(pages)
    page_rx, bare_rx, deco_rx = rx("cleanup.page_number"), rx("cleanup.bare_number"), rx("cleanup.decorated_page_number")
    kept: list[_Line] = []
    multi = len(pages) > 1
    last_between_rows = 0  # the last page number met between two rows of a table
    for lines in pages:
        body = [l for l in lines if l.text.strip()]
        for i, line in enumerate(body):
            t = line.text.strip()
            if id(line) in running:
                continue
            if len(t) >= FURNITURE_LENGTH:  # page furniture is a short line
                kept.append(line)
                continue
            if keys and _DIGIT_RUN.sub("#", t) in keys or deco_rx.search(t):
                continue
            if multi and (i == 0 or i == len(body) - 1) and page_rx.search(t) and not _is_cell_context(body, i):
                continue
            bare = bare_rx.search(t) is not None
            if bare and _between_prose(body, i) and _plausible_page(t, line.page, multi):
                continue
            in_order = 0 < int(t) - last_between_rows <= 2 if bare else False
            if bare and _between_rows(body, i) and (in_order or multi and _plausible_page(t, line.page, multi)):
                last_between_rows = int(t)
                continue
            kept.append(line)
    return kept


def _between_rows(body: list[_Line], i: int) -> bool:
    """A lone number between two ``|`` rows of a table is no row of it (a row has bars): a page number
    where the table ran over a page break -- when each is one or two past the last (the first: page 1 or 2)."""
    return 0 < i < len(body) - 1 and is_table_row(body[i - 1].text) and is_table_row(body[i + 1].text)


def _plausible_page(t: str, page: int, multi: bool) -> bool:
    """Where pages are known, a number in the flow is a page number only if it is near the page's own."""
    return not multi or abs(int(t) - page) <= 2


def _is_cell_context(body: list[_Line], i: int) -> bool:
    """A bare number at a page edge next to other short numeric cells belongs to a table."""
    near = [body[j].text.strip() for j in (i - 1, i + 1) if 0 <= j < len(body)]
    return any(is_table_row(n) for n in near) or sum(1 for n in near if _NUMBER_CELL_TEXT.fullmatch(n)) >= 1


def _between_prose(body: list[_Line], i: int) -> bool:
    """A lone number between two long prose lines is a page number dropped into the flow."""
    if i == 0 or i == len(body) - 1:
        return False
    before, after = body[i - 1].text.strip(), body[i + 1].text.strip()
    if display_width(before) < 30 or is_table_row(before) or is_table_row(after):
        return False
    mid_sentence = not rx("cleanup.sentence_end").search(before) and not rx("cleanup.value_start").match(after)
    return display_width(after) >= 30 or mid_sentence


def _wrap_width(lines: list[_Line]) -> WrapWidth | None:
    """The width hard-wrapped lines run to, or None when lines are paragraphs (web text)."""
    return wrap_width([l.text.strip() for l in lines if l.text.strip() and not is_table_row(l.text)])


def _joins(prev: str, nxt: str, width: WrapWidth | None, wrapped: bool = False, wraps: bool | None = None) -> bool:
    """Does the line break between ``prev`` and ``nxt`` fall inside a paragraph?

    ``wrapped``: ``prev`` itself continued a wrapped line, so a short ``prev`` without closing
    punctuation is a remainder of the sentence (a last character pushed onto its own line).
    ``wraps``: the reader saw ``prev`` run to the right margin (OCR, whose line widths say little): a wrap,
    even where the widths give no wrap width.
    """
    if _stands_alone(prev) or _stands_alone(nxt) or looks_like_heading(nxt):
        return False  # a table row, also one with its cells spaced out ("完成数量 15 15"), is a line of its own
    if _ENDS_IN_DIGIT.search(prev) and _POINT_DIGIT.match(nxt):
        return True  # "60\n.00万元"
    if wraps and not rx("cleanup.sentence_end").search(prev):
        return True
    if width is None:
        return False
    if rx("cleanup.sentence_end").search(prev):
        return False
    return width.full(prev, wrapped) or width.pushed_on(prev, nxt)


@short_string_cache()  # each line is asked as the line after a break, then as the line before the next
def _stands_alone(line: str) -> bool:
    """A table row, or a file name a document site shows above the text (meta.filename_line)."""
    return is_table_row(line) or _has_number_run(line) or rx("meta.filename_line").search(line) is not None


def _glue(prev: str, nxt: str) -> str:
    cjk = rx("cleanup.cjk")
    if cjk.search(prev[-1:]) or cjk.search(nxt[:1]) or _GLUES_AS_NUMBER.match(nxt):
        return prev + nxt
    return prev + " " + nxt


def clean_document(doc: Document) -> CleanText:
    """Document -> CleanText (one paragraph per line of the text)."""
    pages = _page_lines(doc)
    if doc.format == "txt" and len(pages) == 1:
        pages = _split_txt_pages(pages[0])
    lines = _drop_furniture(pages)
    width = _wrap_width(lines)
    paragraphs: list[tuple[str, int]] = []  # (text, page where it starts)
    page_breaks: list[tuple[int, int, int]] = []  # (paragraph index, char offset inside it, page)
    last, last_joined, last_wraps = "", False, None  # the previous physical line: was it wrapped?
    for line in lines:
        t = line.text.strip()
        joined = bool(paragraphs) and _joins(last, t, width, last_joined, last_wraps)
        last, last_joined, last_wraps = t, joined, line.wraps
        if joined:
            head, page = paragraphs[-1]
            if line.page != (page_breaks[-1][2] if page_breaks else page):
                page_breaks.append((len(paragraphs) - 1, len(_glue(head, t)) - len(t), line.page))
            paragraphs[-1] = (_glue(head, t), page)
        else:
            paragraphs.append((t, line.page))
            page_breaks.append((len(paragraphs) - 1, 0, line.page))
    return _read_as_simplified(_assemble(paragraphs, page_breaks, doc))


TRADITIONAL_NOTE = "written in traditional characters: read as simplified ones (the record keeps the text as written)"


def _read_as_simplified(clean: CleanText) -> CleanText:
    """A text written in traditional characters read in simplified ones, character for character, so that
    every pattern reads it; the text as written kept beside it (``written``), and a note."""
    if written_in_traditional(clean.text):
        clean.written, clean.text = clean.text, to_simplified(clean.text)
        clean.warnings.append(TRADITIONAL_NOTE)
    return clean


def kept_before(para: str, cleaned: str, inner: int) -> int:
    """Where offset ``inner`` of ``para`` stands in ``cleaned``, the paragraph with blanks taken out (cleaning
    only ever deletes): the characters of ``para[:inner]`` that ``cleaned`` kept, walking both together.

    >>> para = "一 级 指 标 二 级 指 标 三 级 指 标本年度"
    >>> kept_before(para, para, para.index("三")), kept_before("优 秀 合计", "优秀 合计", 6)
    (16, 5)
    """
    j = 0
    for c in para[:inner]:
        if j < len(cleaned) and cleaned[j] == c:
            j += 1
    return j


def _assemble(paragraphs, page_breaks, doc: Document) -> CleanText:
    offsets, pos = [], 0
    texts = []
    rows = spaced_rows([para for para, _page in paragraphs])
    for k, (para, _page) in enumerate(paragraphs):
        cleaned = para if k in rows else remove_artefact_spaces(para)
        offsets.append((pos, para, cleaned))
        texts.append(cleaned)
        pos += len(cleaned) + 1
    text = "\n".join(texts)
    n_pages = max([doc.n_pages, *[p for _, _, p in page_breaks]] or [1])
    page_starts = [0] * n_pages
    seen = set()
    for idx, inner, page in page_breaks:
        if page in seen or page < 1:
            continue
        seen.add(page)
        start, para, cleaned = offsets[idx]
        page_starts[page - 1] = start + kept_before(para, cleaned, inner)
    for i in reversed(range(n_pages)):  # pages with no text start where the next page's text does
        if (i + 1) not in seen:
            page_starts[i] = page_starts[i + 1] if i + 1 < n_pages else len(text)
    return CleanText(text=text, page_starts=page_starts, warnings=[])
