"""Board → cities: a seated mayor, and a mayor leaving the Board, show on the city's profile."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date

import pytest
from aiokafka import AIOKafkaProducer

from mmc_contracts import EventContext, encode
from mmc_contracts.board import Mayor, MayorLeftBoard, MayorSeated, MembershipEndReason, SeatedVia
from mmc_contracts.envelope import Event
from tests.integration.cities.conftest import CitiesService, Json, timeline_of
from tests.waiting import eventually

pytestmark = pytest.mark.integration

BOARD = EventContext(actor="board-secretariat")


async def publish(bootstrap: str, *events: Event) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", enable_idempotence=True)
    await producer.start()
    try:
        for event in events:
            record = encode(event)
            await producer.send_and_wait(
                record.topic, record.value, key=record.key, headers=list(record.headers)
            )
    finally:
        await producer.stop()


async def city_when(
    service: CitiesService, city_id: str, wanted: Callable[[Json], bool], what: str
) -> Json:
    city: Json = {}

    async def check() -> bool:
        nonlocal city
        city = (await service.client.get(f"/cities/{city_id}")).json()
        return wanted(city)

    await eventually(check, 20, what)
    return city


def has_kind(kind: str) -> Callable[[list[Json]], bool]:
    return lambda entries: any(entry["kind"] == kind for entry in entries)


async def test_seat_and_departure_show_on_the_profile_and_timeline_once(
    cities: CitiesService, kafka_bootstrap: str
) -> None:
    city = await cities.register(name=f"Boardtown {uuid.uuid4().hex[:6]}", country_code="UG")
    membership = uuid.uuid4().hex
    mayor = Mayor(
        name="Erias Lukwago", city_id=city["id"], city_name=city["name"], country_code="UG"
    )
    seated = MayorSeated.stamp(
        BOARD,
        aggregate_id=membership,
        aggregate_version=1,
        mayor=mayor,
        seat=5,
        term_start=date(2026, 12, 1),
        term_end=date(2028, 11, 30),
        via=SeatedVia.SELECTION,
        nomination_id="n-1",
        round_id="r-1",
    )
    await publish(kafka_bootstrap, seated)
    shown = await city_when(
        cities, city["id"], lambda c: c["board_role"] is not None, "the seat on the profile"
    )
    assert shown["board_role"] == {
        "membership_id": membership,
        "seat": 5,
        "mayor_name": "Erias Lukwago",
        "term_start": "2026-12-01",
        "term_end": "2028-11-30",
    }
    entries = await timeline_of(cities, city["id"], has_kind("MayorSeated"))
    assert any("seated on the MMC Leadership Board (seat 5" in e["summary"] for e in entries)

    # The same event again (a redelivery, a replay) changes nothing.
    left = MayorLeftBoard.stamp(
        BOARD,
        aggregate_id=membership,
        aggregate_version=2,
        mayor=mayor,
        seat=5,
        reason=MembershipEndReason.RESIGNED,
        left_on=date(2027, 3, 31),
    )
    await publish(kafka_bootstrap, seated, left)
    after = await city_when(
        cities, city["id"], lambda c: c["board_role"] is None, "the seat gone from the profile"
    )
    assert after["version"] == shown["version"] + 1, (
        "one change for the departure, none for the replay"
    )
    entries = await timeline_of(cities, city["id"], has_kind("MayorLeftBoard"))
    assert [e["kind"] for e in entries].count("MayorSeated") == 1
