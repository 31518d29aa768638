"""Delivering one event to one endpoint: sign, POST, retry with backoff, park, or pause.

A `Deliverer` serves one endpoint (the live worker and its replays share it). It re-reads the
endpoint before every attempt, so a rotated secret signs the next attempt and a pause stops it.
An event is retried until it is delivered, until its retry window closes (then it is parked
with the reason), or until every delivery has failed for `pause_after` (then the endpoint is
paused, its owner told by the event, and the delivery stays pending: resuming goes on with it).
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, timedelta

from mmc_contracts.envelope import EventContext
from mmc_contracts.webhooks import PauseReason
from mmc_webhooks.adapters.deliveries import DeliveryLog, DeliveryStatus
from mmc_webhooks.adapters.repository import EndpointRepository
from mmc_webhooks.commands import pause_endpoint
from mmc_webhooks.domain.backoff import Backoff
from mmc_webhooks.domain.endpoint import EndpointStatus
from mmc_webhooks.domain.messages import Incoming, http_request
from mmc_webhooks.domain.signing import signature_headers
from mmc_webhooks.sender import Sender

log = logging.getLogger("mmc.webhooks.delivery")

SERVICE_ACTOR = "webhooks"


class Deliverer:
    def __init__(
        self,
        endpoint_id: str,
        endpoints: EndpointRepository,
        deliveries: DeliveryLog,
        sender: Sender,
        backoff: Backoff,
        pause_after: timedelta,
    ) -> None:
        self.endpoint_id = endpoint_id
        self.endpoints = endpoints
        self.deliveries = deliveries
        self.sender = sender
        self.backoff = backoff
        self.pause_after = pause_after
        self.failing_since: datetime | None = None

    async def deliver(self, event: Incoming, replay_id: str | None = None) -> bool:
        """Deliver (or park) the event; False when the endpoint is paused and it is not done."""
        now = datetime.now(UTC)
        entry = await self.deliveries.begin(self.endpoint_id, event, replay_id, now)
        if entry["status"] != DeliveryStatus.PENDING.value:
            return True  # read again after a restart: delivered or parked already
        key = str(entry["_id"])
        first: datetime = entry["first_attempt_at"]
        if first.tzinfo is None:
            first = first.replace(tzinfo=UTC)
        failures = int(entry["attempt_count"])
        while True:
            endpoint = await self.endpoints.get(self.endpoint_id)
            if endpoint.status is EndpointStatus.PAUSED:
                return False
            checked = await self.sender.target(endpoint.url)
            refused = checked.refusal
            now = datetime.now(UTC)
            if refused:
                await self.deliveries.finish(key, DeliveryStatus.PARKED, now, f"refused: {refused}")
                log.warning("delivery %s parked: %s", key, refused)
                return True
            headers, body = http_request(event, endpoint.content_mode)
            headers.update(
                signature_headers(
                    endpoint.live_secrets(now), event.event_id, int(now.timestamp()), body
                )
            )
            attempt = await self.sender.post(endpoint.url, checked, headers, body)
            failures += 0 if attempt.ok else 1
            next_at = None if attempt.ok else self.backoff.next_attempt(first, now, failures)
            await self.deliveries.attempted(key, attempt, next_at)
            if attempt.ok:
                self.failing_since = None
                await self.deliveries.finish(key, DeliveryStatus.DELIVERED, attempt.at)
                return True
            self.failing_since = self.failing_since or now
            if now - self.failing_since >= self.pause_after:
                await self._pause(self.failing_since)
                return False
            if next_at is None:
                reason = f"gave up after {failures} attempts; last: {attempt.describe()}"
                await self.deliveries.finish(key, DeliveryStatus.PARKED, now, reason)
                log.warning("delivery %s parked: %s", key, reason)
                return True
            await asyncio.sleep(max(0.0, (next_at - datetime.now(UTC)).total_seconds()))

    async def _pause(self, failing_since: datetime) -> None:
        await pause_endpoint(
            self.endpoints,
            self.endpoint_id,
            PauseReason.FAILING,
            EventContext(actor=SERVICE_ACTOR),
            failing_since=failing_since,
        )
        # The owner is told by the WebhookEndpointPaused event (ids only) and this line; the
        # contact itself stays in the endpoint's document.
        log.warning(
            "endpoint %s paused: every delivery failed since %s; owner to be told",
            self.endpoint_id,
            failing_since.isoformat(),
        )
