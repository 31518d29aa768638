"""Prometheus metrics of a service, served on `/metrics`.

- `mmc_http_request_duration_seconds{method,route,status}`: per route template, not per path,
  so ids do not multiply the series.
- `mmc_outbox_backlog`, `mmc_outbox_oldest_entry_age_seconds`, `mmc_outbox_stuck_aggregates`,
  `mmc_outbox_published_total`: read from the relay's `status()` at each scrape.
- `mmc_relay_publish_seconds{topic}`: from handing an entry to the producer to the broker's
  acknowledgement (the relay's sender is wrapped).
- `mmc_consumer_processing_seconds{group,topic,outcome}`, `mmc_consumer_handled_total{group}`,
  `mmc_consumer_dead_lettered_total{group}`, `mmc_consumer_stalled{group}`.
- `mmc_consumer_lag{group,topic}`: end offsets minus the group's committed offsets, and
  `mmc_dead_letters{topic}`: records held in each `<topic>.dlq`; both asked of Kafka at scrape
  time, bounded by `kafka_timeout` (a slow broker leaves them out and counts a scrape error
  rather than holding the scrape).

Each runtime has its own registry, so several services (or tests) in one process do not clash.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from aiokafka import AIOKafkaConsumer
from aiokafka.admin import AIOKafkaAdminClient
from fastapi import APIRouter
from fastapi.responses import Response
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from mmc_chassis.topics import partitions_of
from mmc_contracts import Event
from mmc_contracts.topics import dead_letter_topic

if TYPE_CHECKING:
    from mmc_chassis.runtime import ServiceRuntime

log = logging.getLogger("mmc.metrics")

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)

Send = Callable[[Any], Awaitable[Awaitable[Any]]]
Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Transmit = Callable[[dict[str, Any]], Awaitable[None]]
App = Callable[[Scope, Receive, Transmit], Awaitable[None]]


@dataclass
class KafkaSnapshot:
    """What the last scrape learnt from Kafka."""

    lag: dict[tuple[str, str], int] = field(default_factory=dict)
    dead_letters: dict[str, int] = field(default_factory=dict)
    errors: int = 0


class ServiceMetrics:
    def __init__(self, service: str, bootstrap_servers: str, kafka_timeout: float = 3.0) -> None:
        self.service = service
        self.registry = CollectorRegistry(auto_describe=True)
        self._bootstrap = bootstrap_servers
        self._timeout = kafka_timeout
        self.http_seconds = Histogram(
            "mmc_http_request_duration_seconds",
            "HTTP requests by route template, method and status.",
            ["method", "route", "status"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.processing_seconds = Histogram(
            "mmc_consumer_processing_seconds",
            "Time a handler took for one event (retries included), by outcome.",
            ["group", "topic", "outcome"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.publish_seconds = Histogram(
            "mmc_relay_publish_seconds",
            "From handing an outbox entry to the producer to the broker's acknowledgement.",
            ["topic"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.publish_failures = Counter(
            "mmc_relay_publish_failures",
            "Outbox entries the broker did not acknowledge (tried again by the relay).",
            ["topic"],
            registry=self.registry,
        )
        self.kafka = KafkaSnapshot()
        self._runtime: ServiceRuntime | None = None
        self._consumer: AIOKafkaConsumer | None = None
        self._admin: AIOKafkaAdminClient | None = None

    # --- hooks the runtime calls -------------------------------------------------------------

    def timed_sender(self, send: Send) -> Send:
        """The relay's sender, timing each entry until the broker acknowledges it."""

        async def timed(entry: Any) -> Awaitable[Any]:
            started = time.perf_counter()
            acknowledgement = await send(entry)

            async def acknowledged() -> Any:
                try:
                    return await acknowledgement
                except BaseException:
                    self.publish_failures.labels(entry["topic"]).inc()
                    raise
                finally:
                    elapsed = time.perf_counter() - started
                    self.publish_seconds.labels(entry["topic"]).observe(elapsed)

            return acknowledged()

        return timed

    def install(self, runtime: ServiceRuntime) -> None:
        """`/metrics` (no token: it sits beside the health routes, and the network policy lets
        only Prometheus reach it), the HTTP timing middleware, handler timing, and closing."""
        self._runtime = runtime
        self.registry.register(_RuntimeCollector(self, runtime))
        runtime.http.add_middleware(_HttpTiming, metrics=self)
        router = APIRouter(tags=["health"])

        @router.get("/metrics", include_in_schema=False, response_class=Response)
        async def metrics() -> Response:
            await self.refresh_kafka()
            return Response(generate_latest(self.registry), media_type=CONTENT_TYPE)

        runtime.http.include_router(router)

        async def time_handlers() -> None:
            for subscription in runtime.consumer.subscriptions:
                subscription.handler = self._timed_handler(subscription.group_id, subscription)
                if subscription.batch is not None:
                    subscription.batch = self._timed_batch(subscription.group_id, subscription)

        runtime.on_startup(time_handlers)
        runtime.on_shutdown(self.close)

    # --- consumer timing ---------------------------------------------------------------------

    def _timed_handler(self, group: str, subscription: Any) -> Callable[[Event], Awaitable[None]]:
        handler = subscription.handler
        prefix = runtime_prefix(self._runtime)

        async def timed(event: Event) -> None:
            started = time.perf_counter()
            outcome = "error"
            try:
                await handler(event)
                outcome = "handled"
            finally:
                self.processing_seconds.labels(group, prefix + event.topic, outcome).observe(
                    time.perf_counter() - started
                )

        return timed

    def _timed_batch(
        self, group: str, subscription: Any
    ) -> Callable[[list[Event]], Awaitable[None]]:
        """A batch's time, shared out evenly among its events (per topic)."""
        batch = subscription.batch
        prefix = runtime_prefix(self._runtime)

        async def timed(events: list[Event]) -> None:
            started = time.perf_counter()
            outcome = "error"
            try:
                await batch(events)
                outcome = "handled"
            finally:
                each = (time.perf_counter() - started) / max(1, len(events))
                for event in events:
                    self.processing_seconds.labels(group, prefix + event.topic, outcome).observe(
                        each
                    )

        return timed

    # --- lag and dead letters, asked of Kafka at scrape time --------------------------------

    async def refresh_kafka(self) -> None:
        runtime = self._runtime
        if runtime is None:
            return
        try:
            async with asyncio.timeout(self._timeout):
                self.kafka = await self._read_kafka(runtime)
        except Exception as error:
            self.kafka.errors += 1
            log.warning("metrics: Kafka offsets not read (%s: %s)", type(error).__name__, error)
            await self.close()  # a fresh connection next scrape

    async def _read_kafka(self, runtime: ServiceRuntime) -> KafkaSnapshot:
        if self._consumer is None or self._admin is None:
            consumer = AIOKafkaConsumer(
                bootstrap_servers=self._bootstrap, client_id=f"{self.service}-metrics"
            )
            admin = AIOKafkaAdminClient(
                bootstrap_servers=self._bootstrap, client_id=f"{self.service}-metrics"
            )
            await consumer.start()
            await admin.start()
            self._consumer, self._admin = consumer, admin
        consumer, admin = self._consumer, self._admin
        subscriptions = runtime.consumer.subscriptions
        consumed = {topic for s in subscriptions for topic in s.topics}
        dead = {dead_letter_topic(topic) for topic in consumed}
        partitions = {
            topic: await partitions_of(consumer, topic) for topic in sorted(consumed | dead)
        }
        every = [tp for tps in partitions.values() for tp in tps]
        ends = await consumer.end_offsets(every) if every else {}
        dead_tps = [tp for tp in every if tp.topic in dead]
        starts = await consumer.beginning_offsets(dead_tps) if dead_tps else {}
        snapshot = KafkaSnapshot(errors=self.kafka.errors)
        for topic in sorted(dead):
            snapshot.dead_letters[topic] = sum(
                ends[tp] - starts[tp] for tp in partitions[topic] if tp in ends and tp in starts
            )
        for subscription in subscriptions:
            committed = await admin.list_consumer_group_offsets(
                subscription.kafka_group or subscription.group_id
            )
            for topic in subscription.topics:
                lag = 0
                for tp in partitions[topic]:
                    done = committed.get(tp)
                    offset = done.offset if done is not None and done.offset >= 0 else 0
                    lag += max(0, ends.get(tp, 0) - offset)
                snapshot.lag[(subscription.group_id, topic)] = lag
        return snapshot

    async def close(self) -> None:
        consumer, admin = self._consumer, self._admin
        self._consumer = self._admin = None
        if consumer is not None:
            with contextlib.suppress(Exception):
                await consumer.stop()
        if admin is not None:
            with contextlib.suppress(Exception):
                await admin.close()


