"""Many new aggregates, each with its first events, in one round trip.

What the chassis' `AggregateStore.create` does for one aggregate (state and outbox in ONE
document write, then the relay woken with the entries), for a batch: `insert_many`, unordered,
so an id already stored refuses that document alone. Written here because the mailbox import
needs it; it belongs in the chassis (`AggregateStore.create_many`) once the lead moves it there.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Protocol

from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import BulkWriteError, OperationFailure

from mmc_chassis.aggregate import ModelAggregate
from mmc_chassis.backlog import RelayStatus
from mmc_chassis.mongo import DatabaseBusy, Document, is_busy
from mmc_chassis.outbox import OUTBOX, OutboxListener, outbox_entry

DUPLICATE_KEY = 11000
BUSY_ATTEMPTS = 6
DRAIN_SECONDS = 30.0


class Relay(OutboxListener, Protocol):
    def status(self) -> RelayStatus: ...


class BatchInsert:
    def __init__(
        self, collection: AsyncCollection[Document], relay: Relay, topic_prefix: str
    ) -> None:
        self.collection = collection
        self.relay = relay
        self.topic_prefix = topic_prefix

    async def create_many(self, aggregates: Sequence[ModelAggregate]) -> set[str]:
        """Insert the new aggregates with their pending events; the ids inserted (an id
        already stored is left as it is, and its events dropped)."""
        entries: dict[str, list[Document]] = {}
        pending: list[Document] = []
        for aggregate in aggregates:
            stamped = [outbox_entry(e, self.topic_prefix) for e in aggregate.pull_events()]
            entries[aggregate.id] = stamped
            outbox = {entry["event_id"]: entry for entry in stamped}
            pending.append({**aggregate.to_document(), OUTBOX: outbox})
        refused: set[str] = set()
        for attempt in range(1, BUSY_ATTEMPTS + 1):
            if not pending:
                break
            try:
                await self.collection.insert_many(pending, ordered=False)
                pending = []
            except BulkWriteError as error:  # before OperationFailure: it is one
                busy: list[Document] = []
                for failure in error.details.get("writeErrors", []):
                    document = pending[failure["index"]]
                    if failure.get("code") == DUPLICATE_KEY:
                        refused.add(str(document["_id"]))
                    elif is_busy_message(str(failure.get("errmsg", ""))):
                        busy.append(document)  # refused for contention: nothing written
                    else:
                        raise
                pending = busy
            except OperationFailure as error:  # the whole command: busy means nothing written
                if not is_busy(error):
                    raise
            if pending and attempt < BUSY_ATTEMPTS:
                await asyncio.sleep(0.02 * 2 ** (attempt - 1))
        if pending:
            raise DatabaseBusy("the database is busy; try again shortly")
        inserted = {aggregate.id for aggregate in aggregates} - refused
        for aggregate_id in inserted:
            self.relay.wake(self.collection.name, aggregate_id, entries[aggregate_id])
        return inserted

    async def relayed(self, within_seconds: float = DRAIN_SECONDS) -> bool:
        """Wait until the relay has published what was written (False if it has not within
        `within_seconds`: Kafka is away, say). A writer of many aggregates waits for it between
        batches so that no relay round takes more than a batch: the relay removes a round's
        published entries in one bulk write, and FerretDB v1 over PostgreSQL never finishes a
        bulk write of about as many updates as its connection pool holds (200 here; measured:
        100 updates pass in 4 s, 300 hang the server)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + within_seconds
        while self.relay.status().backlog > 0:
            if loop.time() >= deadline:
                return False
            await asyncio.sleep(0.05)
        return True


def is_busy_message(message: str) -> bool:
    return "SQLITE_BUSY" in message or "database is locked" in message
