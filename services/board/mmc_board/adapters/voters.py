"""The registered voters besides the Board mayors: the supporting partners.

A selection round's electorate is the serving Board mayors (by membership id) and every voter
registered here (by its id). Registering is idempotent by id: the document's `_id` is the
voter id, so registering the same partner twice keeps the first registration.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pymongo import ASCENDING
from pymongo.asynchronous.collection import AsyncCollection

from mmc_chassis.mongo import Document
from mmc_chassis.projection import insert_once
from mmc_contracts.board import VoterKind

__all__ = ["VOTERS", "Voter", "Voters"]

VOTERS = "voters"


@dataclass(frozen=True)
class Voter:
    id: str
    name: str
    registered_at: datetime
    registered_by: str
    kind: VoterKind = VoterKind.SUPPORTING_PARTNER

    def to_document(self) -> Document:
        return {
            "_id": self.id,
            "name": self.name,
            "kind": str(self.kind),
            "registered_at": self.registered_at,
            "registered_by": self.registered_by,
        }

    @classmethod
    def from_document(cls, document: dict[str, Any]) -> Voter:
        return cls(
            id=str(document["_id"]),
            name=document["name"],
            kind=VoterKind(document.get("kind", VoterKind.SUPPORTING_PARTNER)),
            registered_at=document["registered_at"],
            registered_by=document.get("registered_by", ""),
        )


class Voters:
    """The `voters` collection."""

    def __init__(self, collection: AsyncCollection[Document]) -> None:
        self.collection = collection

    async def add(self, voter: Voter) -> bool:
        """Register the voter; False if one with the same id is registered already."""
        return await insert_once(self.collection, voter.to_document())

    async def get(self, voter_id: str) -> Voter | None:
        document = await self.collection.find_one({"_id": voter_id})
        return None if document is None else Voter.from_document(document)

    async def all(self) -> list[Voter]:
        cursor = self.collection.find({}).sort([("_id", ASCENDING)])
        return [Voter.from_document(document) async for document in cursor]
