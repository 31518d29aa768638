"""The chassis' faceted read model: each fact kept at the version of the event that set it, so
a redelivery changes nothing, a replayed older event still sets a fact no newer event set, and
a one-fact event does not create a document."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from pymongo.asynchronous.database import AsyncDatabase

from mmc_chassis.faceted_view import Facet, FacetedView
from mmc_contracts import EventContext
from mmc_contracts.cities import (
    CityMayorChanged,
    CityPartnershipStatusChanged,
    CityProfile,
    CityRegistered,
    Contact,
    ContactRole,
    PartnershipStatus,
    SizeClass,
)

pytestmark = pytest.mark.integration

CONTEXT = EventContext(actor="test", at=datetime(2026, 12, 2, 9, 0, tzinfo=UTC))

FACETS = FacetedView.spec(
    (CityRegistered, Facet("profile", lambda e: {"name": e.profile.name}, create=True)),
    (
        CityRegistered,
        Facet("partnership", lambda e: {"status": str(e.partnership_status)}, create=True),
    ),
    (CityPartnershipStatusChanged, Facet("partnership", lambda e: {"status": str(e.to_status)})),
    (CityMayorChanged, Facet("mayor", lambda e: {"mayor": e.new_mayor.name})),
)


KUMASI = CityProfile(
    name="Kumasi",
    country_code="GH",
    region="Africa",
    sub_region="Western Africa",
    size_class=SizeClass.SECONDARY,
)
MAYOR = Contact(name="Samuel Pyne", role=ContactRole.MAYOR)
PROSPECT, PARTNER = PartnershipStatus.PROSPECT, PartnershipStatus.PARTNER


def _events(city: str) -> tuple[CityRegistered, CityMayorChanged, CityPartnershipStatusChanged]:
    """A city's registration (1), its mayor (2) and its partnership (3)."""
    return (
        CityRegistered.stamp(
            CONTEXT,
            aggregate_id=city,
            aggregate_version=1,
            profile=KUMASI,
            partnership_status=PROSPECT,
        ),
        CityMayorChanged.stamp(
            CONTEXT, aggregate_id=city, aggregate_version=2, previous_mayor=None, new_mayor=MAYOR
        ),
        CityPartnershipStatusChanged.stamp(
            CONTEXT,
            aggregate_id=city,
            aggregate_version=3,
            from_status=PROSPECT,
            to_status=PARTNER,
            reason="Signed the partnership agreement.",
        ),
    )


async def test_each_fact_keeps_its_own_version(
    mongo_db: AsyncDatabase[dict[str, object]],
) -> None:
    view = FacetedView(mongo_db["facets"], FACETS, stamp="updated_at")
    city = uuid.uuid4().hex
    registered, mayor, partner = _events(city)
    assert not await view.apply(partner)  # a one-fact event creates nothing
    assert await mongo_db["facets"].count_documents({"_id": city}) == 0
    assert await view.apply(registered)
    assert not await view.apply(registered)  # redelivered
    assert await view.apply(partner)
    assert await view.apply(mayor)  # older than the partnership change, but its own fact
    assert not await view.apply(mayor)
    document = await mongo_db["facets"].find_one({"_id": city})
    assert document is not None
    assert (document["name"], document["status"], document["mayor"]) == (
        "Kumasi",
        "partner",
        "Samuel Pyne",
    )
    assert document["versions"] == {"profile": 1, "partnership": 3, "mayor": 2}
    assert document["updated_at"] is not None


async def test_an_event_no_facet_names_changes_nothing(
    mongo_db: AsyncDatabase[dict[str, object]],
) -> None:
    view = FacetedView(mongo_db["facets"], FacetedView.spec())
    registered, _, _ = _events(uuid.uuid4().hex)
    assert not await view.apply(registered)
