"""Queries over the cities service's own aggregates (their documents are the read model).

Every read leaves out the `outbox` (events waiting for the relay are not part of the state).
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Generic, TypeVar

from pymongo import ASCENDING, DESCENDING
from pymongo.asynchronous.collection import AsyncCollection

from mmc_chassis.errors import NotFound
from mmc_chassis.mongo import Document
from mmc_chassis.outbox import OUTBOX
from mmc_cities.adapters.repository import search_name
from mmc_cities.domain.assistance import AssistanceRequest
from mmc_cities.domain.city import City
from mmc_contracts.cities import (
    AssistanceKind,
    AssistanceStatus,
    MigrationContext,
    PartnershipStatus,
    SizeClass,
)

__all__ = [
    "AssistanceFilter",
    "AssistanceRequestReadModel",
    "CityFilter",
    "CityReadModel",
    "Page",
]

WITHOUT_OUTBOX: Document = {OUTBOX: 0}


T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    total: int


@dataclass(frozen=True)
class CityFilter:
    """The list filters; `None` means "any". `q` matches part of the name, ignoring case,
    accents, spaces and punctuation ("zur" finds Zürich, "saint denis" finds Saint-Denis)."""

    region: str | None = None
    sub_region: str | None = None
    country: str | None = None
    migration_context: MigrationContext | None = None
    size_class: SizeClass | None = None
    partnership_status: PartnershipStatus | None = None
    network: str | None = None
    q: str | None = None

    def query(self) -> Document:
        query: Document = {}
        if self.region:
            query["profile.region"] = self.region
        if self.sub_region:
            query["profile.sub_region"] = self.sub_region
        if self.country:
            query["profile.country_code"] = self.country.strip().upper()
        if self.migration_context:
            query["profile.migration_contexts"] = str(self.migration_context)
        if self.size_class:
            query["profile.size_class"] = str(self.size_class)
        if self.partnership_status:
            query["partnership_status"] = str(self.partnership_status)
        if self.network:
            query["profile.networks"] = " ".join(self.network.split())
        if self.q is not None:
            wanted = search_name(self.q)
            if wanted:
                query["search_name"] = {"$regex": re.escape(wanted)}
        return query


class CityReadModel:
    def __init__(self, collection: AsyncCollection[Document]) -> None:
        self.collection = collection

    async def get(self, city_id: str) -> City:
        document = await self.collection.find_one({"_id": city_id}, WITHOUT_OUTBOX)
        if document is None:
            raise NotFound("city", city_id)
        return City.from_document(document)

    async def exists(self, city_id: str) -> bool:
        return await self.collection.count_documents({"_id": city_id}, limit=1) > 0

    async def page(self, where: CityFilter, *, limit: int, offset: int) -> Page[City]:
        """The cities matching `where`, by name, from `offset`; `total` counts all matches."""
        query = where.query()
        cursor = (
            self.collection.find(query, WITHOUT_OUTBOX)
            .sort([("search_name", ASCENDING), ("_id", ASCENDING)])
            .skip(offset)
            .limit(limit)
        )
        items = [City.from_document(document) async for document in cursor]
        return Page(items, await self.collection.count_documents(query))

    async def all(self, where: CityFilter) -> AsyncIterator[City]:
        """Every matching city, by name (for the export)."""
        cursor = self.collection.find(where.query(), WITHOUT_OUTBOX).sort(
            [("search_name", ASCENDING), ("_id", ASCENDING)]
        )
        async for document in cursor:
            yield City.from_document(document)


@dataclass(frozen=True)
class AssistanceFilter:
    city_id: str | None = None
    status: AssistanceStatus | None = None
    kind: AssistanceKind | None = None
    assignee: str | None = None

    def query(self) -> Document:
        query: Document = {}
        if self.city_id:
            query["city_id"] = self.city_id
        if self.status:
            query["status"] = str(self.status)
        if self.kind:
            query["kind"] = str(self.kind)
        if self.assignee:
            query["assignee"] = " ".join(self.assignee.split())
        return query


class AssistanceRequestReadModel:
    def __init__(self, collection: AsyncCollection[Document]) -> None:
        self.collection = collection

    async def get(self, request_id: str) -> AssistanceRequest:
        document = await self.collection.find_one({"_id": request_id}, WITHOUT_OUTBOX)
        if document is None:
            raise NotFound("assistance request", request_id)
        return AssistanceRequest.from_document(document)

    async def page(
        self, where: AssistanceFilter, *, limit: int, offset: int
    ) -> Page[AssistanceRequest]:
        """The matching requests, newest first."""
        query = where.query()
        cursor = (
            self.collection.find(query, WITHOUT_OUTBOX)
            .sort([("opened_at", DESCENDING), ("_id", ASCENDING)])
            .skip(offset)
            .limit(limit)
        )
        items = [AssistanceRequest.from_document(document) async for document in cursor]
        return Page(items, await self.collection.count_documents(query))
