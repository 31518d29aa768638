"""A server-rendered SVG bar chart (no JavaScript) for summed amplification: one bar per
campaign, material or channel; the same figures are in the table beside it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

WIDTH = 720
ROW = 26
LEFT = 240
TOP = 8


@dataclass(frozen=True)
class Bar:
    label: str
    value: int


def bars_chart(bars: Sequence[Bar], title: str) -> str:
    """Horizontal bars scaled to the largest value; empty when there is nothing to show."""
    if not bars:
        return ""
    most = max(max(bar.value for bar in bars), 1)
    plot = WIDTH - LEFT - 90
    height = TOP + ROW * len(bars) + 8
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" aria-labelledby="bars-chart-title">',
        f'<title id="bars-chart-title">{escape(title)}</title>',
    ]
    for row, bar in enumerate(bars):
        y = TOP + row * ROW
        width = max(plot * bar.value / most, 1)
        label = bar.label if len(bar.label) <= 32 else bar.label[:31] + "…"
        parts.append(
            f'<text x="{LEFT - 8}" y="{y + 15}" text-anchor="end" class="label">'
            f"{escape(label)}</text>"
        )
        parts.append(
            f'<rect x="{LEFT}" y="{y + 3}" width="{width:.1f}" height="16" rx="3" class="bar">'
            f"<title>{escape(bar.label)}: {bar.value}</title></rect>"
        )
        parts.append(
            f'<text x="{LEFT + width + 6:.1f}" y="{y + 15}" class="label">{bar.value}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
