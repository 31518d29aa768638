"""Server-side sessions in the gateway's database.

The cookie carries a random token; the database keeps only its SHA-256, so a copy of the
database opens no session. A session ends when idle too long, when too old, at sign-out, and at
once when its account is disabled (the account is read on every request).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from pymongo import ASCENDING
from pymongo.asynchronous.collection import AsyncCollection

Document = dict[str, Any]
SESSIONS = "sessions"
COOKIE = "mmc_session"
TOUCH_EVERY = timedelta(minutes=1)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class Session:
    key: str
    staff_id: str
    csrf: str
    created_at: datetime
    last_seen: datetime


class Sessions:
    def __init__(
        self, collection: AsyncCollection[Document], *, idle: timedelta, absolute: timedelta
    ) -> None:
        self.collection = collection
        self.idle = idle
        self.absolute = absolute

    async def ensure_indexes(self) -> None:
        await self.collection.create_index([("staff_id", ASCENDING)])

    async def start(self, staff_id: str) -> str:
        """A new session (a new id at every sign-in); returns the cookie's token."""
        token = secrets.token_urlsafe(32)
        now = datetime.now(UTC)
        await self.collection.insert_one(
            {
                "_id": _digest(token),
                "staff_id": staff_id,
                "csrf": secrets.token_urlsafe(32),
                "created_at": now,
                "last_seen": now,
            }
        )
        return token

    async def find(self, token: str | None) -> Session | None:
        """The live session of a cookie, its idle clock restarted; None (and ended) if expired."""
        if not token or len(token) > 200:
            return None
        key = _digest(token)
        document = await self.collection.find_one({"_id": key})
        if document is None:
            return None
        now = datetime.now(UTC)
        created, last_seen = document["created_at"], document["last_seen"]
        if now - last_seen > self.idle or now - created > self.absolute:
            await self.collection.delete_one({"_id": key})
            return None
        # The idle clock restarts at most once a minute: one write per minute, not per page
        # (a session may so end up to a minute before 30 idle minutes).
        if now - last_seen > TOUCH_EVERY:
            await self.collection.update_one({"_id": key}, {"$set": {"last_seen": now}})
            last_seen = now
        return Session(key, document["staff_id"], document["csrf"], created, last_seen)

    async def end(self, key: str) -> None:
        await self.collection.delete_one({"_id": key})

    async def end_all(self, staff_id: str) -> None:
        """Every session of an account (disabled, or its password reset)."""
        await self.collection.delete_many({"staff_id": staff_id})
