"""The Kafka side: one raw aiokafka consumer per endpoint, in a consumer group of its own, and
the one-off readers of replays. The `Dispatcher` starts, stops and restarts them.

Why not the chassis' consumer: its subscriptions are fixed when the service starts, while
endpoints come and go at run time. A worker assigns itself every partition of its endpoint's
topics (one instance per endpoint; the group holds its committed offsets), reads them and
delivers one record at a time, committing each after its delivery is done: the order per
aggregate (one key, one partition) is kept, and nothing is lost when the service stops. An
endpoint's first start begins at its registration time (`offsets_for_times`), not at the
topics' history.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.structs import OffsetAndMetadata

from mmc_chassis.topics import ensure_topics
from mmc_webhooks.delivery import Deliverer
from mmc_webhooks.domain.endpoint import Endpoint
from mmc_webhooks.domain.messages import Incoming, NotAnEvent, wanted

log = logging.getLogger("mmc.webhooks.workers")

RESTART_SECONDS = 5.0
METADATA_WAIT_SECONDS = 30.0


def millis(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


class Reader:
    """The Kafka settings every worker and replay shares."""

    def __init__(
        self, bootstrap: str, topic_prefix: str, group_prefix: str, partitions: int
    ) -> None:
        self.bootstrap = bootstrap
        self.topic_prefix = topic_prefix
        self.group_prefix = group_prefix
        self.partitions = partitions

    def topics_of(self, endpoint: Endpoint) -> list[str]:
        return [self.topic_prefix + topic for topic in endpoint.topics]

    async def open(self, endpoint: Endpoint, group_id: str | None) -> AIOKafkaConsumer:
        """A started consumer assigned every partition of the endpoint's topics."""
        topics = self.topics_of(endpoint)
        await ensure_topics(
            self.bootstrap, topics, partitions=self.partitions, replication_factor=1
        )
        consumer = AIOKafkaConsumer(
            bootstrap_servers=self.bootstrap,
            group_id=group_id,
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            client_id=f"{self.group_prefix}-webhooks",
        )
        await consumer.start()
        try:
            consumer.assign(await self._partitions(topics))
        except BaseException:
            await consumer.stop()
            raise
        return consumer

    async def _partitions(self, topics: list[str]) -> list[TopicPartition]:
        """Every partition of `topics`, once the cluster describes them (a topic just created
        takes a moment to appear)."""
        admin = AIOKafkaAdminClient(bootstrap_servers=self.bootstrap, request_timeout_ms=15_000)
        await admin.start()
        try:
            deadline = time.monotonic() + METADATA_WAIT_SECONDS
            while True:
                found = {
                    described["topic"]: [p["partition"] for p in described["partitions"]]
                    for described in await admin.describe_topics(topics)
                    if not described.get("error_code")
                }
                missing = [topic for topic in topics if not found.get(topic)]
                if not missing:
                    return [
                        TopicPartition(topic, partition)
                        for topic in topics
                        for partition in sorted(found[topic])
                    ]
                if time.monotonic() > deadline:
                    raise RuntimeError(f"no partitions known for {', '.join(missing)}")
                await asyncio.sleep(0.2)
        finally:
            await admin.close()

    def incoming(self, record: object) -> Incoming | None:
        try:
            return Incoming.of_record(
                record.topic.removeprefix(self.topic_prefix),  # type: ignore[attr-defined]
                record.headers or (),  # type: ignore[attr-defined]
                record.value,  # type: ignore[attr-defined]
            )
        except NotAnEvent as exc:
            log.warning("skipped a record that is not an event: %s", exc)
            return None


