"""When to try a failed delivery again, and when to stop. Pure.

Exponential: `initial`, 2×, 4×, ... capped at `maximum`; a delivery is retried while its first
attempt is less than `retry_for` old, then parked. With the defaults (5 s doubling to 1 h, for a
day) that is about 33 attempts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class Backoff:
    initial: timedelta
    maximum: timedelta
    retry_for: timedelta

    def delay(self, failures: int) -> timedelta:
        """The wait after the `failures`-th failed attempt (1 for the first)."""
        if failures < 1:
            raise ValueError("failures counts from 1")
        exponent = min(failures - 1, 40)  # 2**40 × anything exceeds any sane maximum
        delay: timedelta = self.initial * (2**exponent)
        return min(delay, self.maximum)

    def next_attempt(self, first: datetime, now: datetime, failures: int) -> datetime | None:
        """When to try again, or None when the next try would fall past the retry window."""
        at = now + self.delay(failures)
        return at if at - first <= self.retry_for else None

    def schedule(self) -> list[timedelta]:
        """Every wait of a delivery that always fails, from its first attempt (for the docs
        and the tests): the attempts are at their running sums."""
        waits: list[timedelta] = []
        elapsed = timedelta(0)
        while True:
            wait = self.delay(len(waits) + 1)
            if elapsed + wait > self.retry_for:
                return waits
            waits.append(wait)
            elapsed += wait
