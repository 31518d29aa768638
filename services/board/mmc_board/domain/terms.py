"""Board terms: a mayor serves for :data:`TERM_YEARS` years, first and last day included.

A term starting on 1 December 2026 ends on 30 November 2028; the next one starts on
1 December 2028. A term starting on 29 February ends, in a common year, on 28 February: its
anniversary is taken to be 1 March, so the term lasts the full two years.
"""

from __future__ import annotations

from datetime import date, timedelta

__all__ = ["TERM_YEARS", "add_years", "days_left", "next_term_start", "term_end"]

TERM_YEARS = 2
"""Length of a Board term in years ("Mayors are nominated ... to serve 2-year terms")."""


def add_years(day: date, years: int) -> date:
    """The same day ``years`` later; 29 February becomes 1 March in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February -> a common year
        return date(day.year + years, 3, 1)


def term_end(start: date) -> date:
    """The last day (included) of a term that starts on ``start``."""
    return add_years(start, TERM_YEARS) - timedelta(days=1)


def next_term_start(end: date) -> date:
    """The first day of the term that follows one ending on ``end``."""
    return end + timedelta(days=1)


def days_left(today: date, end: date) -> int:
    """Days from ``today`` to a term's last day ``end``: 0 on the last day, negative after it."""
    return (end - today).days
