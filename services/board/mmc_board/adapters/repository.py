"""The board's aggregates in MongoDB, stored through the chassis' `AggregateStore`.

Each aggregate is one document (its `to_document()` form) that also carries its outbox; the
store writes the new state and the new events in one operation, guarded by the version, so a
concurrent second writer gets `StaleVersion` and changes nothing. Reads leave the outbox out
(events waiting for the relay are not part of the state).

The Board is small (ten seats, a few memberships a year), so questions about who served when
load every membership and let the domain (`history.board_on`) answer them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Generic, Protocol, TypeVar

from pymongo import ASCENDING, DESCENDING, IndexModel
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase

from mmc_board.domain import Meeting, Membership, Nomination, SelectionRound, Vacancy
from mmc_chassis.errors import NotFound
from mmc_chassis.mongo import Document
from mmc_chassis.mongo import ensure_indexes as create_missing_indexes
from mmc_chassis.outbox import OUTBOX, AggregateStore
from mmc_contracts import Event

__all__ = [
    "AGGREGATE_COLLECTIONS",
    "INDEXES",
    "MEETINGS",
    "MEMBERSHIPS",
    "NOMINATIONS",
    "ROUNDS",
    "VACANCIES",
    "MeetingRepository",
    "MembershipRepository",
    "NominationRepository",
    "Repository",
    "RoundRepository",
    "VacancyRepository",
    "ensure_indexes",
    "outboxes_empty",
]

MEMBERSHIPS = "memberships"
VACANCIES = "vacancies"
NOMINATIONS = "nominations"
ROUNDS = "selection_rounds"
MEETINGS = "meetings"

WITHOUT_OUTBOX: Document = {OUTBOX: 0}
Sort = Sequence[tuple[str, int]]


class Aggregate(Protocol):
    """What every board aggregate offers the repository."""

    @property
    def id(self) -> str: ...

    @property
    def version(self) -> int: ...

    def to_document(self) -> dict[str, Any]: ...

    def pull_events(self) -> list[Event]: ...


A = TypeVar("A", bound=Aggregate)


class Repository(Generic[A]):
    """Loads, lists and saves one kind of aggregate."""

    def __init__(
        self, store: AggregateStore, from_document: Callable[[Mapping[str, Any]], A]
    ) -> None:
        self.store = store
        self.collection: AsyncCollection[Document] = store.collection
        self._from_document = from_document

    @property
    def kind(self) -> str:
        return self.store.kind

    async def get(self, aggregate_id: str) -> A:
        """The aggregate; `NotFound` if there is none with this id."""
        return self._from_document(await self.store.load(aggregate_id))

    async def find(self, aggregate_id: str) -> A | None:
        """The aggregate, or None."""
        document = await self.collection.find_one({"_id": aggregate_id}, WITHOUT_OUTBOX)
        return None if document is None else self._from_document(document)

    async def exists(self, aggregate_id: str) -> bool:
        return await self.collection.count_documents({"_id": aggregate_id}, limit=1) > 0

    async def add(self, aggregate: A) -> None:
        """Store a new aggregate and its first events (`AlreadyExists` for a known id)."""
        await self.store.create(aggregate.to_document(), aggregate.pull_events())

    async def save(self, aggregate: A) -> None:
        """Store the new state and its pending events; `StaleVersion` on a race. Nothing to do
        without events."""
        await self.store.update(aggregate.to_document(), aggregate.pull_events())

    async def list(
        self, query: Document, sort: Sort, *, limit: int | None = None, offset: int = 0
    ) -> list[A]:
        cursor = self.collection.find(query, WITHOUT_OUTBOX).sort(list(sort)).skip(offset)
        if limit is not None:
            cursor = cursor.limit(limit)
        return [self._from_document(document) async for document in cursor]

    async def count(self, query: Document) -> int:
        return await self.collection.count_documents(query)


class MembershipRepository(Repository[Membership]):
    def __init__(self, store: AggregateStore) -> None:
        super().__init__(store, Membership.from_document)

    async def all(self) -> list[Membership]:
        """Every membership, serving or ended, by seat and first day."""
        return await self.list({}, [("seat", ASCENDING), ("terms.0.start", ASCENDING)])

    async def serving(self) -> list[Membership]:
        """The memberships that have not ended (their current term may be over)."""
        return await self.list({"status": "serving"}, [("seat", ASCENDING), ("_id", ASCENDING)])

    async def of_city(self, city_id: str) -> list[Membership]:
        return await self.list({"mayor.city_id": city_id}, [("seated_at", ASCENDING)])


class VacancyRepository(Repository[Vacancy]):
    def __init__(self, store: AggregateStore) -> None:
        super().__init__(store, Vacancy.from_document)

    async def open_ones(self) -> list[Vacancy]:
        return await self.list({"status": "open"}, [("opened_on", ASCENDING), ("seat", ASCENDING)])


class NominationRepository(Repository[Nomination]):
    def __init__(self, store: AggregateStore) -> None:
        super().__init__(store, Nomination.from_document)

    async def active_for_city(self, city_id: str) -> list[Nomination]:
        """The nominations of the city's mayor still in play (received or candidate)."""
        return await self.list(
            {"mayor.city_id": city_id, "status": {"$in": ["received", "candidate"]}},
            [("received_at", ASCENDING)],
        )

    async def get_many(self, ids: Sequence[str]) -> dict[str, Nomination]:
        found = await self.list({"_id": {"$in": list(ids)}}, [("_id", ASCENDING)])
        return {nomination.id: nomination for nomination in found}


