"""(c) End-to-end latency at a fixed rate: command to projection applied, next to a raw Kafka trip.

Open loop: command i is due at `start + i / rate` and is started then whatever the earlier
commands are doing, and its latency is counted from that due time (a backlog shows as latency,
not as a slower rate). After a warm-up at the same rate, `seconds` of commands are measured;
what is still not through `drain` seconds after the last one is reported as missing.

Platform: one `ServiceRuntime` running the cities command handlers (half registrations, half
profile updates of idle registered cities) and a batch subscription to the city topic applying
each batch with `ProjectionBatch` (`apply_if_newer` per document); the latency of an event ends
when its batch's writes are acknowledged.

Raw: an aiokafka producer (the chassis' settings) sending records of the same size at the same
rate, and an `AIOKafkaConsumer` in the same process; the latency ends when a record is received.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import math
import time
from collections import defaultdict, deque
from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any

from aiokafka import AIOKafkaConsumer

from bench.common import (
    CONSUMER_SETTINGS,
    Params,
    create_topics,
    platform_logging,
    profile_input,
    raw_headers,
    raw_producer,
)
from bench.memory import Measured, side_main

if TYPE_CHECKING:
    from mmc_contracts import Event

RAW_TOPIC = "raw.latency.v1"

Due = tuple[float, str]  # when the command was due, and its phase
Command = Callable[[int, float, str], Coroutine[Any, Any, None]]


class Samples:
    """Commands on their way, by phase, and the latencies of those that arrived."""

    def __init__(self) -> None:
        self.pending: dict[Any, Due] = {}
        self.open: defaultdict[str, int] = defaultdict(int)
        self.started: defaultdict[str, int] = defaultdict(int)
        self.changed = asyncio.Event()
        self.latencies: defaultdict[str, list[float]] = defaultdict(list)
        self.answered: defaultdict[str, list[float]] = defaultdict(list)
        """By phase: from due time to the command's answer (the rest is delivery)."""
        self.errors: defaultdict[str, int] = defaultdict(int)
        self.first_error: str | None = None

    def expect(self, key: Any, due: float, phase: str) -> None:
        self.pending[key] = (due, phase)
        self.open[phase] += 1
        self.started[phase] += 1

    def answer(self, key: Any) -> None:
        """The command answered (its write is stored; the event may still be on its way)."""
        entry = self.pending.get(key)
        if entry is not None:
            self.answered[entry[1]].append(time.perf_counter() - entry[0])

    def arrived(self, key: Any) -> None:
        entry = self._close(key)
        if entry is not None:
            self.latencies[entry[1]].append(time.perf_counter() - entry[0])

    def failed(self, key: Any, error: Exception) -> None:
        """A command that failed: counted, and missing from the latencies."""
        entry = self._close(key)
        if entry is not None:
            self.errors[entry[1]] += 1
        self.first_error = self.first_error or f"{type(error).__name__}: {error}"[:300]

    def _close(self, key: Any) -> Due | None:
        entry = self.pending.pop(key, None)
        if entry is not None:
            self.open[entry[1]] -= 1
            self.changed.set()
        return entry

    async def drained(self, phase: str, count: int, timeout: float) -> None:
        """Until the `count` commands of `phase` have started and none is pending, or `timeout`
        seconds (a command task may not have run yet when its phase's loop ends)."""
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(timeout):
                while self.open[phase] or self.started[phase] < count:
                    self.changed.clear()
                    await self.changed.wait()

    def summary(self, phase: str, sent: int) -> dict[str, Any]:
        """Percentiles in ms; a command still missing counts as slower than any other."""
        ordered, answered = sorted(self.latencies[phase]), sorted(self.answered[phase])
        return _stats(ordered, answered, sent, self.errors[phase]) | {
            # Kept for pooling the rounds (`pooled`); dropped from the report.
            SAMPLES: [round(x, 5) for x in ordered],
            ANSWERED: [round(x, 5) for x in answered],
        }


SAMPLES, ANSWERED = "latencies_s", "answered_s"
PHASES = ("low", "main")  # a side's measured phases, each a summary in its result


def pooled(rounds: list[dict[str, Any]]) -> dict[str, Any]:
    """One phase's summaries of several rounds as one: percentiles over every round's samples
    together (a p99 of 2 x 2,000 commands rests on 40 of them, not 20), each round's p99 kept."""
    ordered = sorted(x for r in rounds for x in r[SAMPLES])
    answered = sorted(x for r in rounds for x in r[ANSWERED])
    sent, errors = sum(r["sent"] for r in rounds), sum(r["errors"] for r in rounds)
    return _stats(ordered, answered, sent, errors) | {
        "rate": rounds[0]["rate"],
        "achieved_rate": round(sum(r["achieved_rate"] for r in rounds) / len(rounds), 1),
        "rounds_p99_ms": [r["p99_ms"] for r in rounds],
    }


