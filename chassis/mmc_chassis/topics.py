"""Creating the topics a service uses before it uses them.

A consumer that subscribes to a topic that does not exist yet only notices it at its next
metadata refresh (minutes), and production clusters create no topics on first use; so every
topic a service publishes or consumes, and its dead-letter topic, is created at start-up.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError

from mmc_contracts.topics import dead_letter_topic

log = logging.getLogger("mmc.topics")


async def ensure_topics(
    bootstrap_servers: str, topics: Iterable[str], *, partitions: int, replication_factor: int
) -> None:
    wanted = sorted({t for topic in topics for t in (topic, dead_letter_topic(topic))})
    if not wanted:
        return
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap_servers, request_timeout_ms=15_000)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        missing = [t for t in wanted if t not in existing]
        for topic in missing:
            try:
                await admin.create_topics(
                    [
                        NewTopic(
                            topic, num_partitions=partitions, replication_factor=replication_factor
                        )
                    ]
                )
                log.info("created topic %s (%d partitions)", topic, partitions)
            except TopicAlreadyExistsError:
                pass  # another instance created it first
    finally:
        await admin.close()


async def partitions_of(client: AIOKafkaConsumer, topic: str) -> list[TopicPartition]:
    """The topic's partitions, in order (none when the topic does not exist)."""
    numbers = client.partitions_for_topic(topic)
    if numbers is None:  # metadata not loaded yet (a topic new to this client), or no such topic
        await client._client.force_metadata_update()
        numbers = client.partitions_for_topic(topic)
    return [TopicPartition(topic, n) for n in sorted(numbers or ())]
