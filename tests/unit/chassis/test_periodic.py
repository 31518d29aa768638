"""The periodic-task helper: a pass at start and then every interval, a failing pass logged and
tried again, and a stop that lets the pass in hand finish."""

from __future__ import annotations

import asyncio
import logging

import pytest

from mmc_chassis.periodic import PeriodicTask


async def test_a_failing_pass_is_logged_and_the_loop_goes_on(
    caplog: pytest.LogCaptureFixture,
) -> None:
    calls: list[int] = []
    third = asyncio.Event()

    async def tick() -> None:
        calls.append(len(calls))
        if len(calls) == 3:
            third.set()
        if len(calls) == 1:
            raise RuntimeError("the database is away")

    task = PeriodicTask("test-pass", tick, interval_seconds=0.01)
    with caplog.at_level(logging.ERROR, logger="mmc.periodic"):
        task.start()
        task.start()  # a second start changes nothing
        await asyncio.wait_for(third.wait(), 5)
        await task.stop()
    assert task.failures == 1
    assert task.runs >= 3
    assert not task.running
    assert "test-pass: the pass failed" in caplog.text
    settled = len(calls)
    await asyncio.sleep(0.05)
    assert len(calls) == settled  # stopped: no pass after


async def test_stop_lets_the_pass_in_hand_finish() -> None:
    started, finished = asyncio.Event(), asyncio.Event()

    async def tick() -> None:
        started.set()
        await asyncio.sleep(0.05)
        finished.set()

    task = PeriodicTask("slow-pass", tick, interval_seconds=60)
    task.start()
    await asyncio.wait_for(started.wait(), 5)
    await task.stop()
    assert finished.is_set()
    await task.stop()  # stopping twice is harmless


async def test_a_pass_longer_than_the_grace_is_cancelled() -> None:
    started = asyncio.Event()

    async def tick() -> None:
        started.set()
        await asyncio.sleep(60)

    task = PeriodicTask("stuck-pass", tick, interval_seconds=60, grace_seconds=0.05)
    task.start()
    await asyncio.wait_for(started.wait(), 5)
    async with asyncio.timeout(5):
        await task.stop()
    assert not task.running
