"""Reading a topic from its beginning, as an outside subscriber would."""

from __future__ import annotations

from collections.abc import Callable

from aiokafka import AIOKafkaConsumer, ConsumerRecord

from tests.waiting import eventually

Records = list[ConsumerRecord[bytes, bytes]]


async def read_topic(
    bootstrap: str,
    topic: str,
    until: Callable[[Records], bool],
    wait: float = 20,
    what: str = "records",
) -> Records:
    """Every record from offset 0 until `until(records)` holds (or fail after `wait` seconds)."""
    consumer = AIOKafkaConsumer(
        topic, bootstrap_servers=bootstrap, auto_offset_reset="earliest", enable_auto_commit=False
    )
    await consumer.start()
    records: Records = []
    try:

        async def enough() -> bool:
            batch = await consumer.getmany(timeout_ms=200)
            records.extend(r for rs in batch.values() for r in rs)
            return until(records)

        await eventually(enough, wait, f"{what} on {topic}")
    finally:
        await consumer.stop()
    return records


async def read_count(bootstrap: str, topic: str, expected: int, wait: float = 20) -> Records:
    return await read_topic(
        bootstrap, topic, lambda r: len(r) >= expected, wait, f"{expected} records"
    )
