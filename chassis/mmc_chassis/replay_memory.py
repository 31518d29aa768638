"""A rebuild's read model held in memory, then written with a few large inserts.

The collections a rebuild resets are empty when it starts, and nothing else writes to them while
it runs (it runs with the service stopped). So the writes `ProjectionBatch` would send, one
update per document per batch (FerretDB v1: about 2.5 ms each, 650/s at best on the bench
machine), can be applied to plain dicts with the same rules (`version`/facet compare, `$set`
of dotted paths, `create`, insert once) and written at the end with `insert_many` (about
10,000 documents/s). Whatever writes to the database directly (the single-event handler after a
failed batch) first flushes what is held, and from then on the rebuild writes to the database.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import BulkWriteError

from mmc_chassis.mongo import Document

log = logging.getLogger("mmc.rebuild")

INSERT_CHUNK = 1000


class MemoryReplay:
    """Documents of the reset collections, by collection name and `_id`, until `flush()`."""

    def __init__(self, collections: set[str], max_documents: int = 500_000) -> None:
        self.collections = collections  # full names: "<database>.<collection>"
        self.max_documents = max_documents
        self.active = True
        self.documents = 0
        self._held: dict[str, tuple[AsyncCollection[Document], dict[Any, Document]]] = {}

    def holds(self, collection: AsyncCollection[Document]) -> bool:
        return self.active and collection.full_name in self.collections

    def _docs(self, collection: AsyncCollection[Document]) -> dict[Any, Document]:
        return self._held.setdefault(collection.full_name, (collection, {}))[1]

    def set_if_below(
        self,
        collection: AsyncCollection[Document],
        key: Any,
        below: int,
        version: int,
        changes: Document,
        field: str,
        create: bool,
    ) -> bool:
        """`projection._set_if_below` on the held document."""
        docs = self._docs(collection)
        document = docs.get(key)
        if document is None:
            if not create:
                return False
            document = docs[key] = {"_id": key}
            self.documents += 1
        else:
            held = _get(document, field)
            if held is not None and not held < below:
                return False
        for path, value in changes.items():
            _set(document, path, value)
        _set(document, field, version)
        return True

    def insert_once(self, collection: AsyncCollection[Document], document: Document) -> bool:
        docs = self._docs(collection)
        if document["_id"] in docs:
            return False
        docs[document["_id"]] = copy.deepcopy(document)
        self.documents += 1
        return True

    @property
    def full(self) -> bool:
        return self.documents >= self.max_documents

    async def flush(self) -> int:
        """Write every held document and stop holding; the number written."""
        self.active = False
        written = 0
        held, self._held = self._held, {}
        for collection, docs in held.values():
            documents = list(docs.values())
            for start in range(0, len(documents), INSERT_CHUNK):
                chunk = documents[start : start + INSERT_CHUNK]
                try:
                    await collection.insert_many(chunk)
                except BulkWriteError:
                    # Something wrote meanwhile: what the replay holds is the whole history.
                    log.warning("%s: a document existed; replacing one by one", collection.name)
                    for document in chunk:
                        await collection.replace_one(
                            {"_id": document["_id"]}, document, upsert=True
                        )
                written += len(chunk)
        return written


_current: ContextVar[MemoryReplay | None] = ContextVar("mmc_memory_replay", default=None)


def current() -> MemoryReplay | None:
    return _current.get()


@contextmanager
def replaying(replay: MemoryReplay) -> Iterator[MemoryReplay]:
    token = _current.set(replay)
    try:
        yield replay
    finally:
        _current.reset(token)


def _get(document: Document, path: str) -> Any:
    value: Any = document
    for part in path.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def _set(document: Document, path: str, value: Any) -> None:
    *parents, last = path.split(".")
    target = document
    for part in parents:
        child = target.get(part)
        if not isinstance(child, dict):
            child = target[part] = {}
        target = child
    target[last] = copy.deepcopy(value) if isinstance(value, dict | list) else value