class RoundRepository(Repository[SelectionRound]):
    def __init__(self, store: AggregateStore) -> None:
        super().__init__(store, SelectionRound.from_document)

    async def open_for_vacancy(self, vacancy_id: str) -> list[SelectionRound]:
        return await self.list(
            {"vacancy_id": vacancy_id, "status": "open"}, [("opened_at", ASCENDING)]
        )

    async def open_with_candidate(self, nomination_id: str) -> list[SelectionRound]:
        return await self.list(
            {"candidates.nomination_id": nomination_id, "status": "open"},
            [("opened_at", ASCENDING)],
        )


class MeetingRepository(Repository[Meeting]):
    def __init__(self, store: AggregateStore) -> None:
        super().__init__(store, Meeting.from_document)


async def get_or_none(repository: Repository[A], aggregate_id: str) -> A | None:
    try:
        return await repository.get(aggregate_id)
    except NotFound:
        return None


INDEXES: dict[str, list[IndexModel]] = {
    MEMBERSHIPS: [
        IndexModel([("status", ASCENDING), ("seat", ASCENDING)], name="by_status_and_seat"),
        IndexModel([("mayor.city_id", ASCENDING)], name="by_city"),
        IndexModel([("seat", ASCENDING), ("terms.0.start", ASCENDING)], name="by_seat"),
    ],
    VACANCIES: [
        IndexModel([("status", ASCENDING), ("opened_on", ASCENDING)], name="by_status"),
    ],
    NOMINATIONS: [
        IndexModel([("status", ASCENDING)], name="by_status"),
        IndexModel([("mayor.city_id", ASCENDING)], name="by_city"),
        IndexModel([("vacancy_id", ASCENDING)], name="by_vacancy"),
        IndexModel([("received_at", DESCENDING), ("_id", ASCENDING)], name="by_received_at"),
    ],
    ROUNDS: [
        IndexModel([("vacancy_id", ASCENDING), ("status", ASCENDING)], name="by_vacancy"),
        IndexModel([("candidates.nomination_id", ASCENDING)], name="by_candidate"),
        IndexModel([("opened_at", DESCENDING), ("_id", ASCENDING)], name="by_opened_at"),
    ],
    MEETINGS: [
        IndexModel([("held_on", DESCENDING), ("_id", ASCENDING)], name="by_held_on"),
    ],
}
"""The indexes behind the lists and the reactions' look-ups."""


AGGREGATE_COLLECTIONS = (MEMBERSHIPS, VACANCIES, NOMINATIONS, ROUNDS, MEETINGS)


async def outboxes_empty(database: AsyncDatabase[Document]) -> bool:
    """Whether the relay has published (and removed) every event the aggregates hold."""
    for name in AGGREGATE_COLLECTIONS:
        if await database[name].count_documents({f"{OUTBOX}.0": {"$exists": True}}, limit=1):
            return False
    return True


async def ensure_indexes(database: AsyncDatabase[Document]) -> None:
    """Create the missing indexes of `INDEXES` (at start-up; cheap when they exist)."""
    for collection, indexes in INDEXES.items():
        await create_missing_indexes(database[collection], indexes)
