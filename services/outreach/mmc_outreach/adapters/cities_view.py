"""Outreach's read model of the cities (`known_cities`), fed by `mmc.cities.city.v2`.

One document per city, kept by the chassis' `FacetedView`. Whole-profile events
(`CityRegistered`, `CityProfileUpdated`) apply when newer than the profile held (facet
`profile`); one-fact events apply when newer than the last event of the same fact (facet
`partnership`, `board`), so a replayed or redelivered event changes nothing and a dead letter
replayed late still sets its fact.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pymongo import ASCENDING, IndexModel
from pymongo.asynchronous.collection import AsyncCollection

from mmc_chassis.faceted_view import Facet, FacetedView
from mmc_chassis.mongo import Document
from mmc_contracts.cities import (
    CityBoardRoleChanged,
    CityPartnershipStatusChanged,
    CityProfileUpdated,
    CityRegistered,
    PublicCityProfile,
)
from mmc_outreach.domain.cities_view import KnownCity
from mmc_outreach.domain.names import city_key

KNOWN_CITIES = "known_cities"
_REQUIRED = ("name", "country_code", "region", "sub_region", "size_class", "partnership_status")

CITY_INDEXES: list[IndexModel] = [
    IndexModel([("city_key", ASCENDING)], name="by_city_key"),
    IndexModel([("partnership_status", ASCENDING)], name="by_partnership_status"),
]


class KnownCities(FacetedView):
    def __init__(self, collection: AsyncCollection[Document]) -> None:
        super().__init__(collection, CITY_FACETS)

    async def get(self, city_id: str) -> KnownCity | None:
        document = await self.collection.find_one({"_id": city_id})
        return None if document is None else known_city(document)

    async def by_key(self, key: str) -> KnownCity | None:
        document = await self.collection.find_one({"city_key": key})
        return None if document is None else known_city(document)

    async def all(self) -> list[KnownCity]:
        cities = [known_city(d) async for d in self.collection.find({})]
        return [city for city in cities if city is not None]


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
        size_class=document["size_class"],
        partnership_status=document["partnership_status"],
        migration_contexts=frozenset(document.get("migration_contexts") or ()),
        on_board=bool(document.get("on_board")),
    )


def _profile(event: CityRegistered | CityProfileUpdated) -> Document:
    profile: PublicCityProfile = event.profile
    return {
        "name": profile.name,
        "city_key": city_key(profile.name, profile.country_code),
        "country_code": profile.country_code,
        "region": profile.region,
        "sub_region": profile.sub_region,
        "size_class": str(profile.size_class),
        "migration_contexts": sorted(str(c) for c in profile.migration_contexts),
    }


def _partnership(event: CityRegistered | CityPartnershipStatusChanged) -> Document:
    status = event.partnership_status if isinstance(event, CityRegistered) else event.to_status
    return {"partnership_status": str(status)}


# Every fact may create the document (a city stays incomplete, and unlisted, until its profile).
CITY_FACETS = FacetedView.spec(
    (CityRegistered, Facet("partnership", _partnership, create=True)),
    ((CityRegistered, CityProfileUpdated), Facet("profile", _profile, create=True)),
    (CityPartnershipStatusChanged, Facet("partnership", _partnership, create=True)),
    (
        CityBoardRoleChanged,
        Facet("board", lambda event: {"on_board": event.board_role is not None}, create=True),
    ),
)
