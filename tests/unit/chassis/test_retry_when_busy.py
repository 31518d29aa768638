"""Writes refused for contention ("database is locked") are retried, others are not."""

from __future__ import annotations

import pytest
from pymongo.errors import OperationFailure

from mmc_chassis.mongo import DatabaseBusy, retry_when_busy

BUSY = OperationFailure("database is locked (5) (SQLITE_BUSY)")


async def test_a_busy_write_is_retried_until_it_passes() -> None:
    calls = []

    async def write() -> str:
        calls.append(1)
        if len(calls) < 3:
            raise BUSY
        return "stored"

    assert await retry_when_busy(write, backoff_seconds=0) == "stored"
    assert len(calls) == 3


async def test_a_database_that_stays_busy_gives_a_clear_error() -> None:
    async def write() -> None:
        raise BUSY

    with pytest.raises(DatabaseBusy, match="busy"):
        await retry_when_busy(write, attempts=3, backoff_seconds=0)


async def test_other_failures_are_not_retried() -> None:
    calls = []

    async def write() -> None:
        calls.append(1)
        raise OperationFailure("unknown operator")

    with pytest.raises(OperationFailure):
        await retry_when_busy(write, backoff_seconds=0)
    assert len(calls) == 1
