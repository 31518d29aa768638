"""A hundred updates at once all finish: the database neither hangs nor loses one of them.

FerretDB v1 over PostgreSQL reads the documents to update on one pooled PostgreSQL connection and,
still holding it, writes on a second. With as many updates in flight as its pool has connections
(50 unless its URL says `pool_max_conns`), each holds one and waits for a second: none ever
finishes, and neither does anything after. `deploy/local/infra.sh` sizes the pool above what
clients send at once; this test keeps it so, on whichever backend the tests were given.

To have the hundred really in flight together: one client (one connection) per update, connected
beforehand, and a filter FerretDB cannot hand to the database (a regular expression), so that
each update holds its reading connection while it scans. Against FerretDB's default pool of 50
this hangs on every try; with the pool `infra.sh` gives it, it takes a few seconds.
"""

from __future__ import annotations

import asyncio
import contextlib
import time

import pytest
from pymongo import AsyncMongoClient
from pymongo.errors import OperationFailure

from tests.conftest import unique

pytestmark = pytest.mark.integration

UPDATES = 100
FILLER = 500  # documents scanned before each match, so that the updates overlap
BOUND_S = 60.0


async def update_when_free(
    client: AsyncMongoClient[dict[str, object]], database: str, i: int
) -> int:
    """One update; SQLite refuses a write under contention ("database is locked"), and a refused
    write changed nothing, so it is repeated (as the chassis does)."""
    docs = client[database]["docs"]
    for attempt in range(10):
        try:
            result = await docs.update_one({"key": {"$regex": f"^k{i}$"}}, {"$set": {"n": i + 1}})
            return result.matched_count
        except OperationFailure as error:
            if "SQLITE_BUSY" not in str(error) and "database is locked" not in str(error):
                raise
            await asyncio.sleep(0.02 * 2**attempt)
    raise AssertionError(f"update {i} refused as busy 10 times")


async def test_100_concurrent_updates_all_finish(
    mongodb_url: str, mongo_client: AsyncMongoClient[dict[str, object]]
) -> None:
    # Not the `mongo_db` fixture: after a hang its unbounded drop would hang the session too,
    # before the failure below is reported. Here the drop is bounded.
    database = unique("concurrency").replace("-", "_")
    try:
        await run_updates(mongodb_url, mongo_client, database)
    finally:
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(10):
                await mongo_client.drop_database(database)


async def run_updates(
    mongodb_url: str, mongo_client: AsyncMongoClient[dict[str, object]], database: str
) -> None:
    docs = mongo_client[database]["docs"]
    await docs.insert_many([{"_id": f"f{i}", "key": f"f{i}", "n": 0} for i in range(FILLER)])
    await docs.insert_many([{"_id": i, "key": f"k{i}", "n": 0} for i in range(UPDATES)])

    clients: list[AsyncMongoClient[dict[str, object]]] = [
        AsyncMongoClient(mongodb_url, maxPoolSize=1, serverSelectionTimeoutMS=10000)
        for _ in range(UPDATES)
    ]
    try:
        await asyncio.gather(*(c[database]["docs"].find_one({"_id": 0}) for c in clients))
        started = time.monotonic()
        try:
            async with asyncio.timeout(BOUND_S):
                matched = await asyncio.gather(
                    *(update_when_free(c, database, i) for i, c in enumerate(clients))
                )
        except TimeoutError:
            raise AssertionError(
                f"{UPDATES} concurrent update_one calls did not finish within {BOUND_S}s: does"
                " FerretDB's PostgreSQL pool (pool_max_conns) exceed the updates in flight?"
                " A FerretDB stuck so stays stuck: restart it (deploy/local/infra.sh down)."
            ) from None
        elapsed = time.monotonic() - started
    finally:
        await asyncio.gather(*(c.close() for c in clients))

    print(f"\n{UPDATES} concurrent update_one calls finished in {elapsed:.2f}s")
    assert matched == [1] * UPDATES
    updated = {d["_id"]: d["n"] async for d in docs.find({"key": {"$regex": "^k"}})}
    assert updated == {i: i + 1 for i in range(UPDATES)}
