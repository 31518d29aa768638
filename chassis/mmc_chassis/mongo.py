"""MongoDB access through PyMongo's asyncio API (portable to FerretDB: no transactions needed)."""

from __future__ import annotations

from typing import Any

from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase

Document = dict[str, Any]


def connect(url: str, *, app_name: str) -> AsyncMongoClient[Document]:
    """A client; it connects lazily, so nothing happens at import or construction time."""
    return AsyncMongoClient(
        url, appname=app_name, tz_aware=True, serverSelectionTimeoutMS=5000, connectTimeoutMS=5000
    )


async def ping(database: AsyncDatabase[Document]) -> bool:
    try:
        await database.command("ping")
        return True
    except Exception:
        return False
