"""The fault matrix: each fault, on the real broker and database, counting per aggregate the
effects lost, duplicated and out of order (all must be 0).

(a) the relay's send fails for one aggregate while others are written; and a restart with
    entries a crash left behind, written to again at once;
(b) the broker is SIGKILLed and restarted while 1,000 commands across 50 aggregates are accepted;
(c) the database is stopped for 20 s and restarted while a projection consumes;
(d) a poison message goes to the dead letters within 30 s while its partition moves on;
(e) a dead letter is replayed after its cause is fixed, and its effect appears once; an older
    event replayed after newer ones of another kind still sets its fact.
(b) and (c) run on a broker and database of their own, which they kill.
"""

from __future__ import annotations

import asyncio
import functools
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from aiokafka import AIOKafkaProducer
from aiokafka.errors import KafkaTimeoutError

from mmc_chassis.mongo import DatabaseBusy, Document
from mmc_chassis.settings import DEVELOPMENT_API_TOKEN, ServiceSettings
from mmc_contracts import Event, encode
from mmc_contracts.topics import CITIES_CITY, dead_letter_topic
from tests.conftest import unique
from tests.faults import dedicated_infra
from tests.infra import docker_answers
from tests.integration.chassis.ledger import Ledger, LedgerService, Tally
from tests.integration.chassis.probe import registered, updated
from tests.kafka_reading import read_count
from tests.waiting import eventually

pytestmark = pytest.mark.integration

HEADERS = {"Authorization": f"Bearer {DEVELOPMENT_API_TOKEN}", "X-MMC-Actor": "fault-matrix"}
local_processes_only = pytest.mark.skipif(
    docker_answers(), reason="kills local broker and database processes; not with containers"
)


def matrix_settings(kafka: str, mongodb: str, **changes: Any) -> ServiceSettings:
    values: dict[str, Any] = {
        "service_name": "ledger",
        "kafka_bootstrap_servers": kafka,
        "mongodb_url": mongodb,
        "mongodb_database": unique("ledger").replace("-", "_"),
        "topic_prefix": unique("fm") + ".",
        "relay_sweep_seconds": 2,
        "relay_retry_seconds": 0.2,
        "relay_retry_max_seconds": 2,
        "consumer_max_attempts": 3,
        "consumer_backoff_seconds": 0.1,
        "consumer_backoff_max_seconds": 1,
        "consumer_commit_interval_seconds": 0.1,
    }
    return ServiceSettings(**(values | changes))


async def send(producer: AIOKafkaProducer, topic: str, event: Event) -> None:
    """Another writer's event, straight onto the topic."""
    record = encode(event)
    await producer.send_and_wait(topic, record.value, key=record.key, headers=list(record.headers))


def assert_clean(tally: Tally, case: str) -> None:
    print(f"{case}: {tally}")
    assert (tally.lost, tally.duplicated, tally.out_of_order) == (0, 0, 0), str(tally)
    assert tally.accepted == tally.applied


@asynccontextmanager
async def http(service: LedgerService) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=service.runtime.http)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://ledger", headers=HEADERS, timeout=30
    ) as client:
        yield client


async def until(check: Callable[[], bool], timeout: float, what: str) -> float:
    async def holds() -> bool:
        return check()

    return await eventually(holds, timeout, what)


# --- (a) a failed send, and a restart -----------------------------------------------------------


async def test_a_send_that_fails_holds_back_only_its_own_aggregate(
    kafka_bootstrap: str, mongodb_url: str
) -> None:
    service = LedgerService(matrix_settings(kafka_bootstrap, mongodb_url))
    stuck, others = uuid.uuid4().hex, [uuid.uuid4().hex for _ in range(10)]
    real_send = service.runtime.relay._send
    failing, refused = True, 0

    async def send(entry: Document) -> Awaitable[Any]:
        nonlocal refused
        if failing and entry["key"] == stuck:
            refused += 1
            raise KafkaTimeoutError("injected: the broker did not acknowledge in time")
        return await real_send(entry)

    service.runtime.relay._send = send
    ledger = service.ledger
    async with service.running(), http(service) as client:
        await service.register(stuck)
        for city in others:
            await service.register(city)
        await service.change(stuck, 2, 20)
        await service.change(stuck, 3, 30)
        for city in others:
            await service.change(city, 2, 200)
        took = await until(
            lambda: all(ledger.applied[c] == {1, 2} for c in others), 30, "the others applied"
        )
        assert ledger.applied[stuck] == set(), "nothing of the failing aggregate went out"
        outbox = (await client.get("/outbox")).json()
        [held] = outbox["stuck"]
        assert held["aggregate_id"] == stuck
        assert held["pending"] == 3
        assert held["attempts"] >= 1
        assert "injected" in held["last_error"]
        print(f"others applied in {took:.2f}s while {stuck} failed {refused} time(s): {held}")
        failing = False
        await until(ledger.complete, 30, "the held aggregate to go out once it can")
        assert (await client.get("/outbox")).json()["stuck"] == []
    assert ledger.arrivals[stuck] == [1, 2, 3]
    assert_clean(ledger.tally(), "(a) one aggregate's send fails")


