"""The audit trail: each entry stored in the gateway's database and published on
`mmc.gateway.audit.v1` in the same write (the chassis' outbox; an entry is an aggregate of one
version). The database keeps where the request came from; the event carries the staff id only.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from pymongo import DESCENDING
from pymongo.asynchronous.collection import AsyncCollection

from mmc_chassis.outbox import OUTBOX, AggregateStore
from mmc_contracts.gateway import AuditOutcome, AuditRecorded

Document = dict[str, Any]
AUDIT = "audit"


@dataclass(frozen=True)
class AuditFilter:
    staff_id: str | None = None
    action: str | None = None
    outcome: str | None = None


class AuditLog:
    def __init__(self, store: AggregateStore) -> None:
        self.store = store

    @property
    def collection(self) -> AsyncCollection[Document]:
        return self.store.collection

    async def ensure_indexes(self) -> None:
        await self.collection.create_index([("at", DESCENDING)])

    async def record(
        self,
        *,
        staff_id: str | None,
        action: str,
        outcome: AuditOutcome,
        address: str,
        target: str | None = None,
    ) -> str:
        entry_id = f"audit-{uuid.uuid4().hex}"
        now = datetime.now(UTC)
        target = target[:300] if target else None
        event = AuditRecorded(
            aggregate_id=entry_id,
            aggregate_version=1,
            occurred_at=now,
            actor=staff_id or "anonymous",
            staff_id=staff_id,
            action=action,
            outcome=outcome,
            target=target,
        )
        document: Document = {
            "_id": entry_id,
            "version": 1,
            "at": now,
            "staff_id": staff_id,
            "action": action,
            "outcome": str(outcome),
            "target": target,
            "address": address,
        }
        await self.store.create(document, [event])
        return entry_id

    async def entries(self, where: AuditFilter, limit: int = 100) -> list[Document]:
        query: Document = {}
        if where.staff_id:
            query["staff_id"] = where.staff_id
        if where.action:
            query["action"] = where.action
        if where.outcome:
            query["outcome"] = where.outcome
        cursor = self.collection.find(query, {OUTBOX: 0}).sort("at", DESCENDING).limit(limit)
        return [document async for document in cursor]
