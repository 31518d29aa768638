"""Serialising writes to one document within a process.

MongoDB applies each single-document update atomically. FerretDB v1 (the local and CI database)
does not: it reads the matching documents and writes them back in two steps, so two concurrent
updates of one document can lose one of them, and a compare-and-set on `version` can let two
writers win (measured here: 300 concurrent `$inc` gave 277). Every write the chassis makes to an
aggregate document (a command's load-change-save, the relay's removal of published entries)
therefore holds that document's lock, which makes one process correct on both databases. Several
processes writing one aggregate concurrently need MongoDB.

A lock is re-entrant within one task's context: a command that holds it from load to save lets
the store's write pass through, and the store knows the version it was given is current.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterable
from contextlib import AsyncExitStack, asynccontextmanager
from contextvars import ContextVar

Key = tuple[str, str]

_held: ContextVar[frozenset[Key]] = ContextVar("mmc_held_document_locks", default=frozenset())


class DocumentLocks:
    def __init__(self) -> None:
        self._locks: dict[Key, tuple[asyncio.Lock, int]] = {}

    def held_here(self, collection: str, document_id: str) -> bool:
        """Whether the current task (or one it was started from) holds this document's lock."""
        return (collection, document_id) in _held.get()

    @asynccontextmanager
    async def hold(self, collection: str, document_id: str) -> AsyncIterator[None]:
        key = (collection, document_id)
        if key in _held.get():
            yield  # held by this context already: re-entered, not taken twice
            return
        lock, users = self._locks.get(key, (asyncio.Lock(), 0))
        self._locks[key] = (lock, users + 1)
        try:
            async with lock:
                token = _held.set(_held.get() | {key})
                try:
                    yield
                finally:
                    _held.reset(token)
        finally:
            lock, users = self._locks[key]
            if users == 1:
                del self._locks[key]
            else:
                self._locks[key] = (lock, users - 1)

    @asynccontextmanager
    async def hold_all(self, collection: str, document_ids: Iterable[str]) -> AsyncIterator[None]:
        """Several documents' locks, always taken in the same order so no two waits cross."""
        async with AsyncExitStack() as stack:
            for document_id in sorted(set(document_ids)):
                await stack.enter_async_context(self.hold(collection, document_id))
            yield

    def __len__(self) -> int:
        return len(self._locks)
