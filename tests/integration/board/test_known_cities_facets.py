"""The board's read model of the cities takes a replayed older event when it carries a fact no
newer event set (a dead letter replayed after the cause is fixed), and nothing twice."""

from __future__ import annotations

import uuid

import pytest
from pymongo.asynchronous.database import AsyncDatabase

from mmc_board.adapters.cities_view import KnownCities
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

CONTEXT = EventContext(actor="test")


async def test_a_replayed_mayor_change_sets_the_mayor_after_a_newer_partnership_change(
    mongo_db: AsyncDatabase[dict[str, object]],
) -> None:
    cities = KnownCities(mongo_db["known_cities"])
    city = uuid.uuid4().hex
    profile = CityProfile(
        name="Mombasa",
        country_code="KE",
        region="Africa",
        sub_region="Eastern Africa",
        size_class=SizeClass.SECONDARY,
    )
    registered = CityRegistered.stamp(
        CONTEXT,
        aggregate_id=city,
        aggregate_version=1,
        profile=profile,
        partnership_status=PartnershipStatus.ENGAGED,
    )
    mayor = CityMayorChanged.stamp(
        CONTEXT,
        aggregate_id=city,
        aggregate_version=2,
        previous_mayor=None,
        new_mayor=Contact(name="Halima Juma", role=ContactRole.MAYOR),
    )
    partner = CityPartnershipStatusChanged.stamp(
        CONTEXT,
        aggregate_id=city,
        aggregate_version=3,
        from_status=PartnershipStatus.ENGAGED,
        to_status=PartnershipStatus.PARTNER,
        reason="signed",
    )
    assert await cities.apply(registered)
    assert await cities.apply(partner)  # version 3 first: the mayor change was dead-lettered
    assert await cities.apply(mayor)  # replayed: older, but the mayor was never set since
    assert not await cities.apply(mayor)  # and not twice
    assert not await cities.apply(partner)
    known = await cities.get(city)
    assert known is not None
    assert (known.mayor_name, str(known.partnership_status)) == ("Halima Juma", "partner")
