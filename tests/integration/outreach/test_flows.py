"""The flows between outreach, cities and board on the real broker and database.

* an inquiry triaged as an assistance request opens a technical assistance request in cities,
  and the city's timeline shows the inquiry;
* two inquiries at once from a city the registry does not know register ONE prospect, and both
  inquiries are linked to it;
* a city turned partner in cities closes its outreach target as converted;
* a board vacancy opens a nomination call that lists underrepresented regions first;
* replaying every topic outreach reads, from offset 0, changes nothing.
"""

from __future__ import annotations

import asyncio
import uuid

import pytest

from mmc_contracts import EventContext
from mmc_contracts.board import Mayor, MembershipEndReason, SeatVacated
from mmc_contracts.cities import (
    BoardRole,
    BoardRoleChange,
    CityBoardRoleChanged,
    MigrationContext,
    PartnershipStatus,
)
from mmc_contracts.topics import ALL_TOPICS, BOARD_MEMBERSHIP, BOARD_VACANCY, CITIES_CITY
from mmc_outreach.settings import OutreachSettings
from tests.integration.board.conftest import (
    Cities,
    Json,
    MongoClient,
    city_registered,
    publish,
    read_all,
    snapshot,
    topic_size,
)
from tests.integration.outreach.conftest import Outreach, quiet, running_outreach
from tests.waiting import eventually

pytestmark = pytest.mark.integration


def suffix() -> str:
    return uuid.uuid4().hex[:6]


async def register(cities: Cities, name: str, code: str = "JO", **fields: object) -> Json:
    return await cities.ok(
        "POST",
        "/cities",
        201,
        json={"name": name, "country_code": code, "size_class": "secondary", **fields},
    )


def intake(**fields: object) -> Json:
    return {
        "sender_name": "Amina Diallo",
        "sender_email": "a.diallo@city.example.org",
        "sender_phone": "+962 6 000 0000",
        "subject": "Support for our inclusion strategy",
        "message": "Could the MMC help us draft a migrant inclusion strategy? Call me.",
        **fields,
    }


async def test_assistance_inquiry_opens_a_request_in_cities(
    cities: Cities, outreach: Outreach
) -> None:
    city = await register(cities, f"Irbid {suffix()}")
    await outreach.knows_city(city["id"])
    inquiry = await outreach.ok("POST", "/inquiries", 201, json=intake(city_id=city["id"]))
    assert inquiry["city_id"] == city["id"]
    triaged = await outreach.ok("POST", f"/inquiries/{inquiry['id']}/triage", json={})
    assert triaged["kind"] == "assistance_request"  # the triage rules' suggestion

    async def requests() -> list[Json]:
        page = await cities.ok("GET", f"/assistance-requests?city_id={city['id']}")
        items: list[Json] = page["items"]
        return items

    async def opened() -> bool:
        return len(await requests()) == 1

    await eventually(opened, 30, "the assistance request in cities")
    (request,) = await requests()
    assert inquiry["id"] in request["description"]
    assert "Call me" not in request["description"]  # the message stays in outreach

    async def on_timeline() -> bool:
        page = await cities.ok("GET", f"/cities/{city['id']}/timeline")
        kinds = {entry["kind"] for entry in page["items"]}
        return {"InquiryReceived", "InquiryTriaged", "AssistanceRequestOpened"} <= kinds

    await eventually(on_timeline, 30, "the inquiry on the city's timeline")
    # no personal data on the wire
    records = await read_all(
        outreach.settings.kafka_bootstrap_servers,
        outreach.settings.topic_prefix + "mmc.outreach.inquiry.v1",
    )
    assert records
    for record in records:
        assert b"a.diallo" not in record.value
        assert b"Call me" not in record.value
        assert b"inclusion strategy" not in record.value


