"""Server-rendered SVG charts (no JavaScript): the Board's terms on a time axis."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from html import escape

WIDTH = 720
ROW = 26
LEFT = 200
TOP = 24


@dataclass(frozen=True)
class Term:
    label: str
    start: date
    end: date


def terms_chart(terms: Sequence[Term], today: date, title: str) -> str:
    """One bar per term from its first to its last day, a line at today; the SVG is an image
    with a title (the same facts are in the table beside it)."""
    if not terms:
        return ""
    first = min(min(t.start for t in terms), today)
    last = max(max(t.end for t in terms), today)
    span = max((last - first).days, 1)
    plot = WIDTH - LEFT - 16

    def x(day: date) -> float:
        return LEFT + plot * (day - first).days / span

    height = TOP + ROW * len(terms) + 8
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" aria-labelledby="terms-chart-title">',
        f'<title id="terms-chart-title">{escape(title)}</title>',
        f'<text x="{LEFT}" y="14" class="axis">{first.year}</text>',
        f'<text x="{WIDTH - 16}" y="14" class="axis" text-anchor="end">{last.year}</text>',
    ]
    for row, term in enumerate(terms):
        y = TOP + row * ROW
        start, end = x(term.start), x(term.end)
        parts.append(
            f'<text x="{LEFT - 8}" y="{y + 15}" text-anchor="end" class="label">'
            f"{escape(term.label)}</text>"
        )
        parts.append(
            f'<rect x="{start:.1f}" y="{y + 3}" width="{max(end - start, 2):.1f}" height="16" '
            f'rx="3" class="bar"><title>{escape(term.label)}: {term.start} – {term.end}</title>'
            "</rect>"
        )
    line = x(today)
    parts.append(
        f'<line x1="{line:.1f}" x2="{line:.1f}" y1="{TOP - 4}" y2="{height - 4}" class="today"/>'
    )
    parts.append("</svg>")
    return "".join(parts)
