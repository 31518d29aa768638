"""Nothing lost, nothing applied twice: the cities service killed and restarted for real."""

from __future__ import annotations

import asyncio
import signal
import time
from pathlib import Path

import httpx
import pytest
from pymongo import AsyncMongoClient

from mmc_contracts.topics import CITIES_CITY
from tests.e2e.service_process import HEADERS, ServiceProcess
from tests.kafka_reading import read_topic
from tests.waiting import eventually

pytestmark = [pytest.mark.integration, pytest.mark.slow]

CITIES_APP = ["-m", "mmc_cities.app"]


def city_body(n: int) -> dict[str, object]:
    return {
        "name": f"Testville {n}",
        "country_code": "KE",
        "size_class": "secondary",
        "population": 100_000 + n,
        "migration_contexts": ["destination", "transit"],
    }


async def timeline_counts(client: httpx.AsyncClient, city_ids: list[str]) -> dict[str, int]:
    counts = {}
    for city_id in city_ids:
        response = await client.get(f"/cities/{city_id}/timeline", headers=HEADERS)
        assert response.status_code == 200, response.text
        counts[city_id] = response.json()["total"]
    return counts


async def test_crash_after_the_write_and_before_the_publish_loses_nothing(
    cities_env: dict[str, str],
    processes: list[ServiceProcess],
    tmp_path: Path,
    kafka_bootstrap: str,
    mongodb_url: str,
) -> None:
    crashing = ServiceProcess(["-m", "tests.e2e.crashing_cities"], cities_env, tmp_path / "c.log")
    processes.append(crashing.start())
    async with httpx.AsyncClient(base_url=crashing.url, timeout=10) as client:
        try:
            response = await client.post("/cities", json=city_body(1), headers=HEADERS)
            assert response.status_code == 201, response.text
        except httpx.TransportError:
            pass  # the process may die before it answers: the database tells what was stored
    assert crashing.wait(30) == 137, "the relay's first publish kills the process"

    mongo: AsyncMongoClient[dict[str, object]] = AsyncMongoClient(mongodb_url)
    stored = [d async for d in mongo[cities_env["MMC_MONGODB_DATABASE"]]["cities"].find({})]
    assert len(stored) == 1, "the command's write happened before the crash"
    city_id = str(stored[0]["_id"])
    assert len(stored[0]["outbox"]) == 1, "its event waits in the outbox, unpublished"  # type: ignore[arg-type]

    restarted = ServiceProcess(CITIES_APP, cities_env, tmp_path / "r.log")
    processes.append(restarted.start())
    topic = cities_env["MMC_TOPIC_PREFIX"] + CITIES_CITY
    records = await read_topic(kafka_bootstrap, topic, lambda r: len(r) >= 1, what="the event")
    async with httpx.AsyncClient(base_url=restarted.url, timeout=10) as client:
        await eventually(
            lambda: _timeline_has(client, city_id, 1), what="the timeline to show the event"
        )
        await asyncio.sleep(1.5)  # a further sweep and commit cycle: still exactly once
        assert (await timeline_counts(client, [city_id]))[city_id] == 1
    assert [r.key for r in records] == [city_id.encode()]
    await mongo.close()


async def _timeline_has(client: httpx.AsyncClient, city_id: str, count: int) -> bool:
    return (await timeline_counts(client, [city_id]))[city_id] >= count


@pytest.mark.parametrize(
    "stop_signal", [signal.SIGTERM, signal.SIGKILL], ids=["SIGTERM", "SIGKILL"]
)
async def test_stopping_under_load_loses_nothing_and_duplicates_no_effect(
    stop_signal: signal.Signals,
    cities_env: dict[str, str],
    processes: list[ServiceProcess],
    tmp_path: Path,
    kafka_bootstrap: str,
) -> None:
    first = ServiceProcess(CITIES_APP, cities_env, tmp_path / "first.log")
    processes.append(first.start())
    accepted: list[str] = []
    refused = 0

    async def register(client: httpx.AsyncClient, n: int) -> None:
        nonlocal refused
        try:
            response = await client.post("/cities", json=city_body(n), headers=HEADERS)
        except httpx.TransportError:
            refused += 1
            return
        if response.status_code == 201:
            accepted.append(response.json()["id"])
        else:
            assert response.status_code == 503, response.text
            refused += 1

    async with httpx.AsyncClient(base_url=first.url, timeout=30) as client:
        started = time.monotonic()
        pending: set[asyncio.Task[None]] = set()
        stopped = False
        while time.monotonic() - started < 2.5:
            pending.add(asyncio.create_task(register(client, len(pending))))
            await asyncio.sleep(0.01)
            if not stopped and time.monotonic() - started > 1.5:
                first.signal(stop_signal)  # under load: requests in flight, events unpublished
                stopped = True
        await asyncio.gather(*pending)
    first.wait(40)
    assert accepted, "some commands were accepted before the stop"

    second = ServiceProcess(CITIES_APP, cities_env, tmp_path / "second.log")
    processes.append(second.start())
    topic = cities_env["MMC_TOPIC_PREFIX"] + CITIES_CITY
    wanted = {a.encode() for a in accepted}
    records = await read_topic(
        kafka_bootstrap,
        topic,
        lambda r: wanted <= {x.key for x in r},
        wait=60,
        what=f"the events of all {len(accepted)} accepted commands",
    )
    async with httpx.AsyncClient(base_url=second.url, timeout=10) as client:

        async def all_projected() -> bool:
            counts = await timeline_counts(client, accepted)
            return all(c >= 1 for c in counts.values())

        await eventually(all_projected, 60, "every accepted city in its timeline")
        await asyncio.sleep(1.5)
        counts = await timeline_counts(client, accepted)
    published = [r for r in records if r.key in wanted]
    print(
        f"{stop_signal.name}: {len(accepted)} accepted, {refused} refused,"
        f" {len(published)} events on the topic for them, timeline entries {sum(counts.values())}"
    )
    assert set(counts.values()) == {1}, "each accepted command's effect applied exactly once"
