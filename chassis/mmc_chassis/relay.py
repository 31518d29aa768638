"""Publishes what the outbox holds, then removes it.

Woken right after each write (low latency) with the ids of the aggregates just saved, and sweeping
every few seconds for anything left behind (recovery after a crash between write and publish).
One relay task per process handles one batch at a time, so one aggregate's events leave in the
order they were written; the idempotent producer keeps that order on the partition.
"""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from collections.abc import Awaitable, Callable
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from mmc_chassis.locks import DocumentLocks
from mmc_chassis.mongo import Document
from mmc_chassis.outbox import OUTBOX
from mmc_chassis.telemetry import continued_trace

log = logging.getLogger("mmc.relay")

# Sends one entry without waiting; returns what to await for the broker's acknowledgement.
SendEntry = Callable[[Document], Awaitable[Awaitable[Any]]]


class OutboxRelay:
    def __init__(
        self,
        database: AsyncDatabase[Document],
        send: SendEntry,
        *,
        sweep_seconds: float = 1.0,
        batch_size: int = 500,
        locks: DocumentLocks | None = None,
    ) -> None:
        self._database = database
        self._collections: list[str] = []
        self._send = send
        self._sweep_seconds = sweep_seconds
        self._batch_size = batch_size
        self._locks = locks if locks is not None else DocumentLocks()
        self._woken = asyncio.Event()
        self._fresh: list[tuple[str, str, list[Document]]] = []
        self._stopping = False
        self._task: asyncio.Task[None] | None = None
        self.published = 0

    def watch(self, collection: str) -> None:
        """Relay the outbox of the documents in `collection`."""
        if collection not in self._collections:
            self._collections.append(collection)

    def wake(self, collection: str, aggregate_id: str, entries: list[Document]) -> None:
        """Called right after a write with the entries it stored: publish them now.

        The relay publishes from memory (no read back), then removes them from the document;
        should that fail, they are still in the outbox for the next sweep.
        """
        self._fresh.append((collection, aggregate_id, entries))
        self._woken.set()

    async def start(self) -> None:
        self._stopping = False
        self._task = asyncio.create_task(self._run(), name="outbox-relay")

    async def stop(self) -> None:
        """Let the batch in hand finish (cancelling it mid-way would publish it twice), then
        publish what is still pending, and stop."""
        if self._task is not None:
            self._stopping = True
            self._woken.set()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None
        await self.publish_pending()

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        next_sweep = loop.time()
        while not self._stopping:
            try:
                async with asyncio.timeout(max(0.0, next_sweep - loop.time())):
                    await self._woken.wait()
            except TimeoutError:
                pass
            if self._stopping:
                return
            sweep = loop.time() >= next_sweep
            if sweep:
                next_sweep = loop.time() + self._sweep_seconds
            try:
                await self.publish_pending(sweep=sweep)
            except asyncio.CancelledError:
                raise
            except Exception:
                # The entries stay in the outbox; the next sweep tries again.
                log.exception("outbox relay failed; retrying on the next sweep")
                await asyncio.sleep(self._sweep_seconds)

    async def publish_pending(self, sweep: bool = True) -> int:
        """One round: what was just written, and (on a sweep) every document with an outbox."""
        self._woken.clear()
        fresh, self._fresh = self._fresh, []
        batches: dict[str, list[tuple[str, list[Document]]]] = defaultdict(list)
        for name, aggregate_id, entries in fresh:
            batches[name].append((aggregate_id, entries))
        sent = 0
        for name, batch in batches.items():
            sent += await self._publish(name, batch)
        if sweep:
            for name in self._collections:
                cursor = self._database[name].find({f"{OUTBOX}.0": {"$exists": True}}, {OUTBOX: 1})
                left = [(d["_id"], d[OUTBOX]) async for d in cursor.limit(self._batch_size)]
                # Entries woken meanwhile go out from memory next round: not twice.
                queued = {e["event_id"] for _, _, entries in self._fresh for e in entries}
                left = [(i, [e for e in es if e["event_id"] not in queued]) for i, es in left]
                sent += await self._publish(name, [(i, es) for i, es in left if es])
        self.published += sent
        return sent

    async def _publish(self, name: str, batch: list[tuple[str, list[Document]]]) -> int:
        if not batch:
            return 0
        acknowledgements = []
        for _, entries in batch:
            for entry in entries:
                with continued_trace(entry.get("headers", {})):
                    acknowledgements.append(await self._send(entry))
        await asyncio.gather(*acknowledgements)
        # Remove exactly what was published, in one write for the batch: `$pullAll` of the
        # entries as stored (FerretDB v1 does not take `$pull` with a condition). Entries
        # appended meanwhile stay for the next round.
        published = [entry for _, entries in batch for entry in entries]
        ids = sorted({aggregate_id for aggregate_id, _ in batch})
        async with self._locks.hold_all(name, ids):
            await self._database[name].update_many(
                {"_id": {"$in": ids}}, {"$pullAll": {OUTBOX: published}}
            )
        return len(published)
