"""Cities and assistance requests in MongoDB (the chassis' `Repository`), the filters of their
lists, and the indexes behind both.

What the generic repository cannot know is the registry's second uniqueness rule: one city per
`name_key` (name and country). A unique index enforces it; `CityRepository` checks it first, so
the usual case gets a clear answer, and turns the index's refusal (a concurrent registration)
into the same answer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from pymongo import ASCENDING, DESCENDING, IndexModel
from pymongo.errors import OperationFailure

from mmc_chassis.errors import AlreadyExists, Conflict
from mmc_chassis.mongo import Document
from mmc_chassis.outbox import AggregateStore
from mmc_chassis.repository import Repository, matching
from mmc_cities.domain.assistance import AssistanceRequest
from mmc_cities.domain.city import City
from mmc_cities.domain.names import name_key
from mmc_contracts import Event
from mmc_contracts.cities import (
    AssistanceKind,
    AssistanceStatus,
    CityProfileUpdated,
    MigrationContext,
    PartnershipStatus,
    SizeClass,
)

__all__ = [
    "ASSISTANCE_REQUESTS",
    "CITIES",
    "INDEXES",
    "TIMELINE",
    "AssistanceFilter",
    "AssistanceRequestRepository",
    "CityFilter",
    "CityRepository",
    "DuplicateCity",
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


# --------------------------------------------------------------------------------------------
# List filters (`None` means any; criteria combine with AND)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CityFilter:
    """`q` matches part of the name, ignoring case, accents, spaces and punctuation ("zur"
    finds Zürich, "saint denis" finds Saint-Denis)."""

    region: str | None = None
    sub_region: str | None = None
    country: str | None = None
    migration_context: MigrationContext | None = None
    size_class: SizeClass | None = None
    partnership_status: PartnershipStatus | None = None
    network: str | None = None
    q: str | None = None

    def query(self) -> Document:
        wanted = search_name(self.q) if self.q is not None else ""
        return matching(
            {
                "profile.region": self.region,
                "profile.sub_region": self.sub_region,
                "profile.country_code": self.country.strip().upper() if self.country else None,
                "profile.migration_contexts": self.migration_context,
                "profile.size_class": self.size_class,
                "partnership_status": self.partnership_status,
                "profile.networks": " ".join(self.network.split()) if self.network else None,
                "search_name": {"$regex": re.escape(wanted)} if wanted else None,
            }
        )


@dataclass(frozen=True)
class AssistanceFilter:
    city_id: str | None = None
    status: AssistanceStatus | None = None
    kind: AssistanceKind | None = None
    assignee: str | None = None

    def query(self) -> Document:
        return matching(
            {
                "city_id": self.city_id,
                "status": self.status,
                "kind": self.kind,
                "assignee": " ".join(self.assignee.split()) if self.assignee else None,
            }
        )


# --------------------------------------------------------------------------------------------
# Repositories (`order` is the order of their lists)
# --------------------------------------------------------------------------------------------


def _is_duplicate_key(error: OperationFailure) -> bool:
    # MongoDB reports code 11000 (DuplicateKeyError); FerretDB v1 reports an update that breaks
    # a unique index as an internal error naming SQLite's constraint.
    return error.code == 11000 or "UNIQUE constraint failed" in str(error)


def _renames(event: Event) -> bool:
    return isinstance(event, CityProfileUpdated) and bool(
        {"name", "country_code"} & set(event.changed_fields)
    )


class CityRepository(Repository[City]):
    """Cities by name; refuses a second city of the same name in one country."""

    order = (("search_name", ASCENDING), ("_id", ASCENDING))

    def __init__(self, store: AggregateStore) -> None:
        super().__init__(store, City.from_document)

    def to_document(self, aggregate: City) -> Document:
        return {**aggregate.to_document(), "search_name": search_name(aggregate.profile.name)}

    async def ids_by_name_key(self, keys: Iterable[str]) -> dict[str, str]:
        """`name_key -> id` of the registered cities among `keys`."""
        wanted = sorted(set(keys))
        if not wanted:
            return {}
        cursor = self.collection.find({"name_key": {"$in": wanted}}, {"name_key": 1})
        return {document["name_key"]: str(document["_id"]) async for document in cursor}

    async def add(self, aggregate: City) -> None:
        """Store a newly registered city and its first event.

        :raises DuplicateCity: a city with the same name and country is registered.
        :raises AlreadyExists: a city with the same id is registered.
        """
        try:
            await super().add(aggregate)
        except AlreadyExists:
            # The unique name index refused it, or the id is taken: say which.
            await self._refuse_duplicate(aggregate)
            raise

    async def save(self, aggregate: City) -> None:
        """Store the city's new state and pending events (nothing to do without events).

        :raises StaleVersion: someone else changed the city since it was loaded.
        :raises DuplicateCity: the new name (or country) is another registered city's.
        """
        if any(_renames(event) for event in aggregate.pending_events):
            await self._refuse_duplicate(aggregate)
        try:
            await super().save(aggregate)
        except OperationFailure as error:
            if _is_duplicate_key(error):  # renamed meanwhile by someone else
                await self._refuse_duplicate(aggregate)
            raise

    async def _refuse_duplicate(self, city: City) -> None:
        existing = await self.collection.find_one({"name_key": city.name_key}, {"_id": 1})
        if existing is not None and str(existing["_id"]) != city.id:
            raise DuplicateCity(city.profile.name, city.profile.country_code, existing["_id"])


class AssistanceRequestRepository(Repository[AssistanceRequest]):
    order = (("opened_at", DESCENDING), ("_id", ASCENDING))

    def __init__(self, store: AggregateStore) -> None:
        super().__init__(store, AssistanceRequest.from_document)


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
