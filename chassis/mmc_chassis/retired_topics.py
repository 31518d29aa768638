"""Empty a retired topic: one a new major version replaced and nobody writes any more, whose
records may hold what the platform no longer keeps (people's contact details in clear).

Kafka keeps what it was given; DeleteRecords (up to each partition's end) removes it for good,
and consumers of the old topic then see it empty. Run it once every subscriber reads the new
version, with the service's settings (`MMC_KAFKA_BOOTSTRAP_SERVERS`, `MMC_TOPIC_PREFIX`):

    python -m mmc_chassis.retired_topics mmc.board.nomination.v1 --dry-run   # counts only
    python -m mmc_chassis.retired_topics mmc.board.nomination.v1

It prints, per topic, how many records it deleted (or would delete) as JSON. A service whose old
topic's facts must first reach the new one (cities: `python -m mmc_cities.migrate_v1`) does that
before calling `delete_all_records`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Sequence

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, RecordsToDelete

from mmc_chassis.settings import ServiceSettings
from mmc_chassis.topics import partitions_of

__all__ = ["delete_all_records", "partitions_of", "records_held"]


async def records_held(bootstrap: str, topic: str) -> dict[TopicPartition, tuple[int, int]]:
    """Each partition's first and end offsets (the records the log still holds between them)."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await consumer.start()
    try:
        partitions = await partitions_of(consumer, topic)
        if not partitions:
            return {}
        starts = await consumer.beginning_offsets(partitions)
        ends = await consumer.end_offsets(partitions)
    finally:
        await consumer.stop()
    return {tp: (starts[tp], ends[tp]) for tp in partitions}


async def delete_all_records(bootstrap: str, topic: str, *, dry_run: bool = False) -> int:
    """Delete every record of `topic` (up to each partition's end); how many went (or would)."""
    held = await records_held(bootstrap, topic)
    doomed = {
        tp: RecordsToDelete(before_offset=end) for tp, (start, end) in held.items() if end > start
    }
    if doomed and not dry_run:
        admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=30_000)
        await admin.start()
        try:
            await admin.delete_records(doomed, timeout_ms=30_000)
        finally:
            await admin.close()
    return sum(end - start for tp, (start, end) in held.items() if tp in doomed)


async def _empty(settings: ServiceSettings, topics: Sequence[str], dry_run: bool) -> dict[str, int]:
    bootstrap = settings.kafka_bootstrap_servers
    return {
        topic: await delete_all_records(bootstrap, settings.topic_prefix + topic, dry_run=dry_run)
        for topic in topics
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m mmc_chassis.retired_topics",
        description="Delete every record of retired topics (DeleteRecords).",
    )
    parser.add_argument("topics", nargs="+", help="the retired topics (without the prefix)")
    parser.add_argument("--dry-run", action="store_true", help="count the records; delete none")
    args = parser.parse_args(argv)
    deleted = asyncio.run(_empty(ServiceSettings(), args.topics, args.dry_run))
    key = "would_delete" if args.dry_run else "deleted"
    json.dump({key: deleted}, sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
