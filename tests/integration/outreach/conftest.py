"""The outreach service in-process, against the real Kafka broker and MongoDB-wire server,
beside a real cities service on the same topics (a shared fresh `topic_prefix`); board events
are published by the test itself (`publish`), as the board would."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from mmc_chassis.runtime import ServiceRuntime
from mmc_chassis.settings import DEVELOPMENT_API_TOKEN
from mmc_outreach.app import build as build_outreach
from mmc_outreach.settings import OutreachSettings
from tests.conftest import unique
from tests.integration.board.conftest import (  # fixtures shared with the board's tests
    ACTOR,
    Database,
    Json,
    MongoClient,
    cities,
    cities_settings,
    outboxes_empty,
    topic_prefix,
    topic_size,
)
from tests.waiting import eventually

__all__ = [
    "Outreach",
    "cities",
    "cities_settings",
    "quiet",
    "running_outreach",
    "topic_prefix",
]


@dataclass
class Outreach:
    runtime: ServiceRuntime
    client: httpx.AsyncClient
    database: Database
    settings: OutreachSettings
    server_errors: list[str] = field(default_factory=list)

    async def ok(self, method: str, url: str, status: int = 200, **kwargs: Any) -> Json:
        response = await self.client.request(method, url, **kwargs)
        assert response.status_code == status, f"{method} {url}: {response.text}"
        body: Json = response.json()
        return body

    async def until(
        self, url: str, wanted: Callable[[Json], bool], what: str, seconds: float = 30
    ) -> Json:
        """GET `url` until its answer satisfies `wanted`; that answer."""
        found: Json = {}

        async def check() -> bool:
            nonlocal found
            response = await self.client.get(url)
            if response.status_code != 200:
                return False
            found = response.json()
            return wanted(found)

        await eventually(check, seconds, what)
        return found

    async def knows_city(self, city_id: str, wanted: Callable[[Json], bool] | None = None) -> Json:
        return await self.until(
            f"/cities/{city_id}", wanted or (lambda _: True), f"city {city_id} in outreach"
        )


@pytest.fixture
def outreach_settings(
    kafka_bootstrap: str, mongodb_url: str, topic_prefix: str
) -> OutreachSettings:
    return OutreachSettings(
        service_name=unique("outreach-test"),
        kafka_bootstrap_servers=kafka_bootstrap,
        mongodb_url=mongodb_url,
        mongodb_database=unique("outreach").replace("-", "_"),
        topic_prefix=topic_prefix,
        relay_sweep_seconds=0.5,
        consumer_max_attempts=3,
        consumer_backoff_seconds=0.05,
        consumer_commit_interval_seconds=0.1,
        log_json=False,
    )


def _client(app: Any, errors: list[str]) -> httpx.AsyncClient:
    async def no_server_error(response: httpx.Response) -> None:
        if response.status_code >= 500:
            await response.aread()
            errors.append(f"{response.request.method} {response.request.url}: {response.text}")

    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app),
        base_url="http://outreach.test",
        headers={"Authorization": f"Bearer {DEVELOPMENT_API_TOKEN}", "X-MMC-Actor": ACTOR},
        event_hooks={"response": [no_server_error]},
        timeout=120,
    )


@asynccontextmanager
async def running_outreach(
    settings: OutreachSettings, mongo_client: MongoClient
) -> AsyncIterator[Outreach]:
    runtime = build_outreach(settings)
    errors: list[str] = []
    async with (
        runtime.http.router.lifespan_context(runtime.http),
        _client(runtime.http, errors) as client,
    ):
        yield Outreach(runtime, client, mongo_client[settings.database_name], settings, errors)
    assert not errors, f"server errors: {errors}"


@pytest.fixture
async def outreach(
    outreach_settings: OutreachSettings, mongo_client: MongoClient
) -> AsyncIterator[Outreach]:
    async with running_outreach(outreach_settings, mongo_client) as running:
        yield running
    await mongo_client.drop_database(outreach_settings.database_name)


async def quiet(runtime: ServiceRuntime, topics: list[str], *databases: Database) -> int:
    """Wait until `runtime` has handled every record of `topics` and the databases' outboxes
    are empty, twice in a row; the number of records."""
    bootstrap = runtime.settings.kafka_bootstrap_servers
    total, previous = 0, -1

    async def settled() -> bool:
        nonlocal total, previous
        total = await topic_size(bootstrap, topics)
        done = runtime.consumer.handled + runtime.consumer.dead_lettered >= total
        for database in databases:
            done = done and await outboxes_empty(database)
        stable = done and total == previous
        previous = total if done else -1
        if done and not stable:
            await asyncio.sleep(0.5)
        return stable

    await eventually(settled, 60, "outreach to catch up")
    return total
