"""Bodies of the nominations and voters API."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from mmc_board.adapters.voters import Voter
from mmc_board.domain import (
    NOMINATION_TRANSITIONS,
    STATEMENT_MAX_LENGTH,
    Nomination,
    NominationStatusChange,
)
from mmc_board.entrypoints.models.common import (
    PersonNameText,
    ReasonText,
    StatementText,
    TitleText,
    VoterId,
)
from mmc_chassis.http_models import Id, Page, Strict, Version
from mmc_chassis.personal_data import EmailText
from mmc_contracts.board import Mayor, NominationStatus, VoterKind


class NominateIn(Strict):
    city_id: Id = Field(description="The nominee's city: known to the registry, a partner.")
    mayor_name: PersonNameText | None = Field(
        default=None,
        description="The nominee; the registry's mayor of the city when left out (and must "
        "match it when the registry knows one).",
    )
    nominated_by_name: PersonNameText = Field(examples=["Amina Diallo"])
    nominated_by_role: TitleText = Field(examples=["Deputy Mayor"])
    nominated_by_email: EmailText | None = Field(
        default=None,
        description="How the MMC reaches the nominator, if given: kept by board only (never "
        "in events), exported and erased on the nominator's request (`/personal-data`).",
        examples=["amina.diallo@example.org"],
    )
    nominated_by_city_id: Id | None = Field(
        default=None, description="The nominating city; the nominee's city when left out."
    )
    statement: StatementText = Field(
        description=f"Why the nominee should join the Board: 20 to {STATEMENT_MAX_LENGTH} "
        "characters.",
        examples=["She has led Freetown's climate migration response since 2018."],
    )
    vacancy_id: Id | None = Field(default=None, description="The vacancy it answers, if any.")


class NominationStatusIn(Strict):
    to_status: Literal["candidate", "withdrawn"] = Field(
        description="Shortlist (`candidate`) or withdraw (needs a reason).",
        examples=["candidate"],
    )
    reason: ReasonText | None = None
    expected_version: Version | None = None


class NominationOut(BaseModel):
    id: str
    version: int
    mayor: Mayor
    nominated_by_name: str
    nominated_by_role: str
    nominated_by_email: str | None
    nominated_by_city_id: str
    statement: str
    nominator_erased: bool = Field(
        description="The nominator asked to be erased: name, role and statement read `(erased)`."
    )
    status: NominationStatus
    next_statuses: list[NominationStatus]
    vacancy_id: str | None
    status_history: list[NominationStatusChange]
    received_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, nomination: Nomination) -> NominationOut:
        allowed = NOMINATION_TRANSITIONS[nomination.status]
        return cls(
            id=nomination.id,
            version=nomination.version,
            mayor=nomination.mayor,
            nominated_by_name=nomination.nominated_by_name,
            nominated_by_role=nomination.nominated_by_role,
            nominated_by_email=nomination.nominated_by_email,
            nominated_by_city_id=nomination.nominated_by_city_id,
            statement=nomination.statement,
            nominator_erased=nomination.nominator_erased,
            status=nomination.status,
            next_statuses=[s for s in NominationStatus if s in allowed],
            vacancy_id=nomination.vacancy_id,
            status_history=list(nomination.status_history),
            received_at=nomination.received_at,
            updated_at=nomination.updated_at,
        )


class NominationPage(Page[NominationOut]):
    """A page of nominations."""


class VoterIn(Strict):
    id: VoterId = Field(
        description="The voter id (lower case, digits, `-`, `_`).", examples=["iom"]
    )
    name: PersonNameText = Field(examples=["International Organization for Migration"])


class VoterOut(BaseModel):
    id: str
    name: str
    kind: VoterKind
    registered_at: datetime
    registered_by: str

    @classmethod
    def of(cls, voter: Voter) -> VoterOut:
        return cls(
            id=voter.id,
            name=voter.name,
            kind=voter.kind,
            registered_at=voter.registered_at,
            registered_by=voter.registered_by,
        )


class VoterList(BaseModel):
    items: list[VoterOut]
