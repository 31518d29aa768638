"""Cities and assistance requests in MongoDB, stored through the chassis' `AggregateStore`.

Each aggregate is one document (its `to_document()` form) that also carries its outbox; the
store writes the new state and the new events in one operation, guarded by the version. What
the store cannot know is the registry's second uniqueness rule: one city per `name_key` (name
and country). A unique index enforces it; this module checks it first, so the usual case gets a
clear answer, and turns the index's refusal (a concurrent registration) into the same answer.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pymongo import ASCENDING, DESCENDING, IndexModel
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import OperationFailure

from mmc_chassis.errors import AlreadyExists, Conflict
from mmc_chassis.mongo import Document
from mmc_chassis.mongo import ensure_indexes as create_missing_indexes
from mmc_chassis.outbox import AggregateStore
from mmc_cities.domain.assistance import AssistanceRequest
from mmc_cities.domain.city import City
from mmc_cities.domain.names import name_key
from mmc_contracts import Event
from mmc_contracts.cities import CityProfileUpdated

__all__ = [
    "ASSISTANCE_REQUESTS",
    "CITIES",
    "INDEXES",
    "TIMELINE",
    "AssistanceRequestRepository",
    "CityRepository",
    "DuplicateCity",
    "ensure_indexes",
    "search_name",
]

CITIES = "cities"
ASSISTANCE_REQUESTS = "assistance_requests"
TIMELINE = "timeline"


class DuplicateCity(Conflict):
    """Another city already has this name in this country (HTTP 409)."""

    def __init__(self, name: str, country_code: str, existing_id: str) -> None:
        super().__init__(
            f"a city named {name} in {country_code} is already registered (id {existing_id})"
        )
        self.name = name
        self.country_code = country_code
        self.existing_id = existing_id


def search_name(name: str) -> str:
    """The name part of the duplicate-detection key: case-, accent- and punctuation-free.

    Stored next to the profile so that name search and sorting need no collation (which
    FerretDB does not have): `search_name("Zürich") == "zurich"`.
    """
    return name_key(name, "").split(":", 1)[1]


def _is_duplicate_key(error: OperationFailure) -> bool:
    # MongoDB reports code 11000 (DuplicateKeyError); FerretDB v1 reports an update that breaks
    # a unique index as an internal error naming SQLite's constraint.
    return error.code == 11000 or "UNIQUE constraint failed" in str(error)


class CityRepository:
    """Loads and saves `City` aggregates."""

    def __init__(self, store: AggregateStore) -> None:
        self.store = store
        self.collection: AsyncCollection[Document] = store.collection

    @property
    def kind(self) -> str:
        return self.store.kind

    async def get(self, city_id: str) -> City:
        """The city; `NotFound` if there is none with this id."""
        return City.from_document(await self.store.load(city_id))

    async def exists(self, city_id: str) -> bool:
        return await self.collection.count_documents({"_id": city_id}, limit=1) > 0

    async def ids_by_name_key(self, keys: Iterable[str]) -> dict[str, str]:
        """`name_key -> id` of the registered cities among `keys`."""
        wanted = sorted(set(keys))
        if not wanted:
            return {}
        cursor = self.collection.find({"name_key": {"$in": wanted}}, {"name_key": 1})
        return {document["name_key"]: str(document["_id"]) async for document in cursor}

    async def add(self, city: City) -> None:
        """Store a newly registered city and its first event.

        :raises DuplicateCity: a city with the same name and country is registered.
        :raises AlreadyExists: a city with the same id is registered.
        """
        try:
            await self.store.create(_city_document(city), city.pull_events())
        except AlreadyExists:
            # The unique name index refused it, or the id is taken: say which.
            await self._refuse_duplicate(city)
            raise

    async def save(self, city: City) -> None:
        """Store the city's new state and pending events (nothing to do without events).

        :raises StaleVersion: someone else changed the city since it was loaded.
        :raises DuplicateCity: the new name (or country) is another registered city's.
        """
        events = city.pull_events()
        if not events:
            return
        if any(_renames(event) for event in events):
            await self._refuse_duplicate(city)
        try:
            await self.store.update(_city_document(city), events)
        except OperationFailure as error:
            if _is_duplicate_key(error):  # renamed meanwhile by someone else
                await self._refuse_duplicate(city)
            raise

    async def _refuse_duplicate(self, city: City) -> None:
        existing = await self.collection.find_one({"name_key": city.name_key}, {"_id": 1})
        if existing is not None and str(existing["_id"]) != city.id:
            raise DuplicateCity(city.profile.name, city.profile.country_code, existing["_id"])


def _renames(event: Event) -> bool:
    return isinstance(event, CityProfileUpdated) and bool(
        {"name", "country_code"} & set(event.changed_fields)
    )


def _city_document(city: City) -> Document:
    document: dict[str, Any] = city.to_document()
    document["search_name"] = search_name(city.profile.name)
    return document


class AssistanceRequestRepository:
    """Loads and saves `AssistanceRequest` aggregates."""

    def __init__(self, store: AggregateStore) -> None:
        self.store = store
        self.collection: AsyncCollection[Document] = store.collection

    @property
    def kind(self) -> str:
        return self.store.kind

    async def get(self, request_id: str) -> AssistanceRequest:
        """The request; `NotFound` if there is none with this id."""
        return AssistanceRequest.from_document(await self.store.load(request_id))

    async def add(self, request: AssistanceRequest) -> None:
        """Store a newly opened request and its first event (`AlreadyExists` for a known id)."""
        await self.store.create(request.to_document(), request.pull_events())

    async def save(self, request: AssistanceRequest) -> None:
        """Store the request's new state and pending events; `StaleVersion` on a race."""
        await self.store.update(request.to_document(), request.pull_events())


INDEXES: dict[str, list[IndexModel]] = {
    CITIES: [
        IndexModel([("name_key", ASCENDING)], unique=True, name="unique_name_key"),
        IndexModel([("search_name", ASCENDING), ("_id", ASCENDING)], name="by_name"),
        IndexModel([("profile.country_code", ASCENDING)], name="by_country"),
        IndexModel([("profile.region", ASCENDING)], name="by_region"),
        IndexModel([("profile.sub_region", ASCENDING)], name="by_sub_region"),
        IndexModel([("profile.size_class", ASCENDING)], name="by_size_class"),
        IndexModel([("profile.migration_contexts", ASCENDING)], name="by_migration_context"),
        IndexModel([("profile.networks", ASCENDING)], name="by_network"),
        IndexModel([("partnership_status", ASCENDING)], name="by_partnership_status"),
    ],
    ASSISTANCE_REQUESTS: [
        IndexModel([("city_id", ASCENDING), ("opened_at", DESCENDING)], name="by_city"),
        IndexModel([("status", ASCENDING)], name="by_status"),
        IndexModel([("kind", ASCENDING)], name="by_kind"),
        IndexModel([("assignee", ASCENDING)], name="by_assignee"),
        IndexModel([("opened_at", DESCENDING), ("_id", ASCENDING)], name="by_opened_at"),
    ],
    TIMELINE: [
        IndexModel([("city_id", ASCENDING), ("occurred_at", DESCENDING)], name="by_city_and_time"),
    ],
}
"""The unique name index, and the indexes behind the list filters and the timeline."""


async def ensure_indexes(database: AsyncDatabase[Document]) -> None:
    """Create the missing indexes of `INDEXES` (at start-up; cheap when they exist)."""
    for collection, indexes in INDEXES.items():
        await create_missing_indexes(database[collection], indexes)
