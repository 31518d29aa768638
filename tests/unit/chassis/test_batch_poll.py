"""A batch subscription's poll: records at once, and no sleep after an empty poll that waited."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from mmc_chassis.batch_poll import BATCH_POLL_MS, poll_at_once


class Consumer:
    """Answers `getmany` as told: records at once, nothing after the whole wait, or nothing
    at once (as aiokafka does while its partitions are being reassigned)."""

    def __init__(self, answer: dict[str, list[str]], wait: bool = False) -> None:
        self.answer, self.wait = answer, wait
        self.asked: list[tuple[int, int]] = []

    async def getmany(self, *, timeout_ms: int, max_records: int) -> dict[str, list[str]]:
        self.asked.append((timeout_ms, max_records))
        if self.wait:
            await asyncio.sleep(timeout_ms / 1000)
        return self.answer


class Subscriber:
    get_msg: Any


class Sleeps(list[float]):
    """The seconds the poll sleeps after `getmany`, recorded instead of slept."""

    async def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture
def slept() -> Sleeps:
    return Sleeps()


def subscriber(slept: Sleeps) -> Subscriber:
    target = Subscriber()
    poll_at_once(target, max_records=500, sleep=slept)
    return target


async def test_records_come_at_once_in_partition_order(slept: Sleeps) -> None:
    consumer = Consumer({"p0": ["a", "b"], "p1": ["c"]})
    assert await subscriber(slept).get_msg(consumer) == ("a", "b", "c")
    assert consumer.asked == [(BATCH_POLL_MS, 500)]
    assert slept == []


async def test_an_empty_poll_that_waited_its_time_is_not_followed_by_a_sleep(
    slept: Sleeps,
) -> None:
    assert await subscriber(slept).get_msg(Consumer({}, wait=True)) == ()
    assert len(slept) == 1
    assert slept[0] < 0.05  # what is left of the poll's time: nothing, give or take the clock


async def test_an_empty_poll_that_returned_at_once_sleeps_the_rest_of_its_time(
    slept: Sleeps,
) -> None:
    assert await subscriber(slept).get_msg(Consumer({})) == ()
    assert len(slept) == 1
    assert BATCH_POLL_MS / 1000 - 0.05 < slept[0] <= BATCH_POLL_MS / 1000  # no busy loop
