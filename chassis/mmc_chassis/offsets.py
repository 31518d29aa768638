"""The offsets whose effect is stored, committed in the background and on shutdown
(`consumer.py` marks them; a rebalance in between is safe: the handlers are idempotent)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from aiokafka import AIOKafkaConsumer, ConsumerRecord, TopicPartition
from aiokafka.errors import CommitFailedError, KafkaError
from aiokafka.structs import OffsetAndMetadata

log = logging.getLogger("mmc.consumer")


@dataclass
class OffsetTracker:
    """Offsets whose effect is stored, committed in the background and on shutdown."""

    processed: dict[tuple[AIOKafkaConsumer, TopicPartition], int] = field(default_factory=dict)
    committed: int = 0

    def mark(self, consumer: AIOKafkaConsumer, record: ConsumerRecord[Any, Any]) -> None:
        self.processed[(consumer, TopicPartition(record.topic, record.partition))] = (
            record.offset + 1
        )

    async def commit(self) -> None:
        pending, self.processed = self.processed, {}
        by_consumer: dict[AIOKafkaConsumer, dict[TopicPartition, OffsetAndMetadata]] = {}
        for (consumer, partition), offset in pending.items():
            by_consumer.setdefault(consumer, {})[partition] = OffsetAndMetadata(offset, "")
        for consumer, offsets in by_consumer.items():
            owned = consumer.assignment()
            offsets = {tp: o for tp, o in offsets.items() if tp in owned}
            if not offsets:
                continue
            try:
                await consumer.commit(offsets)
                self.committed += len(offsets)
            except (CommitFailedError, KafkaError) as error:
                # A rebalance took the partition: its new owner re-reads from the last commit,
                # and the handlers are idempotent, so the effect stays exactly once.
                log.warning("commit failed (%s); messages will be redelivered", error)
