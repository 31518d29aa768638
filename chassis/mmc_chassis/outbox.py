"""The transactional outbox without transactions.

An aggregate's new state and its new events are written in ONE MongoDB operation: the events sit
in an `outbox` array inside the aggregate's own document, and the write is guarded by a
compare-and-set on `version`. Either both are stored or neither is. The relay publishes the
entries and removes them once the broker has acknowledged them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import DuplicateKeyError

from mmc_chassis.errors import AlreadyExists, NotFound, StaleVersion
from mmc_chassis.locks import DocumentLocks
from mmc_chassis.mongo import Document, retry_when_busy
from mmc_chassis.telemetry import current_traceparent
from mmc_contracts import Event, encode

OUTBOX = "outbox"


def outbox_entry(event: Event, topic_prefix: str = "") -> Document:
    """An event ready to publish: what goes on the wire, and the trace it belongs to."""
    record = encode(event, current_traceparent())
    return {
        "event_id": str(event.event_id),
        "topic": topic_prefix + record.topic,
        "key": record.key.decode(),
        "value": record.value.decode(),
        # A mapping, not a list of pairs: FerretDB v1 stores no nested arrays.
        "headers": {name: value.decode() for name, value in record.headers},
    }


class AggregateStore:
    """Loads and saves one kind of aggregate as documents that carry their own outbox."""

    def __init__(
        self,
        collection: AsyncCollection[Document],
        kind: str,
        on_saved: Callable[[str, str, list[Document]], None] = lambda name, key, entries: None,
        topic_prefix: str = "",
        locks: DocumentLocks | None = None,
    ) -> None:
        self.collection = collection
        self.kind = kind
        self._on_saved = on_saved
        self._topic_prefix = topic_prefix
        self._locks = locks if locks is not None else DocumentLocks()

    async def load(self, aggregate_id: str) -> Document:
        document = await self.collection.find_one({"_id": aggregate_id}, {OUTBOX: 0})
        if document is None:
            raise NotFound(self.kind, aggregate_id)
        return document

    async def create(self, document: Document, events: Sequence[Event]) -> None:
        """Insert a new aggregate (version 1) with its first events."""
        entries = [outbox_entry(e, self._topic_prefix) for e in events]
        try:
            await retry_when_busy(lambda: self.collection.insert_one({**document, OUTBOX: entries}))
        except DuplicateKeyError as error:
            raise AlreadyExists(self.kind, str(document["_id"])) from error
        self._on_saved(self.collection.name, str(document["_id"]), entries)

    async def update(self, document: Document, events: Sequence[Event]) -> None:
        """Store the new state and append its events, if nobody changed it meanwhile."""
        if not events:
            return
        aggregate_id = str(document["_id"])
        expected = events[0].aggregate_version - 1
        state: dict[str, Any] = {k: v for k, v in document.items() if k not in ("_id", OUTBOX)}
        entries = [outbox_entry(e, self._topic_prefix) for e in events]
        async with self._locks.hold(self.collection.name, aggregate_id):
            result = await retry_when_busy(
                lambda: self.collection.update_one(
                    {"_id": aggregate_id, "version": expected},
                    {"$set": state, "$push": {OUTBOX: {"$each": entries}}},
                )
            )
        if result.matched_count == 0:
            if await self.collection.count_documents({"_id": aggregate_id}, limit=1) == 0:
                raise NotFound(self.kind, aggregate_id)
            raise StaleVersion(self.kind, aggregate_id, expected)
        self._on_saved(self.collection.name, aggregate_id, entries)
