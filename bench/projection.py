"""(b) Events per second through a projection, next to a raw consume-and-write loop.

`prepare` produces `warmup + events` city events (real `encode`d CloudEvents records: each city
registered, then its profile updated a few times) to one topic. Each side then reads all of them
with its own consumer group, and the clock runs from the start of the handling that holds the
last warm-up event (the platform's batch, the raw side's one event) to the last event, counting
every event handled since: group joins and first connections stay out of it, and a batch that
straddles the warm-up's end is measured whole (before, its measured events were handled before
the clock started, which flattered the platform).

Platform: the chassis `EventConsumer` (FastStream, manual acknowledgement, offsets committed in
the background) with a batch subscription: each batch of records is applied with
`projection.ProjectionBatch` (its documents' `apply_if_newer` a few at a time, in event order per
document), the single-event handler (`apply_if_newer`) taking over only for a failing batch.

Raw: an `AIOKafkaConsumer` with the same group settings reading one record at a time (as
FastStream does), `json.loads` of the value and one PyMongo `update_one` with the same filter and
upsert as `apply_if_newer`, committing every `commit_every` records and at the end.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from aiokafka import AIOKafkaConsumer
from pymongo.errors import DuplicateKeyError

from bench.common import (
    CONSUMER_SETTINGS,
    Params,
    create_topics,
    mongo_client,
    platform_logging,
    profile_input,
    raw_producer,
)
from bench.memory import Measured, side_main

if TYPE_CHECKING:
    from pymongo.asynchronous.collection import AsyncCollection

    from mmc_chassis.mongo import Document
    from mmc_contracts import Event

VERSIONS_PER_CITY = 4
CITIES_CITY = "mmc.cities.city.v1"  # mmc_contracts.topics.CITIES_CITY


class Counter:
    """Marks the end of the warm-up and of the measured events.

    The clock starts when the handling of the events that include the last warm-up one begins
    (a batch of the platform, one event of the raw side), and counts every event handled from
    there: a batch that holds the warm-up's end and measured events is measured whole."""

    def __init__(self, warmup: int, events: int) -> None:
        self.count = 0
        self.warmup = warmup
        self.total = warmup + events
        self.started = 0.0
        self.started_at_count: int | None = None
        self.finished = 0.0
        self.done = asyncio.Event()

    def begin(self, events: int) -> None:
        """Handling of `events` more begins."""
        if self.started_at_count is None and self.count + events >= self.warmup:
            self.started, self.started_at_count = time.perf_counter(), self.count

    @property
    def measured(self) -> int:
        """Events handled since the clock started."""
        return self.total - (self.started_at_count or 0)

    def tick(self) -> None:
        self.count += 1
        if self.count == self.total:
            self.finished = time.perf_counter()
            self.done.set()

    async def wait(self, timeout: float) -> float:
        await asyncio.wait_for(self.done.wait(), timeout)
        return self.finished - self.started


def changes_of(profile: dict[str, Any]) -> dict[str, Any]:
    """What both projections store of a city event (the raw side's; the platform's is alike)."""
    return {
        "name": profile["name"],
        "country_code": profile["country_code"],
        "population": profile["population"],
        "size_class": profile["size_class"],
    }


async def prepare(params: Params) -> dict[str, Any]:
    from mmc_cities.domain.city import validate_profile  # not measured
    from mmc_contracts import EventContext, encode
    from mmc_contracts.cities import CityProfileUpdated, CityRegistered, PartnershipStatus

    topic = params.topic_prefix + CITIES_CITY
    await create_topics(params.kafka, topic)
    total: int = params.option("warmup") + params.option("events")
    context = EventContext(actor="bench")
    producer = raw_producer(params.kafka)
    await producer.start()
    try:
        acknowledgements = []
        cities = (total + VERSIONS_PER_CITY - 1) // VERSIONS_PER_CITY
        profiles = [validate_profile(profile_input(f"Bench {k}", k)) for k in range(cities)]
        produced = 0
        for version in range(1, VERSIONS_PER_CITY + 1):
            for k, profile in enumerate(profiles):
                if produced == total:
                    break
                event: Event
                if version == 1:
                    event = CityRegistered.stamp(
                        context,
                        aggregate_id=f"city-{k}",
                        aggregate_version=1,
                        profile=profile,
                        partnership_status=PartnershipStatus.PROSPECT,
                    )
                else:
                    profile = profile.model_copy(update={"population": 1000 * version + k})
                    event = CityProfileUpdated.stamp(
                        context,
                        aggregate_id=f"city-{k}",
                        aggregate_version=version,
                        profile=profile,
                        changed_fields=["population"],
                    )
                record = encode(event)
                acknowledgements.append(
                    await producer.send(
                        topic, record.value, key=record.key, headers=list(record.headers)
                    )
                )
                produced += 1
        await asyncio.gather(*acknowledgements)
    finally:
        await producer.stop()
    return {"side": "prepare", "topic": topic, "produced": produced}


