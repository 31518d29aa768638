"""The delivery log: one document per event and endpoint (and per replay), with every attempt.

Its `_id` is `<endpoint>:<event id>` (a replay's: `<endpoint>:<event id>:<replay id>`), so the
live consumer finds out whether it already delivered an event it reads again (after a restart
or a rebalance) and never delivers one aggregate version twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from pymongo import DESCENDING
from pymongo.asynchronous.collection import AsyncCollection

from mmc_chassis.mongo import Document
from mmc_chassis.repository import Listing, find_page, matching
from mmc_webhooks.domain.messages import Incoming


class DeliveryStatus(StrEnum):
    PENDING = "pending"
    DELIVERED = "delivered"
    PARKED = "parked"


@dataclass(frozen=True)
class Attempt:
    at: datetime
    status_code: int | None
    error: str | None
    duration_ms: int

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300

    def describe(self) -> str:
        return self.error or f"HTTP {self.status_code}"


@dataclass(frozen=True)
class DeliveryFilter:
    endpoint_id: str
    status: DeliveryStatus | None = None
    since: datetime | None = None
    until: datetime | None = None

    def query(self) -> Document:
        query = matching({"endpoint_id": self.endpoint_id, "status": self.status})
        if self.since or self.until:
            window: Document = {}
            if self.since:
                window["$gte"] = self.since
            if self.until:
                window["$lt"] = self.until
            query["first_attempt_at"] = window
        return query


def delivery_key(endpoint_id: str, event_id: str, replay_id: str | None) -> str:
    return f"{endpoint_id}:{event_id}" + (f":{replay_id}" if replay_id else "")


class DeliveryLog:
    def __init__(self, collection: AsyncCollection[Document]) -> None:
        self.collection = collection

    async def begin(
        self, endpoint_id: str, event: Incoming, replay_id: str | None, now: datetime
    ) -> Document:
        """The delivery's entry, created pending if it is new."""
        key = delivery_key(endpoint_id, event.event_id, replay_id)
        found = await self.collection.find_one({"_id": key})
        if found is not None:
            return found
        entry: Document = {
            "_id": key,
            "endpoint_id": endpoint_id,
            "event_id": event.event_id,
            "event_type": event.event_type,
            "topic": event.topic,
            "aggregate_id": event.aggregate_id,
            "aggregate_version": event.aggregate_version,
            "occurred_at": event.occurred_at,
            "replay_id": replay_id,
            "status": DeliveryStatus.PENDING.value,
            "attempts": [],
            "attempt_count": 0,
            "first_attempt_at": now,
            "last_attempt_at": None,
            "next_attempt_at": now,
            "finished_at": None,
            "parked_reason": None,
        }
        await self.collection.insert_one(entry)
        return entry

    async def attempted(self, key: str, attempt: Attempt, next_at: datetime | None) -> None:
        record = {
            "at": attempt.at,
            "status_code": attempt.status_code,
            "error": attempt.error,
            "duration_ms": attempt.duration_ms,
        }
        await self.collection.update_one(
            {"_id": key},
            {
                "$push": {"attempts": record},
                "$inc": {"attempt_count": 1},
                "$set": {"last_attempt_at": attempt.at, "next_attempt_at": next_at},
            },
        )

    async def finish(
        self, key: str, status: DeliveryStatus, at: datetime, reason: str | None = None
    ) -> None:
        await self.collection.update_one(
            {"_id": key},
            {
                "$set": {
                    "status": status.value,
                    "finished_at": at,
                    "next_attempt_at": None,
                    "parked_reason": reason,
                }
            },
        )

    async def page(self, where: DeliveryFilter, *, limit: int, offset: int) -> Listing[Document]:
        return await find_page(
            self.collection,
            where.query(),
            (("first_attempt_at", DESCENDING), ("_id", DESCENDING)),
            limit=limit,
            offset=offset,
        )

    async def all_of(self, endpoint_id: str) -> list[dict[str, Any]]:
        """Every entry of an endpoint, oldest first (tests and support)."""
        cursor = self.collection.find({"endpoint_id": endpoint_id}).sort("first_attempt_at", 1)
        return [entry async for entry in cursor]
