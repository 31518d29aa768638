"""Outreach's aggregates in MongoDB, stored through the chassis' `AggregateStore` (state and
outbox in one write). One generic repository serves every aggregate type."""

from __future__ import annotations

from typing import Generic, TypeVar

from pymongo import ASCENDING, DESCENDING, IndexModel
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase

from mmc_chassis.mongo import Document
from mmc_chassis.mongo import ensure_indexes as create_missing_indexes
from mmc_chassis.outbox import AggregateStore
from mmc_outreach.adapters.cities_view import CITY_INDEXES, KNOWN_CITIES
from mmc_outreach.domain.base import Aggregate

INQUIRIES = "inquiries"
TARGETS = "outreach_targets"
NOMINATION_CALLS = "nomination_calls"
OPPORTUNITIES = "funding_opportunities"
CONNECTIONS = "funding_connections"
PARTNERS = "partner_organisations"
COALITIONS = "coalitions"

A = TypeVar("A", bound=Aggregate)


class Repository(Generic[A]):
    def __init__(self, store: AggregateStore, model: type[A]) -> None:
        self.store = store
        self.model = model
        self.collection: AsyncCollection[Document] = store.collection

    @property
    def kind(self) -> str:
        return self.store.kind

    async def get(self, aggregate_id: str) -> A:
        """The aggregate; `NotFound` if there is none with this id."""
        return self.model.from_document(await self.store.load(aggregate_id))

    async def find(self, aggregate_id: str) -> A | None:
        document = await self.collection.find_one({"_id": aggregate_id}, {"outbox": 0})
        return None if document is None else self.model.from_document(document)

    async def add(self, aggregate: A) -> None:
        """Store a new aggregate and its first events (`AlreadyExists` for a known id)."""
        await self.store.create(aggregate.to_document(), aggregate.pull_events())

    async def save(self, aggregate: A) -> None:
        await self.store.update(aggregate.to_document(), aggregate.pull_events())

    async def page(
        self, query: Document, sort: list[tuple[str, int]], *, limit: int, offset: int
    ) -> tuple[list[A], int]:
        cursor = self.collection.find(query, {"outbox": 0}).sort(sort).skip(offset).limit(limit)
        items = [self.model.from_document(document) async for document in cursor]
        return items, await self.collection.count_documents(query)

    async def all(self, query: Document) -> list[A]:
        return [
            self.model.from_document(d) async for d in self.collection.find(query, {"outbox": 0})
        ]


INDEXES: dict[str, list[IndexModel]] = {
    INQUIRIES: [
        IndexModel([("message_key", ASCENDING)], name="by_message_key"),
        IndexModel([("received_at", DESCENDING), ("_id", ASCENDING)], name="by_received_at"),
        IndexModel([("status", ASCENDING)], name="by_status"),
        IndexModel([("city_key", ASCENDING)], name="by_city_key"),
    ],
    TARGETS: [IndexModel([("city_id", ASCENDING)], name="by_city")],
    CONNECTIONS: [IndexModel([("city_id", ASCENDING)], name="by_city")],
    KNOWN_CITIES: CITY_INDEXES,
}


async def ensure_indexes(database: AsyncDatabase[Document]) -> None:
    for collection, indexes in INDEXES.items():
        await create_missing_indexes(database[collection], indexes)