async def test_entries_a_crash_left_go_out_before_a_newer_write(
    kafka_bootstrap: str, mongodb_url: str
) -> None:
    settings = matrix_settings(kafka_bootstrap, mongodb_url, relay_sweep_seconds=60)
    crashed = LedgerService(settings)
    cities = [uuid.uuid4().hex for _ in range(5)]
    for city in cities:  # written, never published: the process died before its relay ran
        await crashed.register(city)
        await crashed.change(city, 2, 20)
    await crashed.runtime.mongo.close()

    restarted = LedgerService(settings, Ledger(accepted=crashed.ledger.accepted))
    async with restarted.running():
        for city in cities:  # at once, racing the relay's first sweep
            await restarted.change(city, 3, 30)
        await until(restarted.ledger.complete, 30, "every version applied")
    for city in cities:
        assert restarted.ledger.arrivals[city] == [1, 2, 3]
    records = await read_count(kafka_bootstrap, settings.topic_prefix + CITIES_CITY, 15)
    assert len(records) == 15, "each version published once"
    assert_clean(restarted.ledger.tally(), "(a) restart with entries left behind")


# --- (b) the broker killed under load -----------------------------------------------------------


@local_processes_only
@pytest.mark.slow
async def test_the_broker_killed_and_restarted_under_1000_commands(tmp_path: Path) -> None:
    with dedicated_infra(tmp_path) as infra:
        service = LedgerService(matrix_settings(infra.kafka_bootstrap, infra.mongodb_url))
        cities = [uuid.uuid4().hex for _ in range(50)]
        accepted = busy = 0

        async def command(run: Callable[[], Awaitable[None]]) -> None:
            nonlocal accepted, busy
            while True:
                try:
                    await run()
                    accepted += 1
                    return
                except DatabaseBusy:  # refused, nothing written: the client tries again
                    busy += 1
                    await asyncio.sleep(0.05)

        async def drive(city: str) -> None:
            await command(lambda: service.register(city))
            for version in range(2, 21):
                await asyncio.sleep(0.4)  # paced, so that commands go on across the restart
                await command(functools.partial(service.change, city, version, version * 100))

        async with service.running():
            drivers = asyncio.gather(*(drive(city) for city in cities))
            await until(lambda: accepted >= 200, 120, "200 commands accepted")
            infra.kill_kafka()
            at_kill = accepted
            await asyncio.sleep(5)
            await asyncio.to_thread(infra.start)
            at_restart = accepted
            await drivers
            started = time.monotonic()
            await until(service.ledger.complete, 300, "every accepted command applied")
            caught_up = time.monotonic() - started
        print(
            f"killed at {at_kill} accepted, restarted at {at_restart}, all {accepted} accepted "
            f"({busy} busy refusals retried); applied {caught_up:.1f}s after the last command"
        )
        assert accepted == 1000
        assert_clean(service.ledger.tally(), "(b) broker SIGKILLed and restarted")


# --- (c) the database stopped while a projection consumes ---------------------------------------


@local_processes_only
@pytest.mark.slow
async def test_the_database_stopped_for_20s_while_a_projection_consumes(tmp_path: Path) -> None:
    with dedicated_infra(tmp_path) as infra:
        settings = matrix_settings(infra.kafka_bootstrap, infra.mongodb_url)
        service = LedgerService(settings)
        topic = settings.topic_prefix + CITIES_CITY
        cities = [uuid.uuid4().hex for _ in range(20)]
        producer = AIOKafkaProducer(bootstrap_servers=infra.kafka_bootstrap, acks="all")
        await producer.start()
        not_ready: list[dict[str, Any]] = []
        try:
            async with service.running(), http(service) as client:
                infra.stop_ferretdb()
                stopped_at = time.monotonic()
                # Another writer's events arrive while the database is away.
                for version in range(1, 11):
                    for city in cities:
                        event = updated(city, version, version) if version > 1 else registered(city)
                        await send(producer, topic, event)
                        service.ledger.accepted[city].add(version)
                await producer.flush()
                while time.monotonic() - stopped_at < 20:
                    answer = await client.get("/readyz")
                    if answer.status_code == 503:
                        not_ready.append(answer.json())
                    await asyncio.sleep(1)
                await asyncio.to_thread(infra.start)
                took = await until(service.ledger.complete, 120, "every event applied")
                assert (await client.get("/readyz")).status_code == 200
                dead = service.runtime.consumer.dead_lettered
        finally:
            await producer.stop()
        print(
            f"not ready {len(not_ready)} times while down, e.g. {not_ready[-1]}; applied "
            f"{took:.1f}s after the restart; dead letters: {dead}"
        )
        assert not_ready
        assert not_ready[-1]["consumers"] is False
        assert "ledger.projection" in not_ready[-1]["stalled"]
        assert dead == 0
        assert_clean(service.ledger.tally(), "(c) database stopped for 20 s")


