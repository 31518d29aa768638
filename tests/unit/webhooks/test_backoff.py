"""The retry schedule: exponential, capped, within the retry window."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from mmc_webhooks.domain.backoff import Backoff

DAY = Backoff(timedelta(seconds=5), timedelta(hours=1), timedelta(days=1))
T0 = datetime(2026, 12, 2, 1, 0, tzinfo=UTC)


def test_delays_double_from_the_first_and_stop_at_the_maximum() -> None:
    assert [DAY.delay(n).total_seconds() for n in range(1, 12)] == [
        5,
        10,
        20,
        40,
        80,
        160,
        320,
        640,
        1280,
        2560,
        3600,
    ]
    assert DAY.delay(500) == timedelta(hours=1)
    with pytest.raises(ValueError, match="from 1"):
        DAY.delay(0)


def test_the_default_schedule_retries_for_a_day_and_no_longer() -> None:
    waits = DAY.schedule()
    total = sum(waits, timedelta(0))
    print(f"\n{len(waits)} retries over {total}")
    assert timedelta(hours=23) < total <= timedelta(days=1)
    assert len(waits) == 32  # 33 attempts in all


def test_next_attempt_is_none_once_the_window_would_close() -> None:
    assert DAY.next_attempt(T0, T0, 1) == T0 + timedelta(seconds=5)
    late = T0 + timedelta(hours=23, minutes=30)
    assert DAY.next_attempt(T0, late, 20) is None
    assert DAY.next_attempt(T0, T0 + timedelta(hours=22), 20) == T0 + timedelta(hours=23)