def pool_rounds(rounds: list[dict[str, Any]]) -> dict[str, Any]:
    """A side's (c) runs as one: each phase pooled, the first error of any."""
    phases = [phase for phase in PHASES if phase in rounds[0]]
    errors = [r["first_error"] for r in rounds if r["first_error"]]
    return {phase: pooled([r[phase] for r in rounds]) for phase in phases} | {
        "first_error": errors[0] if errors else None
    }


def without_samples(side: dict[str, Any]) -> dict[str, Any]:
    """A side's (c) result without the samples kept for pooling."""
    return {
        key: {k: v for k, v in value.items() if k not in (SAMPLES, ANSWERED)}
        if key in PHASES
        else value
        for key, value in side.items()
    }


def _stats(ordered: list[float], answered: list[float], sent: int, errors: int) -> dict[str, Any]:
    """`ordered`: the latencies (s) of the `sent` commands that arrived; `answered`: of those
    answered."""
    missing = sent - len(ordered)
    return {
        "answered_p50_ms": _percentile(answered, 0.50, len(answered)),
        "answered_p99_ms": _percentile(answered, 0.99, len(answered)),
        "sent": sent,
        "received": len(ordered),
        "missing": missing,
        "errors": errors,
        "p50_ms": _percentile(ordered, 0.50, sent),
        "p90_ms": _percentile(ordered, 0.90, sent),
        "p99_ms": _percentile(ordered, 0.99, sent),
        "max_ms": None if missing or not ordered else round(ordered[-1] * 1000, 1),
        "mean_ms": round(sum(ordered) / len(ordered) * 1000, 1) if ordered else None,
    }


def _percentile(ordered: list[float], p: float, count: int) -> float | None:
    """The `p` percentile in ms of `count` samples of which `ordered` arrived (None if it fell
    among those that did not)."""
    rank = max(0, math.ceil(p * count) - 1)
    return round(ordered[rank] * 1000, 1) if rank < len(ordered) else None


async def open_loop(
    rate: float, seconds: float, phase: str, first: int, command: Command
) -> tuple[int, float, set[asyncio.Task[None]]]:
    """Start `rate * seconds` commands, each at its due time: how many, over how long, and the
    tasks still running."""
    tasks: set[asyncio.Task[None]] = set()
    count = round(rate * seconds)
    start = time.perf_counter()
    for i in range(count):
        due = start + i / rate
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        task = asyncio.create_task(command(first + i, due, phase))
        tasks.add(task)
        task.add_done_callback(tasks.discard)
    return count, time.perf_counter() - start, tasks


async def measure(params: Params, samples: Samples, command: Command) -> dict[str, Any]:
    """A warm-up and a measured phase at each rate: the low one (if any), then the main one."""
    seconds: float = params.option("seconds")
    drain: float = params.option("drain_seconds")
    rates = [("low", params.option("low_rate")), ("main", params.option("rate"))]
    running: set[asyncio.Task[None]] = set()
    result: dict[str, Any] = {"first_error": None}
    first = 0
    with Measured(params) as measured:
        for phase, rate in rates:
            if not rate:
                continue
            warm = f"warm-{phase}"
            warmed, _, tasks = await open_loop(
                rate, params.option("warmup_seconds"), warm, first, command
            )
            running |= tasks
            first += 1_000_000
            await samples.drained(warm, warmed, min(drain, 3.0))
            sent, sending, tasks = await open_loop(rate, seconds, phase, first, command)
            running |= tasks
            first += 1_000_000
            await samples.drained(phase, sent, drain)
            result[phase] = samples.summary(phase, sent) | {
                "rate": rate,
                "achieved_rate": round(sent / sending, 1),
            }
    for task in running:
        task.cancel()
    await asyncio.gather(*running, return_exceptions=True)
    result["first_error"] = samples.first_error
    result["rss_start_mb"] = round(measured.rss_start_mb, 1)
    return result


