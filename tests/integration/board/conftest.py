"""The board service in-process, against the real Kafka broker and MongoDB-wire server.

Each test gets topics of its own (a fresh `topic_prefix`) and a database of its own; a test that
needs the cities service builds it with the SAME prefix, so the two talk over their own copies of
the real topics. Services are started and stopped through their lifespans (`running_board`,
`running_cities`), so a test can stop one and build it again on the same database. The board's
clock is a `FakeClock` the test can set. A city reaches the board's read model either from the
cities service, or from a `CityRegistered` event the test publishes itself (`publish_city`).
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import httpx
import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase

from mmc_board.app import BoardService, build_service
from mmc_board.settings import BoardSettings
from mmc_chassis.outbox import OUTBOX
from mmc_chassis.outbox import outboxes_empty as chassis_outboxes_empty
from mmc_chassis.relay_marks import MARKS
from mmc_chassis.runtime import ServiceRuntime
from mmc_chassis.settings import DEVELOPMENT_API_TOKEN
from mmc_cities.app import build as build_cities
from mmc_cities.settings import CitiesSettings
from mmc_contracts import EventContext, encode
from mmc_contracts.cities import (
    CityProfile,
    CityRegistered,
    Contact,
    ContactRole,
    MigrationContext,
    PartnershipStatus,
    SizeClass,
)
from mmc_contracts.envelope import Event
from mmc_contracts.topics import CITIES_CITY
from tests.conftest import unique
from tests.waiting import eventually

ACTOR = "staff-tester"

Json = dict[str, Any]
MongoClient = AsyncMongoClient[dict[str, object]]
Database = AsyncDatabase[dict[str, Any]]


class FakeClock:
    """The board's "today", set by the test."""

    def __init__(self, today: date | None = None) -> None:
        self.today = today or datetime.now(UTC).date()

    def __call__(self) -> date:
        return self.today


@dataclass
class Board:
    """A running board service and an HTTP client to it."""

    service: BoardService
    client: httpx.AsyncClient
    database: Database
    clock: FakeClock
    server_errors: list[str] = field(default_factory=list)

    @property
    def runtime(self) -> ServiceRuntime:
        return self.service.runtime

    @property
    def settings(self) -> BoardSettings:
        return self.service.settings

    async def ok(self, method: str, url: str, status: int = 200, **kwargs: Any) -> Json:
        response = await self.client.request(method, url, **kwargs)
        assert response.status_code == status, f"{method} {url}: {response.text}"
        body: Json = response.json()
        return body

    async def known_city(self, city_id: str, wanted: Callable[[Json], bool] | None = None) -> Json:
        """The city in the board's read model, once it is there (and `wanted` holds)."""
        city: Json = {}

        async def check() -> bool:
            nonlocal city
            response = await self.client.get(f"/cities/{city_id}")
            if response.status_code != 200:
                return False
            city = response.json()
            return wanted is None or wanted(city)

        await eventually(check, 30, f"city {city_id} in the board's read model")
        return city

    async def seat(self, city_id: str, term_start: date, **fields: Any) -> Json:
        return await self.ok(
            "POST",
            "/memberships",
            201,
            json={"city_id": city_id, "term_start": term_start.isoformat(), **fields},
        )


@dataclass
class Cities:
    runtime: ServiceRuntime
    client: httpx.AsyncClient
    server_errors: list[str] = field(default_factory=list)

    async def ok(self, method: str, url: str, status: int = 200, **kwargs: Any) -> Json:
        response = await self.client.request(method, url, **kwargs)
        assert response.status_code == status, f"{method} {url}: {response.text}"
        body: Json = response.json()
        return body


@pytest.fixture
def topic_prefix() -> str:
    return unique("t") + "."


@pytest.fixture
def board_settings(kafka_bootstrap: str, mongodb_url: str, topic_prefix: str) -> BoardSettings:
    return BoardSettings(
        service_name=unique("board-test"),
        kafka_bootstrap_servers=kafka_bootstrap,
        mongodb_url=mongodb_url,
        mongodb_database=unique("board").replace("-", "_"),
        topic_prefix=topic_prefix,
        relay_sweep_seconds=0.5,
        consumer_max_attempts=3,
        consumer_backoff_seconds=0.05,
        consumer_commit_interval_seconds=0.1,
        scheduler_interval_seconds=3600,
        log_json=False,
    )


@pytest.fixture
def cities_settings(kafka_bootstrap: str, mongodb_url: str, topic_prefix: str) -> CitiesSettings:
    return CitiesSettings(
        service_name=unique("cities-test"),
        kafka_bootstrap_servers=kafka_bootstrap,
        mongodb_url=mongodb_url,
        mongodb_database=unique("cities").replace("-", "_"),
        topic_prefix=topic_prefix,
        relay_sweep_seconds=0.5,
        consumer_max_attempts=3,
        consumer_backoff_seconds=0.05,
        consumer_commit_interval_seconds=0.1,
        log_json=False,
    )


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def _error_recorder(errors: list[str]) -> Callable[[httpx.Response], Any]:
    async def no_server_error(response: httpx.Response) -> None:
        if response.status_code >= 500:
            await response.aread()
            errors.append(f"{response.request.method} {response.request.url}: {response.text}")

    return no_server_error