async def test_two_inquiries_from_an_unknown_city_register_one_prospect(
    cities: Cities, outreach: Outreach
) -> None:
    name = f"Gaziantep {suffix()}"
    first, second = await asyncio.gather(
        outreach.ok(
            "POST", "/inquiries", 201, json=intake(city_name=name, country_code="TR", kind="idea")
        ),
        outreach.ok(
            "POST",
            "/inquiries",
            201,
            json=intake(city_name=name.upper(), country_code="tr", kind="question"),
        ),
    )
    assert first["city_id"] is None
    linked = [
        await outreach.until(
            f"/inquiries/{inquiry['id']}",
            lambda i: i["city_id"] is not None,
            "the inquiry linked to the new prospect",
        )
        for inquiry in (first, second)
    ]
    assert linked[0]["city_id"] == linked[1]["city_id"]
    found = await cities.ok("GET", "/cities", params={"q": name})
    assert found["total"] == 1
    (prospect,) = found["items"]
    assert prospect["id"] == linked[0]["city_id"]
    assert prospect["partnership_status"] == "prospect"
    assert prospect["region"] == "Asia"


async def test_city_turned_partner_closes_its_target(cities: Cities, outreach: Outreach) -> None:
    city = await register(cities, f"Mafraq {suffix()}", migration_contexts=["refugee_hosting"])
    await outreach.knows_city(city["id"])
    target = await outreach.ok("POST", "/targets", 201, json={"city_id": city["id"]})
    await outreach.ok("POST", f"/targets/{target['id']}/stage", json={"to_stage": "contacted"})
    await outreach.ok(
        "POST",
        f"/targets/{target['id']}/activities",
        201,
        json={"kind": "call", "on": "2026-11-30", "notes": "Spoke with the mayor's office."},
    )
    pipeline = await outreach.ok("GET", "/targets")
    (row,) = pipeline["items"]
    assert "secondary city (+3)" in row["priority"]["reasons"]
    for status in ("engaged", "partner"):
        await cities.ok(
            "POST",
            f"/cities/{city['id']}/partnership",
            json={"to_status": status, "reason": "Agreement signed."},
        )
    converted = await outreach.until(
        f"/targets/{target['id']}", lambda t: t["stage"] == "converted", "target converted"
    )
    assert converted["history"][-1]["reason"] == "became a partner"


async def test_board_vacancy_opens_a_call_underrepresented_regions_first(
    outreach: Outreach,
) -> None:
    settings = outreach.settings
    europe_board = city_registered("Milano", "IT", "Europe", "Southern Europe", mayor="B. Sala")
    europe = city_registered(
        "Bologna", "IT", "Europe", "Southern Europe", contexts=(MigrationContext.DESTINATION,)
    )
    africa = city_registered("Kampala", "UG", "Africa", "Sub-Saharan Africa")
    prospect = city_registered(
        "Arua", "UG", "Africa", "Sub-Saharan Africa", status=PartnershipStatus.PROSPECT
    )
    seated = CityBoardRoleChanged.stamp(
        EventContext(actor="cities"),
        aggregate_id=europe_board.aggregate_id,
        aggregate_version=2,
        board_role=BoardRole(
            membership_id="m-1",
            seat=1,
            mayor_name="B. Sala",
            term_start="2025-01-01",
            term_end="2026-12-31",
        ),
        change=BoardRoleChange.SEATED,
        board_event_id=str(uuid.uuid4()),
    )
    await publish(
        settings.kafka_bootstrap_servers,
        settings.topic_prefix,
        europe_board,
        europe,
        africa,
        prospect,
        seated,
    )
    await outreach.knows_city(europe_board.aggregate_id, lambda c: c["on_board"])
    for event in (europe, africa, prospect):
        await outreach.knows_city(event.aggregate_id)
    vacated = SeatVacated.stamp(
        EventContext(actor="board"),
        aggregate_id="vacancy-1",
        aggregate_version=1,
        seat=4,
        previous_mayor=Mayor(
            name="A. Mayor", city_id="city-x", city_name="Somewhere", country_code="FR"
        ),
        reason=MembershipEndReason.RESIGNED,
        vacated_on="2026-11-30",
        membership_id="m-0",
    )
    for _ in range(2):  # a redelivery opens no second call
        await publish(settings.kafka_bootstrap_servers, settings.topic_prefix, vacated)
    calls = await outreach.until(
        "/nomination-calls", lambda page: page["total"] >= 1, "the nomination call"
    )
    await quiet(outreach.runtime, [settings.topic_prefix + BOARD_VACANCY])
    calls = await outreach.ok("GET", "/nomination-calls")
    assert calls["total"] == 1
    (call,) = calls["items"]
    assert call["seat"] == 4
    order = [invitee["city_name"] for invitee in call["invitees"]]
    assert order == ["Kampala", "Bologna"]  # Africa has no Board seat; Milano sits on it
    assert call["invitees"][0]["reasons"][0] == "no Board seat in Africa"
    invited = await outreach.ok(
        "POST",
        f"/nomination-calls/{call['id']}/invitations",
        json={"city_id": africa.aggregate_id},
    )
    assert invited["invitees"][0]["invited"] is True
    answered = await outreach.ok(
        "POST",
        f"/nomination-calls/{call['id']}/answers",
        json={"city_id": africa.aggregate_id, "will_nominate": True},
    )
    assert answered["invitees"][0]["will_nominate"] is True


