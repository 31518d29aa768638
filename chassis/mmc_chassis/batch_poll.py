"""How a batch subscription polls Kafka: an event that arrives while it is idle is taken at once.

FastStream's batch subscriber (0.7.8, pinned) polls with `getmany(timeout_ms=batch_timeout_ms)`
and, when the poll brings nothing, sleeps another `batch_timeout_ms` before the next one; an
event arriving during that sleep waits for its end. aiokafka's `getmany` already returns as soon
as a record arrives, so that sleep only adds latency: with 20 ms it was about 5 ms of the 11-16 ms
a lone event took from command to projection at 10 commands/s.

`poll_at_once` replaces the subscriber's poll with one that returns what `getmany` brings and,
when it brought nothing before its time was up (a consumer being rebalanced returns at once),
sleeps only the rest of that time, so an idle loop never spins. The poll may then be long
(`BATCH_POLL_MS`): an idle subscription wakes a few times a second instead of 25. FastStream's
`batch_timeout_ms` served its own poll only, so the subscription leaves it alone.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from itertools import chain
from typing import Any

from aiokafka import AIOKafkaConsumer, ConsumerRecord

BATCH_POLL_MS = 250  # the longest a batch subscription's poll waits for a record


def poll_at_once(
    subscriber: Any,
    max_records: int,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> None:
    """Give FastStream's batch `subscriber` the poll above (its `get_msg`, which its consume
    loop calls and which returns the records of one batch, or none)."""
    seconds = BATCH_POLL_MS / 1000

    async def get_msg(consumer: AIOKafkaConsumer) -> tuple[ConsumerRecord[Any, Any], ...]:
        clock = asyncio.get_running_loop().time
        started = clock()
        records = await consumer.getmany(timeout_ms=BATCH_POLL_MS, max_records=max_records)
        if records:
            return tuple(chain.from_iterable(records.values()))
        await sleep(max(0.0, seconds - (clock() - started)))
        return ()

    subscriber.get_msg = get_msg
