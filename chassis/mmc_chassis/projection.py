"""Idempotent writes for projections and reactions: a redelivered event changes nothing."""

from __future__ import annotations

from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import DuplicateKeyError

from mmc_chassis.mongo import Document


async def apply_if_newer(
    collection: AsyncCollection[Document], key: str, version: int, changes: Document
) -> bool:
    """Set `changes` on document `key` only if it holds an older version (or none yet).

    An event whose version the projection already holds (a redelivery, a replay) matches no
    document, so the upsert tries to insert `key` again and the unique `_id` refuses it.
    """
    try:
        await collection.update_one(
            {"_id": key, "version": {"$lt": version}},
            {"$set": {**changes, "version": version}},
            upsert=True,
        )
        return True
    except DuplicateKeyError:
        return False


async def insert_once(collection: AsyncCollection[Document], document: Document) -> bool:
    """Insert a document whose `_id` derives from the event that caused it; False if present."""
    try:
        await collection.insert_one(document)
        return True
    except DuplicateKeyError:
        return False