class EndpointWorker:
    def __init__(self, reader: Reader, endpoint: Endpoint, deliverer: Deliverer) -> None:
        self.reader = reader
        self.endpoint = endpoint
        self.deliverer = deliverer
        self.group_id = f"{reader.group_prefix}.endpoint.{endpoint.id}"

    async def run(self) -> None:
        """Deliver until cancelled or until the endpoint is paused."""
        consumer = await self.reader.open(self.endpoint, self.group_id)
        try:
            await self._position(consumer)
            while True:
                batches = await consumer.getmany(timeout_ms=500, max_records=100)
                for partition, records in batches.items():
                    for record in records:
                        event = self.reader.incoming(record)
                        if (
                            event is not None
                            and wanted(
                                self.endpoint.topics,
                                self.endpoint.event_types,
                                event.topic,
                                event.event_type,
                            )
                            and not await self.deliverer.deliver(event)
                        ):
                            return  # paused: this record is read again on resume
                        await consumer.commit({partition: OffsetAndMetadata(record.offset + 1, "")})
        finally:
            await consumer.stop()

    async def _position(self, consumer: AIOKafkaConsumer) -> None:
        """Committed offsets where there are some; else the first record at or after the
        registration (the end offsets are read first, so nothing slips in between)."""
        partitions = list(consumer.assignment())
        ends = await consumer.end_offsets(partitions)
        fresh = [tp for tp in partitions if await consumer.committed(tp) is None]
        if not fresh:
            return
        found = await consumer.offsets_for_times(
            {tp: millis(self.endpoint.registered_at) for tp in fresh}
        )
        start = {tp: found[tp].offset if found.get(tp) else ends[tp] for tp in fresh}
        for tp, offset in start.items():
            consumer.seek(tp, offset)
        await consumer.commit({tp: OffsetAndMetadata(offset, "") for tp, offset in start.items()})


class Replay:
    """Delivers again the endpoint's events that occurred in [since, until): reads from the
    first record at `since` to the topics' end as it was when the replay began."""

    def __init__(
        self,
        reader: Reader,
        endpoint: Endpoint,
        deliverer: Deliverer,
        replay_id: str,
        since: datetime,
        until: datetime,
    ) -> None:
        self.reader = reader
        self.endpoint = endpoint
        self.deliverer = deliverer
        self.replay_id = replay_id
        self.since = since
        self.until = until
        self.delivered = 0

    async def run(self) -> bool:
        """True when every event in range was handled; False when the endpoint got paused."""
        consumer = await self.reader.open(self.endpoint, None)
        try:
            partitions = list(consumer.assignment())
            ends = await consumer.end_offsets(partitions)
            starts = await consumer.offsets_for_times({tp: millis(self.since) for tp in partitions})
            left: set[TopicPartition] = set()
            for tp in partitions:
                begin = starts.get(tp)
                if begin is not None and begin.offset < ends[tp]:
                    left.add(tp)
            consumer.assign(sorted(left, key=lambda tp: (tp.topic, tp.partition)))
            for tp in left:
                consumer.seek(tp, starts[tp].offset)
            while left:
                batches = await consumer.getmany(timeout_ms=500, max_records=100)
                for tp, records in batches.items():
                    for record in records:
                        if record.offset >= ends[tp]:
                            break
                        if not await self._one(record):
                            return False
                    if consumer_done(records, ends[tp]):
                        left.discard(tp)
                        consumer.pause(tp)
            return True
        finally:
            await consumer.stop()

    async def _one(self, record: object) -> bool:
        event = self.reader.incoming(record)
        if event is None or not (self.since <= event.occurred_at.astimezone(UTC) < self.until):
            return True
        if not wanted(
            self.endpoint.topics, self.endpoint.event_types, event.topic, event.event_type
        ):
            return True
        done = await self.deliverer.deliver(event, self.replay_id)
        self.delivered += 1 if done else 0
        return done


def consumer_done(records: list[object], end: int) -> bool:
    return bool(records) and records[-1].offset >= end - 1  # type: ignore[attr-defined]


async def keep_running(what: str, run: Callable[[], Awaitable[object]]) -> None:
    """Run `run` until it returns; after a failure (Kafka away, say) start it again."""
    while True:
        try:
            await run()
            return
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("%s failed; starting it again in %.0fs", what, RESTART_SECONDS)
            await asyncio.sleep(RESTART_SECONDS)
