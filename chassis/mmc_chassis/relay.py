"""Publishes what the outboxes hold, in each aggregate's order, whatever fails.

The rules, per aggregate (consumers apply only newer versions, so an older event that went out
after a newer one would be dropped for good):
1. Version `v` goes out only once every version before it is known to be on its topic: the
   relay remembers the last version it published of each aggregate; when it does not know it
   (after a start, or a write whose answer was lost), it reads the aggregate's outbox first.
2. An aggregate's entries go out in waves: its next entry is sent only after the broker has
   acknowledged the one before, so a failed send can never let a later one overtake it.
3. A send that fails holds back only its own aggregate: the entry stays first in line, its
   attempts and error are kept (`status()`, and the service's `/outbox` route) and it is tried
   again with capped backoff; every other aggregate moves on.
4. Published entries are removed from their documents by the aggregate's next write (for
   free), or trimmed (`relay_trim.py`): those the relay has marked as published
   (`relay_marks.py`, one write for many) when it is idle, or when too many wait; the others
   once `trim_seconds` old.

Two tasks. The sender is woken right after each write with the entries just stored and
publishes them from memory: a round needs no database round trip unless the order of an
aggregate is unknown (after a start). The keeper does what needs the database and can wait:
it sweeps every outbox at start, after a failed sweep and every `sweep_seconds` for what a
crash (of this process or another instance) left behind (a scan on FerretDB: never per
wake-up), and trims published entries. So a busy database (commands queued for its
connections) slows neither publishing nor the commands' latency to the consumers.
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from mmc_chassis.backlog import Backlog, RelayStatus, relay_status
from mmc_chassis.locks import DocumentLocks
from mmc_chassis.mongo import Document
from mmc_chassis.outbox import OUTBOX, PENDING_OUTBOX
from mmc_chassis.relay_marks import PublishedMarks
from mmc_chassis.relay_trim import Key, PublishedTrimmer
from mmc_chassis.telemetry import continued_trace

log = logging.getLogger("mmc.relay")

# Sends one entry without waiting; returns what to await for the broker's acknowledgement.
SendEntry = Callable[[Document], Awaitable[Awaitable[Any]]]
MARKED_BEFORE_TRIM = 10_000  # marked entries left in documents while busy, at most
SWEEP_BATCH_BUSY = 100  # documents a periodic sweep reads at a time while writes come in


class OutboxRelay:
    def __init__(
        self,
        database: AsyncDatabase[Document],
        send: SendEntry,
        *,
        sweep_seconds: float = 30.0,
        batch_size: int = 500,
        locks: DocumentLocks | None = None,
        retry_seconds: float = 0.5,
        retry_max_seconds: float = 30.0,
        remembered: int = 100_000,
        trim_seconds: float = 1.0,
    ) -> None:
        self._database = database
        self._collections: list[str] = []
        self._send = send
        self._sweep_seconds = sweep_seconds
        self._batch_size = batch_size
        self._locks = locks if locks is not None else DocumentLocks()
        self._retry = (retry_seconds, retry_max_seconds)
        self._remembered = remembered
        self._trim_seconds = trim_seconds
        self._known: OrderedDict[Key, Backlog] = OrderedDict()
        # Those that may have entries to send: a round looks at these, not at every
        # aggregate remembered (the trimmer keeps those that may have entries to trim).
        self._active: dict[Key, Backlog] = {}
        self._marks = PublishedMarks(database)
        self._trimmer = PublishedTrimmer(database, self._locks, self._marks, self.removed)
        self._last_write = 0.0
        self._fresh: list[tuple[str, str, list[Document]]] = []
        self._woken = asyncio.Event()
        self._swept = False
        self._sweep_again = False
        self._sweep_from: dict[str, Any] = {}
        self._stopping = False
        self._task: asyncio.Task[None] | None = None
        self._keeper: asyncio.Task[None] | None = None
        self.published = 0

    def watch(self, collection: str) -> None:
        """Relay the outbox of the documents in `collection`."""
        if collection not in self._collections:
            self._collections.append(collection)

    # --- what the stores tell the relay ------------------------------------------------------

    def wake(self, collection: str, aggregate_id: str, entries: list[Document]) -> None:
        """Called right after a write with the entries it stored: publish them now."""
        self._fresh.append((collection, aggregate_id, entries))
        self._last_write = asyncio.get_running_loop().time()
        self._woken.set()

    def published_entries(self, collection: str, aggregate_id: str) -> list[str]:
        """Entries of the aggregate that are published but still in its document."""
        backlog = self._known.get((collection, aggregate_id))
        return list(backlog.published_ids) if backlog else []

    def removed(self, collection: str, aggregate_id: str, event_ids: Sequence[str]) -> None:
        """A write of the aggregate removed these published entries from its document."""
        backlog = self._known.get((collection, aggregate_id))
        if backlog is not None and event_ids:
            gone = set(event_ids)
            backlog.published_ids = [i for i in backlog.published_ids if i not in gone]
        self._marks.removed(event_ids)

    # --- running -----------------------------------------------------------------------------

    async def start(self) -> None:
        self._stopping = False
        self._task = asyncio.create_task(self._run(), name="outbox-relay")
        self._keeper = asyncio.create_task(self._keep(), name="outbox-relay-keeper")

    async def stop(self, timeout: float = 10.0) -> None:
        """Let the round in hand finish (cancelling it mid-way would publish it twice), then
        publish what is still pending, for at most `timeout` seconds, and stop."""
        if self._keeper is not None:
            # Sweeps and trims only: cut short, they are done again by the round below.
            self._keeper.cancel()
            await asyncio.gather(self._keeper, return_exceptions=True)
            self._keeper = None
        if self._task is not None:
            self._stopping = True
            self._woken.set()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None
        try:
            async with asyncio.timeout(timeout):
                await self.publish_pending(sweep=False)
        except TimeoutError:
            log.warning("relay stopped with %d entries unpublished", self.status().backlog)

    async def _run(self) -> None:
        """The sender: a round whenever woken (a write, a sweep) or a retry is due."""
        loop = asyncio.get_running_loop()
        while not self._stopping:
            retries = [b.retry_at for b in self._active.values() if b.pending]
            wake_at = min(retries, default=loop.time() + self._sweep_seconds)
            try:
                async with asyncio.timeout(max(0.0, wake_at - loop.time())):
                    await self._woken.wait()
            except TimeoutError:
                pass
            if self._stopping:
                return
            try:
                await self._round()
            except Exception:
                log.exception("outbox relay round failed; trying again shortly")
                await asyncio.sleep(self._retry[0])

    async def _keep(self) -> None:
        """The keeper: sweeps (at once, then every `sweep_seconds`, reading a long backlog
        through batch after batch, and again soon after a failure) and trims.

        A sweep reads every document still holding an entry, published ones too until they
        are trimmed (when idle): so while writes come in, a periodic sweep waits for a pause
        (up to `sweep_seconds` more) and then reads small batches, one per half trim period;
        the first sweep after a start reads at full speed."""
        loop = asyncio.get_running_loop()
        next_sweep = loop.time()
        while True:
            now = loop.time()
            idle = now - self._last_write >= self._trim_seconds
            urgent = not self._swept or idle
            try:
                due = now >= next_sweep and (urgent or now >= next_sweep + self._sweep_seconds)
                if due or self._sweep_again:
                    swept = await self._sweep(self._batch_size if urgent else SWEEP_BATCH_BUSY)
                    next_sweep = loop.time() + (self._sweep_seconds if swept else self._retry[0])
                    self._woken.set()  # publish what it found
                await self._marks.write()
                await self._trimmer.trim(
                    published_before=loop.time() - self._trim_seconds,
                    marked_too=idle or len(self._marks) > MARKED_BEFORE_TRIM,
                )
                await self._marks.delete_spent()
                self._forget_settled()
            except Exception:
                log.exception("outbox relay upkeep failed; trying again shortly")
            until_sweep = next_sweep - loop.time()
            if self._sweep_again and urgent:
                pause = 0.0  # the rest of a first (or idle) sweep, at once
            elif until_sweep <= 0:
                pause = self._trim_seconds / 2  # a sweep put off while writes come in
            else:
                pause = min(until_sweep, self._trim_seconds / 2)
            await asyncio.sleep(pause)

    async def _round(self) -> int:
        """Take what was written, read the outboxes whose order is not known, send in waves."""
        self._woken.clear()
        fresh, self._fresh = self._fresh, []
        for collection, aggregate_id, entries in fresh:
            self._backlog(collection, aggregate_id).learn(entries)
        await self._read_unknown_order()
        sent = await self._send_in_order()
        self.published += sent
        self._active = {k: b for k, b in self._active.items() if b.pending}
        return sent

    async def publish_pending(self, sweep: bool = True) -> int:
        """One whole round at once (at stop, or for a caller without the tasks): sweep (if
        asked, and until one sweep succeeded), send, remove everything that went out."""
        if sweep or not self._swept:
            await self._sweep()
        sent = await self._round()
        await self._trimmer.trim()
        self._forget_settled()
        return sent

    def status(self) -> RelayStatus:
        """What is not yet published: in the aggregates' backlogs, and woken since the last round
        (written, waiting for the round in hand to end)."""
        fresh = [entry for *_, entries in self._fresh for entry in entries]
        return relay_status(self._active.values(), fresh, self.published)

    # --- the steps of a round ----------------------------------------------------------------

    def _backlog(self, collection: str, aggregate_id: str) -> Backlog:
        key = (collection, aggregate_id)
        backlog = self._known.get(key)
        if backlog is None:
            backlog = self._known[key] = Backlog(collection, aggregate_id)
        self._known.move_to_end(key)
        self._active[key] = backlog
        self._trimmer.track(key, backlog)
        return backlog

    async def _sweep(self, batch: int | None = None) -> bool:
        """Read every outbox with entries, a batch a collection a round, resuming where the
        last batch ended so that a long backlog is read through, not its first batch again.
        Whether it could read (False: the database is down)."""
        limit = batch or self._batch_size
        try:
            if not self._sweep_from:
                await self._marks.read()  # a new sweep: what is marked is published
            complete = True
            for name in self._collections:
                query: Document = dict(PENDING_OUTBOX)
                if name in self._sweep_from:
                    query["_id"] = {"$gt": self._sweep_from[name]}
                cursor = self._database[name].find(query, {OUTBOX: 1, "version": 1})
                read = 0
                async for document in cursor.sort("_id", 1).limit(limit):
                    self._marks.seen(document, OUTBOX)
                    self._backlog(name, str(document["_id"])).read_document(document, self._marks)
                    read, last = read + 1, document["_id"]
                if read == limit:
                    self._sweep_from[name] = last
                    complete = False
                else:
                    self._sweep_from.pop(name, None)
            self._swept = self._swept or complete
            self._sweep_again = not complete
            if complete:
                self._marks.sweep_complete()
            return True
        except Exception as error:
            # The database is down: what is known goes on; the sweep runs again shortly.
            log.warning("outbox sweep failed (%s: %s); trying again", type(error).__name__, error)
            return False

    async def _read_unknown_order(self) -> None:
        now = asyncio.get_running_loop().time()
        unknown = [
            b for b in self._active.values() if b.pending and not b.in_order and b.retry_at <= now
        ]
        for start in range(0, len(unknown), 50):
            chunk = unknown[start : start + 50]
            reads = [
                self._database[b.collection].find_one(
                    {"_id": b.aggregate_id}, {OUTBOX: 1, "version": 1}
                )
                for b in chunk
            ]
            for backlog, document in zip(
                chunk, await asyncio.gather(*reads, return_exceptions=True), strict=True
            ):
                if isinstance(document, BaseException):
                    backlog.failed(document, now, *self._retry)
                else:
                    backlog.read_document(document, self._marks)

    async def _send_in_order(self) -> int:
        loop = asyncio.get_running_loop()
        now = loop.time()
        in_play = [
            b for b in self._active.values() if b.pending and b.in_order and b.retry_at <= now
        ]
        budget, sent = self._batch_size, 0
        while in_play and budget > 0:
            wave = [(b, b.pending[min(b.pending)]) for b in in_play[:budget]]
            budget -= len(wave)
            results = await self._send_wave([entry for _, entry in wave])
            in_play = []
            for (backlog, entry), error in zip(wave, results, strict=True):
                if error is None:
                    backlog.sent(entry, now)
                    self._marks.published(entry["event_id"])
                    sent += 1
                    if backlog.pending:
                        in_play.append(backlog)
                else:
                    backlog.failed(error, loop.time(), *self._retry)
                    log.warning(
                        "could not publish %s of %s %s (attempt %d, next in %.1fs): %s",
                        entry["event_id"],
                        backlog.collection,
                        backlog.aggregate_id,
                        backlog.attempts,
                        backlog.retry_at - loop.time(),
                        backlog.last_error,
                        extra={"topic": entry["topic"], "event_id": entry["event_id"]},
                    )
        return sent

    async def _send_wave(self, entries: list[Document]) -> list[BaseException | None]:
        """Send every entry (each of another aggregate), then await the acknowledgements."""
        results: list[BaseException | None] = [None] * len(entries)
        acknowledgements: list[tuple[int, Awaitable[Any]]] = []
        for i, entry in enumerate(entries):
            try:
                with continued_trace(entry.get("headers", {})):
                    acknowledgements.append((i, await self._send(entry)))
            except Exception as error:
                results[i] = error
        outcomes = await asyncio.gather(*(a for _, a in acknowledgements), return_exceptions=True)
        for (i, _), outcome in zip(acknowledgements, outcomes, strict=True):
            if isinstance(outcome, BaseException):
                results[i] = outcome
        return results

    def _forget_settled(self) -> None:
        excess = len(self._known) - self._remembered
        for key in list(self._known):
            if excess <= 0:
                break
            if self._known[key].settled:
                del self._known[key]
                self._active.pop(key, None)
                self._trimmer.forget(key)
                excess -= 1
