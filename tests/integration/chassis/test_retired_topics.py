"""A retired topic emptied for good (DeleteRecords), on the real broker: read from offset 0 it
holds nothing; a dry run only counts; a topic that does not exist counts 0; the command prints
what it did."""

from __future__ import annotations

import asyncio
import json

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic

from mmc_chassis import retired_topics
from tests.conftest import unique

pytestmark = pytest.mark.integration


async def values_from_zero(bootstrap: str, topic: str) -> list[bytes]:
    consumer = AIOKafkaConsumer(
        topic, bootstrap_servers=bootstrap, auto_offset_reset="earliest", enable_auto_commit=False
    )
    await consumer.start()
    try:
        batches = await consumer.getmany(timeout_ms=2_000)
        return [record.value or b"" for records in batches.values() for record in records]
    finally:
        await consumer.stop()


async def test_a_retired_topic_is_emptied_and_a_dry_run_changes_nothing(
    kafka_bootstrap: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    prefix = unique("retired").replace("-", "") + "."
    topic = "mmc.board.nomination.v1"
    admin = AIOKafkaAdminClient(bootstrap_servers=kafka_bootstrap)
    await admin.start()
    try:
        await admin.create_topics([NewTopic(prefix + topic, 2, 1)])
    finally:
        await admin.close()
    producer = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap, acks="all")
    await producer.start()
    try:
        for n in range(5):
            await producer.send_and_wait(
                prefix + topic, b'{"nominated_by_name": "Amina Diallo"}', partition=n % 2
            )
    finally:
        await producer.stop()

    counted = await retired_topics.delete_all_records(kafka_bootstrap, prefix + topic, dry_run=True)
    assert counted == 5
    assert len(await values_from_zero(kafka_bootstrap, prefix + topic)) == 5

    monkeypatch.setenv("MMC_KAFKA_BOOTSTRAP_SERVERS", kafka_bootstrap)
    monkeypatch.setenv("MMC_TOPIC_PREFIX", prefix)
    assert await _run_main([topic, "never.written.v1"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == {"deleted": {topic: 5, "never.written.v1": 0}}
    assert await values_from_zero(kafka_bootstrap, prefix + topic) == []
    # Again: nothing more to delete.
    assert await retired_topics.delete_all_records(kafka_bootstrap, prefix + topic) == 0


async def _run_main(argv: list[str]) -> int:
    """`main` runs its own event loop: off this test's loop, in a thread."""
    return await asyncio.to_thread(retired_topics.main, argv)
