"""(a) Commands per second through the cities write path, next to a raw write-and-send.

Platform: the cities command handlers (`register_city`, `update_profile`) on a `ServiceRuntime`
without HTTP: load, domain, one MongoDB write of state and outbox, then the relay publishes
(acks=all, idempotent); published entries leave the documents with the aggregate's next write
or the relay's trim a second later. The clock runs from the first command to the moment the
relay has published every event of the run (the trims of the run's earlier commands fall in
it; the check after the clock waits for the last ones).

Raw: per command one PyMongo `update_one` (upsert of a document of the same shape and size, into
a collection with the same indexes) and one aiokafka `send` whose acknowledgement is awaited,
with the chassis' producer settings.

Both: `concurrency` commands in flight; half the commands register a city, the other half update
the profile of a city registered just before (one event each). A command that fails is counted
and left out of the rate (it publishes nothing).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from uuid import uuid4

from pymongo import monitoring

from bench.common import (
    Params,
    create_topics,
    mongo_client,
    platform_logging,
    profile_input,
    raw_city_document,
    raw_headers,
    raw_producer,
)
from bench.memory import Measured, side_main
from mmc_chassis.outbox import PENDING_OUTBOX

if TYPE_CHECKING:
    from pymongo.asynchronous.collection import AsyncCollection

    from mmc_chassis.mongo import Document
    from mmc_chassis.relay import OutboxRelay
    from mmc_chassis.runtime import ServiceRuntime

Step = Callable[[int], Awaitable[None]]
RAW_TOPIC = "raw.city.v1"
CITIES = "cities"  # the cities service's collection (mmc_cities.adapters.repository.CITIES)


class RoundTrips(monitoring.CommandListener):
    """Database commands by name while `counting` (the platform's, from PyMongo's monitoring):
    how many round trips a command costs, relay and trims included."""

    def __init__(self) -> None:
        self.counting = False
        self.counts: Counter[str] = Counter()

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        if self.counting:
            self.counts[event.command_name] += 1

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        pass

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        pass


class Tally:
    """Commands issued and failed (a failed one publishes nothing), the first failure kept."""

    def __init__(self) -> None:
        self.issued = 0
        self.failed = 0
        self.first_failure: str | None = None

    def fail(self, error: Exception, count: int = 1) -> None:
        self.failed += count
        self.first_failure = self.first_failure or f"{type(error).__name__}: {error}"[:300]

    @property
    def succeeded(self) -> int:
        return self.issued - self.failed


async def closed_loop(
    commands: int,
    concurrency: int,
    register: Step,
    update: Step,
    tally: Tally,
    max_seconds: float | None = None,
) -> None:
    """Up to `commands` commands with `concurrency` in flight: city k is registered, then
    updated. After `max_seconds` no new city is started (the ones started finish)."""
    cities = itertools.count()
    deadline = time.perf_counter() + max_seconds if max_seconds else None

    async def worker() -> None:
        while (k := next(cities)) * 2 < commands:
            if deadline is not None and time.perf_counter() > deadline:
                return
            updates = 1 if 2 * k + 1 < commands else 0
            tally.issued += 1 + updates
            try:
                await register(k)
            except Exception as error:
                tally.fail(error, 1 + updates)  # its update cannot run either
                continue
            if updates:
                try:
                    await update(k)
                except Exception as error:
                    tally.fail(error)

    await asyncio.gather(*(worker() for _ in range(concurrency)))


async def wait_published(
    relay: OutboxRelay,
    target: int,
    quiet: float = 3.0,
    timeout: float = 120.0,
) -> float:
    """When the relay had published everything: at least `target` events (duplicates count, so
    that alone is not enough) and nothing it knows of pending. If `target` is never reached (a
    lost write; the check after the run counts those), the time of its last publication once
    `quiet` seconds passed without any."""
    started = last_at = time.perf_counter()
    last = relay.published
    while time.perf_counter() - started < timeout:
        await asyncio.sleep(0.002)
        now = time.perf_counter()
        if relay.published != last:
            last, last_at = relay.published, now
        if (relay.published >= target or now - last_at > quiet) and not relay.status().backlog:
            return now if relay.published >= target else last_at
    return time.perf_counter()


async def wait_trimmed(outboxes: AsyncCollection[Document], timeout: float = 30.0) -> None:
    """Until no document holds an outbox entry (the relay trims published ones in the
    background), or `timeout` seconds."""
    for _ in range(int(timeout / 0.2)):
        if not await outboxes.find_one(PENDING_OUTBOX, {"_id": 1}):
            return
        await asyncio.sleep(0.2)


def result(
    side: str, params: Params, tally: Tally, seconds: float, measured: Measured
) -> dict[str, Any]:
    return {
        "side": side,
        "commands": tally.issued,
        "failed": tally.failed,
        "first_failure": tally.first_failure,
        "seconds": seconds,
        "per_second": tally.succeeded / seconds,
        "concurrency": params.option("concurrency"),
        "rss_start_mb": round(measured.rss_start_mb, 1),
        "cpu_ms_per_command": round(1000 * measured.cpu_seconds / max(1, tally.succeeded), 3),
    }


async def platform(params: Params) -> dict[str, Any]:
    from mmc_chassis.repository import ensure_indexes
    from mmc_chassis.runtime import ServiceRuntime  # the platform sides only
    from mmc_cities.adapters.repository import INDEXES, CityRepository
    from mmc_cities.commands import RegisterCity, UpdateProfile, register_city, update_profile
    from mmc_contracts import EventContext
    from mmc_contracts.topics import CITIES_CITY

    platform_logging()
    round_trips = RoundTrips()
    monitoring.register(round_trips)  # before the runtime's client exists
    runtime = ServiceRuntime(
        params.settings(f"bench-writes-{params.tag}"), title="bench", description="write path"
    )
    cities = CityRepository(runtime.store(CITIES, "city"))
    runtime.declare_topics(CITIES_CITY)
    runtime.on_startup(lambda: ensure_indexes(runtime.database, INDEXES, runtime.traits))
    concurrency: int = params.option("concurrency")

    def steps(phase: str) -> tuple[Step, Step]:
        def ids(k: int) -> tuple[str, str]:
            return f"{params.tag}-{phase}-{k}", f"Bench {params.tag} {phase} {k}"

        async def register(k: int) -> None:
            city_id, name = ids(k)
            command = RegisterCity(
                profile=profile_input(name, k),
                context=EventContext(actor="bench"),
                city_id=city_id,
            )
            await register_city(command, cities=cities)

        async def update(k: int) -> None:
            city_id, _ = ids(k)
            command = UpdateProfile(
                city_id=city_id,
                expected_version=1,
                changes={"population": 300_000 + k},
                context=EventContext(actor="bench"),
            )
            await update_profile(command, cities=cities)

        return register, update

    async with runtime.http.router.lifespan_context(runtime.http):
        relay, outboxes = runtime.relay, runtime.database[CITIES]
        warmup: int = params.option("warmup")
        warming, tally = Tally(), Tally()
        await closed_loop(warmup, concurrency, *steps("warm"), warming)
        await wait_published(relay, warming.succeeded)
        await wait_trimmed(outboxes)
        with Measured(params) as measured:
            round_trips.counting = True
            started = time.perf_counter()
            await closed_loop(
                params.option("commands"),
                concurrency,
                *steps("run"),
                tally,
                params.option("max_seconds"),
            )
            finished = await wait_published(relay, warming.succeeded + tally.succeeded)
            during = dict(round_trips.counts)
        await wait_trimmed(outboxes)
        round_trips.counting = False
        after = {name: n - during.get(name, 0) for name, n in round_trips.counts.items()}
        check = await consistency(runtime, warming.issued // 2 + tally.issued // 2)
        check["published_minus_succeeded"] = relay.published - warming.succeeded - tally.succeeded
        check["round_trips"] = {"during": during, "trims_after": after}
    return result("platform", params, tally, finished - started, measured) | check


async def consistency(runtime: ServiceRuntime, updates: int) -> dict[str, Any]:
    """What the run left: every update stored, every event published (once)?"""
    cities = runtime.database[CITIES]
    return {
        "updates_not_stored": updates - await cities.count_documents({"version": 2}),
        "documents_with_unpublished_events": await cities.count_documents(PENDING_OUTBOX),
    }


async def raw_outbox(params: Params) -> dict[str, Any]:
    """The outbox's floor on this database: the raw side with the event stored beside the state
    in the same update (as the platform's outbox entry, a map entry), the send as before."""
    return await raw(params, outbox=True) | {"side": "raw_outbox"}


async def raw(params: Params, outbox: bool = False) -> dict[str, Any]:
    client = mongo_client(params.mongodb_url)
    collection = client[params.database][CITIES]  # indexed like the platform's by the caller
    topic = params.topic_prefix + RAW_TOPIC
    await create_topics(params.kafka, topic)
    producer = raw_producer(params.kafka)
    await producer.start()
    concurrency: int = params.option("concurrency")
    event_template: dict[str, Any] = params.option("templates")["event"]
    document_template: dict[str, Any] = params.option("templates")["document"]

    def steps(phase: str) -> tuple[Step, Step]:
        async def write(k: int, version: int, population: int, event_type: str) -> None:
            city_id, name = f"{params.tag}-{phase}-{k}", f"Bench {params.tag} {phase} {k}"
            document = raw_city_document(document_template, city_id, name, population)
            document["version"] = version
            del document["_id"]
            event = event_template | {
                "event_id": str(uuid4()),
                "aggregate_id": city_id,
                "aggregate_version": version,
                "profile": document["profile"],
            }
            if outbox:  # one entry left, as after the platform's write (it trims the last)
                document["outbox"] = {}
                document["outbox"][event["event_id"]] = {
                    "event_id": event["event_id"],
                    "version": version,
                    "at": datetime.now(UTC),
                    "topic": topic,
                    "key": city_id,
                    "value": json.dumps(event),
                    "headers": {h: v.decode() for h, v in raw_headers(event_type, city_id)},
                }
            await collection.update_one({"_id": city_id}, {"$set": document}, upsert=True)
            acknowledged = await producer.send(
                topic,
                json.dumps(event).encode(),
                key=city_id.encode(),
                headers=raw_headers(event_type, city_id),
            )
            await acknowledged

        async def register(k: int) -> None:
            await write(k, 1, 250_000 + k, "CityRegistered")

        async def update(k: int) -> None:
            await write(k, 2, 300_000 + k, "CityProfileUpdated")

        return register, update

    try:
        await closed_loop(params.option("warmup"), concurrency, *steps("warm"), Tally())
        tally = Tally()
        with Measured(params) as measured:
            started = time.perf_counter()
            await closed_loop(
                params.option("commands"),
                concurrency,
                *steps("run"),
                tally,
                params.option("max_seconds"),
            )
            seconds = time.perf_counter() - started
    finally:
        await producer.stop()
        await client.close()
    return result("raw", params, tally, seconds, measured)


if __name__ == "__main__":
    side_main({"platform": platform, "raw": raw, "raw_outbox": raw_outbox})
