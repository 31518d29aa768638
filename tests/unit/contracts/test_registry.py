"""The registry of events, and topic names."""

from __future__ import annotations

from typing import ClassVar

import pytest

import mmc_contracts
from mmc_contracts import ALL_EVENTS, Event, event_class, events_on, topics
from mmc_contracts.cities import (
    AssistanceDeliverableRecorded,
    AssistanceRequestAssigned,
    AssistanceRequestOpened,
    AssistanceRequestStatusChanged,
    CityBoardRoleChanged,
    CityMayorChanged,
    CityPartnershipStatusChanged,
    CityProfileUpdated,
    CityRegistered,
)
from mmc_contracts.registry import check_events


def test_topics() -> None:
    assert topics.CITIES_CITY == "mmc.cities.city.v2"
    assert topics.CITIES_ASSISTANCE_REQUEST == "mmc.cities.assistance-request.v1"
    assert topics.dead_letter_topic(topics.CITIES_CITY) == "mmc.cities.city.v2.dlq"


def test_event_class() -> None:
    for cls in ALL_EVENTS:
        assert event_class(cls.event_type()) is cls
    with pytest.raises(KeyError):
        event_class("org.mayorsmigrationcouncil.cities.CityRegistered.v1")


def test_events_on() -> None:
    assert events_on(topics.CITIES_CITY) == (
        CityRegistered,
        CityProfileUpdated,
        CityPartnershipStatusChanged,
        CityMayorChanged,
        CityBoardRoleChanged,
    )
    assert events_on(topics.CITIES_ASSISTANCE_REQUEST) == (
        AssistanceRequestOpened,
        AssistanceRequestStatusChanged,
        AssistanceRequestAssigned,
        AssistanceDeliverableRecorded,
    )
    with pytest.raises(KeyError, match="unknown topic"):
        events_on("mmc.cities.city.v1")


def test_every_topic_has_events() -> None:
    for topic in topics.ALL_TOPICS:
        assert events_on(topic)


def test_assistance_events_carry_city_id() -> None:
    for cls in events_on(topics.CITIES_ASSISTANCE_REQUEST):
        assert cls.model_fields["city_id"].is_required()


class Duplicate(Event):
    service: ClassVar[str] = "board"
    aggregate: ClassVar[str] = "city"
    topic: ClassVar[str] = topics.CITIES_CITY


def test_check_rejects_duplicate_names() -> None:
    other = type("CityRegistered", (Duplicate,), {"__module__": "elsewhere"})
    with pytest.raises(ValueError, match="event name CityRegistered is used twice"):
        check_events([CityRegistered, other])


def test_check_rejects_undeclared_and_unknown_topics() -> None:
    class Bare(Event):
        pass

    class Stray(Duplicate):
        topic: ClassVar[str] = "mmc.nowhere.v1"

    with pytest.raises(ValueError, match="does not declare"):
        check_events([Bare])
    with pytest.raises(ValueError, match="unknown topic"):
        check_events([Stray])
    check_events(ALL_EVENTS)


def test_public_api() -> None:
    assert set(mmc_contracts.__all__) >= {
        "Event",
        "EventContext",
        "encode",
        "decode",
        "KafkaRecord",
        "MalformedEvent",
        "UnknownEventType",
        "topics",
        "event_class",
        "ALL_EVENTS",
    }
    for name in mmc_contracts.__all__:
        assert getattr(mmc_contracts, name) is not None
