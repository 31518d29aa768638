"""The board's aggregates in MongoDB (the chassis' `Repository`), the filters of their lists,
and the indexes behind both.

The Board is small (ten seats, a few memberships a year), so questions about who served when
load every membership and let the domain (`history.board_on`) answer them.
"""

from __future__ import annotations

from dataclasses import dataclass

from pymongo import ASCENDING, DESCENDING, IndexModel

from mmc_board.domain import (
    Meeting,
    Membership,
    MembershipStatus,
    Nomination,
    SelectionRound,
    Vacancy,
    VacancyStatus,
)
from mmc_chassis.mongo import Document
from mmc_chassis.outbox import AggregateStore
from mmc_chassis.personal_data import same_email
from mmc_chassis.repository import Repository, matching
from mmc_contracts.board import NominationStatus, RoundStatus, SeatedVia

__all__ = [
    "INDEXES",
    "MEETINGS",
    "MEMBERSHIPS",
    "NOMINATIONS",
    "ROUNDS",
    "VACANCIES",
    "MeetingRepository",
    "MembershipFilter",
    "MembershipRepository",
    "NominationFilter",
    "NominationRepository",
    "RoundFilter",
    "RoundRepository",
    "VacancyFilter",
    "VacancyRepository",
]

MEMBERSHIPS = "memberships"
VACANCIES = "vacancies"
NOMINATIONS = "nominations"
ROUNDS = "selection_rounds"
MEETINGS = "meetings"

ACTIVE_NOMINATION_STATUSES = [str(NominationStatus.RECEIVED), str(NominationStatus.CANDIDATE)]


# --------------------------------------------------------------------------------------------
# List filters (`None` means any; criteria combine with AND)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MembershipFilter:
    status: MembershipStatus | None = None
    city_id: str | None = None
    seat: int | None = None
    via: SeatedVia | None = None  # how the mayor first came to the seat

    def query(self) -> Document:
        return matching(
            {
                "status": self.status,
                "mayor.city_id": self.city_id,
                "seat": self.seat,
                "terms.0.via": self.via,
            }
        )


@dataclass(frozen=True)
class VacancyFilter:
    status: VacancyStatus | None = None

    def query(self) -> Document:
        return matching({"status": self.status})


@dataclass(frozen=True)
class NominationFilter:
    status: NominationStatus | None = None
    city_id: str | None = None
    vacancy_id: str | None = None

    def query(self) -> Document:
        return matching(
            {"status": self.status, "mayor.city_id": self.city_id, "vacancy_id": self.vacancy_id}
        )


@dataclass(frozen=True)
class RoundFilter:
    status: RoundStatus | None = None
    vacancy_id: str | None = None

    def query(self) -> Document:
        return matching({"status": self.status, "vacancy_id": self.vacancy_id})


# --------------------------------------------------------------------------------------------
# Repositories (`order` is the order of their lists)
# --------------------------------------------------------------------------------------------


class MembershipRepository(Repository[Membership]):
    order = (("seat", ASCENDING), ("terms.0.start", ASCENDING), ("_id", ASCENDING))

    def __init__(self, store: AggregateStore) -> None:
        super().__init__(store, Membership.from_document)

    async def all(self) -> list[Membership]:
        """Every membership, serving or ended, by seat and first day."""
        return await self.list({})

    async def serving(self) -> list[Membership]:
        """The memberships that have not ended (their current term may be over)."""
        return await self.list({"status": "serving"}, [("seat", ASCENDING), ("_id", ASCENDING)])

    async def of_city(self, city_id: str) -> list[Membership]:
        return await self.list({"mayor.city_id": city_id}, [("seated_at", ASCENDING)])


class VacancyRepository(Repository[Vacancy]):
    order = (("opened_on", ASCENDING), ("seat", ASCENDING), ("_id", ASCENDING))

    def __init__(self, store: AggregateStore) -> None:
        super().__init__(store, Vacancy.from_document)

    async def open_ones(self) -> list[Vacancy]:
        return await self.list({"status": "open"})


class NominationRepository(Repository[Nomination]):
    order = (("received_at", DESCENDING), ("_id", ASCENDING))

    def __init__(self, store: AggregateStore) -> None:
        super().__init__(store, Nomination.from_document)

    async def active_for_city(self, city_id: str) -> list[Nomination]:
        """The nominations of the city's mayor still in play (received or candidate)."""
        return await self.list(
            {"mayor.city_id": city_id, "status": {"$in": ACTIVE_NOMINATION_STATUSES}},
            [("received_at", ASCENDING)],
        )

    async def of_nominator(
        self, *, email_key: str | None = None, nominator_id: str | None = None
    ) -> list[Nomination]:
        """The nominations a person sent, by their e-mail (any case) or board's id of them."""
        either: list[Document] = []
        if email_key:
            either.append({"nominated_by_email": same_email(email_key)})
        if nominator_id:
            either.append({"nominator_id": nominator_id})
        if not either:
            return []
        return await self.list({"$or": either}, [("received_at", ASCENDING)])


class RoundRepository(Repository[SelectionRound]):
    order = (("opened_at", DESCENDING), ("_id", ASCENDING))

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
    order = (("held_on", DESCENDING), ("_id", ASCENDING))

    def __init__(self, store: AggregateStore) -> None:
        super().__init__(store, Meeting.from_document)


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
