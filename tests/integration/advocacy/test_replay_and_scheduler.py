"""Replaying from offset 0 changes nothing; a policy moment's approach is announced once, across
a restart.

Replay: after a history (cities registered and one leaving the partnership; a statement
co-signed, published, a signature withdrawn; an input; a pledge with progress), a second
advocacy service and a second cities service on the same databases, under other service names
(so every consumer group is new and starts at offset 0), read everything again: advocacy's read
model of the cities and the cities' timelines are as they were, and no event is published anew.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import timedelta

import pytest

from mmc_advocacy.settings import AdvocacySettings
from mmc_cities.entrypoints.subscribers import TIMELINE_TOPICS
from mmc_cities.settings import CitiesSettings
from mmc_contracts.topics import ADVOCACY_POLICY_MOMENT, CITIES_CITY
from tests.conftest import unique
from tests.integration.advocacy.conftest import (
    Advocacy,
    Database,
    FakeClock,
    MongoClient,
    Service,
    ce_type,
    moment_body,
    register_city,
    running_advocacy,
    running_cities,
    snapshot,
    topic_size,
)
from tests.integration.advocacy.test_cosign_flow import (
    publish,
    sign,
    statement,
    timeline,
)
from tests.kafka_reading import read_topic
from tests.waiting import eventually

pytestmark = pytest.mark.integration


async def settled(
    handled: Callable[[], int], count: Callable[[], Awaitable[int]], what: str
) -> None:
    """Wait until a consumer has handled `count()` records, twice half a second apart."""
    previous = -1

    async def check() -> bool:
        nonlocal previous
        total = await count()
        done = handled() >= total
        stable = done and total == previous
        previous = total if done else -1
        if done and not stable:
            await asyncio.sleep(0.5)
        return stable

    await eventually(check, 60, what)


async def test_replaying_from_offset_zero_changes_nothing(
    cities: Service,
    advocacy: Advocacy,
    advocacy_settings: AdvocacySettings,
    cities_settings: CitiesSettings,
    clock: FakeClock,
    mongo_client: MongoClient,
) -> None:
    lagos = await register_city(cities, "Lagos", "NG", "A Mayor")
    quito = await register_city(cities, "Quito", "EC", "B Mayor")
    for city in (lagos, quito):
        await advocacy.known_city(city["id"])
    material = await statement(advocacy, named_city_ids=[quito["id"]])
    await sign(advocacy, material["id"], lagos)
    await sign(advocacy, material["id"], quito)
    await publish(advocacy, material["id"])
    await advocacy.ok(
        "POST", f"/materials/{material['id']}/signatures/{quito['id']}/withdrawal", json={}
    )
    await cities.ok(
        "POST",
        f"/cities/{lagos['id']}/partnership",
        json={"to_status": "inactive", "reason": "Replay test"},
    )
    await advocacy.known_city(lagos["id"], lambda c: c["partnership_status"] == "inactive")
    await timeline(cities, quito["id"], {"StatementSignatureWithdrawn"})
    await timeline(cities, lagos["id"], {"CityFeaturedInMaterial"})

    prefix = advocacy_settings.topic_prefix
    bootstrap = advocacy_settings.kafka_bootstrap_servers
    consumed_by_cities = [prefix + t for t in TIMELINE_TOPICS]
    await settled(
        lambda: cities.runtime.consumer.handled,
        lambda: topic_size(bootstrap, consumed_by_cities),
        "cities to catch up",
    )
    assert advocacy.database is not None
    cities_db: Database = mongo_client[cities_settings.database_name]
    before = (await snapshot(advocacy.database), await snapshot(cities_db))
    published_before = await topic_size(bootstrap, consumed_by_cities)

    replaying_advocacy = advocacy_settings.model_copy(
        update={"service_name": unique("advocacy-replay")}
    )
    replaying_cities = cities_settings.model_copy(update={"service_name": unique("cities-replay")})
    async with (
        running_advocacy(replaying_advocacy, clock, mongo_client) as second,
        running_cities(replaying_cities) as second_cities,
    ):
        await settled(
            lambda: second.runtime.consumer.handled,
            lambda: topic_size(bootstrap, [prefix + CITIES_CITY]),
            "the second advocacy to replay the cities topic",
        )
        await settled(
            lambda: second_cities.runtime.consumer.handled,
            lambda: topic_size(bootstrap, consumed_by_cities),
            "the second cities to replay the timeline topics",
        )
        handled = second.runtime.consumer.handled + second_cities.runtime.consumer.handled
    after = (await snapshot(advocacy.database), await snapshot(cities_db))
    assert after == before
    assert await topic_size(bootstrap, consumed_by_cities) == published_before
    print(f"\nreplayed {handled} records: no change")


async def test_a_moment_is_announced_once_across_a_restart(
    advocacy: Advocacy,
    advocacy_settings: AdvocacySettings,
    clock: FakeClock,
    mongo_client: MongoClient,
) -> None:
    soon = await advocacy.ok(
        "POST",
        "/policy-moments",
        201,
        json=moment_body("Global Refugee Forum", "grf", clock.today + timedelta(days=90)),
    )
    assert advocacy.service is not None
    assert await advocacy.service.scheduler.tick() == []  # 90 days: not yet
    clock.today += timedelta(days=31)
    assert await advocacy.service.scheduler.tick() == [soon["id"]]
    assert await advocacy.service.scheduler.tick() == []

    # A restart on the same database (a fresh process would tick at start).
    async with running_advocacy(advocacy_settings, clock, mongo_client) as restarted:
        assert restarted.service is not None
        assert await restarted.service.scheduler.tick() == []
        clock.today += timedelta(days=1)
        assert await restarted.service.scheduler.tick() == []
        moment = await restarted.ok("GET", f"/policy-moments/{soon['id']}")
    assert moment["approach_announced_on"] == (clock.today - timedelta(days=1)).isoformat()

    topic = advocacy_settings.topic_prefix + ADVOCACY_POLICY_MOMENT
    records = await read_topic(
        advocacy_settings.kafka_bootstrap_servers,
        topic,
        lambda rs: any(ce_type(r) == "PolicyMomentApproaching" for r in rs),
    )
    await asyncio.sleep(1)  # anything published late would show in a second read
    records = await read_topic(
        advocacy_settings.kafka_bootstrap_servers, topic, lambda rs: len(rs) >= len(records)
    )
    assert [ce_type(r) for r in records].count("PolicyMomentApproaching") == 1


async def test_a_moment_put_on_the_calendar_within_notice_is_announced_at_once(
    advocacy: Advocacy, advocacy_settings: AdvocacySettings, clock: FakeClock
) -> None:
    near = await advocacy.ok(
        "POST",
        "/policy-moments",
        201,
        json=moment_body(
            "GFMD Summit", "gfmd", clock.today + timedelta(days=49), venue="To be announced"
        ),
    )
    assert near["approach_announced_on"] == clock.today.isoformat()
    assert advocacy.service is not None
    assert await advocacy.service.scheduler.tick() == []  # already announced, once

    topic = advocacy_settings.topic_prefix + ADVOCACY_POLICY_MOMENT
    records = await read_topic(
        advocacy_settings.kafka_bootstrap_servers,
        topic,
        lambda rs: any(ce_type(r) == "PolicyMomentApproaching" for r in rs),
    )
    assert [ce_type(r) for r in records] == ["PolicyMomentScheduled", "PolicyMomentApproaching"]
