"""A partner down for 30 s loses nothing; a slow partner delays no other; a failing delivery is
retried then parked with its reason; an endpoint failing for long is paused and its owner told."""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from mmc_contracts.cloudevents import decode
from mmc_contracts.webhooks import WebhookEndpointPaused
from tests.integration.webhooks.conftest import (
    Partner,
    ServiceFactory,
    WebhooksService,
    city_events,
)
from tests.integration.webhooks.test_delivery import received_versions, until_received
from tests.kafka_reading import read_topic
from tests.waiting import eventually

pytestmark = pytest.mark.integration

Json = dict[str, Any]


async def test_a_partner_down_for_30_seconds_loses_nothing(
    webhooks_service: ServiceFactory, partners: Callable[..., Awaitable[Partner]]
) -> None:
    partner = await partners("flaky")
    async with webhooks_service() as service:
        endpoint = await service.register(partner)
        a = city_events("city-a", 8)
        b = city_events("city-b", 5)
        await service.publish(*a[:3])
        await until_received(partner, 3)
        await partner.stop()
        down = time.monotonic()
        await service.publish(*[e for pair in zip(a[3:], b, strict=True) for e in pair])
        await asyncio.sleep(30)
        await partner.start()
        back = time.monotonic()
        await until_received(partner, 13)
        print(
            f"\npartner down {back - down:.1f}s; the 10 events published meanwhile arrived "
            f"{time.monotonic() - back:.2f}s after it came back"
        )
        await asyncio.sleep(1.0)
        assert received_versions(partner) == {
            "city-a": list(range(1, 9)),
            "city-b": [1, 2, 3, 4, 5],
        }
        log = await service.deliveries(endpoint["id"])
        retried = [entry for entry in log if entry["attempt_count"] > 1]
        assert {entry["status"] for entry in log} == {"delivered"}
        assert retried, "deliveries during the outage were retried"
        first_failure = retried[-1]["attempts"][0]
        print(
            f"{len(log)} delivered; the first event of the outage took "
            f"{retried[-1]['attempt_count']} attempts (first: {first_failure['error']})"
        )
        assert first_failure["status_code"] is None
        assert "ConnectError" in first_failure["error"]


async def test_a_slow_endpoint_does_not_delay_another(
    webhooks_service: ServiceFactory, partners: Callable[..., Awaitable[Partner]]
) -> None:
    slow = await partners("slow", delay=3.0)
    fast = await partners("fast")
    async with webhooks_service() as service:
        await service.register(slow)
        await service.register(fast)
        started = time.monotonic()
        await service.publish(*city_events("city-s", 5), *city_events("city-t", 5))
        took = await until_received(fast, 10, timeout=20)
        print(
            f"\nfast endpoint: 10 events in {took:.2f}s; slow endpoint (3 s per request) had "
            f"{len(slow.received)} by then"
        )
        assert len(slow.received) <= 2
        assert time.monotonic() - started < 10 * slow.delay


async def test_a_failing_delivery_is_retried_with_backoff_then_parked_with_the_reason(
    webhooks_service: ServiceFactory, partners: Callable[..., Awaitable[Partner]]
) -> None:
    failing = await partners("failing", status=500)
    async with webhooks_service(
        webhook_backoff_initial_seconds=0.2, webhook_retry_for_seconds=1.5
    ) as service:
        endpoint = await service.register(failing)
        await service.publish(*city_events("city-p", 2))
        log = await _log_until(service, endpoint["id"], lambda log: _all(log, 2, "parked"))
        for entry in log:
            waits = _gaps(entry["attempts"])
            print(
                f"\nv{entry['aggregate_version']} parked after {entry['attempt_count']} attempts "
                f"(waits {', '.join(f'{w:.1f}s' for w in waits)}): {entry['parked_reason']}"
            )
            assert entry["attempt_count"] >= 3
            assert "HTTP 500" in entry["parked_reason"]
            assert all(later >= earlier * 1.5 for earlier, later in itertools.pairwise(waits))
        assert not failing.received


async def test_an_endpoint_failing_for_long_is_paused_its_owner_told_and_resumes_where_it_stopped(
    webhooks_service: ServiceFactory,
    partners: Callable[..., Awaitable[Partner]],
    kafka_bootstrap: str,
) -> None:
    down = await partners("down", status=503)
    async with webhooks_service(webhook_pause_after_seconds=1.0) as service:
        endpoint = await service.register(down)
        await service.publish(*city_events("city-q", 3))

        async def paused() -> bool:
            found = await service.client.get(f"/endpoints/{endpoint['id']}")
            return bool(found.json()["status"] == "paused")

        await eventually(paused, 20, "the endpoint to be paused")
        topic = service.settings.topic_prefix + WebhookEndpointPaused.topic
        records = await read_topic(
            kafka_bootstrap,
            topic,
            lambda seen: any(b"WebhookEndpointPaused" in dict(r.headers)["ce_type"] for r in seen),
        )
        told = [decode(r.value, r.headers) for r in records]
        pause = next(e for e in told if isinstance(e, WebhookEndpointPaused))
        wire = b"".join(r.value or b"" for r in records)
        print(f"\nowner told: {pause.event_type()} {pause.model_dump_json()}")
        assert pause.aggregate_id == endpoint["id"]
        assert pause.reason == "failing"
        assert b"partner.example.org" not in wire
        assert b"127.0.0.1" not in wire
        assert (await service.deliveries(endpoint["id"]))[0]["status"] != "delivered"

        down.status = 200
        resumed = await service.client.post(f"/endpoints/{endpoint['id']}/resume", json={})
        assert resumed.status_code == 200, resumed.text
        await until_received(down, 3)
        assert received_versions(down) == {"city-q": [1, 2, 3]}


async def _log_until(
    service: WebhooksService, endpoint_id: str, done: Callable[[list[Json]], bool]
) -> list[Json]:
    log: list[Json] = []

    async def check() -> bool:
        nonlocal log
        log = await service.deliveries(endpoint_id)
        return done(log)

    await eventually(check, 30, "the delivery log")
    return sorted(log, key=lambda entry: entry["aggregate_version"])


def _all(log: list[Json], count: int, status: str) -> bool:
    return len(log) == count and all(entry["status"] == status for entry in log)


def _gaps(attempts: list[Json]) -> list[float]:
    from datetime import datetime

    moments = [datetime.fromisoformat(attempt["at"]) for attempt in attempts]
    return [(b - a).total_seconds() for a, b in itertools.pairwise(moments)]
