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


@dataclass(frozen=True)
class Expired:
    """A session that just ended of its idle or absolute timeout."""

    staff_id: str
    timeout: str  # "idle" or "absolute"


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
        session, _ = await self.check(token)
        return session

    async def check(self, token: str | None) -> tuple[Session | None, Expired | None]:
        """The live session of a cookie, or None and, when it just ended of a timeout, whose
        session it was and which timeout (for the audit trail)."""
        if not token or len(token) > 200:
            return None, None
        key = _digest(token)
        document = await self.collection.find_one({"_id": key})
        if document is None:
            return None, None
        now = datetime.now(UTC)
        created, last_seen = document["created_at"], document["last_seen"]
        created = created if created.tzinfo else created.replace(tzinfo=UTC)
        last_seen = last_seen if last_seen.tzinfo else last_seen.replace(tzinfo=UTC)
        timeout = (
            "absolute"
            if now - created > self.absolute
            else "idle"
            if now - last_seen > self.idle
            else None
        )
        if timeout is not None:
            await self.collection.delete_one({"_id": key})
            return None, Expired(document["staff_id"], timeout)
        # The idle clock restarts at most once a minute: one write per minute, not per page
        # (a session may so end up to a minute before 30 idle minutes).
        if now - last_seen > TOUCH_EVERY:
            await self.collection.update_one({"_id": key}, {"$set": {"last_seen": now}})
            last_seen = now
        return Session(key, document["staff_id"], document["csrf"], created, last_seen), None

    async def end(self, key: str) -> None:
        await self.collection.delete_one({"_id": key})

    async def end_all(self, staff_id: str) -> None:
        """Every session of an account (disabled, or its password reset)."""
        await self.collection.delete_many({"staff_id": staff_id})
