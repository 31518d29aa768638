"""The real broker does what the platform relies on: idempotent acks=all sends, headers, groups."""

from __future__ import annotations

import asyncio

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord, TopicPartition

from tests.conftest import NewTopicFactory, unique

pytestmark = pytest.mark.integration


async def test_idempotent_producer_and_group_consumer_round_trip(
    kafka_bootstrap: str, new_topic: NewTopicFactory
) -> None:
    topic = await new_topic("smoke", partitions=2)
    producer = AIOKafkaProducer(
        bootstrap_servers=kafka_bootstrap, acks="all", enable_idempotence=True
    )
    await producer.start()
    try:
        for i in range(10):
            await producer.send_and_wait(
                topic,
                value=f"message {i}".encode(),
                key=f"city-{i % 3}".encode(),
                headers=[("ce_id", f"id-{i}".encode()), ("content-type", b"application/json")],
            )
    finally:
        await producer.stop()

    group = unique("smoke-group")
    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=kafka_bootstrap,
        group_id=group,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
    )
    await consumer.start()
    try:
        received: list[ConsumerRecord[bytes, bytes]] = []
        async with asyncio.timeout(30):
            while len(received) < 10:
                batch = await consumer.getmany(timeout_ms=1000)
                received += [m for messages in batch.values() for m in messages]
        await consumer.commit()
        committed = {p: await consumer.committed(TopicPartition(topic, p)) for p in range(2)}
    finally:
        await consumer.stop()

    assert sorted(m.value for m in received) == sorted(f"message {i}".encode() for i in range(10))
    assert all(dict(m.headers)["content-type"] == b"application/json" for m in received)
    assert {dict(m.headers)["ce_id"] for m in received} == {f"id-{i}".encode() for i in range(10)}
    assert sum(offset or 0 for offset in committed.values()) == 10

    # A new consumer of the same group starts after the committed offsets: nothing is re-read.
    again = AIOKafkaConsumer(
        topic, bootstrap_servers=kafka_bootstrap, group_id=group, enable_auto_commit=False
    )
    await again.start()
    try:
        rest = await again.getmany(timeout_ms=2000)
    finally:
        await again.stop()
    assert not any(rest.values())
