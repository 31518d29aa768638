"""Events of the board service (Leadership Board governance) and the value types they carry.

Five aggregates, five topics:

* `membership` on `mmc.board.membership.v1`: a mayor's time on the Board, seated on a numbered
  seat for 2-year terms, renewed, told ahead of a term's end, leaving. Every membership event
  carries the `mayor` (with the city id) and the `seat`, so a consumer can route it to the city
  without a lookup.
* `vacancy` on `mmc.board.vacancy.v1`: a seat that became empty, until it is filled. Every
  vacancy event carries the `seat`.
* `nomination` on `mmc.board.nomination.v2`: a mayor nominated by a city's leadership; the
  nominator's name, role and statement travel sealed (`mmc_contracts.sealed`).
* `selection_round` on `mmc.board.selection-round.v1`: the Board mayors and supporting partners
  choosing among the nominees for a vacancy. Every round event carries `vacancy_id`. Ballots are
  secret: `BallotCast` says who voted, never for whom; the counts are published once, in
  `NomineeSelected`, when the round closes.
* `meeting` on `mmc.board.meeting.v1`: a Board meeting, its attendance, recommendations and
  decisions.

Dates (`term_start`, `left_on`, ...) are calendar days, ISO 8601 (`2026-12-01`); a term runs
from `term_start` to `term_end`, both days included. As for the cities events, the models
validate the *shape* of the facts; the business rules are the board service's.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field

from mmc_contracts.cities import CityName, CountryCode, NonEmptyStr, PersonName, Title
from mmc_contracts.envelope import Event
from mmc_contracts.sealed import Sealed
from mmc_contracts.topics import (
    BOARD_MEETING,
    BOARD_MEMBERSHIP,
    BOARD_NOMINATION,
    BOARD_SELECTION_ROUND,
    BOARD_VACANCY,
)

# --------------------------------------------------------------------------------------------
# Enumerations. New values may be added in a compatible release.
# --------------------------------------------------------------------------------------------


class SeatedVia(StrEnum):
    """How a mayor came to a Board seat."""

    FOUNDING = "founding"
    """One of the ten mayors of the founding Board."""
    SELECTION = "selection"
    """Selected by the Board and the supporting partners in a selection round."""
    RENEWAL = "renewal"
    """A further term of a mayor already on the Board."""
    APPOINTMENT = "appointment"
    """Seated by a decision outside a selection round (recorded by staff)."""


class MembershipEndReason(StrEnum):
    """Why a mayor left the Board (and so why a seat became vacant)."""

    TERM_ENDED = "term_ended"
    RESIGNED = "resigned"
    LEFT_OFFICE = "left_office"
    """The mayor is no longer the city's mayor."""


class VoterKind(StrEnum):
    """Who may vote in a selection round."""

    BOARD_MAYOR = "board_mayor"
    """A serving Board mayor; the voter id is the membership id."""
    SUPPORTING_PARTNER = "supporting_partner"
    """A supporting partner organisation; the voter id is the partner's id."""


class NominationStatus(StrEnum):
    """The life cycle of a nomination."""

    RECEIVED = "received"
    CANDIDATE = "candidate"
    SELECTED = "selected"
    NOT_SELECTED = "not_selected"
    WITHDRAWN = "withdrawn"


class RoundStatus(StrEnum):
    """Whether a selection round takes ballots."""

    OPEN = "open"
    CLOSED = "closed"


# --------------------------------------------------------------------------------------------
# Value types
# --------------------------------------------------------------------------------------------


class Mayor(BaseModel):
    """A mayor and the city they lead, as the Board knows them."""

    model_config = ConfigDict(frozen=True)

    name: PersonName = Field(description="The mayor's full name.", examples=["Yvonne Aki-Sawyerr"])
    city_id: NonEmptyStr = Field(
        description="Id of the mayor's city (the cities service's city aggregate_id).",
        examples=["city-freetown"],
    )
    city_name: CityName = Field(description="The city's usual English name.", examples=["Freetown"])
    country_code: CountryCode = Field(
        description="ISO 3166-1 alpha-2 code of the city's country.", examples=["SL"]
    )


SEAT_DESCRIPTION = "Number of the Board seat (1, 2, ...)."

# --------------------------------------------------------------------------------------------
# Membership events: topic mmc.board.membership.v1, key = the membership id
# --------------------------------------------------------------------------------------------


class MembershipEvent(Event):
    """Base of the events of the `membership` aggregate; `aggregate_id` is the membership id.

    Every event names the mayor (with the city id) and the seat.
    """

    service: ClassVar[str] = "board"
    aggregate: ClassVar[str] = "membership"
    topic: ClassVar[str] = BOARD_MEMBERSHIP

    mayor: Mayor = Field(description="The mayor this membership is about.")
    seat: int = Field(ge=1, description=SEAT_DESCRIPTION, examples=[3])


