"""The cities value types and events validate the shape of the facts."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from mmc_contracts.cities import (
    AssistanceRequestAssigned,
    CityProfile,
    CityRegistered,
    Contact,
    ContactRole,
    MigrationContext,
    PartnershipStatus,
)
from tests.unit.contracts.samples import CITY_ID, CONTEXT, SAMPLES, profile


def error_locations(exc: pytest.ExceptionInfo[ValidationError]) -> list[tuple[Any, ...]]:
    return [error["loc"] for error in exc.value.errors()]


def test_profile_is_normalised() -> None:
    city = profile(
        name="  Freetown ",
        migration_contexts=["transit", "destination", "transit"],
        networks=["Mayors Mechanism", "C40", "C40"],
        languages=["fr", "en", "fr"],
    )

    assert city.name == "Freetown"
    assert city.migration_contexts == [MigrationContext.DESTINATION, MigrationContext.TRANSIT]
    assert city.networks == ["C40", "Mayors Mechanism"]
    assert city.languages == ["fr", "en"]


@pytest.mark.parametrize("code", ["sl", "SLE", "S1", ""])
def test_country_code_is_two_uppercase_letters(code: str) -> None:
    with pytest.raises(ValidationError) as exc:
        profile(country_code=code)
    assert error_locations(exc) == [("country_code",)]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", "   "),
        ("name", "x" * 121),
        ("population", -1),
        ("migrant_population", -5),
        ("languages", ["EN"]),
        ("languages", ["eng"]),
        ("migration_contexts", ["nomadic"]),
        ("size_class", "huge"),
    ],
)
def test_profile_rejects(field: str, value: object) -> None:
    with pytest.raises(ValidationError) as exc:
        profile(**{field: value})
    assert error_locations(exc)[0][0] == field


@pytest.mark.parametrize(
    "email", ["a.diallo@city.example.org", "x@y.z", "  first.last+tag@sub.domain.org  "]
)
def test_email_accepted(email: str) -> None:
    contact = Contact(name="A", role=ContactRole.FOCAL_POINT, email=email)
    assert contact.email == email.strip()


@pytest.mark.parametrize(
    "email",
    ["no-at.example.org", "two@@example.org", "a@b@c.org", "a@localhost", "@x.org", "a@.org"],
)
def test_email_rejected(email: str) -> None:
    with pytest.raises(ValidationError) as exc:
        Contact(name="A", role=ContactRole.FOCAL_POINT, email=email)
    assert error_locations(exc) == [("email",)]


def test_contact_name_limits() -> None:
    with pytest.raises(ValidationError):
        Contact(name="", role=ContactRole.MAYOR)
    with pytest.raises(ValidationError):
        Contact(name="x" * 201, role=ContactRole.MAYOR)
    assert Contact(name="x" * 200, role=ContactRole.MAYOR).title is None


def test_models_are_frozen() -> None:
    city = profile()
    with pytest.raises(ValidationError):
        city.name = "Other"  # type: ignore[misc]
    event = SAMPLES[CityRegistered]
    with pytest.raises(ValidationError):
        event.aggregate_id = "other"  # type: ignore[misc]


def test_stamp_copies_the_context() -> None:
    event = SAMPLES[CityRegistered]

    assert event.aggregate_id == CITY_ID
    assert event.occurred_at == CONTEXT.at
    assert event.actor == CONTEXT.actor
    assert event.correlation_id == CONTEXT.correlation_id
    assert event.causation_id == CONTEXT.causation_id


def test_assistance_events_name_the_city() -> None:
    with pytest.raises(ValidationError) as exc:
        AssistanceRequestAssigned.stamp(
            CONTEXT, aggregate_id="request-1", aggregate_version=1, assignee="staff"
        )
    assert error_locations(exc) == [("city_id",)]


def test_unknown_fields_are_ignored() -> None:
    data = SAMPLES[CityRegistered].model_dump(mode="json")
    data["added_later"] = 1
    data["profile"]["added_later_too"] = {"x": 1}

    assert CityRegistered.model_validate(data) == SAMPLES[CityRegistered]


def test_event_type_and_source() -> None:
    assert CityRegistered.event_type() == "org.mayorsmigrationcouncil.cities.CityRegistered.v2"
    assert CityRegistered.source() == "/mmc/cities"
    assert CityRegistered.topic == "mmc.cities.city.v2"
    assert AssistanceRequestAssigned.topic == "mmc.cities.assistance-request.v1"
    assert AssistanceRequestAssigned.aggregate == "assistance_request"


def test_caused_keeps_the_correlation() -> None:
    event = SAMPLES[CityRegistered]
    context = event.caused()

    assert context.correlation_id == event.correlation_id
    assert context.causation_id == str(event.event_id)
    assert context.actor == "/mmc/cities"


def test_wire_schema_requires_event_id() -> None:
    schema = CityRegistered.model_json_schema()
    assert schema["required"][0] == "event_id"
    # Producers still get a fresh id without passing one.
    first = CityRegistered.stamp(
        CONTEXT,
        aggregate_id=CITY_ID,
        aggregate_version=1,
        profile=CityProfile.model_validate(profile().model_dump()),
        partnership_status=PartnershipStatus.PARTNER,
    )
    assert first.event_id != SAMPLES[CityRegistered].event_id
