"""The board's read model of the cities: the `known_cities` collection, fed by the registry's
events on `mmc.cities.city.v2`.

One document per city, keyed by the city id, holding what `KnownCity` needs: name, country,
region, sub-region, migration contexts, size class, partnership status and the mayor's name.
Each fact (the profile, the mayor, the partnership status) keeps the version of the event that
last set it (`apply_if_newer(..., facet=...)`): a redelivered event, or the whole topic replayed
from offset 0, changes nothing, and a dead letter replayed after later events of other kinds
still sets its fact. Events that carry the whole profile (`CityRegistered`,
`CityProfileUpdated`) may create the document; those that carry one fact
(`CityPartnershipStatusChanged`, `CityMayorChanged`) only change a document that exists.
Other city events (the city's Board role, which follows the board's own events) are not the
board's business.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from pymongo import ASCENDING, IndexModel
from pymongo.asynchronous.collection import AsyncCollection

from mmc_board.domain import KnownCity
from mmc_chassis.mongo import Document
from mmc_chassis.projection import apply_if_newer
from mmc_chassis.repository import Listing, find_page, matching
from mmc_contracts import Event
from mmc_contracts.cities import (
    CityMayorChanged,
    CityPartnershipStatusChanged,
    CityProfileUpdated,
    CityRegistered,
    PartnershipStatus,
    PublicCityProfile,
)

__all__ = ["CITY_INDEXES", "KNOWN_CITIES", "CityFilter", "KnownCities", "search_name"]

KNOWN_CITIES = "known_cities"
BY_NAME = (("search_name", ASCENDING), ("_id", ASCENDING))

_REQUIRED = (
    "name",
    "country_code",
    "region",
    "sub_region",
    "size_class",
    "partnership_status",
)


def search_name(name: str) -> str:
    """A name without case, accents, punctuation or extra spaces: `"Zürich"` -> `"zurich"`.

    Stored beside the name so that search and sorting need no collation (FerretDB has none).
    """
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    letters = "".join(c if c.isalnum() else " " for c in decomposed if not unicodedata.combining(c))
    return " ".join(letters.split())


@dataclass(frozen=True)
class CityFilter:
    """List filters; `None` means any. `q` matches part of the name (case and accents ignored)."""

    partnership_status: PartnershipStatus | None = None
    country: str | None = None
    region: str | None = None
    q: str | None = None

    def query(self) -> Document:
        wanted = search_name(self.q) if self.q is not None else ""
        return {
            "partnership_status": {"$exists": True},
            **matching(
                {
                    "partnership_status": self.partnership_status,
                    "country_code": self.country.strip().upper() if self.country else None,
                    "region": self.region,
                    "search_name": {"$regex": re.escape(wanted)} if wanted else None,
                }
            ),
        }


class KnownCities:
    """The `known_cities` collection."""

    def __init__(self, collection: AsyncCollection[Document]) -> None:
        self.collection = collection

    # --- projection ---------------------------------------------------------------------------

    async def apply(self, event: Event) -> bool:
        """Apply a city event; False when it is not newer than what is held, or not ours.

        Versions are kept per fact (the profile, the mayor, the partnership status): a
        dead letter replayed after later events of other kinds still sets its own fact.
        """
        key, version = event.aggregate_id, event.aggregate_version
        if isinstance(event, CityRegistered | CityProfileUpdated):
            profile = _profile_fields(event.profile)
            mayor = {"mayor_name": profile.pop("mayor_name")}
            applied = await self._set(key, version, "profile", profile, event, create=True)
            await self._set(key, version, "mayor", mayor, event, create=True)
            if isinstance(event, CityRegistered):
                status = {"partnership_status": str(event.partnership_status)}
                await self._set(key, version, "partnership", status, event, create=True)
            return applied
        if isinstance(event, CityPartnershipStatusChanged):
            status = {"partnership_status": str(event.to_status)}
            return await self._set(key, version, "partnership", status, event)
        if isinstance(event, CityMayorChanged):
            mayor = {"mayor_name": event.new_mayor.name}
            return await self._set(key, version, "mayor", mayor, event)
        return False

    async def _set(
        self,
        key: str,
        version: int,
        facet: str,
        changes: Document,
        event: Event,
        *,
        create: bool = False,
    ) -> bool:
        """One fact of a city, if newer than the one held; only the profile creates a city."""
        return await apply_if_newer(
            self.collection, key, version, _stamped(changes, event), facet=facet, create=create
        )

    # --- queries ------------------------------------------------------------------------------

    async def get(self, city_id: str) -> KnownCity | None:
        document = await self.collection.find_one({"_id": city_id})
        return None if document is None else known_city(document)

    async def document(self, city_id: str) -> Document | None:
        """The city's document, or None when unknown (or incomplete)."""
        document = await self.collection.find_one({"_id": city_id})
        return document if document is not None and known_city(document) is not None else None

    async def many(self, city_ids: Iterable[str]) -> dict[str, KnownCity]:
        wanted = sorted(set(city_ids))
        if not wanted:
            return {}
        found: dict[str, KnownCity] = {}
        async for document in self.collection.find({"_id": {"$in": wanted}}):
            city = known_city(document)
            if city is not None:
                found[city.id] = city
        return found

    async def page(self, where: CityFilter, *, limit: int, offset: int) -> Listing[Document]:
        """The matching cities' documents by name, from `offset`, and how many match."""
        found = await find_page(self.collection, where.query(), BY_NAME, limit=limit, offset=offset)
        items = [document for document in found.items if known_city(document) is not None]
        return Listing(items, found.total)


def known_city(document: Mapping[str, Any]) -> KnownCity | None:
    """The city a document holds, or None while it is incomplete (its registration not seen)."""
    if any(document.get(name) is None for name in _REQUIRED):
        return None
    return KnownCity(
        id=str(document["_id"]),
        name=document["name"],
        country_code=document["country_code"],
        region=document["region"],
        sub_region=document["sub_region"],
        migration_contexts=frozenset(document.get("migration_contexts") or ()),
        size_class=document["size_class"],
        partnership_status=document["partnership_status"],
        mayor_name=document.get("mayor_name"),
    )


def _profile_fields(profile: PublicCityProfile) -> Document:
    return {
        "name": profile.name,
        "search_name": search_name(profile.name),
        "country_code": profile.country_code,
        "region": profile.region,
        "sub_region": profile.sub_region,
        "migration_contexts": sorted(str(context) for context in profile.migration_contexts),
        "size_class": str(profile.size_class),
        "mayor_name": profile.mayor.name if profile.mayor is not None else None,
    }


def _stamped(changes: Document, event: Event) -> Document:
    return {**changes, "updated_at": event.occurred_at}


CITY_INDEXES: dict[str, list[IndexModel]] = {
    KNOWN_CITIES: [
        IndexModel([("search_name", ASCENDING), ("_id", ASCENDING)], name="by_name"),
        IndexModel([("partnership_status", ASCENDING)], name="by_partnership_status"),
        IndexModel([("country_code", ASCENDING)], name="by_country"),
    ]
}