async def platform(params: Params) -> dict[str, Any]:
    from mmc_chassis.runtime import ServiceRuntime  # the platform sides only

    platform_logging()
    runtime = ServiceRuntime(
        params.settings(f"bench-projection-{params.tag}"), title="bench", description="projection"
    )
    collection = runtime.database[f"projection_platform_{params.tag}"]
    counter = Counter(params.option("warmup"), params.option("events"))
    project, project_batch = city_projection(collection, counter)
    runtime.consumer.subscribe(
        CITIES_CITY, group="projection", handler=project, batch=project_batch
    )
    async with runtime.http.router.lifespan_context(runtime.http):
        await asyncio.wait_for(_reached(counter, counter.warmup), 120)
        with Measured(params) as measured:
            seconds = await counter.wait(300)
    return {
        "side": "platform",
        "events": counter.measured,
        "seconds": seconds,
        "per_second": counter.measured / seconds,
        "rss_start_mb": round(measured.rss_start_mb, 1),
    }


def city_projection(
    collection: AsyncCollection[Document], counter: Counter | None = None
) -> tuple[Callable[[Event], Awaitable[None]], Callable[[list[Event]], Awaitable[None]]]:
    """The platform's handlers: one event (`apply_if_newer`), and a batch (`ProjectionBatch`),
    each reporting to `counter` (without one, to a counter nobody reads)."""
    counter = counter or Counter(warmup=0, events=0)
    from mmc_chassis.projection import ProjectionBatch, apply_if_newer  # the platform sides only
    from mmc_contracts.cities import CityProfileUpdated, CityRegistered

    def changes(event: Event) -> dict[str, Any]:
        assert isinstance(event, CityRegistered | CityProfileUpdated)
        return {
            "name": event.profile.name,
            "country_code": event.profile.country_code,
            "population": event.profile.population,
            "size_class": event.profile.size_class.value,
        }

    async def project(event: Event) -> None:
        counter.begin(1)
        await apply_if_newer(
            collection, event.aggregate_id, event.aggregate_version, changes(event)
        )
        counter.tick()

    async def project_batch(events: list[Event]) -> None:
        counter.begin(len(events))
        batch = ProjectionBatch()
        for event in events:
            key, version = event.aggregate_id, event.aggregate_version
            batch.apply_if_newer(collection, key, version, changes(event))
        await batch.write()
        for _ in events:
            counter.tick()

    return project, project_batch


async def raw(params: Params) -> dict[str, Any]:
    client = mongo_client(params.mongodb_url)
    collection = client[params.database][f"projection_raw_{params.tag}"]
    counter = Counter(params.option("warmup"), params.option("events"))
    commit_every: int = params.option("commit_every")
    consumer = AIOKafkaConsumer(
        params.topic_prefix + CITIES_CITY,
        bootstrap_servers=params.kafka,
        group_id=f"bench-raw-projection-{params.tag}",
        client_id="bench-raw",
        **CONSUMER_SETTINGS,
    )
    await consumer.start()

    async def consume() -> None:
        uncommitted = 0
        while counter.count < counter.total:
            record = await consumer.getone()
            counter.begin(1)
            body = json.loads(record.value)
            with contextlib.suppress(DuplicateKeyError):  # already applied
                await collection.update_one(
                    {"_id": body["aggregate_id"], "version": {"$lt": body["aggregate_version"]}},
                    {"$set": changes_of(body["profile"]) | {"version": body["aggregate_version"]}},
                    upsert=True,
                )
            counter.tick()
            uncommitted += 1
            if uncommitted >= commit_every:
                await consumer.commit()
                uncommitted = 0
        await consumer.commit()

    try:
        consuming = asyncio.create_task(consume())
        await asyncio.wait_for(_reached(counter, counter.warmup, consuming), 120)
        with Measured(params) as measured:
            seconds = await counter.wait(300)
        await consuming
    finally:
        await consumer.stop()
        await client.close()
    return {
        "side": "raw",
        "events": counter.measured,
        "seconds": seconds,
        "per_second": counter.measured / seconds,
        "rss_start_mb": round(measured.rss_start_mb, 1),
    }


async def _reached(counter: Counter, count: int, task: asyncio.Task[None] | None = None) -> None:
    while counter.count < count:
        if task is not None and task.done():
            task.result()  # raises what stopped it
            raise RuntimeError("the consumer stopped early")
        await asyncio.sleep(0.01)


if __name__ == "__main__":
    side_main({"prepare": prepare, "platform": platform, "raw": raw})
