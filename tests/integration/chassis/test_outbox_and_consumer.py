"""The chassis' guarantees against the real broker and database."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from aiokafka import AIOKafkaProducer

from mmc_chassis.settings import ServiceSettings
from mmc_contracts import encode
from mmc_contracts.topics import CITIES_CITY, dead_letter_topic
from tests.conftest import NewTopicFactory
from tests.integration.chassis.probe import Probe, registered, updated
from tests.kafka_reading import read_count
from tests.waiting import eventually

pytestmark = pytest.mark.integration


async def test_saved_events_are_published_with_cloudevents_headers_and_leave_the_outbox(
    probe_settings: ServiceSettings, kafka_bootstrap: str
) -> None:
    probe = Probe(probe_settings)
    city = uuid.uuid4().hex
    async with probe.running():
        await probe.save_new(registered(city))
        await probe.save_update(updated(city, 2, 5000))
        records = await read_count(kafka_bootstrap, probe_settings.topic_prefix + CITIES_CITY, 2)
        await eventually(lambda: _outbox_empty(probe, city), what="the relay to empty the outbox")
    headers = dict(records[0].headers)
    for name in ("ce_id", "ce_source", "ce_type", "ce_specversion", "ce_time", "ce_subject"):
        assert name in headers, name
    assert headers["content-type"] == b"application/json"
    assert headers["ce_subject"] == city.encode()
    assert headers["ce_type"] == b"org.mayorsmigrationcouncil.cities.CityRegistered.v2"
    assert [r.key for r in records] == [city.encode(), city.encode()]
    assert [dict(r.headers)["ce_type"].rsplit(b".", 2)[-2] for r in records] == [
        b"CityRegistered",
        b"CityProfileUpdated",
    ]


async def _outbox_empty(probe: Probe, city: str) -> bool:
    document = await probe.store.collection.find_one({"_id": city})
    return document is not None and not document["outbox"]


async def test_events_stored_before_a_crash_are_published_after_restart_and_applied_once(
    probe_settings: ServiceSettings,
) -> None:
    # The write happened, then the process died before its relay published anything.
    crashed = Probe(probe_settings)
    city = uuid.uuid4().hex
    await crashed.save_new(registered(city))
    await crashed.save_update(updated(city, 2, 7000))
    stored = await crashed.store.collection.find_one({"_id": city})
    assert stored is not None
    assert len(stored["outbox"]) == 2
    await crashed.runtime.mongo.close()

    restarted = Probe(probe_settings)
    async with restarted.running():
        await eventually(lambda: _effects_at_least(restarted, 2), what="both events' effects")
        await asyncio.sleep(1)  # a further sweep and commit cycle: still applied once
        assert await restarted.effects.count_documents({}) == 2
        projected = await restarted.projection.find_one({"_id": city})
    assert projected == {"_id": city, "version": 2, "population": 7000}


async def _effects_at_least(probe: Probe, count: int) -> bool:
    return await probe.effects.count_documents({}) >= count


async def _projected(probe: Probe, city: str, version: int) -> bool:
    document = await probe.projection.find_one({"_id": city})
    return document is not None and document["version"] == version


async def test_replaying_the_topic_from_offset_zero_changes_no_projection(
    probe_settings: ServiceSettings,
) -> None:
    probe = Probe(probe_settings)
    cities = [uuid.uuid4().hex for _ in range(5)]
    async with probe.running():
        for city in cities:
            await probe.save_new(registered(city))
            await probe.save_update(updated(city, 2, 100))
            await probe.save_update(updated(city, 3, 300))
        await eventually(lambda: _effects_at_least(probe, 15), what="all 15 events' effects")
        before = [d async for d in probe.projection.find({}).sort("_id")]
        effects_before = await probe.effects.count_documents({})

    # A new consumer group starts at offset 0 and sees every event again.
    replay = Probe(probe_settings.model_copy(update={"service_name": "probe-replay"}))
    async with replay.running():
        await eventually(
            lambda: _attempts_at_least(replay, 15), what="the replay to read all 15 events"
        )
        after = [d async for d in replay.projection.find({}).sort("_id")]
        effects_after = await replay.effects.count_documents({})
    assert after == before
    assert effects_after == effects_before == 15


async def _attempts_at_least(probe: Probe, count: int) -> bool:
    return probe.attempts >= count


async def test_a_malformed_message_goes_to_the_dead_letter_topic_and_the_partition_moves_on(
    probe_settings: ServiceSettings, kafka_bootstrap: str, new_topic: NewTopicFactory
) -> None:
    topic = probe_settings.topic_prefix + CITIES_CITY
    await new_topic(name=topic, partitions=1)
    probe = Probe(probe_settings)
    good = uuid.uuid4().hex
    producer = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap, acks="all")
    await producer.start()
    try:
        await producer.send_and_wait(
            topic, b"{not json", key=b"junk", headers=[("ce_type", b"whatever")]
        )
        record = encode(registered(good))
        await producer.send_and_wait(
            topic, record.value, key=record.key, headers=list(record.headers)
        )
    finally:
        await producer.stop()

    async with probe.running():
        await eventually(lambda: _projected(probe, good, 1), what="the good message's effect")
    letters = await read_count(kafka_bootstrap, dead_letter_topic(topic), 1)
    headers = {k: v.decode() for k, v in letters[0].headers}
    assert letters[0].value == b"{not json"
    assert headers["dlq_original_topic"] == topic
    assert headers["dlq_original_partition"] == "0"
    assert headers["dlq_original_offset"] == "0"
    assert headers["dlq_error_type"] == "MalformedEvent"
    assert "ce_id" in headers["dlq_error"]
    assert probe.runtime.consumer.dead_lettered == 1


async def test_a_handler_that_keeps_failing_is_retried_then_dead_lettered(
    probe_settings: ServiceSettings, kafka_bootstrap: str
) -> None:
    poison, fine = uuid.uuid4().hex, uuid.uuid4().hex
    probe = Probe(probe_settings, failing={poison})
    async with probe.running():
        await probe.save_new(registered(poison))
        await probe.save_new(registered(fine))
        await eventually(lambda: _projected(probe, fine, 1), what="the next message's effect")
        poisoned = await probe.projection.find_one({"_id": poison})
    letters = await read_count(
        kafka_bootstrap, dead_letter_topic(probe_settings.topic_prefix + CITIES_CITY), 1
    )
    headers = {k: v.decode() for k, v in letters[0].headers}
    assert headers["dlq_attempts"] == "3"
    assert headers["dlq_error"] == f"cannot project {poison}"
    assert headers["ce_subject"] == poison
    assert poisoned is None
