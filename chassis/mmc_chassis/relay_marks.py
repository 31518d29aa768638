"""Marks of published outbox entries: one small document per batch, so that a published entry
need not be removed from its aggregate's document at once.

A published entry stays in its document until the aggregate's next write removes it (for free)
or the relay trims it (one update per document: on FerretDB as dear as the command's own
write). A mark records the ids of entries the relay published, many in one write; a sweep (after
a restart, or another instance's) treats a marked entry as published. So the relay trims marked
entries only when it is idle or too many wait, and a command costs one write on the hot path.

A mark is deleted once none of its entries is left in a document: known to the relay that
removed them, or, for a mark it read (another instance's, or its own before a restart), not
found by a complete sweep that began after the mark was read (a marked entry was in its document
before its mark was written, so a sweep that does not find it ran after it was removed).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import UTC, datetime
from uuid import uuid4

from pymongo.asynchronous.database import AsyncDatabase

from mmc_chassis.mongo import Document

log = logging.getLogger("mmc.relay")

MARKS = "outbox_published_marks"
MARK_SIZE = 2000  # event ids in one mark: about 80 KB


class PublishedMarks:
    """What this relay knows of the marks, and the writes that keep them."""

    def __init__(self, database: AsyncDatabase[Document]) -> None:
        self._collection = database[MARKS]
        self._mark_of: dict[str, str] = {}
        """Marked entries still in their documents -> their mark."""
        self._left: dict[str, set[str]] = {}
        """Mark -> its entries still in their documents."""
        self._unmarked: dict[str, None] = {}
        """Published entries, still in their documents, not yet in a mark (in order)."""
        self._spent: list[str] = []
        self._cycle: tuple[set[str], set[str]] | None = None
        """While a sweep runs: the marks known at its start, and the entries it found."""

    def __contains__(self, event_id: object) -> bool:
        return event_id in self._mark_of

    def __len__(self) -> int:
        """Marked entries still in their documents (to be trimmed some time)."""
        return len(self._mark_of)

    def published(self, event_id: str) -> None:
        self._unmarked[event_id] = None

    def removed(self, event_ids: Iterable[str]) -> None:
        """These entries left their documents."""
        for event_id in event_ids:
            self._unmarked.pop(event_id, None)
            mark = self._mark_of.pop(event_id, None)
            if mark is None:
                continue
            left = self._left.get(mark)
            if left is not None:
                left.discard(event_id)
                if not left:
                    del self._left[mark]
                    self._spent.append(mark)

    async def write(self) -> None:
        """Mark what was published since the last mark (one insert per `MARK_SIZE` ids)."""
        while self._unmarked:
            ids = list(self._unmarked)[:MARK_SIZE]
            mark = uuid4().hex
            for event_id in ids:
                del self._unmarked[event_id]
            self._adopt(mark, ids)  # before the write: removals meanwhile count against it
            try:
                await self._collection.insert_one(
                    {"_id": mark, "at": datetime.now(UTC), "event_ids": ids}
                )
            except Exception:
                for event_id in self._left.pop(mark, set()):  # not marked after all
                    del self._mark_of[event_id]
                    self._unmarked[event_id] = None
                raise

    async def delete_spent(self) -> None:
        if self._spent:
            spent, self._spent = self._spent, []
            try:
                await self._collection.delete_many({"_id": {"$in": spent}})
            except Exception:
                self._spent.extend(spent)  # next time
                raise

    # --- sweeps ------------------------------------------------------------------------------

    async def read(self) -> None:
        """At a sweep's start: every mark there is (a few: they go as entries are trimmed)."""
        async for mark in self._collection.find({}, {"event_ids": 1}):
            name = str(mark["_id"])
            if name not in self._left and name not in self._spent:
                self._adopt(name, [str(i) for i in mark.get("event_ids", [])])
        self._cycle = (set(self._left), set())

    def seen(self, document: Document, outbox: str) -> None:
        """The sweep found this document with these entries."""
        if self._cycle is not None:
            self._cycle[1].update(document.get(outbox) or {})

    def sweep_complete(self) -> None:
        """The sweep read every outbox: a mark read before it lost what it did not find."""
        if self._cycle is None:
            return
        known, found = self._cycle
        self._cycle = None
        for mark in known:
            self.removed(list(self._left.get(mark, set()) - found))

    def _adopt(self, mark: str, event_ids: list[str]) -> None:
        left = {i for i in event_ids if i not in self._mark_of}
        if not left:
            self._spent.append(mark)
            return
        self._left[mark] = left
        for event_id in left:
            self._mark_of[event_id] = mark
