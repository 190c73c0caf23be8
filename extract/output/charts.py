"""Charts as inline SVG strings (pure functions; no script, no external resource).

Every text that reaches the SVG is escaped here; values are drawn as floats (drawing only; the
numbers shown in labels are the exact ones the caller formats).  Each data mark carries the class
``mark`` and, where it has one, a link (``<a href="#…">``) to the details of its report.
"""
from __future__ import annotations

import html
import itertools
import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

WIDTH = 760
FONT = 12
SEVERITY_COLORS = ("#c0392b", "#e67e22", "#95a5a6")  # error, warning, info
PALETTE = ("#2e86c1", "#28b463", "#af7ac5", "#e67e22", "#c0392b", "#17a589", "#d4ac0d", "#5d6d7e")


def esc(text: object) -> str:
    """Text for an SVG or HTML element or attribute.

    >>> esc('<a href="x">&')
    '&lt;a href=&quot;x&quot;&gt;&amp;'
    """
    return html.escape(str(text), quote=True)


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    shown: str  # the value as people read it
    href: str = ""
    tip: str = ""


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    label: str
    href: str = ""


@dataclass(frozen=True)
class Stack:
    label: str
    values: tuple[int, ...]
    href: str = ""


def _svg(height: float, body: str, label: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height:.0f}" '
            f'width="100%" role="img" aria-label="{esc(label)}" font-size="{FONT}">{body}</svg>')


def _svg_parts(height: float, parts: Iterable[str], label: str) -> Iterator[str]:
    """:func:`_svg` in pieces: its opening tag, ``parts`` (as they are made) and its closing tag (joined,
    they are the chart)."""
    opening, closing = _svg(height, "\x00", label).split("\x00")
    return itertools.chain([opening], parts, [closing])


