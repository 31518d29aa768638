"""Terms: two years, both days included; 29 February handled."""

from __future__ import annotations

from datetime import date

import pytest

from mmc_board.domain.terms import TERM_YEARS, add_years, days_left, next_term_start, term_end


def test_terms_last_two_years() -> None:
    assert TERM_YEARS == 2


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (date(2018, 12, 1), date(2020, 11, 30)),
        (date(2026, 1, 1), date(2027, 12, 31)),
        (date(2026, 3, 15), date(2028, 3, 14)),
        # a term starting on 29 February: the anniversary in a common year is 1 March
        (date(2024, 2, 29), date(2026, 2, 28)),
        # ending in a leap year's February
        (date(2022, 3, 1), date(2024, 2, 29)),
        (date(2023, 3, 1), date(2025, 2, 28)),
        (date(2026, 2, 28), date(2028, 2, 27)),
    ],
)
def test_term_end(start: date, end: date) -> None:
    assert term_end(start) == end


def test_consecutive_terms_leave_no_gap() -> None:
    start = date(2024, 2, 29)
    for _ in range(5):
        end = term_end(start)
        assert end > start
        start = next_term_start(end)
    assert start == date(2034, 3, 1)


def test_add_years() -> None:
    assert add_years(date(2024, 2, 29), 4) == date(2028, 2, 29)
    assert add_years(date(2024, 2, 29), 1) == date(2025, 3, 1)
    assert add_years(date(2025, 7, 4), 2) == date(2027, 7, 4)


def test_days_left() -> None:
    end = date(2028, 11, 30)
    assert days_left(date(2028, 11, 30), end) == 0
    assert days_left(date(2028, 10, 1), end) == 60
    assert days_left(date(2028, 12, 2), end) == -2
