"""One realistic sample of every event of the contracts package."""

from __future__ import annotations

from datetime import UTC, date, datetime

from mmc_contracts import Event, EventContext
from mmc_contracts.cities import (
    AssistanceDeliverableRecorded,
    AssistanceKind,
    AssistanceRequestAssigned,
    AssistanceRequestOpened,
    AssistanceRequestStatusChanged,
    AssistanceStatus,
    CityMayorChanged,
    CityPartnershipStatusChanged,
    CityProfile,
    CityProfileUpdated,
    CityRegistered,
    Contact,
    ContactRole,
    Deliverable,
    MigrationContext,
    PartnershipStatus,
    SizeClass,
)

CONTEXT = EventContext(
    actor="staff@mmc.example.org",
    at=datetime(2026, 11, 28, 1, 2, 3, 123456, tzinfo=UTC),
    correlation_id="flow-1",
    causation_id="command-1",
)
CITY_ID = "city-freetown"
REQUEST_ID = "request-42"

MAYOR = Contact(
    name="Amina Diallo",
    role=ContactRole.MAYOR,
    title="Mayor",
    email="a.diallo@city.example.org",
    phone="+232 00 000000",
)
NEW_MAYOR = Contact(name="Samuel Koroma", role=ContactRole.MAYOR)


def profile(**changes: object) -> CityProfile:
    """A complete city profile; `changes` override fields."""
    fields: dict[str, object] = {
        "name": "Freetown",
        "country_code": "SL",
        "region": "Africa",
        "sub_region": "Sub-Saharan Africa",
        "population": 1_200_000,
        "migrant_population": 150_000,
        "migration_contexts": [MigrationContext.TRANSIT, MigrationContext.DESTINATION],
        "size_class": SizeClass.PRIMARY,
        "networks": ["Mayors Mechanism", "C40"],
        "languages": ["en"],
        "mayor": MAYOR,
        "contacts": [Contact(name="Ibrahim Sesay", role=ContactRole.FOCAL_POINT)],
        "website": "https://city.example.org",
    }
    fields.update(changes)
    return CityProfile.model_validate(fields)


def city(cls: type[Event], version: int = 1, **payload: object) -> Event:
    return cls.stamp(CONTEXT, aggregate_id=CITY_ID, aggregate_version=version, **payload)


def request(cls: type[Event], version: int = 1, **payload: object) -> Event:
    return cls.stamp(
        CONTEXT, aggregate_id=REQUEST_ID, aggregate_version=version, city_id=CITY_ID, **payload
    )


SAMPLES: dict[type[Event], Event] = {
    CityRegistered: city(
        CityRegistered, profile=profile(), partnership_status=PartnershipStatus.PROSPECT
    ),
    CityProfileUpdated: city(
        CityProfileUpdated,
        2,
        profile=profile(population=1_300_000),
        changed_fields=["population"],
    ),
    CityPartnershipStatusChanged: city(
        CityPartnershipStatusChanged,
        3,
        from_status=PartnershipStatus.PROSPECT,
        to_status=PartnershipStatus.ENGAGED,
        reason="First workshop held.",
    ),
    CityMayorChanged: city(
        CityMayorChanged,
        4,
        previous_mayor=MAYOR,
        new_mayor=NEW_MAYOR,
        took_office_on=date(2026, 6, 1),
    ),
    AssistanceRequestOpened: request(
        AssistanceRequestOpened,
        kind=AssistanceKind.FUNDING_ACCESS,
        title="Access to the Global Cities Fund",
        description="Support with a funding proposal for migrant inclusion services.",
        requested_by="Amina Diallo",
        due_on=date(2027, 1, 31),
    ),
    AssistanceRequestStatusChanged: request(
        AssistanceRequestStatusChanged,
        2,
        from_status=AssistanceStatus.RECEIVED,
        to_status=AssistanceStatus.TRIAGED,
        reason=None,
    ),
    AssistanceRequestAssigned: request(AssistanceRequestAssigned, 3, assignee="staff@mmc.org"),
    AssistanceDeliverableRecorded: request(
        AssistanceDeliverableRecorded,
        4,
        deliverable=Deliverable(
            title="Funding proposal draft",
            url="https://docs.example.org/proposal",
            delivered_on=date(2026, 12, 15),
        ),
    ),
}
