"""Consuming events: at-least-once delivery, exactly-once effect, poison messages set aside.

For every message, in order within its partition:
1. decode it (CloudEvents binary mode); a message that does not decode goes to `<topic>.dlq` at
   once, since no retry can mend it;
2. run the handler, retrying with exponential backoff; after the last attempt, the message goes to
   `<topic>.dlq` with the error and its original coordinates in headers;
3. only then mark its offset processed. Offsets are committed in the background every
   `commit_interval` seconds and on shutdown, never past a message whose effect is not stored.

FastStream runs with `AckPolicy.MANUAL` and one message at a time per subscriber, so none of its
automatic acknowledgements can commit ahead of the handler (its default, ACK_FIRST, would).
If even the dead-letter topic cannot be written, the message is not marked: the partition is
rewound to it and it comes again after a pause, so nothing is skipped.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from aiokafka import AIOKafkaConsumer, ConsumerRecord, TopicPartition
from aiokafka.errors import CommitFailedError, KafkaError
from aiokafka.structs import OffsetAndMetadata
from faststream import AckPolicy
from faststream.kafka import KafkaBroker, KafkaMessage

from mmc_contracts import Event, MalformedEvent, UnknownEventType, decode
from mmc_contracts.topics import dead_letter_topic

log = logging.getLogger("mmc.consumer")

EventHandler = Callable[[Event], Awaitable[None]]


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 5
    backoff_seconds: float = 0.2
    backoff_max_seconds: float = 5.0
    permanent: tuple[type[Exception], ...] = ()  # errors no retry can mend: dead-letter at once

    def delay(self, attempt: int) -> float:
        return float(min(self.backoff_max_seconds, self.backoff_seconds * 2 ** (attempt - 1)))


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


class EventConsumer:
    """Registers subscribers on a broker and runs them with the rules above."""

    def __init__(
        self,
        broker: KafkaBroker,
        *,
        service: str,
        retry: RetryPolicy,
        commit_interval: float = 0.2,
        topic_prefix: str = "",
    ) -> None:
        self.broker = broker
        self.topic_prefix = topic_prefix
        self.topics: set[str] = set()
        self.service = service
        self.retry = retry
        self.offsets = OffsetTracker()
        self._commit_interval = commit_interval
        self._committer: asyncio.Task[None] | None = None
        self._gate = asyncio.Lock()
        self._closed = False
        self.dead_lettered = 0
        self.handled = 0

    def subscribe(self, *topics: str, group: str, handler: EventHandler) -> None:
        group_id = f"{self.service}.{group}"
        prefixed = [self.topic_prefix + topic for topic in topics]
        self.topics.update(prefixed)

        # The raw message only: decoding is ours (a body FastStream cannot parse must still reach
        # the dead-letter step).
        async def on_message(msg: KafkaMessage) -> None:
            record: ConsumerRecord[Any, Any] = msg.raw_message
            await self._process(record, msg, group_id, handler)

        self.broker.subscriber(
            *prefixed,
            group_id=group_id,
            ack_policy=AckPolicy.MANUAL,
            auto_offset_reset="earliest",
            max_poll_interval_ms=300_000,
        )(on_message)

    async def start(self) -> None:
        self._closed = False
        self._committer = asyncio.create_task(self._commit_periodically(), name="offset-commit")

    async def stop(self) -> None:
        """Drain: let the message in hand finish, take no new one, commit what is done."""
        async with self._gate:
            self._closed = True
        if self._committer is not None:
            self._committer.cancel()
            await asyncio.gather(self._committer, return_exceptions=True)
        await self.offsets.commit()

    async def _commit_periodically(self) -> None:
        while True:
            await asyncio.sleep(self._commit_interval)
            await self.offsets.commit()

    async def _process(
        self,
        record: ConsumerRecord[Any, Any],
        msg: KafkaMessage,
        group_id: str,
        handler: EventHandler,
    ) -> None:
        consumer: AIOKafkaConsumer = msg.consumer
        async with self._gate:
            if self._closed:
                # Shutting down: leave it uncommitted for the next owner of the partition.
                return
            try:
                event = decode(record.value, record.headers)
            except UnknownEventType as error:
                log.info("skipping unknown event type %s", error.ce_type)
                self.offsets.mark(consumer, record)
                return
            except MalformedEvent as error:
                await self._dead_letter_or_rewind(record, msg, consumer, group_id, error, 0)
                return
            attempt = 0
            while True:
                attempt += 1
                try:
                    await handler(event)
                    self.handled += 1
                    self.offsets.mark(consumer, record)
                    return
                except Exception as error:
                    permanent = isinstance(error, self.retry.permanent)
                    if permanent or attempt >= self.retry.max_attempts:
                        log.warning(
                            "giving up on %s after %d attempt(s): %s",
                            event.event_type(),
                            attempt,
                            error,
                            extra={"topic": record.topic, "offset": record.offset},
                        )
                        await self._dead_letter_or_rewind(
                            record, msg, consumer, group_id, error, attempt
                        )
                        return
                    await asyncio.sleep(self.retry.delay(attempt))

    async def _dead_letter_or_rewind(
        self,
        record: ConsumerRecord[Any, Any],
        msg: KafkaMessage,
        consumer: AIOKafkaConsumer,
        group_id: str,
        error: Exception,
        attempts: int,
    ) -> None:
        headers = {name: value.decode(errors="replace") for name, value in record.headers}
        headers |= {
            "dlq_error": str(error)[:4000],
            "dlq_error_type": type(error).__name__,
            "dlq_original_topic": record.topic,
            "dlq_original_partition": str(record.partition),
            "dlq_original_offset": str(record.offset),
            "dlq_consumer_group": group_id,
            "dlq_attempts": str(attempts),
            "dlq_failed_at": datetime.now(UTC).isoformat(),
        }
        try:
            await self.broker.publish(
                record.value or b"",
                dead_letter_topic(record.topic),
                key=record.key,
                headers=headers,
            )
        except Exception:
            log.exception("could not write the dead letter; rewinding to offset %d", record.offset)
            await asyncio.sleep(self.retry.backoff_max_seconds)
            await msg.nack()  # seeks back: the same message comes again
            return
        self.dead_lettered += 1
        self.offsets.mark(consumer, record)