class MayorSeated(MembershipEvent):
    """A mayor took a seat on the Leadership Board for a term."""

    term_start: date = Field(description="First day of the term.", examples=["2026-12-01"])
    term_end: date = Field(
        description="Last day of the term (included): two years after the start, less a day.",
        examples=["2028-11-30"],
    )
    via: SeatedVia = Field(description="How the mayor came to the seat.", examples=["selection"])
    nomination_id: str | None = Field(
        default=None,
        description="The nomination that led to the seat, when seated by selection.",
        examples=["nomination-17"],
    )
    round_id: str | None = Field(
        default=None,
        description="The selection round that chose the mayor, when seated by selection.",
        examples=["round-4"],
    )


class TermRenewed(MembershipEvent):
    """A Board mayor's membership was renewed for a further term."""

    term_start: date = Field(description="First day of the new term.", examples=["2028-12-01"])
    term_end: date = Field(
        description="Last day of the new term (included).", examples=["2030-11-30"]
    )


class TermEndingAnnounced(MembershipEvent):
    """A Board mayor's term ends within the notice period (announced once per term)."""

    term_end: date = Field(description="Last day of the ending term.", examples=["2028-11-30"])
    days_left: int = Field(
        ge=0,
        description="Days from the announcement to the term's last day (0: it ends today).",
        examples=[60],
    )


class MayorLeftBoard(MembershipEvent):
    """A mayor left the Leadership Board; their seat is vacant from the next day."""

    reason: MembershipEndReason = Field(description="Why the mayor left.", examples=["resigned"])
    left_on: date = Field(
        description="The mayor's last day on the Board (included).", examples=["2027-03-14"]
    )
    note: str | None = Field(
        default=None,
        description="Staff's note, if any.",
        examples=["Stepped down to run for national office."],
    )


# --------------------------------------------------------------------------------------------
# Vacancy events: topic mmc.board.vacancy.v1, key = the vacancy id
# --------------------------------------------------------------------------------------------


class VacancyEvent(Event):
    """Base of the events of the `vacancy` aggregate; `aggregate_id` is the vacancy id."""

    service: ClassVar[str] = "board"
    aggregate: ClassVar[str] = "vacancy"
    topic: ClassVar[str] = BOARD_VACANCY

    seat: int = Field(ge=1, description=SEAT_DESCRIPTION, examples=[3])


class SeatVacated(VacancyEvent):
    """A Board seat became vacant: nominations for it are welcome."""

    previous_mayor: Mayor | None = Field(description="The mayor who held the seat, if it was held.")
    reason: MembershipEndReason = Field(
        description="Why the seat became vacant.", examples=["term_ended"]
    )
    vacated_on: date = Field(
        description="First day the seat is vacant (the day after the last mayor's last day).",
        examples=["2028-12-01"],
    )
    membership_id: str | None = Field(
        description="The membership that ended, if the seat was held.",
        examples=["membership-3"],
    )


class VacancyFilled(VacancyEvent):
    """A vacant seat was filled by a newly seated mayor."""

    membership_id: NonEmptyStr = Field(
        description="The membership of the mayor now in the seat.", examples=["membership-11"]
    )
    round_id: str | None = Field(
        default=None,
        description="The selection round that chose the mayor; none for an appointment.",
        examples=["round-4"],
    )


# --------------------------------------------------------------------------------------------
# Nomination events: topic mmc.board.nomination.v2, key = the nomination id
# --------------------------------------------------------------------------------------------


class NominationEvent(Event):
    """Base of the events of the `nomination` aggregate; `aggregate_id` is the nomination id.

    Version 2: what the nominator wrote and who they are is sealed with the nominator's key at
    board; the nominee (a mayor: a public fact) and the cities are in clear.
    """

    service: ClassVar[str] = "board"
    aggregate: ClassVar[str] = "nomination"
    topic: ClassVar[str] = BOARD_NOMINATION
    major_version: ClassVar[int] = 2


SEALED_BY_BOARD = " Sealed with the nominator's key at board: unreadable once they are erased."


class NominationReceived(NominationEvent):
    """A city's leadership nominated a mayor to the Leadership Board."""

    mayor: Mayor = Field(description="The nominee and their city (public facts).")
    nominated_by_name: Sealed = Field(
        description="Who nominated: a mayor or senior official of the nominating city."
        + SEALED_BY_BOARD
    )
    nominated_by_role: Sealed = Field(description="Their role, as they gave it." + SEALED_BY_BOARD)
    nominated_by_city_id: NonEmptyStr = Field(
        description="Id of the nominating city (often the nominee's own).",
        examples=["city-freetown"],
    )
    statement: Sealed = Field(
        description="Why the nominee should join the Board, in the nominators' words."
        + SEALED_BY_BOARD
    )
    vacancy_id: str | None = Field(
        default=None,
        description="The vacancy the nomination answers, if it names one.",
        examples=["vacancy-5"],
    )


class NominatorErased(NominationEvent):
    """The nominator asked to be erased: board anonymised the nomination's name, role and
    statement and deleted the nominator's key, so every sealed copy is unreadable. Ids only; a
    subscriber that kept a sealed value drops it. The nominee and the nomination stay."""


