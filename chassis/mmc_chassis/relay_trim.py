"""Trimming: removing published entries from the aggregates' documents, the relay's one write
per document that the hot path does without.

An entry published by the relay stays in its document until the aggregate's next write removes
it (for free, `$unset` beside the write's `$set`) or this trims it: bulk updates with `_id`
filters, the only filter FerretDB over SQLite looks up directly. An entry the relay has marked
as published (`relay_marks.py`) may wait until the relay is idle or too many wait; the others
are trimmed once a while old, since the next write is likely to remove them first.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from pymongo import UpdateOne
from pymongo.asynchronous.database import AsyncDatabase

from mmc_chassis.backlog import Backlog
from mmc_chassis.locks import DocumentLocks
from mmc_chassis.mongo import Document
from mmc_chassis.outbox import OUTBOX
from mmc_chassis.relay_marks import PublishedMarks

log = logging.getLogger("mmc.relay")

Key = tuple[str, str]
Removed = Callable[[str, str, Sequence[str]], None]
REMOVAL_CHUNK = 32  # updates in one unordered bulk: well below FerretDB's pool


class PublishedTrimmer:
    """The aggregates whose documents may still hold published entries, and their removal."""

    def __init__(
        self,
        database: AsyncDatabase[Document],
        locks: DocumentLocks,
        marks: PublishedMarks,
        removed: Removed,
    ) -> None:
        self._database = database
        self._locks = locks
        self._marks = marks
        self._removed = removed
        self._untrimmed: dict[Key, Backlog] = {}

    def track(self, key: Key, backlog: Backlog) -> None:
        self._untrimmed[key] = backlog

    def forget(self, key: Key) -> None:
        self._untrimmed.pop(key, None)

    async def trim(self, published_before: float | None = None, marked_too: bool = True) -> None:
        """Remove the published entries (those published before `published_before` only, if
        given, and those not marked only, unless `marked_too`)."""
        by_collection: dict[str, list[Backlog]] = {}
        self._untrimmed = {k: b for k, b in self._untrimmed.items() if b.published_ids}
        for backlog in list(self._untrimmed.values()):
            if published_before is not None and backlog.published_at > published_before:
                continue
            if not marked_too and all(i in self._marks for i in backlog.published_ids):
                continue
            by_collection.setdefault(backlog.collection, []).append(backlog)
        for name, backlogs in by_collection.items():
            # FerretDB v1 over PostgreSQL runs an unordered bulk's updates at once, each
            # holding a pooled connection while it waits for a second: a few hundred exhaust
            # the pool and hang the server for good. So bounded chunks, each under its own
            # locks (held for one round trip, not for the whole trim).
            for start in range(0, len(backlogs), REMOVAL_CHUNK):
                await self._trim_chunk(name, backlogs[start : start + REMOVAL_CHUNK])

    async def _trim_chunk(self, name: str, backlogs: list[Backlog]) -> None:
        try:
            async with self._locks.hold_all(name, [b.aggregate_id for b in backlogs]):
                # Taken under the locks: a write meanwhile may have removed some already.
                done = [(b, list(b.published_ids)) for b in backlogs if b.published_ids]
                if not done:
                    return
                await self._database[name].bulk_write(
                    [
                        UpdateOne(
                            {"_id": b.aggregate_id},
                            {"$unset": {f"{OUTBOX}.{event_id}": "" for event_id in gone}},
                        )
                        for b, gone in done
                    ],
                    ordered=False,
                )
                for backlog, gone in done:
                    self._removed(name, backlog.aggregate_id, gone)
        except Exception as error:
            # Published already: they stay in the documents (and out of the sweep's way,
            # which skips what this relay published) until the next trim removes them.
            log.warning("removing published entries failed (%s); retrying", error)
