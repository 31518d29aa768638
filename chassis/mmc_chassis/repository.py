"""Aggregates in MongoDB: the repository every service uses, and the queries lists share.

Each aggregate is one document (its `to_document()` form) that also carries its outbox; the
`AggregateStore` writes the new state and the new events in one operation, guarded by the
version, so a concurrent second writer gets `StaleVersion` and changes nothing. Reads leave the
outbox out (events waiting for the relay are not part of the state). A list is a `Filter` (a
dataclass of the request's criteria that knows its Mongo query) in the repository's order.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any, ClassVar, Generic, Protocol, TypeVar

from pymongo import ASCENDING, IndexModel
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase

from mmc_chassis.mongo import DatabaseTraits, Document, detect_traits
from mmc_chassis.mongo import ensure_indexes as ensure_collection_indexes
from mmc_chassis.outbox import OUTBOX, AggregateStore
from mmc_contracts import Event

__all__ = [
    "WITHOUT_OUTBOX",
    "Everything",
    "Filter",
    "Listing",
    "Repository",
    "Sort",
    "Stored",
    "ensure_indexes",
    "find_page",
    "matching",
]

WITHOUT_OUTBOX: Document = {OUTBOX: 0}
Sort = Sequence[tuple[str, int]]
T = TypeVar("T")


class Stored(Protocol):
    """What a repository needs of an aggregate."""

    @property
    def id(self) -> str: ...

    @property
    def version(self) -> int: ...

    def to_document(self) -> dict[str, Any]: ...

    def pull_events(self) -> list[Event]: ...


A = TypeVar("A", bound=Stored)


class Filter(Protocol):
    """A list's criteria (built by the HTTP layer); the adapter's job is the query."""

    def query(self) -> Document: ...


def matching(criteria: Mapping[str, object]) -> Document:
    """The Mongo query of a filter: every criterion that is set (not None, not empty), an enum
    as its value. `matching({"status": Status.OPEN, "seat": None}) == {"status": "open"}`."""
    return {
        field: value.value if isinstance(value, Enum) else value
        for field, value in criteria.items()
        if value is not None and value != ""
    }


@dataclass(frozen=True)
class Everything:
    """The filter of a list without criteria."""

    def query(self) -> Document:
        return {}


@dataclass(frozen=True)
class Listing(Generic[T]):
    """One page of a list, and how many items match across all pages."""

    items: list[T]
    total: int


async def find_page(
    collection: AsyncCollection[Document],
    query: Document,
    sort: Sort,
    *,
    limit: int | None,
    offset: int = 0,
    projection: Document | None = None,
) -> Listing[Document]:
    """The documents matching `query` in `sort` order, from `offset`, and how many match."""
    cursor = collection.find(query, projection).sort(list(sort)).skip(offset)
    if limit is not None:
        cursor = cursor.limit(limit)
    items = [document async for document in cursor]
    return Listing(items, await collection.count_documents(query))


class Repository(Generic[A]):
    """Loads, lists and saves one kind of aggregate; `order` is the order of its lists (a
    subclass's, or given to one instance)."""

    order: ClassVar[Sort] = (("_id", ASCENDING),)

    def __init__(
        self,
        store: AggregateStore,
        from_document: Callable[[Mapping[str, Any]], A],
        *,
        order: Sort | None = None,
    ) -> None:
        self.store = store
        self.collection: AsyncCollection[Document] = store.collection
        self._from_document = from_document
        self._order: Sort = order or self.order  # the list order of this one repository

    @property
    def kind(self) -> str:
        return self.store.kind

    async def get(self, aggregate_id: str, *, recent: bool = False) -> A:
        """The aggregate; `NotFound` if there is none with this id. `recent`: to change it,
        from the copy of the store's last write when the save will be version-guarded."""
        return self._from_document(await self.store.load(aggregate_id, recent=recent))

    async def find(self, aggregate_id: str) -> A | None:
        """The aggregate, or None."""
        document = await self.collection.find_one({"_id": aggregate_id}, WITHOUT_OUTBOX)
        return None if document is None else self._from_document(document)

    async def exists(self, aggregate_id: str) -> bool:
        return await self.collection.count_documents({"_id": aggregate_id}, limit=1) > 0

    async def add(self, aggregate: A) -> None:
        """Store a new aggregate and its first events (`AlreadyExists` for a known id)."""
        await self.store.create(self.to_document(aggregate), aggregate.pull_events())

    async def add_many(self, aggregates: Sequence[A]) -> set[str]:
        """Store many new aggregates and their first events in one round trip; the ids stored
        (a known id is left as it is, and its events dropped)."""
        return await self.store.create_many(
            [(self.to_document(a), a.pull_events()) for a in aggregates]
        )

    async def save(self, aggregate: A) -> None:
        """Store the new state and its pending events; `StaleVersion` on a race. Nothing to do
        without events."""
        await self.store.update(self.to_document(aggregate), aggregate.pull_events())

    def to_document(self, aggregate: A) -> Document:
        """The stored form; a repository may add what its queries need (a search key)."""
        return aggregate.to_document()

    async def list(
        self,
        query: Document,
        sort: Sort | None = None,
        *,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[A]:
        """Every aggregate matching `query` (up to `limit`, from `offset`), in `sort` or the
        list order. (No count: `count` or `page` says how many match.)"""
        cursor = self.collection.find(query, WITHOUT_OUTBOX).sort(list(sort or self._order))
        cursor = cursor.skip(offset)
        if limit is not None:
            cursor = cursor.limit(limit)
        return [self._from_document(document) async for document in cursor]

    async def count(self, query: Document) -> int:
        return await self.collection.count_documents(query)

    async def get_many(self, ids: Iterable[str]) -> dict[str, A]:
        """The aggregates among `ids` that exist, by id."""
        found = await self.list({"_id": {"$in": sorted(set(ids))}})
        return {aggregate.id: aggregate for aggregate in found}

    async def page(self, where: Filter, *, limit: int, offset: int) -> Listing[A]:
        """The aggregates matching `where` in the list order, from `offset`."""
        found = await find_page(
            self.collection,
            where.query(),
            self._order,
            limit=limit,
            offset=offset,
            projection=WITHOUT_OUTBOX,
        )
        return Listing([self._from_document(d) for d in found.items], found.total)

    async def each(self, where: Filter) -> AsyncIterator[A]:
        """Every aggregate matching `where`, in the list order, one at a time."""
        cursor = self.collection.find(where.query(), WITHOUT_OUTBOX).sort(list(self._order))
        async for document in cursor:
            yield self._from_document(document)


async def ensure_indexes(
    database: AsyncDatabase[Document],
    indexes: Mapping[str, Sequence[IndexModel]],
    traits: DatabaseTraits | None = None,
) -> None:
    """Create the missing indexes of each collection (at start-up; cheap when they exist), on a
    server that looks nothing up by them the unique ones only (`mongo.ensure_indexes`). Give the
    runtime's `traits` where it has found them; without, they are found here."""
    found = traits if traits is not None else await detect_traits(database)
    for collection, wanted in indexes.items():
        await ensure_collection_indexes(
            database[collection], list(wanted), lookups=found.indexed_lookups
        )