async def platform(params: Params) -> dict[str, Any]:
    from mmc_chassis.projection import ProjectionBatch, apply_if_newer  # the platform sides only
    from mmc_chassis.repository import ensure_indexes
    from mmc_chassis.runtime import ServiceRuntime
    from mmc_cities.adapters.repository import CITIES, INDEXES, CityRepository
    from mmc_cities.commands import RegisterCity, UpdateProfile, register_city, update_profile
    from mmc_contracts import EventContext
    from mmc_contracts.cities import CityProfileUpdated, CityRegistered
    from mmc_contracts.topics import CITIES_CITY

    platform_logging()
    runtime = ServiceRuntime(
        params.settings(f"bench-latency-{params.tag}"), title="bench", description="latency"
    )
    cities = CityRepository(runtime.store(CITIES, "city"))
    runtime.declare_topics(CITIES_CITY)
    runtime.on_startup(lambda: ensure_indexes(runtime.database, INDEXES, runtime.traits))
    projection = runtime.database["latency_projection"]
    samples = Samples()

    async def project(event: Event) -> None:
        assert isinstance(event, CityRegistered | CityProfileUpdated)
        await apply_if_newer(
            projection,
            event.aggregate_id,
            event.aggregate_version,
            {"name": event.profile.name, "population": event.profile.population},
        )
        samples.arrived((event.aggregate_id, event.aggregate_version))

    async def project_batch(events: list[Event]) -> None:
        batch = ProjectionBatch()
        for event in events:
            assert isinstance(event, CityRegistered | CityProfileUpdated)
            changes = {"name": event.profile.name, "population": event.profile.population}
            batch.apply_if_newer(projection, event.aggregate_id, event.aggregate_version, changes)
        await batch.write()
        for event in events:
            samples.arrived((event.aggregate_id, event.aggregate_version))

    runtime.consumer.subscribe(CITIES_CITY, group="latency", handler=project, batch=project_batch)
    idle: deque[tuple[str, int]] = deque()  # registered cities no command is changing

    async def command(i: int, due: float, phase: str) -> None:
        context = EventContext(actor="bench")
        if i % 2 and idle:
            city_id, version = idle.popleft()
            samples.expect((city_id, version + 1), due, phase)
            change = {"population": 400_000 + i}
            try:
                await update_profile(
                    UpdateProfile(city_id, version, change, context), cities=cities
                )
            except Exception as error:
                samples.failed((city_id, version + 1), error)
                return
            samples.answer((city_id, version + 1))
            idle.append((city_id, version + 1))
        else:
            city_id = f"{params.tag}-{i}"
            samples.expect((city_id, 1), due, phase)
            profile = profile_input(f"Latency {params.tag} {i}", i)
            try:
                await register_city(RegisterCity(profile, context, city_id=city_id), cities=cities)
            except Exception as error:
                samples.failed((city_id, 1), error)
                return
            samples.answer((city_id, 1))
            idle.append((city_id, 1))

    async with runtime.http.router.lifespan_context(runtime.http):
        # The consumer has its partitions once a first command has come through.
        await command(-2, time.perf_counter(), "ready")
        await samples.drained("ready", 1, 60)
        result = await measure(params, samples, command)
    return {"side": "platform"} | result


async def raw(params: Params) -> dict[str, Any]:
    topic = params.topic_prefix + RAW_TOPIC
    await create_topics(params.kafka, topic)
    producer = raw_producer(params.kafka)
    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=params.kafka,
        group_id=f"bench-raw-latency-{params.tag}",
        client_id="bench-raw",
        **CONSUMER_SETTINGS,
    )
    await producer.start()
    await consumer.start()
    samples = Samples()
    body: dict[str, Any] = params.option("templates")["event"]  # a record the size of an event

    async def receive() -> None:
        async for record in consumer:
            samples.arrived(int(record.key))

    async def command(i: int, due: float, phase: str) -> None:
        samples.expect(i, due, phase)
        value = json.dumps(body | {"aggregate_id": str(i)}).encode()
        try:
            acknowledged = await producer.send(
                topic, value, key=str(i).encode(), headers=raw_headers("CityRegistered", str(i))
            )
            await acknowledged
        except Exception as error:
            samples.failed(i, error)

    receiving = asyncio.create_task(receive())
    try:
        await command(-2, time.perf_counter(), "ready")
        await samples.drained("ready", 1, 60)
        result = await measure(params, samples, command)
    finally:
        receiving.cancel()
        await asyncio.gather(receiving, return_exceptions=True)
        await consumer.stop()
        await producer.stop()
    return {"side": "raw"} | result


if __name__ == "__main__":
    side_main({"platform": platform, "raw": raw})
