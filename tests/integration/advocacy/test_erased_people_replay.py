"""A projection forgets an erased person for good: the cities timeline, fed by advocacy's events.

Two staff members each record a co-signature (the timeline shows who acted, by staff id). One
is erased in advocacy, whose tombstone names the staff id; the other's staff account is erased
in the gateway, whose audit entry `accounts.erase` names it. The timeline writes `[erased]`
instead of both and remembers them. Then the timeline is rebuilt: reset, and its topics replayed
from offset 0 under a new consumer group (the gateway's audit topic is not one of them: only the
remembered ids keep the second one out). Searched by value, the timeline holds neither id; the
entries themselves are all back.
"""

from __future__ import annotations

import json
import uuid

import pytest

from mmc_advocacy.settings import AdvocacySettings
from mmc_chassis.projection import ERASED, ERASED_PEOPLE
from mmc_chassis.rebuild import rebuild
from mmc_cities.adapters.repository import TIMELINE
from mmc_cities.app import build as build_cities
from mmc_cities.settings import CitiesSettings
from mmc_contracts import EventContext
from mmc_contracts.gateway import AuditOutcome, AuditRecorded
from tests.integration.advocacy.conftest import (
    FakeClock,
    Json,
    MongoClient,
    register_city,
    running_advocacy,
    running_cities,
)
from tests.integration.board.conftest import publish
from tests.waiting import eventually

pytestmark = pytest.mark.integration

STAFF_ID = "staff-9d0c3b7e"
AS_STAFF = {"X-MMC-Actor": STAFF_ID}
OTHER_ID = "staff-5a1f00aa"


async def timeline_text(mongo_client: MongoClient, settings: CitiesSettings) -> tuple[str, int]:
    """The whole timeline collection as one text, and how many entries it holds."""
    collection = mongo_client[settings.database_name][TIMELINE]
    documents = [document async for document in collection.find({})]
    return json.dumps(documents, default=str), len(documents)


async def test_an_erased_id_leaves_the_timeline_and_a_replay_from_zero_does_not_bring_it_back(
    advocacy_settings: AdvocacySettings,
    cities_settings: CitiesSettings,
    clock: FakeClock,
    mongo_client: MongoClient,
) -> None:
    try:
        async with (
            running_cities(cities_settings) as cities,
            running_advocacy(advocacy_settings, clock, mongo_client) as advocacy,
        ):
            city = await register_city(cities, "Freetown", "SL", "Yvonne Aki-Sawyerr")
            other = await register_city(cities, "Bogotá", "CO", "Carlos Fernando Galán")
            await advocacy.known_city(city["id"])
            await advocacy.known_city(other["id"])
            material = await advocacy.ok(
                "POST",
                "/materials",
                201,
                json={"kind": "public_statement", "title": "Mayors on reception", "text": "We..."},
            )
            url = f"/materials/{material['id']}"
            consent = {
                "given_by": "Office of the Mayor",
                "given_on": "2026-11-20",
                "method": "email",
            }
            await advocacy.ok(
                "POST",
                f"{url}/signatures",
                201,
                headers=AS_STAFF,
                json={
                    "city_id": city["id"],
                    "mayor_name": "Yvonne Aki-Sawyerr",
                    "consent": consent,
                },
            )
            await advocacy.ok(
                "POST",
                f"{url}/signatures",
                201,
                headers={"X-MMC-Actor": OTHER_ID},
                json={"city_id": other["id"], "mayor_name": "Carlos Galán", "consent": consent},
            )
            await advocacy.ok("POST", f"{url}/status", json={"to_status": "in_review"})
            await advocacy.ok(
                "POST", f"{url}/comments", headers=AS_STAFF, json={"text": "Shorter."}
            )

            async def shown(wanted: str, absent: str | None = None, where: Json = city) -> bool:
                entries: list[Json] = (
                    await cities.ok("GET", f"/cities/{where['id']}/timeline?limit=200")
                )["items"]
                actors = {(e["kind"], e["actor"]) for e in entries}
                return ("StatementCoSigned", wanted) in actors and (
                    absent is None or all(actor != absent for _, actor in actors)
                )

            await eventually(lambda: shown(STAFF_ID), 30, "the co-signature on the timeline")
            await eventually(lambda: shown(OTHER_ID, where=other), 30, "the other co-signature")
            erased = await advocacy.ok(
                "POST",
                "/personal-data/erasure",
                json={"person_id": STAFF_ID},
                headers={"X-MMC-Actor": "admin-1"},
            )
            assert erased["erased"] == [f"material {material['id']}"]
            await eventually(
                lambda: shown(ERASED, absent=STAFF_ID), 30, "the staff id off the timeline"
            )
            # The gateway erased the other's staff account: its audit entry says so.
            account_erased = AuditRecorded.stamp(
                EventContext(actor="admin-1"),
                aggregate_id=f"audit-{uuid.uuid4().hex}",
                aggregate_version=1,
                staff_id="staff-0000a0a0",
                action="accounts.erase",
                outcome=AuditOutcome.SUCCEEDED,
                target=OTHER_ID,
            )
            await publish(
                cities_settings.kafka_bootstrap_servers,
                cities_settings.topic_prefix,
                account_erased,
            )
            await eventually(
                lambda: shown(ERASED, absent=OTHER_ID, where=other), 30, "the other id gone"
            )
        text, entries = await timeline_text(mongo_client, cities_settings)
        assert STAFF_ID not in text
        assert OTHER_ID not in text
        remembered = mongo_client[cities_settings.database_name][ERASED_PEOPLE]
        assert await remembered.count_documents({"_id": {"$in": [STAFF_ID, OTHER_ID]}}) == 2

        # Reset the timeline and replay its topics from offset 0 under a new group.
        rebuilder = build_cities(cities_settings)
        try:
            rebuilt = await rebuild(rebuilder, "timeline", [TIMELINE], progress_seconds=0.0)
        finally:
            await rebuilder.mongo.close()
        assert rebuilt.events > 0
        assert rebuilt.failed == 0
        replayed, replayed_entries = await timeline_text(mongo_client, cities_settings)
        assert replayed_entries == entries
        assert STAFF_ID not in replayed
        assert OTHER_ID not in replayed
        assert ERASED in replayed
    finally:
        await mongo_client.drop_database(cities_settings.database_name)
        await mongo_client.drop_database(advocacy_settings.database_name)