class NominationStatusChanged(NominationEvent):
    """A nomination moved to another status."""

    from_status: NominationStatus = Field(description="Status before.", examples=["received"])
    to_status: NominationStatus = Field(description="Status after.", examples=["candidate"])
    reason: str | None = Field(
        default=None,
        description="Why, if given (always given for a withdrawal).",
        examples=["Put forward for the round for seat 3."],
    )


# --------------------------------------------------------------------------------------------
# Selection round events: topic mmc.board.selection-round.v1, key = the round id
# --------------------------------------------------------------------------------------------


class SelectionRoundEvent(Event):
    """Base of the events of the `selection_round` aggregate; `aggregate_id` is the round id.

    Every event names the vacancy the round is for.
    """

    service: ClassVar[str] = "board"
    aggregate: ClassVar[str] = "selection_round"
    topic: ClassVar[str] = BOARD_SELECTION_ROUND

    vacancy_id: NonEmptyStr = Field(
        description="The vacancy the round fills.", examples=["vacancy-5"]
    )


class SelectionRoundOpened(SelectionRoundEvent):
    """A selection round opened: the eligible voters may cast one ballot each."""

    seat: int = Field(ge=1, description=SEAT_DESCRIPTION, examples=[3])
    candidates: list[NonEmptyStr] = Field(
        description="The nomination ids of the candidates, in the order staff listed them.",
        examples=[["nomination-17", "nomination-19"]],
        json_schema_extra={"uniqueItems": True},
    )
    voters: list[NonEmptyStr] = Field(
        description=(
            "Ids of the eligible voters: serving Board mayors' membership ids and supporting "
            "partners' ids, sorted."
        ),
        examples=[["membership-1", "membership-2", "unhcr"]],
        json_schema_extra={"uniqueItems": True},
    )
    quorum: int = Field(
        ge=1, description="Ballots needed before the round can close.", examples=[9]
    )
    closes_on: date | None = Field(
        default=None,
        description="Last day ballots are taken, if a deadline was set.",
        examples=["2027-01-31"],
    )


class BallotCast(SelectionRoundEvent):
    """An eligible voter cast their ballot (for whom stays secret until the round closes)."""

    voter_id: NonEmptyStr = Field(
        description="Who voted (membership id or partner id).", examples=["membership-2"]
    )
    voter_kind: VoterKind = Field(description="What kind of voter.", examples=["board_mayor"])


class NomineeSelected(SelectionRoundEvent):
    """The round closed and chose a nominee for the vacant seat."""

    seat: int = Field(ge=1, description=SEAT_DESCRIPTION, examples=[3])
    nomination_id: NonEmptyStr = Field(
        description="The chosen nomination.", examples=["nomination-17"]
    )
    mayor: Mayor = Field(description="The chosen nominee.")
    votes: dict[str, int] = Field(
        description="Votes per candidate: nomination id -> ballots, every candidate listed.",
        examples=[{"nomination-17": 6, "nomination-19": 4}],
    )
    ballots_cast: int = Field(ge=0, description="Ballots cast in the round.", examples=[10])
    quorum: int = Field(ge=1, description="Ballots the round needed.", examples=[9])
    tie_broken: bool = Field(
        default=False,
        description="True when several candidates had the most votes and staff chose one.",
    )


class SelectionRoundClosedWithoutSelection(SelectionRoundEvent):
    """A selection round was closed without choosing anyone (cancelled by staff)."""

    reason: NonEmptyStr = Field(
        description="Why.", examples=["The only candidate withdrew the nomination."]
    )


# --------------------------------------------------------------------------------------------
# Meeting events: topic mmc.board.meeting.v1, key = the meeting id
# --------------------------------------------------------------------------------------------


class MeetingEvent(Event):
    """Base of the events of the `meeting` aggregate; `aggregate_id` is the meeting id."""

    service: ClassVar[str] = "board"
    aggregate: ClassVar[str] = "meeting"
    topic: ClassVar[str] = BOARD_MEETING


class BoardMeetingRecorded(MeetingEvent):
    """A Leadership Board meeting was put on record."""

    held_on: date = Field(description="The day the meeting was held.", examples=["2027-02-10"])
    title: Title = Field(description="What the meeting was.", examples=["Annual strategy meeting"])
    attendees: list[NonEmptyStr] = Field(
        description="Membership ids of the Board mayors who attended.",
        examples=[["membership-1", "membership-4"]],
        json_schema_extra={"uniqueItems": True},
    )
    recommendations: list[NonEmptyStr] = Field(
        default_factory=list,
        description="The Board's recommendations to the MMC, in the order recorded.",
        examples=[["Prioritise secondary cities in the next outreach round."]],
    )
    decisions: list[NonEmptyStr] = Field(
        default_factory=list,
        description="What the Board decided, in the order recorded.",
        examples=[["Open a selection round for seat 3."]],
    )
