"""The real MongoDB-wire server does what the platform relies on, through AsyncMongoClient."""

from __future__ import annotations

import pytest
from pymongo import ReturnDocument
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

pytestmark = pytest.mark.integration


async def test_insert_read_unique_index_and_compare_and_set(
    mongo_db: AsyncDatabase[dict[str, object]],
) -> None:
    cities = mongo_db["cities"]
    await cities.create_index([("name_key", 1)], unique=True)

    await cities.insert_one({"_id": "c1", "name_key": "freetown|sl", "version": 1})
    assert await cities.find_one({"_id": "c1"}) == {
        "_id": "c1",
        "name_key": "freetown|sl",
        "version": 1,
    }

    with pytest.raises(DuplicateKeyError):
        await cities.insert_one({"_id": "c2", "name_key": "freetown|sl", "version": 1})

    # Compare-and-set on `version`: the first writer wins, a stale writer matches nothing.
    updated = await cities.find_one_and_update(
        {"_id": "c1", "version": 1},
        {"$set": {"version": 2, "population": 1_200_000}},
        return_document=ReturnDocument.AFTER,
    )
    assert updated is not None
    assert updated["version"] == 2
    stale = await cities.find_one_and_update(
        {"_id": "c1", "version": 1},
        {"$set": {"version": 2, "population": 0}},
        return_document=ReturnDocument.AFTER,
    )
    assert stale is None
    current = await cities.find_one({"_id": "c1"})
    assert current is not None
    assert current["population"] == 1_200_000
    assert await cities.count_documents({}) == 1
