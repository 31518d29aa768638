"""The advocacy aggregates in MongoDB, stored through the chassis' `AggregateStore`.

Each aggregate is one document (its `to_document()` form) that also carries its outbox; the
store writes the new state and the new events in one operation, guarded by the version. Reads
leave the outbox out. (The same generic repository as the board's; a shared one belongs in the
chassis.)
"""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from typing import Generic, TypeVar

from pymongo import ASCENDING, DESCENDING, IndexModel
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase

from mmc_advocacy.domain import AggregateRoot
from mmc_chassis.mongo import Document
from mmc_chassis.mongo import ensure_indexes as create_missing_indexes
from mmc_chassis.outbox import OUTBOX, AggregateStore

__all__ = [
    "CAMPAIGNS",
    "INDEXES",
    "MATERIALS",
    "MOMENTS",
    "PLEDGES",
    "RESOURCES",
    "Repository",
    "ensure_indexes",
]

CAMPAIGNS = "campaigns"
MATERIALS = "materials"
MOMENTS = "policy_moments"
PLEDGES = "pledges"
RESOURCES = "resources"

WITHOUT_OUTBOX: Document = {OUTBOX: 0}
Sort = Sequence[tuple[str, int]]

A = TypeVar("A", bound=AggregateRoot)


class Repository(Generic[A]):
    """Loads, lists and saves one kind of aggregate."""

    def __init__(self, store: AggregateStore, model: type[A]) -> None:
        self.store = store
        self.collection: AsyncCollection[Document] = store.collection
        self.model = model

    @property
    def kind(self) -> str:
        return self.store.kind

    async def get(self, aggregate_id: str) -> A:
        """The aggregate; `NotFound` if there is none with this id."""
        return self.model.from_document(await self.store.load(aggregate_id))

    async def find(self, aggregate_id: str) -> A | None:
        document = await self.collection.find_one({"_id": aggregate_id}, WITHOUT_OUTBOX)
        return None if document is None else self.model.from_document(document)

    async def exists(self, aggregate_id: str) -> bool:
        return await self.collection.count_documents({"_id": aggregate_id}, limit=1) > 0

    async def add(self, aggregate: A) -> None:
        await self.store.create(aggregate.to_document(), aggregate.pull_events())

    async def save(self, aggregate: A) -> None:
        await self.store.update(aggregate.to_document(), aggregate.pull_events())

    async def list(
        self,
        query: Document,
        sort: Sort,
        *,
        limit: int | None = None,
        offset: int = 0,
        projection: Document | None = None,
    ) -> list[A]:
        cursor = self.collection.find(query, projection or WITHOUT_OUTBOX)
        cursor = cursor.sort(list(sort)).skip(offset)
        if limit is not None:
            cursor = cursor.limit(limit)
        return [self.model.from_document(document) async for document in cursor]

    async def documents(
        self, query: Document, projection: Document, *, limit: int | None = None
    ) -> builtins.list[Document]:
        cursor = self.collection.find(query, projection)
        if limit is not None:
            cursor = cursor.limit(limit)
        return [document async for document in cursor]

    async def count(self, query: Document) -> int:
        return await self.collection.count_documents(query)


INDEXES: dict[str, list[IndexModel]] = {
    CAMPAIGNS: [IndexModel([("starts_on", DESCENDING), ("_id", ASCENDING)], name="by_start")],
    MATERIALS: [
        IndexModel([("campaign_id", ASCENDING)], name="by_campaign"),
        IndexModel([("status", ASCENDING)], name="by_status"),
        IndexModel([("updated_at", DESCENDING), ("_id", ASCENDING)], name="by_update"),
    ],
    MOMENTS: [IndexModel([("starts_on", ASCENDING), ("_id", ASCENDING)], name="by_start")],
    PLEDGES: [
        IndexModel([("city_id", ASCENDING)], name="by_city"),
        IndexModel([("gcm_objectives", ASCENDING)], name="by_objective"),
        IndexModel([("made_on", DESCENDING), ("_id", ASCENDING)], name="by_made_on"),
    ],
    RESOURCES: [
        IndexModel([("search_terms", ASCENDING)], name="by_search_term"),
        IndexModel([("published_on", DESCENDING), ("_id", ASCENDING)], name="by_published"),
    ],
}


async def ensure_indexes(database: AsyncDatabase[Document]) -> None:
    for name, indexes in INDEXES.items():
        await create_missing_indexes(database[name], indexes)
