"""Inline SVG charts with a text alternative. Every chart also has its numbers in a table."""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup
from markupsafe import escape as _escape

from omrade import plain

INK = "#1a1a1a"
DISTRICT = "#005a9c"
MUNICIPALITY = "#5c5c5c"


def escape(text: object) -> Markup:
    """Data in SVG: escaped, and control and bidi characters shown (``plain.visible``)."""
    return _escape(plain.visible(str(text)))


def line_chart(
    chart_id: str,
    title: str,
    description: str,
    years: Sequence[int],
    series: Sequence[tuple[str, Sequence[float | None], str, bool]],
) -> Markup:
    """A small line chart: series of (label, values per year, colour, dashed)."""
    width, height, pad_l, pad_r, pad_t, pad_b = 320, 170, 44, 12, 30, 34
    values = [v for _l, vs, _c, _d in series for v in vs if v is not None]
    lo, hi = (min(values), max(values)) if values else (0.0, 1.0)
    if hi == lo:
        lo, hi = lo - 1, hi + 1
    span = hi - lo
    lo, hi = lo - span * 0.1, hi + span * 0.1

    def x(i: int) -> float:
        n = max(len(years) - 1, 1)
        return pad_l + (width - pad_l - pad_r) * (i / n if len(years) > 1 else 0.5)

    def y(v: float) -> float:
        return pad_t + (height - pad_t - pad_b) * (1 - (v - lo) / (hi - lo))

    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-labelledby="{chart_id}-t {chart_id}-d" focusable="false">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
        f'<desc id="{chart_id}-d">{escape(description)}</desc>',
        f'<line x1="{pad_l}" y1="{height - pad_b}" x2="{width - pad_r}" y2="{height - pad_b}" '
        f'stroke="{INK}" stroke-width="1"/>',
        f'<text x="{pad_l - 4}" y="{y(hi - span * 0.1) + 4:.1f}" text-anchor="end" '
        f'font-size="11" fill="{INK}">{hi - span * 0.1:.4g}</text>',
        f'<text x="{pad_l - 4}" y="{y(lo + span * 0.1) + 4:.1f}" text-anchor="end" '
        f'font-size="11" fill="{INK}">{lo + span * 0.1:.4g}</text>',
    ]
    for i, year in enumerate(years):
        parts.append(
            f'<text x="{x(i):.1f}" y="{height - pad_b + 16}" text-anchor="middle" '
            f'font-size="11" fill="{INK}">{year}</text>'
        )
    legend_x = pad_l
    for label, _vals, colour, dashed in series:
        mark = (
            f'<rect x="{legend_x}" y="8" width="9" height="9" fill="{colour}"/>'
            if dashed
            else f'<circle cx="{legend_x + 4.5}" cy="12.5" r="4.5" fill="{colour}"/>'
        )
        parts.append(
            mark + f'<text x="{legend_x + 14}" y="17" font-size="12" fill="{INK}">'
            f"{escape(label)}</text>"
        )
        legend_x += 24 + 7 * len(label)
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
