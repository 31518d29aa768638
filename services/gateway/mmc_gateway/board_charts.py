"""Server-rendered SVG (no JavaScript): who held which Board seat when, one row per seat.

Every term of every membership is a bar on its seat's row from its first to its last day, with
the mayor's city written on it and in its tooltip; a line marks the day shown. The same facts
are in the table beside the chart (the SVG is an image with a title for assistive technology).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from html import escape

WIDTH = 960
ROW = 30
LEFT = 70
TOP = 28
RIGHT = 16


@dataclass(frozen=True)
class SeatTerm:
    seat: int
    mayor: str
    city: str
    start: date
    end: date


def seats_chart(terms: Sequence[SeatTerm], today: date, title: str, seat_label: str) -> str:
    """The seats timeline; "" when nobody has ever held a seat."""
    if not terms:
        return ""
    seats = sorted({t.seat for t in terms})
    first = min(min(t.start for t in terms), today)
    last = max(max(t.end for t in terms), today)
    span = max((last - first).days, 1)
    plot = WIDTH - LEFT - RIGHT

    def x(day: date) -> float:
        return LEFT + plot * (day - first).days / span

    height = TOP + ROW * len(seats) + 8
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart seats" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" aria-labelledby="seats-chart-title">',
        f'<title id="seats-chart-title">{escape(title)}</title>',
    ]
    for year in range(first.year + 1, last.year + 1):
        at = x(date(year, 1, 1))
        parts.append(
            f'<line x1="{at:.1f}" x2="{at:.1f}" y1="{TOP - 6}" y2="{height - 4}" class="year"/>'
            f'<text x="{at:.1f}" y="16" class="axis" text-anchor="middle">{year}</text>'
        )
    for row, seat in enumerate(seats):
        y = TOP + row * ROW
        parts.append(
            f'<text x="{LEFT - 8}" y="{y + 17}" text-anchor="end" class="label">'
            f"{escape(seat_label)} {seat}</text>"
        )
        for index, term in enumerate(t for t in terms if t.seat == seat):
            start, end = x(term.start), x(term.end)
            width = max(end - start, 2)
            tip = f"{term.mayor} ({term.city}): {term.start} – {term.end}"
            parts.append(
                f'<g><title>{escape(tip)}</title><rect x="{start:.1f}" y="{y + 3}" '
                f'width="{width:.1f}" height="20" rx="3" class="bar bar-{index % 2}"/>'
            )
            if width > 8 * len(term.city):
                parts.append(
                    f'<text x="{start + 4:.1f}" y="{y + 17}" class="on-bar">'
                    f"{escape(term.city)}</text>"
                )
            parts.append("</g>")
    line = x(today)
    parts.append(
        f'<line x1="{line:.1f}" x2="{line:.1f}" y1="{TOP - 6}" y2="{height - 4}" class="today"/>'
    )
    parts.append("</svg>")
    return "".join(parts)
