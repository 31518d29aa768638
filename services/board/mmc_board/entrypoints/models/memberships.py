"""Bodies of the memberships and vacancies API."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field

from mmc_board.domain import Membership, MembershipStatus, Vacancy, VacancyStatus
from mmc_board.entrypoints.models.common import MAX_SEAT, Day, PersonNameText, ReasonText
from mmc_board.ids import vacancy_id_for
from mmc_chassis.http_models import Id, Page, Strict, Version
from mmc_contracts.board import Mayor, MembershipEndReason, SeatedVia


class SeatMayorIn(Strict):
    """Seat a city's mayor: on the founding Board, or by appointment (a selection round seats
    its nominee by itself)."""

    city_id: Id = Field(description="The city (as in `GET /cities`).")
    mayor_name: PersonNameText | None = Field(
        default=None,
        description="The mayor to seat; the registry's mayor of the city when left out.",
        examples=["Yvonne Aki-Sawyerr"],
    )
    term_start: Day = Field(description="First day of the 2-year term.", examples=["2026-12-01"])
    via: Literal["founding", "appointment"] = Field(default="appointment", examples=["appointment"])
    seat: int | None = Field(
        default=None,
        ge=1,
        le=MAX_SEAT,
        description="The seat; the lowest free for the whole term when left out.",
        examples=[3],
    )
    vacancy_id: Id | None = Field(
        default=None, description="The open vacancy this seat fills, if any."
    )


class RenewIn(Strict):
    start: Day | None = Field(
        default=None,
        description="First day of the new term; the day after the current term by default.",
    )
    expected_version: Version | None = None


class DepartureIn(Strict):
    reason: Literal["resigned", "left_office"] = Field(examples=["resigned"])
    on: Day = Field(description="The mayor's last day on the Board.", examples=["2027-03-14"])
    note: ReasonText | None = Field(default=None, examples=["Running for national office."])
    expected_version: Version | None = None


class TermOut(BaseModel):
    start: date
    end: date
    via: SeatedVia


class MembershipOut(BaseModel):
    """A mayor's time on a Board seat; `version` is the `expected_version` to send back."""

    id: str
    version: int
    mayor: Mayor
    seat: int
    status: MembershipStatus
    term_start: date = Field(description="First day of the current (latest) term.")
    term_end: date = Field(description="Last day of the current (latest) term.")
    via: SeatedVia = Field(description="How the mayor first came to the seat.")
    terms: list[TermOut]
    seated_at: datetime
    updated_at: datetime
    nomination_id: str | None
    round_id: str | None
    end_reason: MembershipEndReason | None
    ended_on: date | None = Field(description="The last day on the Board, once ended.")
    end_note: str | None
    announced_term_ends: list[date] = Field(description="Term ends announced ahead.")
    vacancy_id: str | None = Field(description="The vacancy the membership left, once ended.")

    @classmethod
    def of(cls, membership: Membership) -> MembershipOut:
        term = membership.current_term
        return cls(
            id=membership.id,
            version=membership.version,
            mayor=membership.mayor,
            seat=membership.seat,
            status=membership.status,
            term_start=term.start,
            term_end=term.end,
            via=membership.terms[0].via,
            terms=[TermOut(start=t.start, end=t.end, via=t.via) for t in membership.terms],
            seated_at=membership.seated_at,
            updated_at=membership.updated_at,
            nomination_id=membership.nomination_id,
            round_id=membership.round_id,
            end_reason=membership.end_reason,
            ended_on=membership.ended_on,
            end_note=membership.end_note,
            announced_term_ends=list(membership.announced_term_ends),
            vacancy_id=None if membership.is_serving else vacancy_id_for(membership.id),
        )


class MembershipPage(Page[MembershipOut]):
    """A page of memberships."""


class VacancyOut(BaseModel):
    id: str
    version: int
    seat: int
    status: VacancyStatus
    reason: MembershipEndReason
    opened_on: date = Field(description="First day the seat is vacant.")
    previous_membership_id: str | None
    previous_mayor: Mayor | None
    filled_by: str | None = Field(description="The membership that filled it.")
    round_id: str | None
    opened_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, vacancy: Vacancy) -> VacancyOut:
        return cls(
            id=vacancy.id,
            version=vacancy.version,
            seat=vacancy.seat,
            status=vacancy.status,
            reason=vacancy.reason,
            opened_on=vacancy.opened_on,
            previous_membership_id=vacancy.previous_membership_id,
            previous_mayor=vacancy.previous_mayor,
            filled_by=vacancy.filled_by,
            round_id=vacancy.round_id,
            opened_at=vacancy.opened_at,
            updated_at=vacancy.updated_at,
        )


class VacancyPage(Page[VacancyOut]):
    """A page of vacancies."""


class DepartureOut(BaseModel):
    membership: MembershipOut
    vacancy: VacancyOut