def runtime_prefix(runtime: ServiceRuntime | None) -> str:
    return runtime.settings.topic_prefix if runtime is not None else ""


class _RuntimeCollector(Collector):
    """Reads the relay and the consumers at scrape time (they keep their own counts)."""

    def __init__(self, metrics: ServiceMetrics, runtime: ServiceRuntime) -> None:
        self._metrics = metrics
        self._runtime = runtime

    def collect(self) -> Iterable[Metric]:
        status = self._runtime.relay.status()
        yield GaugeMetricFamily(
            "mmc_outbox_backlog", "Outbox entries not yet published.", value=status.backlog
        )
        age = 0.0
        if status.oldest_entry_at is not None:
            age = max(0.0, (datetime.now(UTC) - status.oldest_entry_at).total_seconds())
        yield GaugeMetricFamily(
            "mmc_outbox_oldest_entry_age_seconds",
            "Age of the oldest unpublished outbox entry (0 when none).",
            value=age,
        )
        yield GaugeMetricFamily(
            "mmc_outbox_stuck_aggregates",
            "Aggregates whose next entry failed to publish and waits for a retry.",
            value=len(status.stuck),
        )
        yield CounterMetricFamily(
            "mmc_outbox_published", "Entries the relay published.", value=status.published
        )
        handled = CounterMetricFamily(
            "mmc_consumer_handled", "Events handled, by consumer group.", labels=["group"]
        )
        dead = CounterMetricFamily(
            "mmc_consumer_dead_lettered",
            "Events this process sent to a dead-letter topic, by consumer group.",
            labels=["group"],
        )
        stalled = GaugeMetricFamily(
            "mmc_consumer_stalled",
            "1 while the group waits for the infrastructure.",
            labels=["group"],
        )
        for subscription in self._runtime.consumer.subscriptions:
            handled.add_metric([subscription.group_id], subscription.handled)
            dead.add_metric([subscription.group_id], subscription.dead_lettered)
            stalled.add_metric([subscription.group_id], 1 if subscription.stalled else 0)
        yield from (handled, dead, stalled)
        snapshot = self._metrics.kafka
        lag = GaugeMetricFamily(
            "mmc_consumer_lag",
            "Records on the topic the group has not committed yet.",
            labels=["group", "topic"],
        )
        for (group, topic), value in sorted(snapshot.lag.items()):
            lag.add_metric([group, topic], value)
        letters = GaugeMetricFamily(
            "mmc_dead_letters",
            "Records held in a dead-letter topic (whoever wrote them).",
            labels=["topic"],
        )
        for topic, value in sorted(snapshot.dead_letters.items()):
            letters.add_metric([topic], value)
        yield from (lag, letters)
        yield CounterMetricFamily(
            "mmc_metrics_kafka_errors",
            "Scrapes that could not read offsets from Kafka in time.",
            value=snapshot.errors,
        )


class _HttpTiming:
    """Pure ASGI middleware (streamed responses pass through untouched)."""

    def __init__(self, app: App, metrics: ServiceMetrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Transmit) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def tell(message: dict[str, Any]) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, tell)
        finally:
            route = scope.get("route")
            template = getattr(route, "path", None) or "unmatched"
            self.metrics.http_seconds.labels(scope["method"], template, str(status)).observe(
                time.perf_counter() - started
            )
