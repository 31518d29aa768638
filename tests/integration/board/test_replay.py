"""Replaying every topic the board consumes, from offset 0, changes nothing.

A first board service lives through a realistic history (cities registered, made partners, a
mayor changed; seats, a departure, a nomination, a round closed, a meeting). Then a second
board service on the same database, under another service name (so every consumer group is
new and starts at offset 0), reads all of it again: the collections and the topics are as they
were.
"""

from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta

import pytest

from mmc_board.entrypoints.subscribers import CONSUMED_TOPICS
from mmc_board.settings import BoardSettings
from mmc_contracts.topics import ALL_TOPICS
from tests.integration.board.conftest import (
    Board,
    Cities,
    Database,
    FakeClock,
    Json,
    MongoClient,
    outboxes_empty,
    running_board,
    snapshot,
    topic_size,
)
from tests.waiting import eventually

pytestmark = pytest.mark.integration


async def quiet(board: Board, topics: list[str], *others: Database) -> int:
    """Wait until the board has handled every record of `topics`, and the board's and the
    `others`' outboxes are empty, twice in a row half a second apart; the number of records."""
    bootstrap = board.settings.kafka_bootstrap_servers
    total, previous = 0, -1

    async def settled() -> bool:
        nonlocal total, previous
        total = await topic_size(bootstrap, topics)
        consumer = board.runtime.consumer
        done = consumer.handled + consumer.dead_lettered >= total
        for database in (board.database, *others):
            done = done and await outboxes_empty(database)
        stable = done and total == previous
        previous = total if done else -1
        if done and not stable:
            await asyncio.sleep(0.5)
        return stable

    await eventually(settled, 60, "the board to catch up")
    return total


async def history(cities: Cities, board: Board) -> None:
    today = board.clock()
    made: list[Json] = []
    for name, code, mayor in (
        ("Bogotá", "CO", "Carlos Galán"),
        ("Nairobi", "KE", "Johnson Sakaja"),
        ("Dhaka", "BD", "Atiqul Islam"),
    ):
        city = await cities.ok(
            "POST",
            "/cities",
            201,
            json={
                "name": f"{name} {uuid.uuid4().hex[:4]}",
                "country_code": code,
                "size_class": "primary",
                "migration_contexts": ["destination", "internal_displacement"],
                "mayor": {"name": mayor},
            },
        )
        for status in ("engaged", "partner"):
            await cities.ok(
                "POST",
                f"/cities/{city['id']}/partnership",
                json={"to_status": status, "reason": "replay test"},
            )
        made.append(city)
    bogota, nairobi, dhaka = made
    for city in made:
        await board.known_city(city["id"], lambda c: c["partnership_status"] == "partner")
    a = await board.seat(bogota["id"], today - timedelta(days=300), seat=1)
    b = await board.seat(nairobi["id"], today - timedelta(days=200), seat=2)
    await board.ok("POST", f"/memberships/{b['id']}/renewal", json={})
    # Bogotá gets a new mayor: its membership ends, a vacancy opens (a reaction).
    await cities.ok(
        "POST",
        f"/cities/{bogota['id']}/mayor",
        json={"name": "Claudia López", "took_office_on": today.isoformat()},
    )

    async def vacancy_open() -> bool:
        page = await board.ok("GET", "/vacancies", params={"status": "open"})
        return bool(page["total"] == 1)

    await eventually(vacancy_open, 30, "the vacancy Bogotá's mayor left")
    vacancy = (await board.ok("GET", "/vacancies"))["items"][0]
    await board.ok("POST", "/voters", 201, json={"id": "iom", "name": "IOM"})
    nomination = await board.ok(
        "POST",
        "/nominations",
        201,
        json={
            "city_id": dhaka["id"],
            "nominated_by_name": "Deputy Mayor of Dhaka",
            "nominated_by_role": "Deputy Mayor",
            "statement": "A champion of climate-displaced people in the city.",
        },
    )
    selection = await board.ok(
        "POST", "/rounds", 201, json={"vacancy_id": vacancy["id"], "candidates": [nomination["id"]]}
    )
    for voter in (b["id"], "iom"):
        await board.ok(
            "POST",
            f"/rounds/{selection['id']}/ballots",
            201,
            json={"voter_id": voter, "nomination_id": nomination["id"]},
        )
    await board.ok("POST", f"/rounds/{selection['id']}/close")

    async def seated() -> bool:
        page = await board.ok("GET", "/memberships", params={"city_id": dhaka["id"]})
        return bool(page["total"] == 1)

    await eventually(seated, 30, "Dhaka's mayor seated")
    await board.ok(
        "POST",
        "/meetings",
        201,
        json={
            "held_on": today.isoformat(),
            "title": "Quarterly meeting",
            "attendees": [b["id"]],
            "decisions": ["Open nominations for seat 3."],
        },
    )
    assert a["id"] != b["id"]


async def test_replaying_every_consumed_topic_changes_no_read_model(
    cities: Cities, board_settings: BoardSettings, mongo_client: MongoClient
) -> None:
    clock = FakeClock()
    prefix = board_settings.topic_prefix
    consumed = [prefix + topic for topic in CONSUMED_TOPICS]
    everything = [prefix + topic for topic in ALL_TOPICS]
    try:
        async with running_board(board_settings, clock, mongo_client) as first:
            await history(cities, first)
            handled = await quiet(first, consumed, cities.runtime.database)
            before = await snapshot(first.database)
        published_before = await topic_size(board_settings.kafka_bootstrap_servers, everything)

        replaying = BoardSettings(
            **{**board_settings.model_dump(), "service_name": board_settings.service_name + "-r"}
        )
        async with running_board(replaying, clock, mongo_client) as second:
            assert await quiet(second, consumed, cities.runtime.database) == handled
            assert second.runtime.consumer.handled == handled
            assert second.runtime.consumer.dead_lettered == 0
            after = await snapshot(second.database)
        published_after = await topic_size(board_settings.kafka_bootstrap_servers, everything)
    finally:
        await mongo_client.drop_database(board_settings.database_name)

    assert set(before) >= {"known_cities", "memberships", "vacancies", "nominations"}
    assert {name: len(docs) for name, docs in before.items()}["memberships"] == 3
    assert after == before
    assert published_after == published_before, "the replay published new events"
    print(f"\nreplayed {handled} records: no change")
