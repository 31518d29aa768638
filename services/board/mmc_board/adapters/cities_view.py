"""The board's read model of the cities: the `known_cities` collection, fed by the registry's
events on `mmc.cities.city.v2`.

One document per city, keyed by the city id, holding what `KnownCity` needs: name, country,
region, sub-region, migration contexts, size class, partnership status and the mayor's name.
Each fact (the profile, the mayor, the partnership status) keeps the version of the event that
last set it (the chassis' `FacetedView`): a redelivered event, or the whole topic replayed
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
from mmc_chassis.faceted_view import Facet, FacetedView
from mmc_chassis.mongo import Document
from mmc_chassis.repository import Listing, find_page, matching
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


class KnownCities(FacetedView):
    """The `known_cities` collection; each fact stamped with the time of its event."""

    def __init__(self, collection: AsyncCollection[Document]) -> None:
        super().__init__(collection, CITY_FACETS, stamp="updated_at")

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


def _profile_fields(event: CityRegistered | CityProfileUpdated) -> Document:
    profile: PublicCityProfile = event.profile
    return {
        "name": profile.name,
        "search_name": search_name(profile.name),
        "country_code": profile.country_code,
        "region": profile.region,
        "sub_region": profile.sub_region,
        "migration_contexts": sorted(str(context) for context in profile.migration_contexts),
        "size_class": str(profile.size_class),
    }


def _mayor(event: CityRegistered | CityProfileUpdated | CityMayorChanged) -> Document:
    mayor = event.new_mayor if isinstance(event, CityMayorChanged) else event.profile.mayor
    return {"mayor_name": mayor.name if mayor is not None else None}


def _partnership(event: CityRegistered | CityPartnershipStatusChanged) -> Document:
    status = event.partnership_status if isinstance(event, CityRegistered) else event.to_status
    return {"partnership_status": str(status)}


# Only the events that carry the whole profile create a city; other city events (its Board
# role, which follows the board's own events) are not the board's business.
WHOLE_PROFILE = (CityRegistered, CityProfileUpdated)
CITY_FACETS = FacetedView.spec(
    (WHOLE_PROFILE, Facet("profile", _profile_fields, create=True)),
    (WHOLE_PROFILE, Facet("mayor", _mayor, create=True)),
    (CityRegistered, Facet("partnership", _partnership, create=True)),
    (CityPartnershipStatusChanged, Facet("partnership", _partnership)),
    (CityMayorChanged, Facet("mayor", _mayor)),
)


CITY_INDEXES: dict[str, list[IndexModel]] = {
    KNOWN_CITIES: [
        IndexModel([("search_name", ASCENDING), ("_id", ASCENDING)], name="by_name"),
        IndexModel([("partnership_status", ASCENDING)], name="by_partnership_status"),
        IndexModel([("country_code", ASCENDING)], name="by_country"),
    ]
}
