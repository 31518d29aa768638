"""The timeline's entries: which city an event concerns and the sentence it reads as."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from mmc_cities.adapters.timeline import city_of, summarise, timeline_entry
from mmc_contracts import Event, EventContext
from mmc_contracts.cities import (
    AssistanceDeliverableRecorded,
    AssistanceRequestAssigned,
    AssistanceRequestOpened,
    AssistanceRequestStatusChanged,
    CityMayorChanged,
    CityPartnershipStatusChanged,
    CityProfile,
    CityProfileUpdated,
    CityRegistered,
    Contact,
    ContactRole,
    Deliverable,
    SizeClass,
)

CONTEXT = EventContext(actor="staff@mmc.example.org", at=datetime(2026, 3, 2, 9, 30, tzinfo=UTC))
PROFILE = CityProfile(
    name="Freetown",
    country_code="SL",
    region="Africa",
    sub_region="Western Africa",
    size_class=SizeClass.PRIMARY,
)
MAYOR = Contact(name="Yvonne Aki-Sawyerr", role=ContactRole.MAYOR)


def city_event(cls: type[Event], **payload: object) -> Event:
    return cls.stamp(CONTEXT, aggregate_id="city-1", aggregate_version=2, **payload)


def request_event(cls: type[Event], **payload: object) -> Event:
    return cls.stamp(
        CONTEXT, aggregate_id="request-1", aggregate_version=3, city_id="city-1", **payload
    )


@pytest.mark.parametrize(
    ("event", "sentence"),
    [
        (
            city_event(CityRegistered, profile=PROFILE, partnership_status="partner"),
            "Freetown, Sierra Leone, registered with partnership status partner",
        ),
        (
            city_event(CityProfileUpdated, profile=PROFILE, changed_fields=["size_class", "name"]),
            "Profile updated: name, size class",
        ),
        (
            city_event(
                CityPartnershipStatusChanged,
                from_status="engaged",
                to_status="partner",
                reason="signed MoU",
            ),
            "Partnership status changed from engaged to partner: signed MoU",
        ),
        (
            city_event(CityMayorChanged, previous_mayor=None, new_mayor=MAYOR),
            "New mayor: Yvonne Aki-Sawyerr",
        ),
        (
            city_event(
                CityMayorChanged,
                previous_mayor=MAYOR,
                new_mayor=Contact(name="Amina Diallo", role=ContactRole.MAYOR),
                took_office_on=date(2028, 6, 1),
            ),
            "Mayor changed from Yvonne Aki-Sawyerr to Amina Diallo (took office on 2028-06-01)",
        ),
        (
            request_event(
                AssistanceRequestOpened,
                kind="coalition_building",
                title="A coalition of port cities",
                description="",
                requested_by="Amina Diallo",
            ),
            "Assistance requested (coalition building): A coalition of port cities, "
            "requested by Amina Diallo",
        ),
        (
            request_event(
                AssistanceRequestStatusChanged, from_status="received", to_status="triaged"
            ),
            "Assistance request status changed from received to triaged",
        ),
        (
            request_event(
                AssistanceRequestStatusChanged,
                from_status="triaged",
                to_status="declined",
                reason="out of scope",
            ),
            "Assistance request status changed from triaged to declined: out of scope",
        ),
        (
            request_event(AssistanceRequestAssigned, assignee="staff-ta"),
            "Assistance request assigned to staff-ta",
        ),
        (
            request_event(AssistanceDeliverableRecorded, deliverable=Deliverable(title="Draft")),
            "Deliverable recorded: Draft",
        ),
    ],
)
def test_every_cities_event_has_its_sentence_and_its_city(event: Event, sentence: str) -> None:
    assert summarise(event) == sentence
    assert city_of(event) == "city-1"
    entry = timeline_entry(event)
    assert entry is not None
    assert entry["_id"] == str(event.event_id)
    assert entry["city_id"] == "city-1"
    assert entry["occurred_at"] == "2026-03-02T09:30:00.000000Z"
    assert entry["kind"] == type(event).__name__
    assert entry["actor"] == "staff@mmc.example.org"
    assert entry["source"] == "/mmc/cities"
    assert entry["aggregate_id"] == event.aggregate_id
    assert entry["aggregate_version"] == event.aggregate_version


def test_an_event_without_a_summary_is_not_on_the_timeline() -> None:
    class Unshown(CityRegistered):
        pass

    event = Unshown.stamp(
        CONTEXT,
        aggregate_id="city-1",
        aggregate_version=1,
        profile=PROFILE,
        partnership_status="prospect",
    )
    assert summarise(event) is None
    assert timeline_entry(event) is None
