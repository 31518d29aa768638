"""Advocacy's read model of the cities: the `known_cities` collection, fed by the registry's
events on `mmc.cities.city.v2`.

One document per city, keyed by the city id, kept by the chassis' `FacetedView`. Events that
carry the whole profile (`CityRegistered`, `CityProfileUpdated`) set the profile facet and may
create the document; the one-fact events (`CityPartnershipStatusChanged`, `CityMayorChanged`)
set their own facet and only change a document that exists. Each is applied only when newer
than what that facet holds, so a redelivery or a replay from offset 0 changes nothing. A
registration sets the partnership facet too (it carries the status it starts with).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from pymongo import ASCENDING, IndexModel
from pymongo.asynchronous.collection import AsyncCollection

from mmc_advocacy.domain import KnownCity
from mmc_advocacy.domain.search import fold
from mmc_chassis.faceted_view import Facet, FacetedView
from mmc_chassis.mongo import Document
from mmc_contracts.cities import (
    CityMayorChanged,
    CityPartnershipStatusChanged,
    CityProfileUpdated,
    CityRegistered,
    PublicCityProfile,
)

__all__ = ["CITY_INDEXES", "KNOWN_CITIES", "KnownCities", "known_city"]

KNOWN_CITIES = "known_cities"
_REQUIRED = ("name", "country_code", "region", "partnership_status")


class KnownCities(FacetedView):
    """The `known_cities` collection."""

    def __init__(self, collection: AsyncCollection[Document]) -> None:
        super().__init__(collection, CITY_FACETS)

    async def get(self, city_id: str) -> KnownCity | None:
        document = await self.collection.find_one({"_id": city_id})
        return None if document is None else known_city(document)

    async def page(self, q: str | None, *, limit: int, offset: int) -> tuple[list[KnownCity], int]:
        query: Document = {"partnership_status": {"$exists": True}, "name": {"$exists": True}}
        if q and fold(q):
            query["search_name"] = {"$regex": re.escape(fold(q))}
        cursor = (
            self.collection.find(query)
            .sort([("search_name", ASCENDING), ("_id", ASCENDING)])
            .skip(offset)
            .limit(limit)
        )
        items = [city async for d in cursor if (city := known_city(d)) is not None]
        return items, await self.collection.count_documents(query)


def known_city(document: Mapping[str, Any]) -> KnownCity | None:
    """The city a document holds, or None while it is incomplete (its registration not seen)."""
    if any(document.get(name) is None for name in _REQUIRED):
        return None
    return KnownCity(
        id=str(document["_id"]),
        name=document["name"],
        country_code=document["country_code"],
        region=document["region"],
        partnership_status=document["partnership_status"],
        mayor_name=document.get("mayor_name"),
    )


def _profile(event: CityRegistered | CityProfileUpdated) -> Document:
    profile: PublicCityProfile = event.profile
    return {
        "name": profile.name,
        "search_name": fold(profile.name),
        "country_code": profile.country_code,
        "region": profile.region,
        "mayor_name": profile.mayor.name if profile.mayor is not None else None,
    }


def _partnership(event: CityRegistered | CityPartnershipStatusChanged) -> Document:
    status = event.partnership_status if isinstance(event, CityRegistered) else event.to_status
    return {"partnership_status": str(status)}


CITY_FACETS = FacetedView.spec(
    ((CityRegistered, CityProfileUpdated), Facet("profile", _profile, create=True)),
    (CityRegistered, Facet("partnership", _partnership, create=True)),
    (CityPartnershipStatusChanged, Facet("partnership", _partnership)),
    (CityMayorChanged, Facet("mayor", lambda event: {"mayor_name": event.new_mayor.name})),
)

CITY_INDEXES: list[IndexModel] = [
    IndexModel([("search_name", ASCENDING), ("_id", ASCENDING)], name="by_name"),
]
