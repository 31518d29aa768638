"""The webhooks service in-process against the real Kafka and MongoDB-wire server, and partners:
real HTTP servers (uvicorn) on 127.0.0.1 that record what they receive.

Each service gets a topic prefix of its own (`wh<random>.`), so its endpoints' topics hold only
what its test publishes, and a database of its own. The allowlist admits 127.0.0.1 explicitly.
"""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager, AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest_asyncio
import uvicorn
from aiokafka import AIOKafkaProducer
from pymongo import AsyncMongoClient

from mmc_chassis.runtime import ServiceRuntime
from mmc_chassis.settings import DEVELOPMENT_API_TOKEN
from mmc_contracts.cities import CityProfileUpdated, CityRegistered, PartnershipStatus
from mmc_contracts.cloudevents import encode
from mmc_contracts.envelope import Event, EventContext
from mmc_webhooks.app import build
from mmc_webhooks.settings import WebhooksSettings
from tests.conftest import unique
from tests.unit.contracts.samples import profile
from tests.waiting import eventually

Json = dict[str, Any]
ACTOR = "staff-webhooks-test"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes
    at: float  # time.monotonic()


@dataclass
class Partner:
    """A partner's endpoint: answers `status` after `delay` seconds, keeps every request."""

    name: str
    port: int = field(default_factory=free_port)
    delay: float = 0.0
    status: int = 200
    received: list[Received] = field(default_factory=list)
    _server: uvicorn.Server | None = None
    _task: asyncio.Task[None] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks/{self.name}"

    async def app(self, scope: Json, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        body = b""
        more = True
        while more:
            message = await receive()
            body += message.get("body", b"")
            more = message.get("more_body", False)
        if self.delay:
            await asyncio.sleep(self.delay)
        headers = {k.decode().lower(): v.decode() for k, v in scope["headers"]}
        if self.status < 300:
            self.received.append(Received(headers, body, time.monotonic()))
        await send({"type": "http.response.start", "status": self.status, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    async def start(self) -> None:
        self._server = uvicorn.Server(
            uvicorn.Config(
                self.app,
                interface="asgi3",
                host="127.0.0.1",
                port=self.port,
                lifespan="off",
                access_log=False,
                log_config=None,
            )
        )
        self._task = asyncio.create_task(self._server.serve())
        server = self._server

        async def started() -> bool:
            return server.started

        await eventually(started, 10, f"partner {self.name} to listen")

    async def stop(self) -> None:
        if self._server is not None and self._task is not None:
            self._server.should_exit = True
            await self._task
            self._server = self._task = None


@dataclass
class WebhooksService:
    runtime: ServiceRuntime
    settings: WebhooksSettings
    client: httpx.AsyncClient
    producer: AIOKafkaProducer

    async def register(self, partner: Partner, **fields: Any) -> Json:
        body: Json = {
            "url": partner.url,
            "topics": ["mmc.cities.city.v2"],
            "owner_contact": "webhooks@partner.example.org",
        }
        body.update(fields)
        response = await self.client.post("/endpoints", json=body)
        assert response.status_code == 201, response.text
        endpoint: Json = response.json()
        return endpoint

    async def publish(self, *events: Event) -> None:
        """As the owning services' relays do: one record per event, keyed by the aggregate."""
        for event in events:
            record = encode(event)
            await self.producer.send_and_wait(
                self.settings.topic_prefix + record.topic,
                record.value,
                key=record.key,
                headers=list(record.headers),
            )

    async def deliveries(self, endpoint_id: str) -> list[Json]:
        response = await self.client.get(
            f"/endpoints/{endpoint_id}/deliveries", params={"limit": 200}
        )
        assert response.status_code == 200, response.text
        items: list[Json] = response.json()["items"]
        return items


def city_events(city_id: str, versions: int) -> list[Event]:
    """A city registered, then its profile updated up to `versions`."""
    context = EventContext(actor=ACTOR)
    events: list[Event] = [
        CityRegistered.stamp(
            context,
            aggregate_id=city_id,
            aggregate_version=1,
            profile=profile(),
            partnership_status=PartnershipStatus.PROSPECT,
        )
    ]
    for version in range(2, versions + 1):
        events.append(
            CityProfileUpdated.stamp(
                context,
                aggregate_id=city_id,
                aggregate_version=version,
                profile=profile(population=1_000_000 + version),
                changed_fields=["population"],
            )
        )
    return events


ServiceFactory = Callable[..., AbstractAsyncContextManager[WebhooksService]]


@pytest_asyncio.fixture
async def webhooks_service(
    kafka_bootstrap: str, mongodb_url: str, mongo_client: AsyncMongoClient[dict[str, object]]
) -> AsyncIterator[ServiceFactory]:
    """Starts a webhooks service with the given setting overrides (as an async context)."""

    @asynccontextmanager
    async def started(**overrides: Any) -> AsyncIterator[WebhooksService]:
        values: Json = {
            "service_name": unique("webhooks-test"),
            "kafka_bootstrap_servers": kafka_bootstrap,
            "mongodb_url": mongodb_url,
            "mongodb_database": unique("webhooks").replace("-", "_"),
            "topic_prefix": unique("wh").replace("-", "") + ".",
            "webhook_allowed_targets": ["127.0.0.1"],
            "webhook_backoff_initial_seconds": 0.2,
            "webhook_backoff_max_seconds": 2.0,
            "webhook_timeout_seconds": 10.0,
            "relay_sweep_seconds": 0.5,
            "log_json": False,
        }
        values.update(overrides)
        settings = WebhooksSettings(**values)
        runtime = build(settings)
        producer = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap, acks="all")
        async with AsyncExitStack() as stack:
            await producer.start()
            stack.push_async_callback(producer.stop)
            stack.push_async_callback(mongo_client.drop_database, settings.database_name)
            await stack.enter_async_context(runtime.http.router.lifespan_context(runtime.http))
            client = await stack.enter_async_context(
                httpx.AsyncClient(
                    transport=httpx.ASGITransport(app=runtime.http),
                    base_url="http://webhooks.test",
                    headers={
                        "Authorization": f"Bearer {DEVELOPMENT_API_TOKEN}",
                        "X-MMC-Actor": ACTOR,
                    },
                )
            )
            yield WebhooksService(runtime, settings, client, producer)

    yield started


@pytest_asyncio.fixture
async def partners() -> AsyncIterator[Callable[..., Awaitable[Partner]]]:
    """Starts partners; stops them all after the test."""
    running: list[Partner] = []

    async def start(name: str, **fields: Any) -> Partner:
        partner = Partner(name, **fields)
        await partner.start()
        running.append(partner)
        return partner

    yield start
    for partner in running:
        await partner.stop()
