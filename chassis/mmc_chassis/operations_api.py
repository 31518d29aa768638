"""The routes every service offers operators and the gateway: its dead letters and its outbox.

`/dead-letters` lists the dead letters of the topics the service consumes, given up by its own
consumer groups; a replay puts one back on its original topic (see `dlq.py`). `/outbox` shows
what the relay has yet to publish, and the aggregates it is stuck on.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, Field

from mmc_chassis.consumer import EventConsumer
from mmc_chassis.dlq import DeadLetter, DeadLetters
from mmc_chassis.errors import NotFound
from mmc_chassis.http import Actor
from mmc_chassis.http_params import conflict, not_found
from mmc_chassis.relay import OutboxRelay
from mmc_contracts.topics import dead_letter_topic

TopicPath = Annotated[
    str,
    Path(
        min_length=5,
        max_length=249,
        pattern=r"^[A-Za-z0-9._-]+\.dlq$",
        description="The dead-letter topic.",
        examples=["mmc.cities.city.v2.dlq"],
    ),
]
PartitionPath = Annotated[int, Path(ge=0, le=100_000)]
OffsetPath = Annotated[int, Path(ge=0, le=2**62)]


class DeadLetterOut(BaseModel):
    topic: str
    partition: int
    offset: int
    key: str | None
    event_id: str | None
    event_type: str | None
    original_topic: str
    original_partition: int | None
    original_offset: int | None
    consumer_group: str | None
    reason: str | None = Field(
        description="`malformed`, `unknown event type`, `refused` (a domain rule or "
        "validation), or `failed N times`."
    )
    error: str | None
    error_type: str | None
    attempts: int | None
    failed_at: str | None
    body: str
    headers: dict[str, str]
    replayed_at: str | None
    replayed_by: str | None


class DeadLetterList(BaseModel):
    items: list[DeadLetterOut]
    total: int


class StuckOut(BaseModel):
    collection: str
    aggregate_id: str
    pending: int
    attempts: int
    last_error: str | None
    failing_since: datetime | None


class OutboxOut(BaseModel):
    backlog: int = Field(description="Events written and not yet published.")
    oldest_entry_at: datetime | None
    stuck: list[StuckOut] = Field(description="Aggregates whose next event failed to publish.")
    published: int = Field(description="Events published since the service started.")
    stalled_subscriptions: dict[str, str] = Field(
        description="Consumer groups waiting for the database or broker, and why."
    )


def _out(letter: DeadLetter) -> DeadLetterOut:
    return DeadLetterOut.model_validate(letter, from_attributes=True)


def operations_router(
    service: str, dead_letters: DeadLetters, consumer: EventConsumer, relay: OutboxRelay
) -> APIRouter:
    router = APIRouter(tags=["operations"])
    mine = f"{service}."

    def own_topics() -> list[str]:
        return sorted(dead_letter_topic(topic) for topic in consumer.topics)

    async def own(topic: str, partition: int, offset: int) -> DeadLetter:
        letter = await dead_letters.get(topic, partition, offset)
        if topic not in own_topics() or not (letter.consumer_group or "").startswith(mine):
            raise NotFound("dead letter", f"{topic}:{partition}:{offset}")
        return letter

    @router.get(
        "/dead-letters",
        summary="The service's dead letters",
        description="Messages a consumer group of this service gave up on, oldest first per "
        "topic, with the reason and the original coordinates.",
        response_model=DeadLetterList,
    )
    async def list_dead_letters(
        status: Annotated[Literal["open", "replayed", "all"], Query()] = "open",
    ) -> DeadLetterList:
        letters = await dead_letters.letters(own_topics(), group_prefix=mine)
        if status != "all":
            letters = [x for x in letters if bool(x.replayed_at) == (status == "replayed")]
        return DeadLetterList(items=[_out(x) for x in letters], total=len(letters))

    @router.get(
        "/dead-letters/{topic}/{partition}/{offset}",
        summary="One dead letter",
        response_model=DeadLetterOut,
        responses=not_found("No such dead letter of this service."),
    )
    async def get_dead_letter(
        topic: TopicPath, partition: PartitionPath, offset: OffsetPath
    ) -> DeadLetterOut:
        return _out(await own(topic, partition, offset))

    @router.post(
        "/dead-letters/{topic}/{partition}/{offset}/replay",
        summary="Replay a dead letter on its original topic",
        description="Once its cause is fixed: the event goes back on its topic with its own "
        "id, so consumers that applied it change nothing and the one that failed applies it. "
        "409 when it was replayed already (unless `force`).",
        response_model=DeadLetterOut,
        responses={
            **not_found("No such dead letter of this service."),
            **conflict("Replayed already."),
        },
    )
    async def replay_dead_letter(
        topic: TopicPath,
        partition: PartitionPath,
        offset: OffsetPath,
        context: Actor,
        force: bool = False,
    ) -> DeadLetterOut:
        await own(topic, partition, offset)
        letter = await dead_letters.replay(
            topic, partition, offset, actor=context.actor, force=force
        )
        return _out(letter)

    @router.get(
        "/outbox",
        summary="What the relay has yet to publish",
        response_model=OutboxOut,
    )
    async def outbox() -> OutboxOut:
        status = relay.status()
        return OutboxOut(
            backlog=status.backlog,
            oldest_entry_at=status.oldest_entry_at,
            stuck=[StuckOut.model_validate(s, from_attributes=True) for s in status.stuck],
            published=status.published,
            stalled_subscriptions=consumer.stalled(),
        )

    return router
