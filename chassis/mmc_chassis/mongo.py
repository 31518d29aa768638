"""MongoDB access through PyMongo's asyncio API (portable to FerretDB: no transactions needed)."""

from __future__ import annotations

from typing import Any

from pymongo import AsyncMongoClient, IndexModel
from pymongo.asynchronous.collection import AsyncCollection
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


async def ensure_indexes(collection: AsyncCollection[Document], indexes: list[IndexModel]) -> None:
    """Create the named indexes that are missing, one at a time.

    Asking FerretDB v1 to create again, in one call, a set of indexes that exists already (a
    unique one beside one on a dotted path) makes it drop the connection; creating only what is
    missing is also cheaper at every start.
    """
    existing = {index["name"] async for index in await collection.list_indexes()}
    for index in indexes:
        if index.document["name"] not in existing:
            await collection.create_indexes([index])
