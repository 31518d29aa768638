"""The operator command that empties the old city topic, on the real broker and database.

A city registered through the API is on v2 already; another is in the database only (registered
before contracts 2.0.0, its events on v1 alone); v1 holds a record with a mayor's e-mail. The
command republishes the second city's current state on v2 (public facts only), leaves the first
alone, and deletes every v1 record: read from offset 0, v1 holds nothing. A second run changes
nothing.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic

from mmc_cities.adapters.repository import CITIES
from mmc_cities.domain import City
from mmc_cities.migrate_v1 import CITIES_CITY_V1, migrate
from mmc_cities.settings import CitiesSettings
from mmc_contracts import EventContext, decode, encode
from mmc_contracts.cities import CityRegistered
from mmc_contracts.topics import CITIES_CITY
from tests.conftest import unique
from tests.integration.cities.conftest import CitiesService

pytestmark = pytest.mark.integration

MAYOR_EMAIL = "mayor.v1-era@tapachula.example.org"


async def values_from_zero(bootstrap: str, topic: str) -> list[bytes]:
    """Every record value the topic still holds, read from offset 0."""
    return [record.value or b"" for record in await records_from_zero(bootstrap, topic)]


async def records_from_zero(bootstrap: str, topic: str) -> list[ConsumerRecord[bytes, bytes]]:
    """Every record the topic still holds, read from offset 0."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await consumer.start()
    try:
        await consumer._client.force_metadata_update()
        partitions = [TopicPartition(topic, n) for n in consumer.partitions_for_topic(topic) or ()]
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        ends = await consumer.end_offsets(partitions)
        records: list[ConsumerRecord[bytes, bytes]] = []
        while any([await consumer.position(tp) < ends[tp] for tp in partitions]):
            batch = await consumer.getmany(timeout_ms=500)
            records.extend(r for rs in batch.values() for r in rs)
        return records
    finally:
        await consumer.stop()


async def test_v1_is_emptied_after_every_city_is_on_v2(
    cities: CitiesService,
    cities_settings: CitiesSettings,
    kafka_admin: AIOKafkaAdminClient,
) -> None:
    # The fixture's service publishes on the shared topics; the command runs on a prefix of its
    # own (same database), so deleting v1 touches no other test's topic.
    prefix = unique("mig").replace("-", "") + "."
    settings = cities_settings.model_copy(update={"topic_prefix": prefix})
    bootstrap = settings.kafka_bootstrap_servers
    v1, v2 = prefix + CITIES_CITY_V1, prefix + CITIES_CITY
    await kafka_admin.create_topics(
        [NewTopic(topic, num_partitions=2, replication_factor=1) for topic in (v1, v2)]
    )

    # On v2: a city registered today (as its relay would have published it).
    on_v2 = await cities.register(name=unique("Gulu"), country_code="UG", size_class="secondary")
    stored = await cities.database[CITIES].find_one({"_id": on_v2["id"]})
    assert stored is not None
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", enable_idempotence=True)
    await producer.start()
    try:
        registered = City.from_document(stored)
        event = CityRegistered.stamp(
            EventContext(actor="cities"),
            aggregate_id=registered.id,
            aggregate_version=1,
            profile=registered.profile,
            partnership_status=registered.partnership_status,
        )
        record = encode(event)
        await producer.send_and_wait(v2, record.value, key=record.key, headers=list(record.headers))
        # On v1 only: a city registered before contracts 2.0.0, its mayor's e-mail in clear.
        context = EventContext(actor="staff-1", at=datetime(2025, 3, 1, tzinfo=UTC))
        old = City.register(
            unique("city"),
            {
                "name": unique("Tapachula"),
                "country_code": "MX",
                "size_class": "secondary",
                "mayor": {"name": "Eduardo Zamora", "title": "Mayor", "email": MAYOR_EMAIL},
            },
            context,
        )
        await cities.database[CITIES].insert_one(old.to_document())
        v1_value = json.dumps(
            {"aggregate_id": old.id, "profile": {"mayor": {"email": MAYOR_EMAIL}}}
        ).encode()
        await producer.send_and_wait(v1, v1_value, key=old.id.encode())
    finally:
        await producer.stop()
    assert any(MAYOR_EMAIL.encode() in value for value in await values_from_zero(bootstrap, v1))

    dry = await migrate(settings, dry_run=True)
    assert old.id in dry.republished
    assert on_v2["id"] not in dry.republished
    assert dry.v1_records_deleted == 0

    done = await migrate(settings)
    assert done.republished == dry.republished
    assert done.v1_records_deleted == 1

    assert await values_from_zero(bootstrap, v1) == []
    events = [decode(r.value, r.headers) for r in await records_from_zero(bootstrap, v2)]
    snapshots = [e for e in events if e.aggregate_id == old.id]
    assert len(snapshots) == 1
    (snapshot,) = snapshots
    assert isinstance(snapshot, CityRegistered)
    assert snapshot.aggregate_version == old.version
    assert snapshot.profile.mayor is not None
    assert snapshot.profile.mayor.name == "Eduardo Zamora"  # public: the office holder
    assert [e.aggregate_id for e in events].count(on_v2["id"]) == 1  # not republished
    for value in await values_from_zero(bootstrap, v2):
        assert MAYOR_EMAIL.encode() not in value

    again = await migrate(settings)
    assert again.republished == []
    assert again.v1_records_deleted == 0
    assert len(await values_from_zero(bootstrap, v2)) == len(events)
