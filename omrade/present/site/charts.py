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
    # 280 wide and 14 px text: drawn at its own size wherever a card is 280 px or wider,
    # and never below 13 px on a 320 px phone (text that scales with the picture is
    # unreadable on a phone and shouts on a desktop)
    width, pad_l, pad_r, font = 280, 52, 10, 14
    if len(years) == 1:
        return _single_year(chart_id, title, description, years[0], series, tick, target)
    legend = [
        (label, colour, "dashed" if dashed else "solid") for label, _v, colour, dashed in series
    ]
    if target is not None:
        legend.append((target[1], TARGET, "target"))
    placed: list[tuple[str, str, str, float, int]] = []  # the legend in rows that fit
    legend_x, legend_row = 0.0, 0
    for label, colour, kind in legend:
        item_w = 20 + 8.8 * len(label)  # the mark, and the label at about 8.8 px a letter
        if legend_x and legend_x + item_w > width:
            legend_x, legend_row = 0.0, legend_row + 1
        placed.append((label, colour, kind, legend_x, legend_row))
        legend_x += item_w + 14
    legend_h = 20 * (legend_row + 1) + 4
    pad_t = legend_h + (30 if axis_label else 10)  # the axis label, then the top tick's
    height, pad_b = pad_t + 150, 30
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
            f'<text x="0" y="{legend_h + 14}" font-size="{font}" fill="{INK}">'
            f"{escape(axis_label)}</text>"
        )
    for value in ticks:
        parts.append(
            f'<line x1="{pad_l}" y1="{y(value):.1f}" x2="{width - pad_r}" y2="{y(value):.1f}" '
            f'stroke="{GRID}" stroke-width="1"/>'
            f'<text x="{pad_l - 6}" y="{y(value) + 5:.1f}" text-anchor="end" '
            f'font-size="{font}" fill="{INK}">{escape(tick(value))}</text>'
        )
    parts.append(
        f'<line x1="{pad_l}" y1="{height - pad_b}" x2="{width - pad_r}" y2="{height - pad_b}" '
        f'stroke="{INK}" stroke-width="1"/>'
    )
    # every year that has room for its label (a year is about 40 px at 14 px)
    room = (width - pad_l - pad_r - 20) / max(len(years) - 1, 1)
    every = max(1, math.ceil(40 / room)) if len(years) > 1 else 1
    for i, year in enumerate(years):
        if i % every and i != len(years) - 1:
            continue
        parts.append(
            f'<text x="{x(i):.1f}" y="{height - pad_b + 19}" text-anchor="middle" '
            f'font-size="{font}" fill="{INK}">{year}</text>'
        )
    for label, colour, kind, lx, row in placed:
        ly = 14 + 20 * row
        if kind == "target":
            mark = (
                f'<line x1="{lx}" y1="{ly - 5}" x2="{lx + 14}" y2="{ly - 5}" '
                f'stroke="{colour}" stroke-width="2" stroke-dasharray="2 2"/>'
            )
        elif kind == "dashed":
            mark = f'<rect x="{lx + 2}" y="{ly - 10}" width="10" height="10" fill="{colour}"/>'
        else:
            mark = f'<circle cx="{lx + 7}" cy="{ly - 5}" r="5" fill="{colour}"/>'
        parts.append(
            mark + f'<text x="{lx + 19}" y="{ly}" font-size="{font}" fill="{INK}">'
            f"{escape(label)}</text>"
        )
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
    width, height = 280, 30 + 30 * len(rows)
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-labelledby="{chart_id}-t {chart_id}-d" focusable="false">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
        f'<desc id="{chart_id}-d">{escape(description)}</desc>',
        f'<text x="0" y="14" font-size="14" fill="{INK}">{year}</text>',
    ]
    for i, (label, value, colour) in enumerate(rows):
        ty = 40 + 30 * i
        parts.append(
            f'<rect x="0" y="{ty - 14}" width="6" height="18" fill="{colour}"/>'
            f'<text x="14" y="{ty}" font-size="14" fill="{INK}">{escape(label)}</text>'
            f'<text x="{width - 4}" y="{ty}" text-anchor="end" font-size="18" '
            f'font-weight="700" fill="{INK}">{escape(tick(value))}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def bar_chart(
    chart_id: str, title: str, description: str, bars: Sequence[tuple[str, float, str]]
) -> Markup:
    """Horizontal bars: (label, value, value as text), in HTML rather than SVG so that the
    labels and amounts are the page's text at the body's size at every width (a picture
    that scales with the window makes 8 px text on a phone and 28 px on a desktop). On a
    narrow screen each label goes above its bar (the stylesheet's ``.bars``). It is one
    image to assistive technology, named by its title and described by its figures."""
    top = max((v for _l, v, _t in bars), default=1) or 1
    parts = [
        f'<div class="bars" id="{chart_id}" role="img" aria-labelledby="{chart_id}-t" '
        f'aria-describedby="{chart_id}-d">',
        f'<span id="{chart_id}-t" hidden>{escape(title)}</span>',
        f'<span id="{chart_id}-d" hidden>{escape(description)}</span>',
    ]
    for label, value, text in bars:
        share = max(value, 0) / top
        parts.append(
            f'<div class="bar-row"><span class="bar-label">{escape(label)}</span>'
            f'<span class="bar-track"><span class="bar" style="--share: {share:.4f}"></span>'
            f'<span class="bar-value">{escape(text)}</span></span></div>'
        )
    parts.append("</div>")
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
    width, label_w, row = 280, 116, 34  # drawn at its size from a 280 px card up
    bar_w = width - label_w - 4
    height = row * (len(bars) + (1 if need else 0)) + (18 if need else 0) + 4
    parts = [
        f'<svg class="chart summary" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-labelledby="{chart_id}-t {chart_id}-d" '
        f'focusable="false">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
        f'<desc id="{chart_id}-d">{escape(description)}</desc>',
    ]
    y = 4
    for label, segments in bars:
        parts.append(f'<text x="0" y="{y + 17}" font-size="14" fill="{INK}">{escape(label)}</text>')
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
                    f'font-size="14" font-weight="700" fill="{ink}">'
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
            f'<text x="0" y="{y + 17}" font-size="14" fill="{INK}">{escape(label)}</text>'
            f'<rect x="{label_w}" y="{y + 6}" width="{nx(value) - label_w:.1f}" height="12" '
            f'fill="{DISTRICT}"/>'
            f'<line x1="{nx(1):.1f}" y1="{y}" x2="{nx(1):.1f}" y2="{y + 26}" stroke="{INK}" '
            f'stroke-width="2" stroke-dasharray="3 2"/>'
            f'<text x="{max(nx(value), nx(1)) + 5:.1f}" y="{y + 17}" font-size="14" '
            f'font-weight="700" fill="{INK}">{escape(text)}</text>'
            f'<text x="{nx(1):.1f}" y="{y + 42}" text-anchor="middle" font-size="13.5" '
            f'fill="{INK}">{escape(municipality)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))
