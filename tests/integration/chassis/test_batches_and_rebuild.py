"""Batch subscriptions and the rebuild command, against the real broker and database."""

from __future__ import annotations

import uuid

import pytest
from aiokafka import AIOKafkaProducer
from pymongo.asynchronous.database import AsyncDatabase

from mmc_chassis.mongo import Document
from mmc_chassis.projection import ProjectionBatch
from mmc_chassis.rebuild import rebuild
from mmc_chassis.rebuild_groups import kafka_groups
from mmc_chassis.replay_memory import MemoryReplay, replaying
from mmc_chassis.settings import ServiceSettings
from mmc_contracts import Event, encode
from mmc_contracts.cities import CityProfileUpdated, CityRegistered
from mmc_contracts.topics import CITIES_CITY, dead_letter_topic
from tests.conftest import NewTopicFactory
from tests.integration.chassis.probe import Probe, registered, updated
from tests.kafka_reading import read_count
from tests.waiting import eventually

pytestmark = pytest.mark.integration


class BatchProbe(Probe):
    """The probe's projection, applied a batch at a time with `ProjectionBatch`."""

    def __init__(self, settings: ServiceSettings, failing: set[str] | None = None) -> None:
        super().__init__(settings, failing)
        self.batches: list[int] = []
        consumer = self.runtime.consumer
        consumer.subscriptions.clear()
        consumer.subscribe(
            CITIES_CITY, group="projection", handler=self.project, batch=self.project_batch
        )

    async def project_batch(self, events: list[Event]) -> None:
        self.batches.append(len(events))
        batch = ProjectionBatch()
        for event in events:
            if event.aggregate_id in self.failing:
                raise RuntimeError(f"cannot project {event.aggregate_id}")
            assert isinstance(event, CityRegistered | CityProfileUpdated)
            batch.apply_if_newer(
                self.projection,
                event.aggregate_id,
                event.aggregate_version,
                {"population": event.profile.population},
            )
            batch.insert_once(self.effects, {"_id": str(event.event_id)})
        self.attempts += len(events)
        await batch.write()


async def _produce(bootstrap: str, topic: str, *values: Event | bytes) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    await producer.start()
    try:
        for value in values:
            if isinstance(value, bytes):
                await producer.send(topic, value, key=b"junk", headers=[("ce_type", b"x")])
                continue
            record = encode(value)
            await producer.send(topic, record.value, key=record.key, headers=list(record.headers))
        await producer.flush()
    finally:
        await producer.stop()


async def test_a_batch_applies_in_order_and_sets_aside_only_what_is_faulty(
    probe_settings: ServiceSettings, kafka_bootstrap: str, new_topic: NewTopicFactory
) -> None:
    topic = probe_settings.topic_prefix + CITIES_CITY
    await new_topic(name=topic, partitions=1)
    good, bad = uuid.uuid4().hex, uuid.uuid4().hex
    await _produce(
        kafka_bootstrap,
        topic,
        registered(good),
        b"{not json",
        registered(bad),
        updated(good, 2, 200),
        updated(good, 3, 300),
        updated(good, 2, 999),  # a late duplicate of version 2: changes nothing
    )
    probe = BatchProbe(probe_settings, failing={bad})
    async with probe.running():
        await eventually(
            lambda: _dead_lettered(probe, 2), what="the malformed and the failing event set aside"
        )
        await eventually(lambda: _population(probe, good, 300), what="version 3 applied")
        document = await probe.projection.find_one({"_id": good})
        assert document is not None
        assert document["version"] == 3
        assert await probe.projection.find_one({"_id": bad}) is None
    letters = await read_count(kafka_bootstrap, dead_letter_topic(topic), 2)
    reasons = sorted(dict(r.headers)["dlq_error_type"].decode() for r in letters)
    assert reasons == ["MalformedEvent", "RuntimeError"]
    assert max(probe.batches) > 1, probe.batches  # it did take batches
    assert probe.runtime.consumer.handled == 4  # good's four events, the bad one set aside
    print(f"batches {probe.batches}, {probe.runtime.consumer.dead_lettered} dead letters")