def _client(app: Any, base_url: str, errors: list[str]) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app),
        base_url=base_url,
        headers={"Authorization": f"Bearer {DEVELOPMENT_API_TOKEN}", "X-MMC-Actor": ACTOR},
        event_hooks={"response": [_error_recorder(errors)]},
        timeout=30,
    )


@asynccontextmanager
async def running_board(
    settings: BoardSettings, clock: FakeClock, mongo_client: MongoClient
) -> AsyncIterator[Board]:
    """The board service started (lifespan) and stopped again; fails on any 5xx answer."""
    service = build_service(settings, clock=clock)
    errors: list[str] = []
    async with (
        service.runtime.http.router.lifespan_context(service.runtime.http),
        _client(service.runtime.http, "http://board.test", errors) as client,
    ):
        database: Database = mongo_client[settings.database_name]
        yield Board(service, client, database, clock, errors)
    assert not errors, f"server errors: {errors}"


@asynccontextmanager
async def running_cities(settings: CitiesSettings) -> AsyncIterator[Cities]:
    runtime = build_cities(settings)
    errors: list[str] = []
    async with (
        runtime.http.router.lifespan_context(runtime.http),
        _client(runtime.http, "http://cities.test", errors) as client,
    ):
        yield Cities(runtime, client, errors)
    assert not errors, f"server errors: {errors}"


@pytest.fixture
async def board(
    board_settings: BoardSettings, clock: FakeClock, mongo_client: MongoClient
) -> AsyncIterator[Board]:
    async with running_board(board_settings, clock, mongo_client) as running:
        yield running
    await mongo_client.drop_database(board_settings.database_name)


@pytest.fixture
async def cities(
    cities_settings: CitiesSettings, mongo_client: MongoClient
) -> AsyncIterator[Cities]:
    async with running_cities(cities_settings) as running:
        yield running
    await mongo_client.drop_database(cities_settings.database_name)


# --------------------------------------------------------------------------------------------
# Kafka helpers
# --------------------------------------------------------------------------------------------


async def publish(bootstrap: str, prefix: str, *events: Event) -> None:
    """Publish events on the test's own copy of their topics, as their service would."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", enable_idempotence=True)
    await producer.start()
    try:
        for event in events:
            record = encode(event)
            await producer.send_and_wait(
                prefix + record.topic, record.value, key=record.key, headers=list(record.headers)
            )
    finally:
        await producer.stop()


def city_registered(
    name: str,
    country_code: str,
    region: str,
    sub_region: str,
    *,
    status: PartnershipStatus = PartnershipStatus.PARTNER,
    mayor: str | None = None,
    contexts: tuple[MigrationContext, ...] = (MigrationContext.DESTINATION,),
    size_class: SizeClass = SizeClass.SECONDARY,
    city_id: str | None = None,
) -> CityRegistered:
    return CityRegistered.stamp(
        EventContext(actor="registry-test"),
        aggregate_id=city_id or uuid.uuid4().hex,
        aggregate_version=1,
        profile=CityProfile(
            name=name,
            country_code=country_code,
            region=region,
            sub_region=sub_region,
            migration_contexts=list(contexts),
            size_class=size_class,
            mayor=Contact(name=mayor, role=ContactRole.MAYOR) if mayor else None,
        ),
        partnership_status=status,
    )


async def publish_city(board: Board, event: CityRegistered) -> Json:
    """Publish a registration on the cities topic and wait until the board knows the city."""
    settings = board.settings
    await publish(settings.kafka_bootstrap_servers, settings.topic_prefix, event)
    return await board.known_city(event.aggregate_id)


async def _partitions(bootstrap: str, topics: list[str]) -> list[TopicPartition]:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=15_000)
    await admin.start()
    try:
        described = await admin.describe_topics(topics)
    finally:
        await admin.close()
    return [
        TopicPartition(topic["topic"], partition["partition"])
        for topic in described
        if not topic["error_code"]
        for partition in topic["partitions"]
    ]


async def read_all(bootstrap: str, topic: str) -> list[ConsumerRecord[bytes, bytes]]:
    """Every record of `topic` up to its current end."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await consumer.start()
    records: list[ConsumerRecord[bytes, bytes]] = []
    try:
        partitions = await _partitions(bootstrap, [topic])
        assert partitions, f"no topic {topic}"
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        ends = await consumer.end_offsets(partitions)

        async def done() -> bool:
            batch = await consumer.getmany(timeout_ms=200)
            records.extend(r for rs in batch.values() for r in rs)
            positions = [await consumer.position(tp) for tp in partitions]
            return all(
                position >= ends[tp] for tp, position in zip(partitions, positions, strict=True)
            )

        await eventually(done, 30, f"the end of {topic}")
    finally:
        await consumer.stop()
    return records


async def topic_size(bootstrap: str, topics: list[str]) -> int:
    """How many records the topics hold (their end offsets: nothing is deleted here)."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await consumer.start()
    try:
        ends = await consumer.end_offsets(await _partitions(bootstrap, topics))
        return sum(ends.values())
    finally:
        await consumer.stop()


def event_type(record: ConsumerRecord[bytes, bytes]) -> str:
    headers: dict[str, bytes] = dict(record.headers)
    return headers.get("ce_type", b"").decode().split(".")[-2]


# --------------------------------------------------------------------------------------------
# Database helpers
# --------------------------------------------------------------------------------------------


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


async def outboxes_empty(database: Database) -> bool:
    return await chassis_outboxes_empty(database)


CITIES_TOPIC = CITIES_CITY
