"""The transactional outbox without transactions.

An aggregate's new state and its new events are written in ONE MongoDB operation: the events sit
in an `outbox` map inside the aggregate's own document (event id -> entry, each entry carrying
the aggregate version it records), and the write is guarded by the version. Either both are
stored or neither is. The relay publishes the entries and removes them once the broker has
acknowledged them; entries it published are also removed by the aggregate's next write, in
that same single write (`$unset` beside `$set`: a map, unlike an array, allows both at once).

The version guard depends on the server. MongoDB applies one document's update atomically, so
the filter `{_id, version}` is a true compare-and-set. FerretDB v1 is not atomic per document
(the chassis' per-document lock serialises the writers of the process, see `locks.py`); over
PostgreSQL it pushes the `{_id, version}` filter down to SQL, over SQLite it scans for any filter
other than exactly `{_id}`: there the version is checked under the lock and the write filters on
`_id` alone. `DatabaseTraits` says which, found at start-up.

Where the write is version-guarded, a command loads the aggregate from the copy the store kept
of its own last write when it has one: a copy behind another writer's fails the guard, is
forgotten and loaded again, so the hot path (load, change, save) is one round trip, not two.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager
from datetime import UTC, datetime
from typing import Protocol

import bson
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import BulkWriteError, DuplicateKeyError, OperationFailure

from mmc_chassis.errors import AlreadyExists, NotFound, StaleVersion
from mmc_chassis.locks import DocumentLocks
from mmc_chassis.mongo import (
    DatabaseBusy,
    DatabaseTraits,
    Document,
    is_busy,
    is_busy_message,
    retry_when_busy,
)
from mmc_chassis.telemetry import current_traceparent
from mmc_contracts import Event, encode

OUTBOX = "outbox"
DUPLICATE_KEY = 11000
BUSY_ATTEMPTS = 6
PENDING_OUTBOX: Document = {OUTBOX: {"$gt": {}}}
"""Documents whose outbox holds at least one entry."""
RECENT_WRITES = 2048
"""Documents a store keeps as it last wrote them (a city's is about 2 KB)."""


class OutboxListener(Protocol):
    """The relay, as the store sees it."""

    def wake(self, collection: str, aggregate_id: str, entries: list[Document]) -> None: ...

    def published_entries(self, collection: str, aggregate_id: str) -> list[str]: ...

    def removed(self, collection: str, aggregate_id: str, event_ids: Sequence[str]) -> None: ...


def outbox_entry(event: Event, topic_prefix: str = "") -> Document:
    """An event ready to publish: what goes on the wire, its place in the aggregate's history,
    and the trace it belongs to."""
    record = encode(event, current_traceparent())
    return {
        "event_id": str(event.event_id),
        "version": event.aggregate_version,
        "at": datetime.now(UTC),
        "topic": topic_prefix + record.topic,
        "key": record.key.decode(),
        "value": record.value.decode(),
        # A mapping, not a list of pairs: FerretDB v1 stores no nested arrays.
        "headers": {name: value.decode() for name, value in record.headers},
    }


def _state(document: Document) -> Document:
    """The aggregate's state as stored, without its outbox."""
    return {k: v for k, v in document.items() if k != OUTBOX}


def entries_of(document: Document) -> list[Document]:
    """The outbox entries a stored document holds, oldest first."""
    outbox = document.get(OUTBOX) or {}
    return sorted(outbox.values(), key=lambda entry: int(entry["version"]))


class AggregateStore:
    """Loads and saves one kind of aggregate as documents that carry their own outbox."""

    def __init__(
        self,
        collection: AsyncCollection[Document],
        kind: str,
        listener: OutboxListener | None = None,
        topic_prefix: str = "",
        locks: DocumentLocks | None = None,
        traits: DatabaseTraits | None = None,
    ) -> None:
        self.collection = collection
        self.kind = kind
        self._listener = listener
        self._topic_prefix = topic_prefix
        self._locks = locks if locks is not None else DocumentLocks()
        self._traits = traits if traits is not None else DatabaseTraits()
        self._recent: OrderedDict[str, bytes] = OrderedDict()
        """This store's last writes, as BSON: each load decodes a copy of its own, as a read
        from the database would give it (datetimes to the millisecond, tuples as lists)."""

    def hold(self, aggregate_id: str) -> AbstractAsyncContextManager[None]:
        """Hold the aggregate's lock from load to save: no other writer of this process can
        change it meanwhile, so the save needs no second look at its version."""
        return self._locks.hold(self.collection.name, aggregate_id)

    async def load(self, aggregate_id: str, *, recent: bool = False) -> Document:
        """The stored aggregate (without its outbox); with `recent`, the copy of this store's
        last write of it if it kept one (only where the write it will guard is version-checked:
        see `_keep`)."""
        if recent:
            kept = self._recent.get(aggregate_id)
            if kept is not None:
                self._recent.move_to_end(aggregate_id)
                return bson.decode(kept, self.collection.codec_options)
        document = await self.collection.find_one({"_id": aggregate_id}, {OUTBOX: 0})
        if document is None:
            raise NotFound(self.kind, aggregate_id)
        return document

    def forget(self, aggregate_id: str) -> bool:
        """Drop the kept copy (behind another writer's); whether there was one."""
        return self._recent.pop(aggregate_id, None) is not None

    def _keep(self, document: Document) -> None:
        if not self._traits.version_filter:
            return
        self._recent[str(document["_id"])] = bson.encode(document)
        self._recent.move_to_end(str(document["_id"]))
        if len(self._recent) > RECENT_WRITES:
            self._recent.popitem(last=False)

    async def create(self, document: Document, events: Sequence[Event]) -> None:
        """Insert a new aggregate with its first events."""
        entries = [outbox_entry(e, self._topic_prefix) for e in events]
        outbox = {entry["event_id"]: entry for entry in entries}
        try:
            await retry_when_busy(lambda: self.collection.insert_one({**document, OUTBOX: outbox}))
        except DuplicateKeyError as error:
            raise AlreadyExists(self.kind, str(document["_id"])) from error
        self._keep(_state(document))
        if self._listener is not None:
            self._listener.wake(self.collection.name, str(document["_id"]), entries)

    async def create_many(self, aggregates: Sequence[tuple[Document, Sequence[Event]]]) -> set[str]:
        """Insert many new aggregates with their first events in one round trip (`insert_many`,
        unordered: an id already stored refuses that document alone, its events dropped); the
        ids inserted. Documents refused for contention are tried again, like `create`'s."""
        entries: dict[str, list[Document]] = {}
        pending: list[Document] = []
        for document, events in aggregates:
            stamped = [outbox_entry(e, self._topic_prefix) for e in events]
            entries[str(document["_id"])] = stamped
            pending.append({**document, OUTBOX: {entry["event_id"]: entry for entry in stamped}})
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
        inserted = set(entries) - refused
        if self._listener is not None:
            for aggregate_id in inserted:
                self._listener.wake(self.collection.name, aggregate_id, entries[aggregate_id])
        return inserted

    async def update(self, document: Document, events: Sequence[Event]) -> None:
        """Store the new state and add its events, if nobody changed it meanwhile; entries the
        relay has published go in the same write."""
        if not events:
            return
        name, aggregate_id = self.collection.name, str(document["_id"])
        expected = events[0].aggregate_version - 1
        entries = [outbox_entry(e, self._topic_prefix) for e in events]
        changes: Document = {k: v for k, v in document.items() if k not in ("_id", OUTBOX)}
        changes |= {f"{OUTBOX}.{entry['event_id']}": entry for entry in entries}
        loaded_under_lock = self._locks.held_here(name, aggregate_id)
        async with self._locks.hold(name, aggregate_id):
            listener = self._listener
            published = listener.published_entries(name, aggregate_id) if listener else []
            update: Document = {"$set": changes}
            if published:
                update["$unset"] = {f"{OUTBOX}.{event_id}": "" for event_id in published}
            if self._traits.version_filter:
                query: Document = {"_id": aggregate_id, "version": expected}
            else:
                if not loaded_under_lock:
                    await self._check_version(aggregate_id, expected)
                query = {"_id": aggregate_id}
            self.forget(aggregate_id)  # kept again below once the write is known to be stored
            result = await retry_when_busy(lambda: self.collection.update_one(query, update))
            if result.matched_count == 0:
                await self._check_version(aggregate_id, expected)
                raise StaleVersion(self.kind, aggregate_id, expected)  # changed meanwhile
            self._keep(_state(document))
            if self._listener is not None:
                self._listener.removed(name, aggregate_id, published)
                self._listener.wake(name, aggregate_id, entries)

    async def _check_version(self, aggregate_id: str, expected: int) -> None:
        current = await self.collection.find_one({"_id": aggregate_id}, {"version": 1})
        if current is None:
            raise NotFound(self.kind, aggregate_id)
        if current.get("version") != expected:
            raise StaleVersion(self.kind, aggregate_id, expected)


async def outboxes_empty(database: AsyncDatabase[Document]) -> bool:
    """Whether no document of the database holds an unpublished (or not yet removed) entry."""
    for name in await database.list_collection_names():
        if await database[name].count_documents(PENDING_OUTBOX, limit=1):
            return False
    return True
