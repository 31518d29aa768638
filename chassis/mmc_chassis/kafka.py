"""The Kafka broker every service uses: idempotent, acks from all replicas, traced."""

from __future__ import annotations

import logging
from collections.abc import Awaitable
from typing import Any

from faststream.kafka import KafkaBroker
from faststream.kafka.opentelemetry import KafkaTelemetryMiddleware
from opentelemetry.sdk.trace import TracerProvider

from mmc_chassis.mongo import Document


def create_broker(
    bootstrap_servers: str,
    *,
    client_id: str,
    tracer_provider: TracerProvider | None = None,
    graceful_timeout: float = 15.0,
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
        middlewares=[KafkaTelemetryMiddleware(tracer_provider=tracer_provider)],
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
