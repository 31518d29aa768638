"""Sign-in throttling: failed attempts counted per account and per client address.

Failures are stored in the gateway's database, so a restart or a second gateway process does
not reset them. Past the limit within the window, a sign-in is refused before any password is
checked, with the same message whatever the reason.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from pymongo import ASCENDING
from pymongo.asynchronous.collection import AsyncCollection

Document = dict[str, Any]
FAILURES = "sign_in_failures"


class Throttle:
    def __init__(
        self,
        collection: AsyncCollection[Document],
        *,
        window: timedelta,
        per_account: int,
        per_address: int,
    ) -> None:
        self.collection = collection
        self.window = window
        self.per_account = per_account
        self.per_address = per_address

    async def ensure_indexes(self) -> None:
        await self.collection.create_index([("key", ASCENDING), ("at", ASCENDING)])

    async def blocked(self, email: str, address: str) -> bool:
        since = datetime.now(UTC) - self.window
        account = await self.collection.count_documents(
            {"key": f"account:{email}", "at": {"$gt": since}}
        )
        if account >= self.per_account:
            return True
        by_address = await self.collection.count_documents(
            {"key": f"address:{address}", "at": {"$gt": since}}
        )
        return by_address >= self.per_address

    async def failed(self, email: str, address: str) -> None:
        now = datetime.now(UTC)
        await self.collection.insert_many(
            [{"key": f"account:{email}", "at": now}, {"key": f"address:{address}", "at": now}]
        )
        # Old failures are of no further use.
        await self.collection.delete_many({"at": {"$lt": now - self.window}})

    async def succeeded(self, email: str) -> None:
        await self.collection.delete_many({"key": f"account:{email}"})
