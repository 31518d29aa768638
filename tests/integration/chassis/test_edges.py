"""The chassis' edges: the dead-letter command, the HTTP answers when things are missing or
down, and a shutdown that closes every part even when one fails."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import uuid
from typing import Any

import httpx
import pytest
from fastapi import APIRouter
from pymongo.errors import ServerSelectionTimeoutError

from mmc_chassis.http import Actor
from mmc_chassis.runtime import ServiceRuntime
from mmc_chassis.settings import DEVELOPMENT_API_TOKEN, ServiceSettings
from mmc_contracts.topics import CITIES_CITY
from tests.integration.chassis.ledger import LedgerService
from tests.integration.chassis.test_fault_matrix import matrix_settings, until

pytestmark = pytest.mark.integration

AUTH = {"Authorization": f"Bearer {DEVELOPMENT_API_TOKEN}"}


def dlq_command(settings: ServiceSettings, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "MMC_KAFKA_BOOTSTRAP_SERVERS": settings.kafka_bootstrap_servers,
        "MMC_TOPIC_PREFIX": settings.topic_prefix,
    }
    return subprocess.run(
        [sys.executable, "-m", "mmc_chassis.dlq", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


async def test_the_dead_letter_command_lists_shows_and_replays(
    kafka_bootstrap: str, mongodb_url: str
) -> None:
    settings = matrix_settings(kafka_bootstrap, mongodb_url)
    service = LedgerService(settings)
    city = uuid.uuid4().hex
    async with service.running():
        service.refused.add(city)
        await service.register(city)
        await until(lambda: service.runtime.consumer.dead_lettered == 1, 30, "the dead letter")
        service.refused.clear()

        listed = await asyncio.to_thread(dlq_command, settings, "list")
        assert listed.returncode == 0, listed.stderr
        [line] = listed.stdout.splitlines()
        coordinates = line.split()[0]
        topic, partition, offset = coordinates.rsplit(":", 2)
        assert "CityRegistered" in line
        assert "reason=refused" in line
        assert "[open]" in line

        shown = await asyncio.to_thread(dlq_command, settings, "show", topic, partition, offset)
        assert "RuleViolation" in shown.stdout
        assert f'"aggregate_id":"{city}"' in shown.stdout.replace(" ", "")

        replay = ("replay", topic, partition, offset, "--actor", "staff-7")
        replayed = await asyncio.to_thread(dlq_command, settings, *replay)
        assert replayed.returncode == 0, replayed.stderr
        await until(lambda: service.ledger.applied[city] == {1}, 30, "the replayed effect")
        twice = await asyncio.to_thread(dlq_command, settings, *replay)
        assert twice.returncode == 1
        assert "was replayed" in twice.stderr
        listed = await asyncio.to_thread(dlq_command, settings, "list")
        assert "replayed" in listed.stdout
        assert "by staff-7" in listed.stdout
    print(f"dlq list printed: {line}")


def edge_runtime(settings: ServiceSettings) -> ServiceRuntime:
    runtime = ServiceRuntime(settings, title="edges", description="edges")
    router = APIRouter()

    @router.post("/things")
    async def make(context: Actor) -> dict[str, Any]:
        await runtime.database["things"].insert_one({"by": context.actor})
        return {"actor": context.actor}

    runtime.include(router)
    return runtime


async def test_a_command_without_an_actor_is_refused_and_changes_nothing(
    kafka_bootstrap: str, mongodb_url: str
) -> None:
    runtime = edge_runtime(matrix_settings(kafka_bootstrap, mongodb_url))
    transport = httpx.ASGITransport(app=runtime.http)
    async with (
        runtime.http.router.lifespan_context(runtime.http),
        httpx.AsyncClient(transport=transport, base_url="http://edges", headers=AUTH) as client,
    ):
        missing = await client.post("/things")
        blank = await client.post("/things", headers={"X-MMC-Actor": "   "})
        named = await client.post("/things", headers={"X-MMC-Actor": "staff-1"})
        stored = await runtime.database["things"].count_documents({})
    assert missing.status_code == 422
    assert missing.json()["detail"][0]["loc"] == ["header", "x-mmc-actor"]
    assert blank.status_code == 422
    assert named.json() == {"actor": "staff-1"}
    assert stored == 1


async def test_a_database_that_does_not_answer_gives_503_with_retry_after(
    kafka_bootstrap: str,
) -> None:
    settings = matrix_settings(
        kafka_bootstrap, "mongodb://127.0.0.1:9/?serverSelectionTimeoutMS=500"
    )
    runtime = edge_runtime(settings)
    transport = httpx.ASGITransport(app=runtime.http)
    async with httpx.AsyncClient(transport=transport, base_url="http://edges") as client:
        answer = await client.post("/things", headers={**AUTH, "X-MMC-Actor": "staff-1"})
    assert answer.status_code == 503
    assert answer.headers["Retry-After"] == "5"
    assert "nothing was changed" in answer.json()["detail"]


async def test_a_part_that_fails_to_close_does_not_keep_the_others_open(
    kafka_bootstrap: str, mongodb_url: str
) -> None:
    runtime = edge_runtime(matrix_settings(kafka_bootstrap, mongodb_url))
    closed: list[str] = []

    async def broken_hook() -> None:
        raise RuntimeError("this part cannot close")

    original_relay_stop = runtime.relay.stop

    async def relay_stop(timeout: float = 10.0) -> None:
        closed.append("relay")
        await original_relay_stop(timeout)

    runtime.on_shutdown(broken_hook)
    runtime.relay.stop = relay_stop  # type: ignore[method-assign]
    async with runtime.http.router.lifespan_context(runtime.http):
        pass
    assert closed == ["relay"]
    assert runtime.relay._task is None
    with pytest.raises(Exception, match=r"closed|Cannot use"):  # the client was closed too
        await runtime.database["things"].find_one({})


async def test_one_subscription_waiting_for_the_database_stalls_no_other(
    kafka_bootstrap: str, mongodb_url: str
) -> None:
    service = LedgerService(matrix_settings(kafka_bootstrap, mongodb_url))
    waits = 0

    async def always_unreachable(event: Any) -> None:
        nonlocal waits
        waits += 1
        raise ServerSelectionTimeoutError("injected: the database does not answer")

    service.runtime.consumer.subscribe(CITIES_CITY, group="stuck", handler=always_unreachable)
    city = uuid.uuid4().hex
    async with service.running():
        await service.register(city)
        await service.change(city, 2, 20)
        took = await until(service.ledger.complete, 30, "the other subscription's effects")
        await until(lambda: waits >= 2, 30, "the stuck subscription to keep waiting")
        stalled = service.runtime.consumer.stalled()
    print(f"applied in {took:.2f}s while 'stuck' waited {waits} times: {stalled}")
    assert list(stalled) == ["ledger.stuck"]
    assert service.runtime.consumer.dead_lettered == 0
