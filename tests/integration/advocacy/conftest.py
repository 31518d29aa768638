"""The advocacy service in-process, against the real Kafka broker and MongoDB-wire server.

Each test gets topics of its own (a fresh `topic_prefix`) and databases of its own; the cities
service, built with the SAME prefix, is the registry advocacy learns its cities from, and shows
advocacy's events on the cities' timelines. Services start and stop through their lifespans, so
a test can stop one and build it again on the same database. The advocacy clock is settable.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import httpx
import pytest
from aiokafka import AIOKafkaConsumer, ConsumerRecord, TopicPartition
from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase

from mmc_advocacy.app import AdvocacyService, build_service
from mmc_advocacy.settings import AdvocacySettings
from mmc_chassis.outbox import OUTBOX
from mmc_chassis.relay_marks import MARKS
from mmc_chassis.runtime import ServiceRuntime
from mmc_chassis.settings import DEVELOPMENT_API_TOKEN
from mmc_cities.app import build as build_cities
from mmc_cities.settings import CitiesSettings
from tests.conftest import unique
from tests.waiting import eventually

ACTOR = "staff-writer"
APPROVER = {"X-MMC-Actor": "staff-approver", "X-MMC-Roles": "approver"}

Json = dict[str, Any]
MongoClient = AsyncMongoClient[dict[str, object]]
Database = AsyncDatabase[dict[str, Any]]


class FakeClock:
    def __init__(self, today: date | None = None) -> None:
        self.today = today or date.today()

    def __call__(self) -> date:
        return self.today


@dataclass
class Service:
    """A running service and an HTTP client to it; any 5xx answer fails the test."""

    runtime: ServiceRuntime
    client: httpx.AsyncClient
    server_errors: list[str] = field(default_factory=list)

    async def ok(self, method: str, url: str, status: int = 200, **kwargs: Any) -> Json:
        response = await self.client.request(method, url, **kwargs)
        assert response.status_code == status, f"{method} {url}: {response.text}"
        body: Json = response.json()
        return body


def moment_body(
    name: str, series: str, starts_on: date | str, *, days: int = 2, venue: str = "Geneva"
) -> Json:
    """A global policy moment's body for `POST /policy-moments`, lasting `days` + 1 days."""
    start = date.fromisoformat(starts_on) if isinstance(starts_on, str) else starts_on
    return {
        "name": name,
        "series": series,
        "scope": "global",
        "starts_on": start.isoformat(),
        "ends_on": (start + timedelta(days=days)).isoformat(),
        "venue": venue,
    }


@dataclass
class Advocacy(Service):
    service: AdvocacyService | None = None
    database: Database | None = None

    async def known_city(self, city_id: str, wanted: Callable[[Json], bool] | None = None) -> Json:
        city: Json = {}

        async def check() -> bool:
            nonlocal city
            response = await self.client.get(f"/cities/{city_id}")
            if response.status_code != 200:
                return False
            city = response.json()
            return wanted is None or wanted(city)

        await eventually(check, 30, f"city {city_id} in advocacy's read model")
        return city


def _settings_fields(kafka_bootstrap: str, mongodb_url: str, prefix: str) -> Json:
    return {
        "kafka_bootstrap_servers": kafka_bootstrap,
        "mongodb_url": mongodb_url,
        "topic_prefix": prefix,
        "relay_sweep_seconds": 0.5,
        "consumer_max_attempts": 3,
        "consumer_backoff_seconds": 0.05,
        "consumer_commit_interval_seconds": 0.1,
        "log_json": False,
    }


@pytest.fixture
def topic_prefix() -> str:
    return unique("t") + "."


@pytest.fixture
def advocacy_settings(
    kafka_bootstrap: str, mongodb_url: str, topic_prefix: str
) -> AdvocacySettings:
    return AdvocacySettings(
        service_name=unique("advocacy-test"),
        mongodb_database=unique("advocacy").replace("-", "_"),
        scheduler_interval_seconds=3600,
        **_settings_fields(kafka_bootstrap, mongodb_url, topic_prefix),
    )


@pytest.fixture
def cities_settings(kafka_bootstrap: str, mongodb_url: str, topic_prefix: str) -> CitiesSettings:
    return CitiesSettings(
        service_name=unique("cities-test"),
        mongodb_database=unique("cities").replace("-", "_"),
        **_settings_fields(kafka_bootstrap, mongodb_url, topic_prefix),
    )


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(date(2026, 12, 1))


