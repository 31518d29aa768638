"""Rebuild a read model: reset its collections and replay its topics from offset 0.

    python -m mmc_chassis.rebuild mmc_cities.app:build timeline --collection timeline

builds the service's runtime with the factory named (nothing is served), drops the collections
named, creates their indexes again (the service's start-up hooks), then reads every topic of the
subscription `group` from offset 0 under a NEW consumer group, applying each batch with the
subscription's batch handler (or its handler, one event at a time), committing after each batch
and printing progress. Once it has read up to the end offsets it saw at its start, it records
the new group (`rebuild_groups.py`): the service, started afterwards, continues from there.
Run it while the service is stopped: the reset collections are built in memory by the batch
handler's `ProjectionBatch` writes and written at the end with a few large inserts
(`replay_memory.py`, bounded; a failing batch flushes them and goes on against the database),
which a live instance writing meanwhile would contradict.
A record that does not decode is skipped (the live consumer has dead-lettered it already).
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import logging
import sys
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from aiokafka import AIOKafkaConsumer, TopicPartition

from mmc_chassis.consumer import Subscription, is_transient
from mmc_chassis.mongo import detect_traits
from mmc_chassis.rebuild_groups import record_kafka_group
from mmc_chassis.replay_memory import MemoryReplay, replaying
from mmc_chassis.runtime import ServiceRuntime
from mmc_chassis.topics import ensure_topics, partitions_of
from mmc_contracts import Event, MalformedEvent, UnknownEventType, decode

log = logging.getLogger("mmc.rebuild")

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Rebuilt:
    subscription: str
    kafka_group: str
    events: int
    skipped: int
    failed: int
    seconds: float

    @property
    def per_second(self) -> float:
        return self.events / self.seconds if self.seconds else 0.0


def find_subscription(runtime: ServiceRuntime, group: str) -> Subscription:
    consumer = runtime.consumer
    found = consumer.subscription(group) or consumer.subscription(f"{consumer.service}.{group}")
    if found is None:
        known = ", ".join(s.group_id for s in consumer.subscriptions) or "none"
        raise LookupError(f"no subscription {group!r} (the service has: {known})")
    return found


async def rebuild(
    runtime: ServiceRuntime,
    group: str,
    collections: Sequence[str] = (),
    *,
    batch_size: int = 500,
    progress: Progress | None = None,
    progress_seconds: float = 1.0,
) -> Rebuilt:
    """Reset `collections` and replay the subscription `group` from offset 0 (see above)."""
    subscription = find_subscription(runtime, group)
    settings = runtime.settings
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    kafka_group = f"{subscription.group_id}.rebuild-{stamp}"
    runtime.traits.adopt(await detect_traits(runtime.database))
    for name in collections:
        await runtime.database.drop_collection(name)
    await runtime.run_startup_hooks()
    await ensure_topics(
        settings.kafka_bootstrap_servers,
        set(subscription.topics),
        partitions=settings.topic_partitions,
        replication_factor=settings.topic_replication_factor,
    )
    consumer = AIOKafkaConsumer(
        *subscription.topics,
        bootstrap_servers=settings.kafka_bootstrap_servers,
        group_id=kafka_group,
        client_id=f"{settings.service_name}-rebuild",
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        max_poll_records=batch_size,
        max_poll_interval_ms=3_600_000,
    )
    say = progress or (lambda line: None)
    started = time.perf_counter()
    events = skipped = failed = 0
    replay = MemoryReplay({runtime.database[name].full_name for name in collections})
    await consumer.start()
    try:
        partitions = [tp for t in subscription.topics for tp in await partitions_of(consumer, t)]
        ends = await consumer.end_offsets(partitions)
        starts = await consumer.beginning_offsets(partitions)
        total = sum(ends[tp] - starts[tp] for tp in partitions)
        say(f"rebuild {subscription.group_id}: {total:,} records under group {kafka_group}")
        shown = started
        while not await _reached(consumer, ends):
            fetched = await consumer.getmany(timeout_ms=500, max_records=batch_size)
            records = [record for batch in fetched.values() for record in batch]
            if not records:
                continue
            batch: list[Event] = []
            for record in records:
                try:
                    batch.append(decode(record.value, record.headers))
                except (MalformedEvent, UnknownEventType) as error:
                    skipped += 1
                    log.warning("skipped %s[%d]@%d: %s", *_where(record), error)
            with replaying(replay):
                failed += await _apply(subscription, batch, replay)
            if replay.active and replay.full:
                await replay.flush()  # memory is bounded: the database from here on
            events += len(batch)
            await consumer.commit()
            now = time.perf_counter()
            if now - shown >= progress_seconds:
                shown = now
                done = events + skipped
                say(f"  {done:,} of {total:,} records, {done / (now - started):,.0f}/s")
        written = await replay.flush()
        if written:
            say(f"  {written:,} documents written")
    finally:
        await consumer.stop()
    await record_kafka_group(runtime.database, subscription.group_id, kafka_group)
    rebuilt = Rebuilt(
        subscription.group_id, kafka_group, events, skipped, failed, time.perf_counter() - started
    )
    say(
        f"rebuilt {rebuilt.subscription}: {events:,} events in {rebuilt.seconds:.1f}s "
        f"({rebuilt.per_second:,.0f}/s), {skipped} skipped, {failed} failed; "
        f"the service reads on with group {kafka_group}"
    )
    return rebuilt


async def _reached(consumer: AIOKafkaConsumer, ends: dict[TopicPartition, int]) -> bool:
    """Whether every partition was read up to the end it had at the start (once assigned)."""
    assigned = consumer.assignment()
    if not assigned >= set(ends):
        return False
    for partition, end in ends.items():
        if await consumer.position(partition) < end:
            return False
    return True


def _where(record: Any) -> tuple[str, int, int]:
    return record.topic, record.partition, record.offset


async def _apply(subscription: Subscription, events: list[Event], replay: MemoryReplay) -> int:
    """Apply a batch; the number of events that failed even one at a time (logged)."""
    if not events:
        return 0
    batch = subscription.batch
    if batch is not None:
        try:
            await _retrying(lambda: batch(events))
            return 0
        except Exception as error:
            log.info("a batch of %d failed (%s); one event at a time", len(events), error)
    # The single-event handler may read and write the database itself: it sees everything.
    await replay.flush()
    failed = 0
    for event in events:
        try:
            await _retrying(lambda: subscription.handler(event))  # noqa: B023 (awaited here)
        except Exception as error:
            failed += 1
            log.warning("could not apply %s %s: %s", type(event).__name__, event.event_id, error)
    return failed


async def _retrying(write: Callable[[], Awaitable[None]], attempts: int = 12) -> None:
    """Retry what fails for the infrastructure's sake, with capped backoff."""
    for attempt in range(1, attempts + 1):
        try:
            await write()
            return
        except Exception as error:
            if not is_transient(error) or attempt == attempts:
                raise
            await asyncio.sleep(min(5.0, 0.1 * 2 ** (attempt - 1)))


def _factory(path: str) -> Callable[[], ServiceRuntime]:
    module, _, name = path.partition(":")
    factory: Callable[[], ServiceRuntime] = getattr(
        importlib.import_module(module), name or "build"
    )
    return factory


async def _main(args: argparse.Namespace) -> Rebuilt:
    runtime = _factory(args.service)()
    try:
        return await rebuild(
            runtime,
            args.group,
            args.collection,
            batch_size=args.batch,
            progress=lambda line: print(line, file=sys.stderr, flush=True),
        )
    finally:
        await runtime.mongo.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m mmc_chassis.rebuild", description=__doc__)
    parser.add_argument("service", help="the runtime's factory, e.g. mmc_cities.app:build")
    parser.add_argument("group", help="the subscription's group, e.g. timeline")
    parser.add_argument(
        "--collection", action="append", default=[], help="a collection to reset (repeatable)"
    )
    parser.add_argument("--batch", type=int, default=500, help="records per batch")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s %(message)s")
    asyncio.run(_main(args))


if __name__ == "__main__":
    main()