async def test_replay_from_offset_zero_changes_nothing(
    cities: Cities,
    outreach: Outreach,
    outreach_settings: OutreachSettings,
    mongo_client: MongoClient,
) -> None:
    prefix = outreach_settings.topic_prefix
    city = await register(cities, f"Zarqa {suffix()}")
    await outreach.knows_city(city["id"])
    target = await outreach.ok("POST", "/targets", 201, json={"city_id": city["id"]})
    inquiry = await outreach.ok(
        "POST", "/inquiries", 201, json=intake(city_name=f"Jerash {suffix()}", country_code="JO")
    )
    await outreach.until(
        f"/inquiries/{inquiry['id']}", lambda i: i["city_id"] is not None, "linked"
    )
    await cities.ok(
        "POST", f"/cities/{city['id']}/partnership", json={"to_status": "engaged", "reason": "x"}
    )
    await cities.ok(
        "POST", f"/cities/{city['id']}/partnership", json={"to_status": "partner", "reason": "y"}
    )
    await outreach.until(f"/targets/{target['id']}", lambda t: t["stage"] == "converted", "conv")
    consumed = [prefix + t for t in (CITIES_CITY, BOARD_VACANCY, BOARD_MEMBERSHIP)]
    await quiet(outreach.runtime, consumed, outreach.database)
    before = await snapshot(outreach.database)
    produced = [prefix + t for t in ALL_TOPICS if t.startswith("mmc.outreach.")]
    records_before = await topic_size(outreach_settings.kafka_bootstrap_servers, produced)
    replay_settings = outreach_settings.model_copy(
        update={"service_name": outreach_settings.service_name + "-replay"}
    )
    async with running_outreach(replay_settings, mongo_client) as again:
        await quiet(again.runtime, consumed, again.database)
        after = await snapshot(again.database)
        records_after = await topic_size(outreach_settings.kafka_bootstrap_servers, produced)
    assert after == before
    assert records_after == records_before


async def test_an_award_appears_on_the_citys_timeline(cities: Cities, outreach: Outreach) -> None:
    city = await register(cities, f"Koboko {suffix()}", "UG")
    await outreach.knows_city(city["id"])
    opportunity = await outreach.ok(
        "POST",
        "/funding/opportunities",
        201,
        json={"funder": "Open Society Foundations", "title": "City grants", "currency": "USD"},
    )
    connection = await outreach.ok(
        "POST",
        "/funding/connections",
        201,
        json={"city_id": city["id"], "opportunity_id": opportunity["id"]},
    )
    for stage in ("concept_note", "review"):
        await outreach.ok(
            "POST", f"/funding/connections/{connection['id']}/stage", json={"to_stage": stage}
        )
    await outreach.ok(
        "POST",
        f"/funding/connections/{connection['id']}/award",
        json={"amount": "250000", "awarded_on": "2026-11-30"},
    )
    sums = (await outreach.client.get("/funding/sums", params={"by": "year"})).json()
    assert sums == [{"key": "2026", "currency": "USD", "amount": "250000", "awards": 1}]
    entries: list[Json] = []

    async def awarded() -> bool:
        nonlocal entries
        page = await cities.ok("GET", f"/cities/{city['id']}/timeline")
        entries = [e for e in page["items"] if e["kind"] == "FundingAwarded"]
        return bool(entries)

    await eventually(awarded, 30, "the award on the city's timeline")
    assert entries[0]["summary"] == (
        "Awarded 250,000 USD by Open Society Foundations (City grants) on 2026-11-30"
    )
