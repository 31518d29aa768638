"""Pacing a writer of many new aggregates by the relay.

The aggregates go in with the chassis' `Repository.add_many` (one round trip a batch); between
batches the writer waits until the relay has published the batch before, so that no relay round
holds more than a batch: FerretDB v1 over PostgreSQL never finishes a bulk write of about as many
updates as its connection pool holds (200 here; measured: 100 updates pass in 4 s, 300 hang the
server).
"""

from __future__ import annotations

import asyncio
from typing import Protocol

from mmc_chassis.backlog import RelayStatus

DRAIN_SECONDS = 30.0


class Relay(Protocol):
    def status(self) -> RelayStatus: ...


async def relayed(relay: Relay, within_seconds: float = DRAIN_SECONDS) -> bool:
    """Wait until the relay has published what was written (False if it has not within
    `within_seconds`: Kafka is away, say)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within_seconds
    while relay.status().backlog > 0:
        if loop.time() >= deadline:
            return False
        await asyncio.sleep(0.05)
    return True
