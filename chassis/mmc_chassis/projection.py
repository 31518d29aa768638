"""Idempotent writes for projections and reactions: a redelivered event changes nothing.

Which older events a projection still takes is its own decision, made with `facet`:
* without it, a document holds one `version` and takes only newer events. Right for events that
  carry the whole state (a profile): an older one says nothing the newer one did not.
* with it, the version is kept per facet (`versions.<facet>`), so an event is taken when it is
  newer than the last one that set *the same facts*. Right for events that each carry one fact
  (a mayor, a partnership status): a dead letter replayed after later events of other kinds
  still sets its fact, instead of being dropped as old.
"""

from __future__ import annotations

from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import DuplicateKeyError

from mmc_chassis.mongo import Document


async def apply_if_newer(
    collection: AsyncCollection[Document],
    key: str,
    version: int,
    changes: Document,
    *,
    facet: str | None = None,
    create: bool = True,
) -> bool:
    """Set `changes` on document `key` only if it holds an older version (of `facet`, if
    given) or none yet; without `create`, only on a document that exists.

    An event whose version the projection already holds (a redelivery, a replay) matches no
    document, so the upsert tries to insert `key` again and the unique `_id` refuses it.
    """
    field = f"versions.{facet}" if facet else "version"
    query: Document = {"_id": key, "$or": [{field: {"$lt": version}}, {field: {"$exists": False}}]}
    try:
        result = await collection.update_one(
            query, {"$set": {**changes, field: version}}, upsert=create
        )
    except DuplicateKeyError:
        return False
    return create or result.matched_count > 0


async def insert_once(collection: AsyncCollection[Document], document: Document) -> bool:
    """Insert a document whose `_id` derives from the event that caused it; False if present."""
    try:
        await collection.insert_one(document)
        return True
    except DuplicateKeyError:
        return False
