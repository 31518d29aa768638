"""MongoDB access through PyMongo's asyncio API (portable to FerretDB: no transactions needed)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from pymongo import AsyncMongoClient, IndexModel
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import OperationFailure

Document = dict[str, Any]
T = TypeVar("T")


class DatabaseBusy(Exception):
    """The database refused a write for contention after retries (HTTP 503: try again)."""


def is_busy(error: OperationFailure) -> bool:
    """FerretDB over SQLite answers a write under contention with "database is locked"."""
    return is_busy_message(str(error))


def is_busy_message(message: str) -> bool:
    """The same, for one write error of a bulk write (its `errmsg`)."""
    return "SQLITE_BUSY" in message or "database is locked" in message


async def retry_when_busy(
    write: Callable[[], Awaitable[T]], attempts: int = 6, backoff_seconds: float = 0.02
) -> T:
    """Run `write`, retrying with backoff while the database is busy (a write refused for
    contention changed nothing, so repeating it is safe)."""
    for attempt in range(1, attempts + 1):
        try:
            return await write()
        except OperationFailure as error:
            if not is_busy(error):
                raise
            if attempt == attempts:
                raise DatabaseBusy("the database is busy; try again shortly") from error
            await asyncio.sleep(backoff_seconds * 2 ** (attempt - 1))
    raise AssertionError("unreachable")


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


async def ensure_indexes(
    collection: AsyncCollection[Document], indexes: list[IndexModel], *, lookups: bool = True
) -> None:
    """Create the named indexes that are missing, one at a time.

    Asking FerretDB v1 to create again, in one call, a set of indexes that exists already (a
    unique one beside one on a dotted path) makes it drop the connection; creating only what is
    missing is also cheaper at every start. Where the server looks nothing up by an index
    (`lookups=False`: FerretDB over SQLite reads by `_id` or scans), only the unique indexes are
    created, for their constraint: any other would cost every write and serve no read.
    """
    existing = {index["name"] async for index in await collection.list_indexes()}
    for index in indexes:
        if not lookups and not index.document.get("unique"):
            continue
        if index.document["name"] not in existing:
            await collection.create_indexes([index])


@dataclass
class DatabaseTraits:
    """What the server guarantees and does fast, found at start-up (`detect_traits`)."""

    atomic_documents: bool = True
    """MongoDB: one document's update is atomic. FerretDB v1: it is not."""
    version_filter: bool = True
    """Whether a write filtered on `{_id, version}` is looked up without a scan: MongoDB and
    FerretDB over PostgreSQL (the filter is pushed down to SQL); over SQLite it is not."""

    @property
    def indexed_lookups(self) -> bool:
        """Whether the server looks documents up by secondary indexes: FerretDB over SQLite
        pushes no filter but exactly `{_id}` down (the same finding as `version_filter`)."""
        return self.version_filter

    def adopt(self, found: DatabaseTraits) -> None:
        """Take what was found (in place: the stores hold this very object)."""
        self.atomic_documents, self.version_filter = found.atomic_documents, found.version_filter


TRAITS_PROBE = "mmc_traits_probe"


async def atomic_documents(database: AsyncDatabase[Document]) -> bool:
    """Whether the server updates one document atomically: MongoDB does, FerretDB v1 does not
    (its `buildInfo` names a `ferretdbVersion`)."""
    info = await database.client.admin.command("buildInfo")
    return "ferretdbVersion" not in info


async def detect_traits(database: AsyncDatabase[Document]) -> DatabaseTraits:
    """The server's traits. FerretDB's `explain` says whether it pushes a filter down (it
    needs a collection that exists: a one-document probe)."""
    if await atomic_documents(database):
        return DatabaseTraits(atomic_documents=True, version_filter=True)
    probe = {"_id": "probe", "version": 0}
    await database[TRAITS_PROBE].replace_one({"_id": "probe"}, probe, upsert=True)
    plan = await database.command("explain", {"find": TRAITS_PROBE, "filter": probe})
    return DatabaseTraits(atomic_documents=False, version_filter=bool(plan.get("filterPushdown")))
