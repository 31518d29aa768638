"""Mobilising partner cities for an approaching policy moment, across the real cities, advocacy
and outreach services on the real broker and database (one topic prefix for all three).

Advocacy announces the moment's approach (its scheduler, on a settable clock); outreach lists the
partner cities with no input for it yet (the city that submitted one is left out), regions with
no input first, with the reason; staff record contacts and answers; an input that arrives later
marks its city; replaying outreach's topics from offset 0 changes nothing.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import date, timedelta

import pytest

from mmc_advocacy.settings import AdvocacySettings
from mmc_contracts.topics import (
    ADVOCACY_POLICY_MOMENT,
    ALL_TOPICS,
    BOARD_MEMBERSHIP,
    BOARD_VACANCY,
    CITIES_CITY,
)
from mmc_outreach.settings import OutreachSettings
from tests.conftest import unique
from tests.integration.advocacy.conftest import Advocacy, FakeClock, moment_body, running_advocacy
from tests.integration.board.conftest import Cities, Json, MongoClient, snapshot, topic_size
from tests.integration.outreach.conftest import Outreach, quiet, running_outreach

pytestmark = pytest.mark.integration


@pytest.fixture
async def advocacy(
    kafka_bootstrap: str, mongodb_url: str, topic_prefix: str, mongo_client: MongoClient
) -> AsyncIterator[tuple[Advocacy, FakeClock]]:
    settings = AdvocacySettings(
        service_name=unique("advocacy-test"),
        mongodb_database=unique("advocacy").replace("-", "_"),
        scheduler_interval_seconds=3600,  # the test ticks the scheduler itself
        kafka_bootstrap_servers=kafka_bootstrap,
        mongodb_url=mongodb_url,
        topic_prefix=topic_prefix,
        relay_sweep_seconds=0.5,
        consumer_max_attempts=3,
        consumer_backoff_seconds=0.05,
        consumer_commit_interval_seconds=0.1,
        log_json=False,
    )
    clock = FakeClock(date(2026, 12, 2))
    async with running_advocacy(settings, clock, mongo_client) as running:
        yield running, clock
    await mongo_client.drop_database(settings.database_name)


async def partner(cities: Cities, name: str, country_code: str, **fields: object) -> Json:
    city = await cities.ok(
        "POST",
        "/cities",
        201,
        json={
            "name": f"{name} {uuid.uuid4().hex[:6]}",
            "country_code": country_code,
            "size_class": "secondary",
            **fields,
        },
    )
    for step in ("engaged", "partner"):
        city = await cities.ok(
            "POST",
            f"/cities/{city['id']}/partnership",
            json={"to_status": step, "reason": f"Moved to {step} by the test"},
        )
    return city


async def test_an_approaching_moment_lists_the_partners_with_no_input(
    cities: Cities,
    outreach: Outreach,
    outreach_settings: OutreachSettings,
    advocacy: tuple[Advocacy, FakeClock],
    mongo_client: MongoClient,
) -> None:
    adv, clock = advocacy
    milan = await partner(cities, "Milano", "IT")
    lyon = await partner(cities, "Lyon", "FR")
    accra = await partner(cities, "Accra", "GH")
    for city in (milan, lyon, accra):
        await outreach.knows_city(city["id"], lambda c: c["partnership_status"] == "partner")
        await adv.known_city(city["id"])

    moment = await adv.ok(
        "POST",
        "/policy-moments",
        201,
        json=moment_body(
            "Global Refugee Forum progress review", "grf", clock.today + timedelta(days=75)
        ),
    )
    await adv.ok(
        "POST",
        f"/policy-moments/{moment['id']}/inputs",
        201,
        json={"city_id": milan["id"], "kind": "position_paper", "title": "Milan's paper"},
    )
    assert adv.service is not None
    assert await adv.service.scheduler.tick() == []  # 75 days: beyond the notice of 60
    clock.today += timedelta(days=30)
    assert await adv.service.scheduler.tick() == [moment["id"]]

    page = await outreach.until(
        f"/mobilisation-lists?moment_id={moment['id']}",
        lambda p: p["total"] == 1,
        "a mobilisation list for the moment",
    )
    listed = page["items"][0]
    order = [(c["city_id"], c["reasons"]) for c in listed["cities"]]
    print(f"\nmobilisation list: {[(c['city_name'], c['reasons']) for c in listed['cities']]}")
    ids = [city_id for city_id, _ in order]
    assert milan["id"] not in ids  # its input is on record
    assert ids == [accra["id"], lyon["id"]]  # Africa has no input yet; Europe has Milan's
    assert order[0][1][0] == "no city input yet from Africa"
    assert listed["moment_name"] == "Global Refugee Forum progress review"

    url = f"/mobilisation-lists/{listed['id']}"
    await outreach.ok("POST", f"{url}/contacts", json={"city_id": accra["id"]})
    await outreach.ok("POST", f"{url}/contacts", 409, json={"city_id": accra["id"]})
    not_contacted = {"city_id": lyon["id"], "will_contribute": True}
    await outreach.ok("POST", f"{url}/answers", 409, json=not_contacted)
    await outreach.ok("POST", f"{url}/contacts", 422, json={"city_id": milan["id"]})
    answered = await outreach.ok(
        "POST", f"{url}/answers", json={"city_id": accra["id"], "will_contribute": True}
    )
    assert answered["cities"][0]["will_contribute"] is True
    await outreach.ok("GET", "/mobilisation-lists/no-such-list", 404)

    # Lyon's input arrives after the list was opened: Lyon is marked, not removed.
    await adv.ok(
        "POST",
        f"/policy-moments/{moment['id']}/inputs",
        201,
        json={"city_id": lyon["id"], "kind": "speaking_slot", "title": "Lyon speaks"},
    )
    await outreach.until(
        url,
        lambda m: any(c["city_id"] == lyon["id"] and c["input_received"] for c in m["cities"]),
        "Lyon's late input marked",
    )

    # Replay every topic outreach reads, from offset 0, in a new consumer group.
    prefix = outreach_settings.topic_prefix
    consumed = [
        prefix + t for t in (CITIES_CITY, BOARD_VACANCY, BOARD_MEMBERSHIP, ADVOCACY_POLICY_MOMENT)
    ]
    handled = await quiet(outreach.runtime, consumed, outreach.database)
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
    print(f"replayed {handled} records from offset 0: no change, {records_after} outreach events")