def _client(app: Any, base_url: str, errors: list[str]) -> httpx.AsyncClient:
    async def no_server_error(response: httpx.Response) -> None:
        if response.status_code >= 500:
            await response.aread()
            errors.append(f"{response.request.method} {response.request.url}: {response.text}")

    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app),
        base_url=base_url,
        headers={"Authorization": f"Bearer {DEVELOPMENT_API_TOKEN}", "X-MMC-Actor": ACTOR},
        event_hooks={"response": [no_server_error]},
        timeout=30,
    )


@asynccontextmanager
async def running_advocacy(
    settings: AdvocacySettings, clock: FakeClock, mongo_client: MongoClient
) -> AsyncIterator[Advocacy]:
    service = build_service(settings, clock=clock)
    errors: list[str] = []
    async with (
        service.runtime.http.router.lifespan_context(service.runtime.http),
        _client(service.runtime.http, "http://advocacy.test", errors) as client,
    ):
        database: Database = mongo_client[settings.database_name]
        yield Advocacy(service.runtime, client, errors, service, database)
    assert not errors, f"server errors: {errors}"


@asynccontextmanager
async def running_cities(settings: CitiesSettings) -> AsyncIterator[Service]:
    runtime = build_cities(settings)
    errors: list[str] = []
    async with (
        runtime.http.router.lifespan_context(runtime.http),
        _client(runtime.http, "http://cities.test", errors) as client,
    ):
        yield Service(runtime, client, errors)
    assert not errors, f"server errors: {errors}"


@pytest.fixture
async def advocacy(
    advocacy_settings: AdvocacySettings, clock: FakeClock, mongo_client: MongoClient
) -> AsyncIterator[Advocacy]:
    async with running_advocacy(advocacy_settings, clock, mongo_client) as running:
        yield running
    await mongo_client.drop_database(advocacy_settings.database_name)


@pytest.fixture
async def cities(
    cities_settings: CitiesSettings, mongo_client: MongoClient
) -> AsyncIterator[Service]:
    async with running_cities(cities_settings) as running:
        yield running
    await mongo_client.drop_database(cities_settings.database_name)


async def register_city(
    cities: Service, name: str, country_code: str, mayor: str, *, status: str = "partner"
) -> Json:
    """A city registered in the registry, moved up to `status` (prospect, engaged, partner)."""
    city = await cities.ok(
        "POST",
        "/cities",
        201,
        json={
            "name": f"{name} {uuid.uuid4().hex[:6]}",
            "country_code": country_code,
            "size_class": "secondary",
            "mayor": {"name": mayor, "title": "Mayor"},
        },
    )
    order = ["engaged", "partner", "inactive"]
    for step in order[: order.index(status) + 1] if status in order else []:
        city = await cities.ok(
            "POST",
            f"/cities/{city['id']}/partnership",
            json={"to_status": step, "reason": f"Moved to {step} by the test"},
        )
    return city


async def snapshot(database: Database) -> dict[str, list[Json]]:
    """Every collection's documents by id, without the relay's bookkeeping (it empties the
    outboxes and marks what it published in the background)."""
    result: dict[str, list[Json]] = {}
    for name in sorted(await database.list_collection_names()):
        if name == MARKS:
            continue
        cursor = database[name].find({}, {OUTBOX: 0}).sort([("_id", 1)])
        result[name] = [document async for document in cursor]
    return result


async def topic_size(bootstrap: str, topics: list[str]) -> int:
    """How many records the topics hold (their end offsets: nothing is deleted here)."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await consumer.start()
    try:
        partitions = [
            TopicPartition(topic, p)
            for topic in topics
            for p in (await consumer._client.fetch_all_metadata()).partitions_for_topic(topic) or ()
        ]
        ends = await consumer.end_offsets(partitions)
        return sum(ends.values())
    finally:
        await consumer.stop()


def ce_type(record: ConsumerRecord[bytes, bytes]) -> str:
    """The event's name: `PolicyMomentApproaching`."""
    headers: dict[str, bytes] = dict(record.headers)
    return headers.get("ce_type", b"").decode().split(".")[-2]
