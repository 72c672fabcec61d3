"""Inline SVG charts with a text alternative. Every chart also has its numbers in a table."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from markupsafe import Markup
from markupsafe import escape as _escape

from omrade.present import plain

INK = "#1a1a1a"
DISTRICT = "#005a9c"
MUNICIPALITY = "#5c5c5c"
TARGET = "#8a3b00"
GRID = "#d6d6d6"


def escape(text: object) -> Markup:
    """Data in SVG: escaped, and control and bidi characters shown (``plain.visible``)."""
    return _escape(plain.visible(str(text)))


def nice_ticks(lo: float, hi: float, count: int = 4) -> list[float]:
    """Round tick values (1, 2, 2.5 or 5 times a power of ten) covering lo..hi."""
    if hi <= lo:
        lo, hi = lo - 1, hi + 1
    raw = (hi - lo) / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    first = math.floor(lo / step) * step
    ticks = []
    value = first
    while value < hi + step * 0.999:
        ticks.append(round(value, 10))
        value += step
    return ticks


def line_chart(
    chart_id: str,
    title: str,
    description: str,
    years: Sequence[int],
    series: Sequence[tuple[str, Sequence[float | None], str, bool]],
    *,
    axis_label: str = "",
    tick: Callable[[float], str] = lambda v: f"{v:g}",
    target: tuple[float, str] | None = None,
) -> Markup:
    """A line chart: series of (label, values per year, colour, dashed), the title above,
    the y axis labelled with its unit and ticked in the page's number format, gridlines,
    and a target line (value, label) when the programme has one. One year is no line: it
    is shown as its values in words."""
    width, pad_l, pad_r = 360, 58, 14
    title_h, legend_h = 0, 20  # the title is the figure's caption, above the chart
    pad_t = title_h + legend_h + (16 if axis_label else 4)
    if len(years) == 1:
        return _single_year(chart_id, title, description, years[0], series, tick, target)
    height, pad_b = pad_t + 150, 28
    values = [v for _l, vs, _c, _d in series for v in vs if v is not None]
    if target is not None:
        values.append(target[0])
    lo, hi = (min(values), max(values)) if values else (0.0, 1.0)
    ticks = nice_ticks(lo, hi)
    lo, hi = ticks[0], ticks[-1]

    def x(i: int) -> float:
        n = max(len(years) - 1, 1)
        return pad_l + 10 + (width - pad_l - pad_r - 20) * i / n

    def y(v: float) -> float:
        return pad_t + (height - pad_t - pad_b) * (1 - (v - lo) / (hi - lo))

    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-labelledby="{chart_id}-t {chart_id}-d" focusable="false">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
        f'<desc id="{chart_id}-d">{escape(description)}</desc>',
    ]
    if axis_label:
        parts.append(
            f'<text x="0" y="{pad_t - 8}" font-size="12" fill="{INK}">{escape(axis_label)}</text>'
        )
    for value in ticks:
        parts.append(
            f'<line x1="{pad_l}" y1="{y(value):.1f}" x2="{width - pad_r}" y2="{y(value):.1f}" '
            f'stroke="{GRID}" stroke-width="1"/>'
            f'<text x="{pad_l - 6}" y="{y(value) + 4:.1f}" text-anchor="end" font-size="12" '
            f'fill="{INK}">{escape(tick(value))}</text>'
        )
    parts.append(
        f'<line x1="{pad_l}" y1="{height - pad_b}" x2="{width - pad_r}" y2="{height - pad_b}" '
        f'stroke="{INK}" stroke-width="1"/>'
    )
    for i, year in enumerate(years):
        parts.append(
            f'<text x="{x(i):.1f}" y="{height - pad_b + 17}" text-anchor="middle" '
            f'font-size="12" fill="{INK}">{year}</text>'
        )
    legend_x = 0.0
    legend = [
        (label, colour, "dashed" if dashed else "solid") for label, _v, colour, dashed in series
    ]
    if target is not None:
        legend.append((target[1], TARGET, "target"))
    for label, colour, kind in legend:
        ly = title_h + 12
        if kind == "target":
            mark = (
                f'<line x1="{legend_x}" y1="{ly - 4}" x2="{legend_x + 14}" y2="{ly - 4}" '
                f'stroke="{colour}" stroke-width="2" stroke-dasharray="2 2"/>'
            )
        elif kind == "dashed":
            mark = f'<rect x="{legend_x + 2}" y="{ly - 9}" width="9" height="9" fill="{colour}"/>'
        else:
            mark = f'<circle cx="{legend_x + 6.5}" cy="{ly - 4.5}" r="4.5" fill="{colour}"/>'
        parts.append(
            mark + f'<text x="{legend_x + 18}" y="{ly}" font-size="12" fill="{INK}">'
            f"{escape(label)}</text>"
        )
        legend_x += 34 + 7.5 * len(label)
    if target is not None:
        parts.append(
            f'<line x1="{pad_l}" y1="{y(target[0]):.1f}" x2="{width - pad_r}" '
            f'y2="{y(target[0]):.1f}" stroke="{TARGET}" stroke-width="2" '
            f'stroke-dasharray="2 2"/>'
        )
    for _label, vals, colour, dashed in series:
        points = [(x(i), y(v)) for i, v in enumerate(vals) if v is not None]
        if len(points) > 1:
            dash = ' stroke-dasharray="5 4"' if dashed else ""
            path = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
            parts.append(
                f'<polyline points="{path}" fill="none" stroke="{colour}" '
                f'stroke-width="2.5"{dash}/>'
            )
        for px, py in points:
            shape = (
                f'<rect x="{px - 3.5:.1f}" y="{py - 3.5:.1f}" width="7" height="7" '
                f'fill="{colour}"/>'
                if dashed
                else f'<circle cx="{px:.1f}" cy="{py:.1f}" r="4" fill="{colour}"/>'
            )
            parts.append(shape)
    parts.append("</svg>")
    return Markup("".join(parts))


def _single_year(
    chart_id: str,
    title: str,
    description: str,
    year: int,
    series: Sequence[tuple[str, Sequence[float | None], str, bool]],
    tick: Callable[[float], str],
    target: tuple[float, str] | None,
) -> Markup:
    """One year of values: the figures, large, under the title — no lone dot."""
    rows = [(label, vals[0], colour) for label, vals, colour, _d in series if vals[0] is not None]
    if target is not None:
        rows.append((target[1], target[0], TARGET))
    width, height = 300, 30 + 30 * len(rows)
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-labelledby="{chart_id}-t {chart_id}-d" focusable="false">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
        f'<desc id="{chart_id}-d">{escape(description)}</desc>',
        f'<text x="0" y="14" font-size="13" fill="{INK}">{year}</text>',
    ]
    for i, (label, value, colour) in enumerate(rows):
        ty = 40 + 30 * i
        parts.append(
            f'<rect x="0" y="{ty - 14}" width="6" height="18" fill="{colour}"/>'
            f'<text x="14" y="{ty}" font-size="13" fill="{INK}">{escape(label)}</text>'
            f'<text x="{width - 4}" y="{ty}" text-anchor="end" font-size="18" '
            f'font-weight="700" fill="{INK}">{escape(tick(value))}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def bar_chart(
    chart_id: str, title: str, description: str, bars: Sequence[tuple[str, float, str]]
) -> Markup:
    """Horizontal bars: (label, value, value as text)."""
    row, label_w, width = 30, 150, 520
    height = row * len(bars) + 10
    top = max((v for _l, v, _t in bars), default=1) or 1
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-labelledby="{chart_id}-t {chart_id}-d" focusable="false" '
        f'preserveAspectRatio="xMinYMin meet">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
        f'<desc id="{chart_id}-d">{escape(description)}</desc>',
    ]
    for i, (label, value, text) in enumerate(bars):
        y = 5 + i * row
        bar = (width - label_w - 110) * value / top
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 18}" text-anchor="end" font-size="13" '
            f'fill="{INK}">{escape(label)}</text>'
        )
        parts.append(
            f'<rect x="{label_w}" y="{y + 4}" width="{bar:.1f}" height="20" fill="{DISTRICT}"/>'
        )
        parts.append(
            f'<text x="{label_w + bar + 6:.1f}" y="{y + 18}" font-size="13" '
            f'fill="{INK}">{escape(text)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


# The colours of statuses and ratings in the overview's stacked bars. Each segment also
# carries its symbol (as the badges do) and the legend beneath says it in words.
SEGMENT = {
    "done": ("#1d6b2f", "#ffffff"),
    "ongoing": ("#0b4f8a", "#ffffff"),
    "not_started": ("#8c8c8c", "#000000"),
    "delayed": ("#b35900", "#ffffff"),
    "cancelled": ("#4a4a4a", "#ffffff"),
    "missing": ("#a4161a", "#ffffff"),
    "green": ("#1d6b2f", "#ffffff"),
    "yellow": ("#e3b505", "#000000"),
    "red": ("#a4161a", "#ffffff"),
    "not_assessed": ("#8c8c8c", "#000000"),
}


def district_summary(
    chart_id: str,
    title: str,
    description: str,
    bars: Sequence[tuple[str, Sequence[tuple[str, int, str]]]],
    need: tuple[str, float, str, str] | None,
) -> Markup:
    """A district at a glance: stacked bars (label, [(key, count, symbol)]) of the plan's
    statuses and ratings, and the need index against the municipality's 1 (label, value,
    value as text, the municipality's label)."""
    width, label_w, row = 320, 112, 34
    bar_w = width - label_w - 4
    height = row * (len(bars) + (1 if need else 0)) + (14 if need else 0) + 4
    parts = [
        f'<svg class="chart summary" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-labelledby="{chart_id}-t {chart_id}-d" '
        f'focusable="false">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
        f'<desc id="{chart_id}-d">{escape(description)}</desc>',
    ]
    y = 4
    for label, segments in bars:
        parts.append(f'<text x="0" y="{y + 17}" font-size="13" fill="{INK}">{escape(label)}</text>')
        total = sum(count for _k, count, _s in segments) or 1
        x = float(label_w)
        for key, count, symbol in segments:
            w = bar_w * count / total
            fill, ink = SEGMENT.get(key, (MUNICIPALITY, "#ffffff"))
            parts.append(
                f'<rect x="{x:.1f}" y="{y}" width="{max(w - 2, 1):.1f}" height="24" fill="{fill}"/>'
            )
            if w >= 30:
                parts.append(
                    f'<text x="{x + (w - 2) / 2:.1f}" y="{y + 17}" text-anchor="middle" '
                    f'font-size="13" font-weight="700" fill="{ink}">'
                    f"{escape(symbol)} {count}</text>"
                )
            x += w
        y += row
    if need:
        label, value, text, municipality = need
        top = max(2.0, value) * 1.3  # room for the value after the bar

        def nx(v: float) -> float:
            return label_w + bar_w * v / top

        parts.append(
            f'<text x="0" y="{y + 17}" font-size="13" fill="{INK}">{escape(label)}</text>'
            f'<rect x="{label_w}" y="{y + 6}" width="{nx(value) - label_w:.1f}" height="12" '
            f'fill="{DISTRICT}"/>'
            f'<line x1="{nx(1):.1f}" y1="{y}" x2="{nx(1):.1f}" y2="{y + 26}" stroke="{INK}" '
            f'stroke-width="2" stroke-dasharray="3 2"/>'
            f'<text x="{max(nx(value), nx(1)) + 5:.1f}" y="{y + 17}" font-size="12" '
            f'font-weight="700" fill="{INK}">{escape(text)}</text>'
            f'<text x="{nx(1):.1f}" y="{y + 40}" text-anchor="middle" font-size="11" '
            f'fill="{INK}">{escape(municipality)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))
