"""The cities service in-process, against the real Kafka broker and MongoDB-wire server.

Each test gets the service built by `mmc_cities.app.build` with a database of its own, started
and stopped through its lifespan, and an HTTP client that talks to it in-process. Topics are the
real ones (`mmc.cities.city.v2`, ...), shared with every other run: assertions on Kafka filter
by the ids a test created. The timeline's consumer group is this session's own and starts at the
topics' end, so it neither replays their whole history nor competes with other runs for it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
import pytest_asyncio
from aiokafka import AIOKafkaConsumer, ConsumerRecord, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.structs import OffsetAndMetadata
from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase

from mmc_chassis.runtime import ServiceRuntime
from mmc_chassis.settings import DEVELOPMENT_API_TOKEN
from mmc_cities.app import build
from mmc_cities.entrypoints.subscribers import TIMELINE_TOPICS
from mmc_cities.settings import CitiesSettings
from tests.conftest import unique
from tests.kafka_reading import read_topic
from tests.waiting import eventually

ACTOR = "staff-tester"

Json = dict[str, Any]


@dataclass
class CitiesService:
    runtime: ServiceRuntime
    client: httpx.AsyncClient
    database: AsyncDatabase[dict[str, Any]]
    server_errors: list[str] = field(default_factory=list)

    async def register(self, **fields: Any) -> Json:
        """Register a city (Freetown unless told otherwise); fails unless 201."""
        body: Json = {"name": "Freetown", "country_code": "SL", "size_class": "primary"}
        body.update(fields)
        response = await self.client.post("/cities", json=body)
        assert response.status_code == 201, response.text
        city: Json = response.json()
        return city


@pytest_asyncio.fixture(scope="session")
async def timeline_service_name(kafka_admin: AIOKafkaAdminClient, kafka_bootstrap: str) -> str:
    """The service name for this session: its timeline group starts at the topics' end."""
    name = unique("cities-test")
    existing = set(await kafka_admin.list_topics())
    missing = [topic for topic in TIMELINE_TOPICS if topic not in existing]
    if missing:  # a fresh broker: create them as the service's first writes would
        await kafka_admin.create_topics(
            [NewTopic(name=topic, num_partitions=3, replication_factor=1) for topic in missing]
        )
    partitions: list[TopicPartition] = []

    async def described() -> bool:
        partitions[:] = [
            TopicPartition(topic["topic"], partition["partition"])
            for topic in await kafka_admin.describe_topics(list(TIMELINE_TOPICS))
            for partition in topic["partitions"]
        ]
        return {tp.topic for tp in partitions} == set(TIMELINE_TOPICS)

    await eventually(described, 20, "the cities topics' partitions")
    consumer = AIOKafkaConsumer(
        bootstrap_servers=kafka_bootstrap,
        group_id=f"{name}.timeline",
        enable_auto_commit=False,
    )
    await consumer.start()
    try:
        consumer.assign(partitions)
        ends = await consumer.end_offsets(partitions)
        await consumer.commit({tp: OffsetAndMetadata(offset, "") for tp, offset in ends.items()})
    finally:
        await consumer.stop()
    return name


@pytest.fixture
def cities_settings(
    kafka_bootstrap: str, mongodb_url: str, timeline_service_name: str
) -> CitiesSettings:
    return CitiesSettings(
        service_name=timeline_service_name,
        kafka_bootstrap_servers=kafka_bootstrap,
        mongodb_url=mongodb_url,
        mongodb_database=unique("cities").replace("-", "_"),
        relay_sweep_seconds=0.5,
        consumer_max_attempts=3,
        consumer_backoff_seconds=0.05,
        consumer_commit_interval_seconds=0.1,
        log_json=False,
    )


@pytest_asyncio.fixture
async def cities(
    cities_settings: CitiesSettings,
    mongo_client: AsyncMongoClient[dict[str, object]],
) -> AsyncIterator[CitiesService]:
    """The running service with a fresh database; fails the test if any answer was a 5xx."""
    runtime = build(cities_settings)
    errors: list[str] = []

    async def no_server_error(response: httpx.Response) -> None:
        if response.status_code >= 500:
            await response.aread()
            errors.append(f"{response.request.method} {response.request.url}: {response.text}")

    database = mongo_client[cities_settings.database_name]
    async with (
        runtime.http.router.lifespan_context(runtime.http),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=runtime.http),
            base_url="http://cities.test",
            headers={
                "Authorization": f"Bearer {DEVELOPMENT_API_TOKEN}",
                "X-MMC-Actor": ACTOR,
            },
            event_hooks={"response": [no_server_error]},
        ) as client,
    ):
        service = CitiesService(runtime, client, database, errors)
        yield service
    await mongo_client.drop_database(cities_settings.database_name)
    assert not errors, f"server errors: {errors}"


async def read_records(
    bootstrap: str,
    topic: str,
    keep: Callable[[ConsumerRecord[bytes, bytes]], bool],
    expected: int,
    timeout: float = 20.0,
) -> list[ConsumerRecord[bytes, bytes]]:
    """The records of `topic`, from the beginning, that `keep` selects (at least `expected`)."""
    records = await read_topic(
        bootstrap,
        topic,
        lambda seen: sum(1 for r in seen if keep(r)) >= expected,
        timeout,
        f"{expected} record(s)",
    )
    return [r for r in records if keep(r)]


async def timeline_of(
    service: CitiesService,
    city_id: str,
    until: Callable[[list[Json]], bool],
    timeout: float = 10.0,
) -> list[Json]:
    """The city's timeline entries (newest first), polled until `until` holds."""
    entries: list[Json] = []

    async def check() -> bool:
        nonlocal entries
        response = await service.client.get(f"/cities/{city_id}/timeline", params={"limit": 200})
        assert response.status_code == 200, response.text
        entries = response.json()["items"]
        return until(entries)

    await eventually(check, timeout, f"the timeline of {city_id}")
    return entries
