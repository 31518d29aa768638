"""The Kafka broker every service uses: idempotent, acks from all replicas, traced."""

from __future__ import annotations

import logging
from collections.abc import Awaitable
from typing import Any

from faststream.kafka import KafkaBroker
from faststream.kafka.opentelemetry import KafkaTelemetryMiddleware
from faststream.kafka.opentelemetry.provider import telemetry_attributes_provider_factory
from faststream.opentelemetry.middleware import TelemetryMiddleware
from opentelemetry.sdk.trace import TracerProvider

from mmc_chassis.mongo import Document


def create_broker(
    bootstrap_servers: str,
    *,
    client_id: str,
    tracer_provider: TracerProvider | None = None,
    graceful_timeout: float = 15.0,
    publish_spans: bool = True,
) -> KafkaBroker:
    # aiokafka defaults to acks=1 without idempotence, and FastStream passes that through.
    return KafkaBroker(
        bootstrap_servers,
        client_id=client_id,
        acks="all",
        enable_idempotence=True,
        linger_ms=2,
        request_timeout_ms=15_000,
        graceful_timeout=graceful_timeout,
        middlewares=[
            KafkaTelemetryMiddleware(tracer_provider=tracer_provider)
            if publish_spans
            else ConsumeTelemetryMiddleware(tracer_provider=tracer_provider)
        ],
        logger=logging.getLogger("faststream"),
    )


def entry_sender(broker: KafkaBroker) -> Any:
    """Sends an outbox entry without waiting; the relay awaits the acknowledgements together."""

    async def send(entry: Document) -> Awaitable[Any]:
        future: Awaitable[Any] = await broker.publish(
            entry["value"].encode(),
            entry["topic"],
            key=entry["key"].encode(),
            headers=dict(entry["headers"]),
            no_confirm=True,
        )
        return future

    return send


class ConsumeTelemetryMiddleware(TelemetryMiddleware[Any]):
    """Spans for consuming only. A publication carries the trace context its outbox entry was
    stored with, so the consumer's span continues the command's trace all the same; a span of
    its own per publication (and its metrics) costs about a tenth of a command's CPU, worth it
    only where spans are exported."""

    def __init__(self, *, tracer_provider: TracerProvider | None = None) -> None:
        super().__init__(
            # FastStream asks with no message when publishing: no settings, no span.
            settings_provider_factory=lambda message: (
                None if message is None else telemetry_attributes_provider_factory(message)
            ),
            tracer_provider=tracer_provider,
            include_messages_counters=True,
        )