# --- (d) a poison message -----------------------------------------------------------------------


async def test_a_poison_message_is_dead_lettered_within_30s_and_its_partition_moves_on(
    kafka_bootstrap: str, mongodb_url: str, new_topic: Any
) -> None:
    settings = matrix_settings(kafka_bootstrap, mongodb_url)
    topic = settings.topic_prefix + CITIES_CITY
    await new_topic(name=topic, partitions=1)
    service = LedgerService(settings)
    before, after = uuid.uuid4().hex, uuid.uuid4().hex
    producer = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap, acks="all")
    await producer.start()
    try:
        for event in (registered(before), None, registered(after), updated(before, 2, 2)):
            if event is None:  # poison: a body no contract reads
                await producer.send_and_wait(
                    topic, b'{"half": ', key=b"poison", headers=[("ce_type", b"x")]
                )
                continue
            await send(producer, topic, event)
            service.ledger.accepted[event.aggregate_id].add(event.aggregate_version)
    finally:
        await producer.stop()
    async with service.running():
        started = time.monotonic()
        await until(lambda: service.runtime.consumer.dead_lettered == 1, 30, "the dead letter")
        to_dead_letter = time.monotonic() - started
        await until(service.ledger.complete, 30, "the messages after it applied")
    [letter] = await read_count(kafka_bootstrap, dead_letter_topic(topic), 1)
    headers = {k: v.decode() for k, v in letter.headers}
    assert (headers["dlq_reason"], headers["dlq_original_offset"]) == ("malformed", "1")
    print(f"poison dead-lettered {to_dead_letter:.2f}s after start; the partition moved on")
    assert to_dead_letter < 30
    assert_clean(service.ledger.tally(), "(d) poison message")


# --- (e) a dead letter replayed -----------------------------------------------------------------


async def test_a_dead_letter_replayed_after_the_fix_takes_effect_once(
    kafka_bootstrap: str, mongodb_url: str
) -> None:
    service = LedgerService(matrix_settings(kafka_bootstrap, mongodb_url))
    city = uuid.uuid4().hex
    ledger = service.ledger
    async with service.running(), http(service) as client:
        await service.register(city)
        await until(lambda: ledger.applied[city] == {1}, 30, "the registration applied")
        service.refused.add(city)  # a rule refuses what comes next: a dead letter
        await service.change(city, 2, 2000)
        await until(lambda: service.runtime.consumer.dead_lettered == 1, 30, "the dead letter")
        service.refused.clear()  # the cause is fixed
        await service.change_partnership(city, 3)  # a newer event of another kind, applied
        await until(lambda: ledger.applied[city] == {1, 3}, 30, "the later event applied")

        [letter] = (await client.get("/dead-letters")).json()["items"]
        assert (letter["reason"], letter["consumer_group"]) == ("refused", "ledger.projection")
        assert letter["error_type"] == "RuleViolation"
        path = f"/dead-letters/{letter['topic']}/{letter['partition']}/{letter['offset']}"
        replayed = await client.post(f"{path}/replay")
        assert replayed.status_code == 200, replayed.text
        assert replayed.json()["replayed_by"] == "fault-matrix"
        await until(lambda: ledger.applied[city] == {1, 2, 3}, 30, "the replayed event applied")
        again = await client.post(f"{path}/replay")
        assert again.status_code == 409
        forced = await client.post(f"{path}/replay", params={"force": "true"})
        assert forced.status_code == 200
        await asyncio.sleep(2)  # the forced copy arrives and changes nothing
        projected = await service.projection.find_one({"_id": city})
        listed = (await client.get("/dead-letters", params={"status": "replayed"})).json()
    assert projected is not None
    assert (projected["population"], projected["partnership"]) == (2000, "engaged")
    assert ledger.effects[letter["event_id"]] == 1
    assert listed["total"] == 1
    tally = ledger.tally()
    effects = ledger.effects[letter["event_id"]]
    print(f"(e) replayed once, forced once more: the event took effect {effects} time(s)")
    # Version 2 first arrived after version 3: by design, and applied all the same (facets).
    assert (tally.lost, tally.duplicated) == (0, 0)
