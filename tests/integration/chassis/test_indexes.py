"""Indexes where they serve: a server that looks documents up by a secondary index gets every
index; one that does not (FerretDB over SQLite: only an exact `{_id}` filter is looked up, any
other scans) gets the unique ones alone, for their constraint, since another would only slow
every write."""

from __future__ import annotations

import json
from typing import Any

import pytest
from pymongo import ASCENDING, IndexModel
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from mmc_chassis.mongo import detect_traits
from mmc_chassis.repository import ensure_indexes

pytestmark = pytest.mark.integration

INDEXES = {
    "things": [
        IndexModel([("key", ASCENDING)], unique=True, name="unique_key"),
        IndexModel([("colour", ASCENDING)], name="by_colour"),
    ]
}


async def test_indexes_are_created_where_the_server_looks_documents_up_by_them(
    mongo_db: AsyncDatabase[Any],
) -> None:
    traits = await detect_traits(mongo_db)
    await ensure_indexes(mongo_db, INDEXES)
    await ensure_indexes(mongo_db, INDEXES)  # again, as at every start: nothing changes
    names = {index["name"] async for index in await mongo_db["things"].list_indexes()}

    await mongo_db["things"].insert_one({"_id": "a", "key": "k", "colour": "red"})
    plan = await mongo_db.command("explain", {"find": "things", "filter": {"colour": "red"}})
    if traits.atomic_documents:  # MongoDB: the query planner uses the index
        assert names == {"_id_", "unique_key", "by_colour"}
    elif traits.indexed_lookups:  # FerretDB over PostgreSQL: the filter is pushed down to SQL
        assert plan["filterPushdown"] is True
        assert names == {"_id_", "unique_key", "by_colour"}
    else:  # FerretDB over SQLite: a scan whatever the indexes, so only the constraint is kept
        assert plan["filterPushdown"] is False
        assert names == {"_id_", "unique_key"}
    with pytest.raises(DuplicateKeyError):
        await mongo_db["things"].insert_one({"_id": "b", "key": "k", "colour": "blue"})


async def test_a_document_is_found_by_id_through_an_index(mongo_db: AsyncDatabase[Any]) -> None:
    """FerretDB over PostgreSQL matches `_id` with `_jsonb->'_id' @> …`, which its own btree
    index cannot serve; `deploy/local/infra.sh` adds a GIN index that can (without it every find,
    update and delete by `_id` reads the whole table)."""
    traits = await detect_traits(mongo_db)
    if traits.atomic_documents or not traits.indexed_lookups:
        pytest.skip("FerretDB over PostgreSQL only: MongoDB and SQLite look `_id` up directly")
    await mongo_db["many"].insert_many([{"_id": f"k{i}", "pad": "x" * 200} for i in range(2000)])
    for query in ({"_id": "k1"}, {"_id": "k1", "version": 3}):
        plan = json.dumps(await mongo_db.command("explain", {"find": "many", "filter": query}))
        assert "Index Scan" in plan, plan
        assert "Seq Scan" not in plan, plan
