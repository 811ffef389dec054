"""Inline SVG charts (no JavaScript, no network): lines over time, vertical and horizontal bars."""

from __future__ import annotations

from datetime import datetime
from html import escape

W, H = 560, 260
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 40
PALETTE = ("#4f46e5", "#0ea5e9", "#f59e0b", "#ef4444", "#10b981", "#a855f7")


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    magnitude = 10 ** (len(str(int(value))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return value


def _fmt(value: float) -> str:
    if abs(value) >= 10_000:
        return f"{value / 1000:.0f}k"
    if abs(value) >= 1000:
        return f"{value / 1000:.1f}k"
    return f"{value:g}" if value == int(value) else f"{value:.2f}"


def _frame(body: str, label: str) -> str:
    return (
        f'<svg class="chart" viewBox="0 0 {W} {H}" role="img" aria-label="{escape(label)}" '
        f'xmlns="http://www.w3.org/2000/svg">{body}</svg>'
    )


def empty(label: str, message: str) -> str:
    body = (
        f'<rect x="1" y="1" width="{W - 2}" height="{H - 2}" rx="8" class="empty-box"/>'
        f'<text x="{W / 2}" y="{H / 2}" text-anchor="middle" class="empty">{escape(message)}</text>'
    )
    return _frame(body, label)


def _grid(top_value: float, low: float = 0.0) -> str:
    parts = []
    for k in range(5):
        value = low + (top_value - low) * k / 4
        y = TOP + (H - TOP - BOTTOM) * (1 - k / 4)
        parts.append(
            f'<line x1="{LEFT}" x2="{W - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" class="gridline"/>'
            f'<text x="{LEFT - 8}" y="{y + 4:.1f}" text-anchor="end" class="tick">'
            f"{_fmt(value)}</text>"
        )
    return "".join(parts)


def _legend(names: list[tuple[str, str]]) -> str:
    parts, x = [], LEFT
    for name, color in names:
        parts.append(
            f'<rect x="{x}" y="{H - 14}" width="10" height="10" rx="2" fill="{color}"/>'
            f'<text x="{x + 14}" y="{H - 5}" class="legend">{escape(name)}</text>'
        )
        x += 24 + 7 * len(name)
    return "".join(parts)


def time_ticks(first: datetime, last: datetime) -> list[tuple[datetime, str, str]]:
    """Axis labels: dates for spans of days; within one day, the date once and times (UTC)."""
    if first == last:
        return [(first, "middle", f"{first:%b %d, %H:%M} UTC")]
    if first.date() == last.date():
        return [(first, "start", f"{first:%b %d, %H:%M}"), (last, "end", f"{last:%H:%M} UTC")]
    if first.year != last.year:
        return [(first, "start", f"{first:%b %d, %Y}"), (last, "end", f"{last:%b %d, %Y}")]
    return [(first, "start", f"{first:%b %d}"), (last, "end", f"{last:%b %d}")]


def line_chart(series: list[dict], label: str, *, area: bool = False, empty_text: str) -> str:
    """``series``: [{"name", "points": [(datetime, value)]}]; x is time."""
    points = [p for s in series for p in s["points"]]
    if not points:
        return empty(label, empty_text)
    xs = [p[0].timestamp() for p in points]
    x0, x1 = min(xs), max(xs)
    low = min(0.0, min(p[1] for p in points))
    high = _nice_max(max(p[1] for p in points))
    span_x = (x1 - x0) or 1.0
    inner_w, inner_h = W - LEFT - RIGHT, H - TOP - BOTTOM

    def xy(moment: datetime, value: float) -> tuple[float, float]:
        x = LEFT + inner_w * ((moment.timestamp() - x0) / span_x if x1 > x0 else 0.5)
        y = TOP + inner_h * (1 - (value - low) / ((high - low) or 1))
        return x, y

    body = [_grid(high, low)]
    first, last = min(p[0] for p in points), max(p[0] for p in points)
    for moment, anchor, text in time_ticks(first, last):
        x, _ = xy(moment, 0)
        body.append(
            f'<text x="{x:.1f}" y="{H - BOTTOM + 16}" text-anchor="{anchor}" class="tick">'
            f"{escape(text)}</text>"
        )
    legend = []
    for k, serie in enumerate(series):
        color = serie.get("color") or PALETTE[k % len(PALETTE)]
        legend.append((serie["name"], color))
        coords = [xy(m, v) for m, v in sorted(serie["points"])]
        if not coords:
            continue
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
        if area and len(coords) > 1:
            base = TOP + inner_h
            body.append(
                f'<polygon points="{coords[0][0]:.1f},{base} {path} {coords[-1][0]:.1f},{base}" '
                f'fill="{color}" opacity="0.12"/>'
            )
        body.append(f'<polyline points="{path}" fill="none" stroke="{color}" class="line"/>')
        for (x, y), (moment, value) in zip(coords, sorted(serie["points"])):
            body.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{color}"><title>'
                f"{escape(serie['name'])}: {_fmt(value)} ({moment:%Y-%m-%d %H:%M})</title></circle>"
            )
    body.append(_legend(legend))
    return _frame("".join(body), label)


def bar_chart(items: list[tuple[str, float]], label: str, *, color: str, empty_text: str) -> str:
    if not items or not any(v for _, v in items):
        return empty(label, empty_text)
    high = _nice_max(max(v for _, v in items))
    inner_w, inner_h = W - LEFT - RIGHT, H - TOP - BOTTOM
    slot = inner_w / len(items)
    bar = min(48.0, slot * 0.7)
    body = [_grid(high)]
    for k, (name, value) in enumerate(items):
        h = inner_h * value / high
        x = LEFT + slot * k + (slot - bar) / 2
        body.append(
            f'<rect x="{x:.1f}" y="{TOP + inner_h - h:.1f}" width="{bar:.1f}" height="{h:.1f}" '
            f'rx="3" fill="{color}"><title>{escape(name)}: {_fmt(value)}</title></rect>'
        )
        if len(items) <= 12 or k % (len(items) // 12 + 1) == 0:
            body.append(
                f'<text x="{x + bar / 2:.1f}" y="{H - BOTTOM + 16}" text-anchor="middle" '
                f'class="tick">{escape(name)}</text>'
            )
    return _frame("".join(body), label)


def hbar_chart(items: list[tuple[str, float]], label: str, *, empty_text: str) -> str:
    if not items:
        return empty(label, empty_text)
    high = max(v for _, v in items) or 1
    row = min(34.0, (H - 20) / len(items))
    name_w = 190
    body = []
    for k, (name, value) in enumerate(items):
        y = 10 + row * k
        width = (W - name_w - 70) * value / high
        color = PALETTE[k % len(PALETTE)]
        body.append(
            f'<text x="{name_w - 10}" y="{y + row / 2 + 4:.1f}" text-anchor="end" class="tick">'
            f"{escape(name)}</text>"
            f'<rect x="{name_w}" y="{y + 4:.1f}" width="{max(width, 2):.1f}" height="{row - 8:.1f}"'
            f' rx="3" fill="{color}"><title>{escape(name)}: {_fmt(value)}</title></rect>'
            f'<text x="{name_w + width + 8:.1f}" y="{y + row / 2 + 4:.1f}" class="value">'
            f"{_fmt(value)}</text>"
        )
    return _frame("".join(body), label)