async def test_a_rebuild_replays_from_zero_under_a_new_group_and_the_service_reads_on(
    probe_settings: ServiceSettings, kafka_bootstrap: str
) -> None:
    cities = [uuid.uuid4().hex for _ in range(4)]
    probe = BatchProbe(probe_settings)
    async with probe.running():
        for city in cities:
            await probe.save_new(registered(city))
            await probe.save_update(updated(city, 2, 200))
            await probe.save_update(updated(city, 3, 300))
        await eventually(lambda: _population_all(probe, cities, 300), what="all 12 applied")
    lines: list[str] = []
    rebuilder = BatchProbe(probe_settings)
    try:
        # The read model is lost or wrong: a rebuild resets it and replays the topic.
        await rebuilder.projection.update_many({}, {"$set": {"population": -1}})
        rebuilt = await rebuild(
            rebuilder.runtime,
            "projection",
            ["projection", "effects"],
            batch_size=5,
            progress=lines.append,
            progress_seconds=0.0,
        )
    finally:
        await rebuilder.runtime.mongo.close()
    print("\n".join(lines))
    assert (rebuilt.events, rebuilt.failed, rebuilt.skipped) == (12, 0, 0)
    assert rebuilt.kafka_group.startswith("probe.projection.rebuild-")
    assert lines[0].startswith("rebuild probe.projection: 12 records")
    assert lines[-1].startswith("rebuilt probe.projection: 12 events")
    assert "  16 documents written" in lines  # 4 in the projection, 12 effects: held, then inserted
    restarted = BatchProbe(probe_settings)
    assert await kafka_groups(restarted.runtime.database) == {
        "probe.projection": rebuilt.kafka_group
    }
    assert await _population_all(restarted, cities, 300)
    assert await restarted.effects.count_documents({}) == 12

    # Restarted, the service reads on with the rebuild's group: only the new event comes.
    async with restarted.running():
        assert restarted.runtime.consumer.subscriptions[0].kafka_group == rebuilt.kafka_group
        await restarted.save_update(updated(cities[0], 4, 400))
        await eventually(lambda: _population(restarted, cities[0], 400), what="the new event")
    assert restarted.attempts == 1


async def _dead_lettered(probe: Probe, count: int) -> bool:
    return probe.runtime.consumer.dead_lettered >= count


async def _population(probe: Probe, city: str, population: int) -> bool:
    document = await probe.projection.find_one({"_id": city})
    return document is not None and document["population"] == population


async def _population_all(probe: Probe, cities: list[str], population: int) -> bool:
    found = await probe.projection.count_documents(
        {"_id": {"$in": cities}, "population": population}
    )
    return found == len(cities)


@pytest.mark.parametrize("held", [False, True], ids=["database", "rebuild-in-memory"])
async def test_a_projection_batch_ends_as_one_by_one_would(
    mongo_db: AsyncDatabase[Document], held: bool
) -> None:
    views = mongo_db["views"]
    replay = MemoryReplay({views.full_name} if held else set())
    with replaying(replay):
        first = ProjectionBatch()
        first.apply_if_newer(views, "seen", 2, {"name": "two", "stays": True})
        await first.write()
        batch = ProjectionBatch()
        # A fresh document: three rising versions go as one update, merged in order.
        steps: list[tuple[int, Document]] = [(1, {"name": "one", "a": 1}), (2, {"name": "two"})]
        for version, changes in [*steps, (3, {"b": 3})]:
            batch.apply_if_newer(views, "fresh", version, changes)
        # Redelivered up to version 2: version 1 and 2 change nothing, version 3 applies.
        for version in (1, 2, 3):
            batch.apply_if_newer(views, "seen", version, {"name": f"v{version}"})
        # Facets keep their own versions; a late duplicate of an older one changes nothing.
        batch.apply_if_newer(views, "faceted", 5, {"mayor": "A"}, facet="mayor")
        batch.apply_if_newer(views, "faceted", 2, {"status": "active"}, facet="status")
        batch.apply_if_newer(views, "faceted", 4, {"mayor": "old"}, facet="mayor")
        # Paths that would conflict in one `$set` go one by one.
        batch.apply_if_newer(views, "nested", 1, {"profile": {"name": "x", "size": 1}})
        batch.apply_if_newer(views, "nested", 2, {"profile.name": "y"})
        batch.insert_once(views, {"_id": "effect-1"})
        batch.insert_once(views, {"_id": "effect-1"})  # once only
        batch.apply_if_newer(views, "absent", 1, {"x": 1}, create=False)
        assert len(batch) == 14
        await batch.write()
    assert replay.documents == (5 if held else 0)  # held in memory until the flush
    assert await replay.flush() == replay.documents

    documents = {d["_id"]: d async for d in views.find({})}
    assert documents["fresh"] == {"_id": "fresh", "name": "two", "a": 1, "b": 3, "version": 3}
    assert documents["seen"] == {"_id": "seen", "version": 3, "name": "v3", "stays": True}
    assert documents["faceted"] == {
        "_id": "faceted",
        "mayor": "A",
        "status": "active",
        "versions": {"mayor": 5, "status": 2},
    }
    nested = {"_id": "nested", "profile": {"name": "y", "size": 1}, "version": 2}
    assert documents["nested"] == nested
    assert "effect-1" in documents
    assert "absent" not in documents
