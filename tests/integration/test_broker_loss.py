"""A broker that dies under a test makes the test fail fast with a clear message, not hang."""

from __future__ import annotations

import asyncio
import contextlib
import time
from pathlib import Path

import pytest
from aiokafka import AIOKafkaProducer
from aiokafka.errors import KafkaError

from tests.faults import dedicated_infra
from tests.infra import docker_answers

pytestmark = [pytest.mark.integration, pytest.mark.slow]

SEND_TIMEOUT_S = 10


async def send_or_explain(producer: AIOKafkaProducer, bootstrap: str, topic: str) -> None:
    try:
        async with asyncio.timeout(SEND_TIMEOUT_S):
            await producer.send_and_wait(topic, b"payload", key=b"k")
    except (TimeoutError, KafkaError) as error:
        raise AssertionError(
            f"Kafka at {bootstrap} did not acknowledge a send within {SEND_TIMEOUT_S}s"
            f" ({type(error).__name__}): is the broker running?"
        ) from error


@pytest.mark.skipif(docker_answers(), reason="kills a local broker process; not with containers")
async def test_killed_broker_fails_the_send_within_its_timeout(tmp_path: Path) -> None:
    with dedicated_infra(tmp_path) as infra:
        producer = AIOKafkaProducer(
            bootstrap_servers=infra.kafka_bootstrap,
            acks="all",
            enable_idempotence=True,
            request_timeout_ms=5000,
        )
        await producer.start()
        try:
            await send_or_explain(producer, infra.kafka_bootstrap, "loss-probe")
            infra.kill_kafka()
            started = time.monotonic()
            with pytest.raises(AssertionError, match="did not acknowledge a send within") as info:
                await send_or_explain(producer, infra.kafka_bootstrap, "loss-probe")
            elapsed = time.monotonic() - started
        finally:
            # stop() flushes what is pending, which a dead broker never takes: bound it.
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(5):
                    await producer.stop()
    print(f"broker killed: send failed after {elapsed:.1f}s with: {info.value}")
    assert elapsed < SEND_TIMEOUT_S + 2
