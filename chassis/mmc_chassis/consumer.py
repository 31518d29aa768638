"""Consuming events: at-least-once delivery, exactly-once effect, poison messages set aside.

For every message, in order within its partition:
1. decode it (CloudEvents binary mode); a message that does not decode, or of a type no contract
   names, goes to `<topic>.dlq` at once: no retry can mend it;
2. run the handler. What fails for the infrastructure's sake (the database unreachable or busy,
   a broker timeout) is retried without limit, with capped backoff, and the subscription reports
   itself stalled (`/readyz` answers 503) until it passes: a short outage sends nothing to the
   dead letters. What a domain rule refuses, or fails validation, goes to `<topic>.dlq` at once;
   any other error is retried a few times first. The log says which it was;
3. only then mark its offset processed. Offsets are committed in the background every
   `commit_interval` seconds and on shutdown, never past a message whose effect is not stored.

FastStream runs with `AckPolicy.MANUAL` and one message at a time per subscriber, so none of its
automatic acknowledgements can commit ahead of the handler (its default, ACK_FIRST, would).
A subscription with a `batch` handler takes up to `max_records` records at a time instead: the
batch handler applies their events together (one round of writes), the offsets are marked once
the whole batch is stored, and when the batch fails for anything but the infrastructure its
events are taken one at a time with the single-event handler, so only the faulty one is set
aside and the partition moves on.
If even the dead-letter topic cannot be written, the message is not marked: the partition is
rewound to it and it comes again after a pause, so nothing is skipped. Each subscription has
its own gate, so one subscription's backoff stalls no other.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from aiokafka import ConsumerRecord
from aiokafka.errors import (
    KafkaConnectionError,
    KafkaError,
    KafkaTimeoutError,
)
from faststream import AckPolicy
from faststream.kafka import KafkaBroker, KafkaMessage
from pymongo.errors import ConnectionFailure

from mmc_chassis.batch_poll import poll_at_once
from mmc_chassis.mongo import DatabaseBusy
from mmc_chassis.offsets import OffsetTracker
from mmc_contracts import Event, MalformedEvent, UnknownEventType, decode
from mmc_contracts.topics import dead_letter_topic

log = logging.getLogger("mmc.consumer")

EventHandler = Callable[[Event], Awaitable[None]]
BatchHandler = Callable[[list[Event]], Awaitable[None]]

TRANSIENT: tuple[type[BaseException], ...] = (
    ConnectionFailure,  # MongoDB unreachable, timed out, primary lost
    DatabaseBusy,
    KafkaTimeoutError,
    KafkaConnectionError,
    TimeoutError,
    ConnectionError,
)


def is_transient(error: BaseException) -> bool:
    """An error of the infrastructure that passes by itself: retry, never dead-letter."""
    return isinstance(error, TRANSIENT) or (
        isinstance(error, KafkaError) and bool(getattr(error, "retriable", False))
    )


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 5
    """For errors that are neither transient nor permanent (a bug, most likely)."""
    backoff_seconds: float = 0.2
    backoff_max_seconds: float = 5.0
    permanent: tuple[type[Exception], ...] = ()  # errors no retry can mend: dead-letter at once

    def delay(self, attempt: int) -> float:
        return float(min(self.backoff_max_seconds, self.backoff_seconds * 2 ** (attempt - 1)))


@dataclass
class Subscription:
    """One consumer group's handler, with its own gate and its health."""

    group_id: str
    topics: tuple[str, ...]
    handler: EventHandler
    batch: BatchHandler | None = None
    max_records: int = 500
    kafka_group: str = ""
    """The Kafka consumer group; another than `group_id` after a rebuild (`rebuild.py`)."""
    gate: asyncio.Lock = field(default_factory=asyncio.Lock)
    stalled: str | None = None
    """Why it is waiting for the infrastructure, or None when it moves."""
    handled: int = 0
    dead_lettered: int = 0


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
        self.subscriptions: list[Subscription] = []
        self._attached: list[Subscription] = []
        self._commit_interval = commit_interval
        self._committer: asyncio.Task[None] | None = None
        self._closing = asyncio.Event()

    @property
    def handled(self) -> int:
        return sum(s.handled for s in self.subscriptions)

    @property
    def dead_lettered(self) -> int:
        return sum(s.dead_lettered for s in self.subscriptions)

    def stalled(self) -> dict[str, str]:
        """Subscriptions waiting for the infrastructure: group id -> why."""
        return {s.group_id: s.stalled for s in self.subscriptions if s.stalled}

    def subscription(self, group_id: str) -> Subscription | None:
        return next((s for s in self.subscriptions if s.group_id == group_id), None)

    def subscribe(
        self,
        *topics: str,
        group: str,
        handler: EventHandler,
        batch: BatchHandler | None = None,
        max_records: int = 500,
    ) -> None:
        """Register a subscription; it reaches the broker at start-up (`attach`), once the
        runtime knows which Kafka group it reads with."""
        prefixed = tuple(self.topic_prefix + topic for topic in topics)
        group_id = f"{self.service}.{group}"
        subscription = Subscription(group_id, prefixed, handler, batch, max_records, group_id)
        self.subscriptions.append(subscription)
        self.topics.update(prefixed)

    def attach(self, kafka_groups: dict[str, str] | None = None) -> None:
        """Register the subscriptions not yet registered with the broker (before it starts),
        each with the Kafka group `kafka_groups` names for it (after a rebuild) or its own."""
        for subscription in self.subscriptions:
            if subscription in self._attached:
                continue
            self._attached.append(subscription)
            subscription.kafka_group = (kafka_groups or {}).get(
                subscription.group_id, subscription.group_id
            )
            self._register(subscription)

    def _register(self, subscription: Subscription) -> None:
        # The raw message only: decoding is ours (a body FastStream cannot parse must still reach
        # the dead-letter step).
        async def on_message(msg: KafkaMessage) -> None:
            await self._process(msg.raw_message, msg, subscription)

        async def on_batch(msg: KafkaMessage) -> None:
            await self._process_batch(msg.raw_message, msg, subscription)

        batch = subscription.batch is not None
        subscriber = self.broker.subscriber(
            *subscription.topics,
            group_id=subscription.kafka_group,
            ack_policy=AckPolicy.MANUAL,
            auto_offset_reset="earliest",
            # A handler waiting out an outage must not be taken for a dead consumer.
            max_poll_interval_ms=3_600_000,
            batch=batch,
            max_records=subscription.max_records if batch else None,
        )
        if batch:
            poll_at_once(subscriber, subscription.max_records)  # no sleep after an empty poll
            subscriber(on_batch)
        else:
            subscriber(on_message)

    async def start(self) -> None:
        self._closing.clear()
        self._committer = asyncio.create_task(self._commit_periodically(), name="offset-commit")

    async def stop(self) -> None:
        """Drain: let the messages in hand finish (a wait for the infrastructure gives up),
        take no new one, commit what is done."""
        self._closing.set()
        for subscription in self.subscriptions:
            async with subscription.gate:  # the message in hand is done; later ones return
                pass
        if self._committer is not None:
            self._committer.cancel()
            await asyncio.gather(self._committer, return_exceptions=True)
        await self.offsets.commit()

    async def _commit_periodically(self) -> None:
        while True:
            await asyncio.sleep(self._commit_interval)
            await self.offsets.commit()

    async def _pause(self, seconds: float) -> bool:
        """Sleep, unless shutting down; False when shutting down."""
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(seconds):
                await self._closing.wait()
        return not self._closing.is_set()

    async def _process(
        self, record: ConsumerRecord[Any, Any], msg: KafkaMessage, subscription: Subscription
    ) -> None:
        async with subscription.gate:
            if self._closing.is_set():
                return  # shutting down: left uncommitted for the next owner of the partition
            if await self._handle(record, self._decoded(record), msg, subscription):
                self.offsets.mark(msg.consumer, record)

    async def _process_batch(
        self,
        records: tuple[ConsumerRecord[Any, Any], ...],
        msg: KafkaMessage,
        subscription: Subscription,
    ) -> None:
        assert subscription.batch is not None
        async with subscription.gate:
            if self._closing.is_set() or not records:
                return
            decoded = [(record, self._decoded(record)) for record in records]
            events = [event for _, event in decoded if isinstance(event, Event)]
            done = await self._handle_batch(events, subscription) if events else False
            for record, event in decoded:
                # Dead letters, and after a refused batch every event on its own, in order.
                if (not done or not isinstance(event, Event)) and not await self._handle(
                    record, event, msg, subscription
                ):
                    return  # shutting down or rewound: nothing of this batch is marked
            if done:
                subscription.handled += len(events)
            for record in records:  # in order: each partition's last record stays marked
                self.offsets.mark(msg.consumer, record)

    async def _handle_batch(self, events: list[Event], subscription: Subscription) -> bool:
        """True when the batch handler stored every event; False to take them one by one."""
        assert subscription.batch is not None
        attempt = 0
        while True:
            attempt += 1
            try:
                await subscription.batch(events)
            except Exception as error:
                if is_transient(error):
                    if not await self._wait_for_infrastructure(subscription, error, attempt):
                        return False  # shutting down: `_handle` returns at once
                    continue
                log.info(
                    "%s: a batch of %d failed (%s: %s); one event at a time",
                    subscription.group_id,
                    len(events),
                    type(error).__name__,
                    error,
                )
                return False
            if subscription.stalled:
                log.info("%s moves again", subscription.group_id)
            subscription.stalled = None
            return True

    @staticmethod
    def _decoded(record: ConsumerRecord[Any, Any]) -> Event | MalformedEvent | UnknownEventType:
        try:
            return decode(record.value, record.headers)
        except (MalformedEvent, UnknownEventType) as error:
            return error

    async def _handle(
        self,
        record: ConsumerRecord[Any, Any],
        event: Event | MalformedEvent | UnknownEventType,
        msg: KafkaMessage,
        subscription: Subscription,
    ) -> bool:
        """Run the handler with the retry rules, or dead-letter; True when the record is done
        with (its offset may be marked), False when it must come again."""
        if self._closing.is_set():
            return False
        if not isinstance(event, Event):
            reason = "unknown event type" if isinstance(event, UnknownEventType) else "malformed"
            return await self._dead_letter(record, msg, subscription, event, 0, reason)
        attempt = 0
        while True:
            attempt += 1
            try:
                await subscription.handler(event)
            except Exception as error:
                if is_transient(error):
                    if not await self._wait_for_infrastructure(subscription, error, attempt):
                        return False
                    continue
                if isinstance(error, self.retry.permanent):
                    reason = "refused"
                elif attempt >= self.retry.max_attempts:
                    reason = f"failed {attempt} times"
                elif await self._pause(self.retry.delay(attempt)):
                    continue
                else:
                    return False
                return await self._dead_letter(record, msg, subscription, error, attempt, reason)
            if subscription.stalled:
                log.info("%s moves again", subscription.group_id)
            subscription.stalled = None
            subscription.handled += 1
            return True

    async def _wait_for_infrastructure(
        self, subscription: Subscription, error: Exception, attempt: int
    ) -> bool:
        subscription.stalled = f"{type(error).__name__}: {error}"[:300]
        delay = min(30.0, self.retry.backoff_seconds * 2 ** min(attempt - 1, 10))
        delay = max(delay, self.retry.backoff_seconds)
        log.warning(
            "%s waits for the infrastructure (attempt %d, again in %.1fs): %s",
            subscription.group_id,
            attempt,
            delay,
            subscription.stalled,
        )
        return await self._pause(delay)

    async def _dead_letter(
        self,
        record: ConsumerRecord[Any, Any],
        msg: KafkaMessage,
        subscription: Subscription,
        error: Exception,
        attempts: int,
        reason: str,
    ) -> bool:
        """True once the dead letter is written; False after rewinding to the record (a batch:
        to its earliest record in each partition) so that it comes again."""
        headers = {name: value.decode(errors="replace") for name, value in record.headers}
        headers |= {
            "dlq_reason": reason,
            "dlq_error": str(error)[:4000],
            "dlq_error_type": type(error).__name__,
            "dlq_original_topic": record.topic,
            "dlq_original_partition": str(record.partition),
            "dlq_original_offset": str(record.offset),
            "dlq_consumer_group": subscription.group_id,
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
            await self._pause(self.retry.backoff_max_seconds)
            await msg.nack()  # seeks back: the same message comes again
            return False
        log.warning(
            "dead-lettered (%s) in %s: %s: %s",
            reason,
            subscription.group_id,
            type(error).__name__,
            error,
            extra={"topic": record.topic, "partition": record.partition, "offset": record.offset},
        )
        subscription.dead_lettered += 1
        return True