def _link(href: str, inner: str) -> str:
    return f'<a href="{esc(href)}">{inner}</a>' if href else inner


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering ``low..high``.

    >>> nice_ticks(0, 97)
    [0.0, 20.0, 40.0, 60.0, 80.0, 100.0]
    """
    if high <= low:
        high = low + 1
    raw = (high - low) / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = math.floor(low / step) * step
    ticks, value = [], first
    while value < high + step * 0.999:
        ticks.append(float(round(value, 10)))
        value += step
    return ticks


def empty_chart(message: str) -> str:
    return _svg(40, f'<text x="8" y="24" fill="#666">{esc(message)}</text>', message)


def bar_chart_parts(bars: Sequence[Bar], label: str, label_width: int = 230) -> Iterable[str]:
    """Horizontal bars, one per row, in the order given (a ranking when sorted)."""
    if not bars:
        return [empty_chart("无数据")]
    row, top = 22, 8
    high = max(max(b.value for b in bars), 0) or 1
    span = WIDTH - label_width - 70
    parts = []
    for i, bar in enumerate(bars):
        y = top + i * row
        w = max(1.0, span * max(bar.value, 0) / high)
        tip = f"<title>{esc(bar.tip or bar.label)}: {esc(bar.shown)}</title>"
        parts.append(f'<text x="{label_width - 6}" y="{y + 15}" text-anchor="end">{esc(_cut(bar.label, 22))}</text>')
        rect = f'<rect class="mark" x="{label_width}" y="{y + 3}" width="{w:.1f}" height="{row - 6}" fill="{PALETTE[0]}">{tip}</rect>'
        parts.append(_link(bar.href, rect))
        parts.append(f'<text x="{label_width + w + 4:.1f}" y="{y + 15}">{esc(bar.shown)}</text>')
    return _svg_parts(top * 2 + row * len(bars), parts, label)


def column_chart(bars: Sequence[Bar], label: str) -> str:
    """Vertical columns with their category below and their value above."""
    if not bars:
        return empty_chart("无数据")
    height, bottom, top = 220, 30, 20
    high = max(b.value for b in bars) or 1
    slot = min(90, (WIDTH - 40) / len(bars))
    parts = [f'<line x1="20" y1="{height - bottom}" x2="{WIDTH - 20}" y2="{height - bottom}" stroke="#999"/>']
    for i, bar in enumerate(bars):
        h = (height - bottom - top) * bar.value / high
        x = 20 + i * slot + slot * 0.15
        y = height - bottom - h
        rect = (f'<rect class="mark" x="{x:.1f}" y="{y:.1f}" width="{slot * 0.7:.1f}" height="{max(h, 1):.1f}" '
                f'fill="{PALETTE[i % len(PALETTE)]}"><title>{esc(bar.label)}: {esc(bar.shown)}</title></rect>')
        parts.append(_link(bar.href, rect))
        cx = x + slot * 0.35
        parts.append(f'<text x="{cx:.1f}" y="{y - 4:.1f}" text-anchor="middle">{esc(bar.shown)}</text>')
        parts.append(f'<text x="{cx:.1f}" y="{height - bottom + 16}" text-anchor="middle">{esc(_cut(bar.label, 8))}</text>')
    return _svg(height, "".join(parts), label)


def _scale(value: float, low: float, high: float, start: float, end: float) -> float:
    return start + (end - start) * (value - low) / ((high - low) or 1)


def scatter_chart_parts(points: Sequence[Point], label: str, x_label: str, y_label: str) -> Iterable[str]:
    """Points on a linear y axis and a log-10 x axis when x spans more than two orders of magnitude."""
    points = [p for p in points if p.x > 0]
    if not points:
        return [empty_chart("无数据")]
    height, left, right, top, bottom = 330, 60, 20, 30, 44
    xs, ys = [p.x for p in points], [p.y for p in points]
    log_x = max(xs) / min(xs) > 100
    fx = (lambda v: math.log10(v)) if log_x else (lambda v: v)
    x_ticks = ([10.0 ** e for e in range(math.floor(fx(min(xs))), math.ceil(fx(max(xs))) + 1)]
               if log_x else nice_ticks(min(0.0, min(xs)), max(xs)))
    y_ticks = nice_ticks(min(0.0, min(ys)), max(max(ys), 100.0))
    x_low, x_high = fx(x_ticks[0]), fx(x_ticks[-1])
    px = lambda v: _scale(fx(v), x_low, x_high, left, WIDTH - right)
    py = lambda v: _scale(v, y_ticks[0], y_ticks[-1], height - bottom, top)
    parts = [_axes(left, top, WIDTH - right, height - bottom)]
    for t in x_ticks:
        parts.append(f'<text x="{px(t):.1f}" y="{height - bottom + 16}" text-anchor="middle">{t:g}</text>')
    for t in y_ticks:
        parts.append(f'<text x="{left - 6}" y="{py(t) + 4:.1f}" text-anchor="end">{t:g}</text>')
        parts.append(f'<line x1="{left}" y1="{py(t):.1f}" x2="{WIDTH - right}" y2="{py(t):.1f}" stroke="#eee"/>')
    parts.append(f'<text x="{(left + WIDTH) / 2:.0f}" y="{height - 6}" text-anchor="middle">'
                 f'{esc(x_label)}{" (对数刻度)" if log_x else ""}</text>')
    parts.append(f'<text x="8" y="{top - 14}" font-weight="bold">{esc(y_label)}</text>')
    for p in points:
        dot = (f'<circle class="mark" cx="{px(p.x):.1f}" cy="{py(p.y):.1f}" r="5" fill="{PALETTE[0]}" '
               f'fill-opacity="0.7"><title>{esc(p.label)}</title></circle>')
        parts.append(_link(p.href, dot))
    return _svg_parts(height, parts, label)


def _axes(x0: float, y0: float, x1: float, y1: float) -> str:
    return (f'<line x1="{x0}" y1="{y1}" x2="{x1}" y2="{y1}" stroke="#999"/>'
            f'<line x1="{x0}" y1="{y0}" x2="{x0}" y2="{y1}" stroke="#999"/>')


def stacked_bar_chart_parts(stacks: Sequence[Stack], series: Sequence[str], label: str, label_width: int = 230) -> Iterable[str]:
    """Horizontal bars split into series (counts), with a legend."""
    if not stacks:
        return [empty_chart("无数据")]
    row, top = 22, 26
    high = max(sum(s.values) for s in stacks) or 1
    span = WIDTH - label_width - 60
    parts = [_legend(series, SEVERITY_COLORS, label_width)]
    for i, stack in enumerate(stacks):
        y, x = top + i * row, float(label_width)
        parts.append(f'<text x="{label_width - 6}" y="{y + 15}" text-anchor="end">{esc(_cut(stack.label, 22))}</text>')
        segments = []
        for name, value, color in zip(series, stack.values, SEVERITY_COLORS):
            if value:
                w = span * value / high
                segments.append(f'<rect class="mark" x="{x:.1f}" y="{y + 3}" width="{w:.1f}" height="{row - 6}" '
                                f'fill="{color}"><title>{esc(stack.label)}: {esc(name)} {value}</title></rect>')
                x += w
        parts.append(_link(stack.href, "".join(segments)))
        parts.append(f'<text x="{x + 4:.1f}" y="{y + 15}">{sum(stack.values)}</text>')
    return _svg_parts(top + row * len(stacks) + 8, parts, label)


def _legend(names: Sequence[str], colors: Sequence[str], x: float) -> str:
    out = []
    for i, (name, color) in enumerate(zip(names, colors)):
        left = x + i * 110
        out.append(f'<rect x="{left}" y="4" width="12" height="12" fill="{color}"/>'
                   f'<text x="{left + 16}" y="15">{esc(name)}</text>')
    return "".join(out)


def matrix_chart_parts(rows: Sequence[tuple[str, str]], columns: Sequence[str],
                       cells: dict[tuple[int, int], tuple[float, str]], label: str,
                       label_width: int = 230) -> Iterable[str]:
    """A grid of rows (label, link) by columns; a cell's colour is its fraction (0..1), its text is shown
    (its pieces made as they are read: a chart of many rows is never whole in memory)."""
    if not rows or not columns:
        return [empty_chart("无数据")]
    cell_width = min(120, (WIDTH - label_width - 130) / len(columns))  # room on the right for the slanted names
    body = _matrix_body(rows, columns, cells, label_width, cell_width)
    return _svg_parts(MATRIX_TOP + MATRIX_ROW * len(rows) + 6, body, label)


MATRIX_ROW, MATRIX_TOP = 24, 96


def _matrix_body(rows: Sequence[tuple[str, str]], columns: Sequence[str], cells: dict[tuple[int, int], tuple[float, str]],
                 label_width: int, cell_width: float) -> Iterator[str]:
    row, top = MATRIX_ROW, MATRIX_TOP
    for j, name in enumerate(columns):  # column names slanted, so that long names do not overlap
        x = label_width + j * cell_width + cell_width / 2
        yield (f'<text transform="translate({x:.1f},{top - 6}) rotate(-30)" font-weight="bold">'
               f'{esc(_cut(name, 12))}<title>{esc(name)}</title></text>')
    for i, (name, href) in enumerate(rows):
        y = top + i * row
        yield _link(href, f'<text x="{label_width - 6}" y="{y + 16}" text-anchor="end">{esc(_cut(name, 22))}</text>')
        for j in range(len(columns)):
            if (i, j) not in cells:
                continue
            fraction, shown = cells[i, j]
            x = label_width + j * cell_width
            fill = f"hsl({120 * max(0.0, min(fraction, 1.0)):.0f},55%,62%)"
            yield (f'<rect class="mark" x="{x + 1:.1f}" y="{y + 1}" width="{cell_width - 2:.1f}" height="{row - 2}" '
                   f'fill="{fill}"><title>{esc(name)} · {esc(columns[j])}: {esc(shown)}</title></rect>'
                   f'<text x="{x + cell_width / 2:.1f}" y="{y + 16}" text-anchor="middle">{esc(shown)}</text>')


def line_chart(series: Sequence[tuple[str, Sequence[tuple[int, float]]]], label: str, y_label: str) -> str:
    """One line per series over years, with a legend of the series names."""
    if not series:
        return empty_chart("无数据")
    legend_rows = math.ceil(len(series) / 3)
    height, left, right, top, bottom = 260 + 18 * legend_rows, 60, 20, 14 + 18 * legend_rows, 34
    years = sorted({y for _, points in series for y, _ in points})
    values = [v for _, points in series for _, v in points]
    y_ticks = nice_ticks(min(values), max(values))
    px = lambda year: _scale(year, years[0], years[-1], left + 20, WIDTH - right - 20) if len(years) > 1 else WIDTH / 2
    py = lambda v: _scale(v, y_ticks[0], y_ticks[-1], height - bottom, top)
    parts = [_axes(left, top, WIDTH - right, height - bottom),
             f'<text x="{WIDTH - right}" y="{top - 4}" text-anchor="end" font-weight="bold">{esc(y_label)}</text>']
    for year in years:
        parts.append(f'<text x="{px(year):.1f}" y="{height - bottom + 16}" text-anchor="middle">{year}</text>')
    for t in y_ticks:
        parts.append(f'<text x="{left - 6}" y="{py(t) + 4:.1f}" text-anchor="end">{t:g}</text>')
    for i, (name, points) in enumerate(series):
        color = PALETTE[i % len(PALETTE)]
        path = " ".join(f"{'M' if k == 0 else 'L'}{px(y):.1f},{py(v):.1f}" for k, (y, v) in enumerate(points))
        parts.append(f'<path class="mark" d="{path}" fill="none" stroke="{color}" stroke-width="2">'
                     f'<title>{esc(name)}</title></path>')
        for y, v in points:
            parts.append(f'<circle cx="{px(y):.1f}" cy="{py(v):.1f}" r="3.5" fill="{color}">'
                         f'<title>{esc(name)} {y}: {v:g}</title></circle>')
        lx, ly = 8 + (i % 3) * 250, 14 + 18 * (i // 3)
        parts.append(f'<rect x="{lx}" y="{ly - 10}" width="12" height="12" fill="{color}"/>'
                     f'<text x="{lx + 16}" y="{ly}">{esc(_cut(name, 18))}</text>')
    return _svg(height, "".join(parts), label)


def bar_chart(bars: Sequence[Bar], label: str, label_width: int = 230) -> str:
    """:func:`bar_chart_parts`, joined."""
    return "".join(bar_chart_parts(bars, label, label_width))


def scatter_chart(points: Sequence[Point], label: str, x_label: str, y_label: str) -> str:
    """:func:`scatter_chart_parts`, joined."""
    return "".join(scatter_chart_parts(points, label, x_label, y_label))


def stacked_bar_chart(stacks: Sequence[Stack], series: Sequence[str], label: str, label_width: int = 230) -> str:
    """:func:`stacked_bar_chart_parts`, joined."""
    return "".join(stacked_bar_chart_parts(stacks, series, label, label_width))


def matrix_chart(rows: Sequence[tuple[str, str]], columns: Sequence[str],
                 cells: dict[tuple[int, int], tuple[float, str]], label: str, label_width: int = 230) -> str:
    """:func:`matrix_chart_parts`, joined."""
    return "".join(matrix_chart_parts(rows, columns, cells, label, label_width))
