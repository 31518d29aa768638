"""Empty the old city topic, which carried people's contact details in clear.

Before contracts 2.0.0 the city events went to `mmc.cities.city.v1`, with the e-mails and phones
of mayors and city contacts. Version 2 (`mmc.cities.city.v2`) carries people by name and office
only; v1 is no longer written, but Kafka keeps what it was given. This operator command:

1. reads the v2 topic from offset 0 and notes each city it has events of;
2. republishes, for each city of the database that v2 has nothing of, its current state on v2:
   one `CityRegistered` at the city's current version, with the public profile (so a new
   subscriber reading v2 from 0 learns every city). Its event id derives from the city and its
   version: a second run finds it on v2 and publishes nothing;
3. deletes every record of the v1 topic (`mmc_chassis.retired_topics`: Kafka's DeleteRecords), so
   the log holds no contact details any more. Consumers of v1 then see an empty topic.

    python -m mmc_cities.migrate_v1              # with the service's settings (MMC_* variables)
    python -m mmc_cities.migrate_v1 --dry-run    # says what it would do; changes nothing

Run it once the subscribers read v2. It prints what it did as JSON.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import uuid
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from pymongo import AsyncMongoClient

from mmc_chassis.ids import derived_id
from mmc_chassis.retired_topics import delete_all_records, partitions_of
from mmc_cities.adapters.repository import CITIES
from mmc_cities.domain import City
from mmc_cities.settings import CitiesSettings
from mmc_contracts import EventContext, encode
from mmc_contracts.cities import CityRegistered
from mmc_contracts.topics import CITIES_CITY

CITIES_CITY_V1 = "mmc.cities.city.v1"
ACTOR = "mmc-cities-migrate-v1"


@dataclass
class Migrated:
    republished: list[str] = field(default_factory=list)
    """Cities republished on v2 (their ids)."""
    already_on_v2: int = 0
    v1_records_deleted: int = 0
    dry_run: bool = False


async def cities_on(bootstrap: str, topic: str) -> set[str]:
    """The ids (record keys) of the cities the topic holds events of, read from offset 0."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await consumer.start()
    try:
        partitions = await partitions_of(consumer, topic)
        if not partitions:
            return set()
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        ends = await consumer.end_offsets(partitions)
        found: set[str] = set()

        async def behind() -> bool:
            return any([await consumer.position(tp) < ends[tp] for tp in partitions])

        while await behind():
            batch = await consumer.getmany(timeout_ms=500)
            found.update(r.key.decode() for rs in batch.values() for r in rs if r.key)
        return found
    finally:
        await consumer.stop()


def snapshot(city: City) -> CityRegistered:
    """The city's current state as one v2 event, at its current version (public facts only)."""
    event_id = uuid.UUID(derived_id("v1-migration", f"{city.id}:{city.version}"))
    return CityRegistered.stamp(
        EventContext(actor=ACTOR, at=city.updated_at),
        aggregate_id=city.id,
        aggregate_version=city.version,
        event_id=event_id,
        profile=city.profile,
        partnership_status=city.partnership_status,
    )


async def migrate(settings: CitiesSettings, *, dry_run: bool = False) -> Migrated:
    bootstrap = settings.kafka_bootstrap_servers
    v2 = settings.topic_prefix + CITIES_CITY
    v1 = settings.topic_prefix + CITIES_CITY_V1
    result = Migrated(dry_run=dry_run)
    on_v2 = await cities_on(bootstrap, v2)
    client: AsyncMongoClient[dict[str, object]] = AsyncMongoClient(settings.mongodb_url)
    try:
        collection = client[settings.database_name][CITIES]
        cities = [City.from_document(document) async for document in collection.find({})]
    finally:
        await client.close()
    missing = sorted((c for c in cities if c.id not in on_v2), key=lambda c: c.id)
    result.already_on_v2 = len(cities) - len(missing)
    result.republished = [city.id for city in missing]
    if dry_run:
        return result
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", enable_idempotence=True)
    await producer.start()
    try:
        for city in missing:
            record = encode(snapshot(city))
            await producer.send_and_wait(
                v2, record.value, key=record.key, headers=list(record.headers)
            )
    finally:
        await producer.stop()
    # Only once every city is on v2 does v1 go.
    result.v1_records_deleted = await delete_all_records(bootstrap, v1)
    return result


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m mmc_cities.migrate_v1",
        description="Republish on v2 the cities v2 lacks, then delete every record of v1.",
    )
    parser.add_argument("--dry-run", action="store_true", help="say what it would do; do nothing")
    args = parser.parse_args(argv)
    result = asyncio.run(migrate(CitiesSettings(), dry_run=args.dry_run))
    json.dump(asdict(result), sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
