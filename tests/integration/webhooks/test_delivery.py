"""Delivery to a real partner endpoint: every subscribed event once per aggregate version, in
order per aggregate, signed so that the Standard Webhooks reference verifier accepts it, and a
forged or replayed delivery detectable by the partner."""

from __future__ import annotations

import asyncio
import json
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import standardwebhooks.webhooks as standard
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from mmc_contracts.cities import (
    CityPartnershipStatusChanged,
    CityProfileUpdated,
    CityRegistered,
    PartnershipStatus,
)
from mmc_contracts.envelope import EventContext
from mmc_contracts.gateway import AuditOutcome, AuditRecorded
from tests.integration.webhooks.conftest import (
    ACTOR,
    Partner,
    Received,
    ServiceFactory,
    city_events,
)
from tests.waiting import eventually

pytestmark = pytest.mark.integration

CITY_TOPIC = "mmc.cities.city.v2"
AUDIT_TOPIC = "mmc.gateway.audit.v1"


def received_versions(partner: Partner) -> dict[str, list[int]]:
    """Aggregate id -> the versions received, in arrival order."""
    versions: dict[str, list[int]] = defaultdict(list)
    for delivery in partner.received:
        body = json.loads(delivery.body)
        data = body.get("data", body)  # structured mode nests the event in `data`
        versions[data["aggregate_id"]].append(data["aggregate_version"])
    return versions


async def until_received(partner: Partner, count: int, timeout: float = 30.0) -> float:
    async def enough() -> bool:
        return len(partner.received) >= count

    return await eventually(enough, timeout, f"{count} deliveries to {partner.name}")


async def test_every_subscribed_event_once_per_version_in_order_and_verifiably_signed(
    webhooks_service: ServiceFactory,
    partners: Callable[..., Awaitable[Partner]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    binary = await partners("binary")
    structured = await partners("structured")
    async with webhooks_service() as service:
        wanted = [
            CityRegistered.event_type(),
            CityProfileUpdated.event_type(),
            AuditRecorded.event_type(),
        ]
        first = await service.register(binary, topics=[CITY_TOPIC, AUDIT_TOPIC], event_types=wanted)
        second = await service.register(structured, topics=[CITY_TOPIC], content_mode="structured")
        cities = {f"city-{n}": city_events(f"city-{n}", 5) for n in range(4)}
        interleaved = [events[v] for v in range(5) for events in cities.values()]
        unwanted = CityPartnershipStatusChanged.stamp(
            EventContext(actor=ACTOR),
            aggregate_id="city-0",
            aggregate_version=6,
            from_status=PartnershipStatus.PROSPECT,
            to_status=PartnershipStatus.ENGAGED,
            reason="First workshop held.",
        )
        audit = AuditRecorded.stamp(
            EventContext(actor=ACTOR),
            aggregate_id="audit-1",
            aggregate_version=1,
            staff_id="staff-0a1b2c3d",
            action="cities.register",
            outcome=AuditOutcome.SUCCEEDED,
        )
        started = time.monotonic()
        # The relay publishes at least once: a republished event must not arrive twice.
        await service.publish(*interleaved, unwanted, audit, interleaved[3], interleaved[7])
        await until_received(binary, 21)
        await until_received(structured, 21)
        took = time.monotonic() - started
        print(f"\n21 events to the binary and 21 to the structured endpoint in {took:.2f}s")
        await _quiet_for(1.0)

        versions = received_versions(binary)
        assert versions.pop("audit-1") == [1]
        for city, got in versions.items():
            assert got == [1, 2, 3, 4, 5], f"{city}: {got}"
        structured_versions = received_versions(structured)
        assert len(structured_versions) == 4
        assert structured_versions["city-0"] == [1, 2, 3, 4, 5, 6]  # it wants every type
        for city in ("city-1", "city-2", "city-3"):
            assert structured_versions[city] == [1, 2, 3, 4, 5]
        assert len(binary.received) == len(structured.received) == 21

        _check_signatures(binary.received, first["secret"], monkeypatch)
        _check_signatures(structured.received, second["secret"], monkeypatch)
        one = binary.received[0]
        assert one.headers["ce-specversion"] == "1.0"
        assert one.headers["ce-type"] in wanted
        assert (
            structured.received[0]
            .headers["content-type"]
            .startswith("application/cloudevents+json")
        )

        log = await service.deliveries(first["id"])
        assert len(log) == 21
        assert {entry["status"] for entry in log} == {"delivered"}
        assert all(entry["attempts"][0]["status_code"] == 200 for entry in log)
        print(f"delivery log of {first['id']}: {len(log)} entries, e.g. {_summary(log[0])}")


def _check_signatures(
    received: list[Received], secret: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    verifier = Webhook(secret)
    seen: set[str] = set()
    for delivery in received:
        verifier.verify(delivery.body, delivery.headers)
        # `webhook-id` is the event's id: a partner drops what it has seen (a replay within the
        # tolerance); every delivery here is new.
        assert delivery.headers["webhook-id"] not in seen
        seen.add(delivery.headers["webhook-id"])
    captured = received[0]
    with pytest.raises(WebhookVerificationError, match="No matching signature"):
        verifier.verify(b'{"forged":true,' + captured.body[1:], captured.headers)
    forged = {**captured.headers, "webhook-timestamp": str(int(time.time()))}
    with pytest.raises(WebhookVerificationError, match="No matching signature"):
        verifier.verify(captured.body, forged)  # a fresh timestamp breaks the signature

    class Later(datetime):
        @classmethod
        def now(cls, tz: Any = None) -> datetime:  # type: ignore[override]
            return datetime.now(UTC) + timedelta(minutes=10)

    with monkeypatch.context() as later:
        later.setattr(standard, "datetime", Later)
        with pytest.raises(WebhookVerificationError, match="too old"):
            verifier.verify(captured.body, captured.headers)  # the same delivery, replayed


def _summary(entry: dict[str, Any]) -> str:
    return (
        f"{entry['event_type'].rsplit('.', 2)[-2]} v{entry['aggregate_version']} "
        f"{entry['status']} after {entry['attempt_count']} attempt(s), "
        f"HTTP {entry['attempts'][-1]['status_code']}"
    )


async def _quiet_for(seconds: float) -> None:
    """Long enough for a duplicate to arrive if one were sent."""
    await asyncio.sleep(seconds)
