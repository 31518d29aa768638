"""The board HTTP API's request and response bodies.

Requests reject unknown fields and bound every string, number, date and list, so junk gets a 422
before it reaches the domain; the domain then checks the business rules and answers 422 for the
field at fault (request fields carry the domain's names, so its field paths are the body's).
Responses never carry a round's ballots: who voted is public, for whom stays secret.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
)

from mmc_board.adapters.voters import Voter
from mmc_board.domain import (
    NOMINATION_TRANSITIONS,
    REASON_MAX_LENGTH,
    STATEMENT_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    CandidateEffect,
    DiversityView,
    Meeting,
    Membership,
    MembershipStatus,
    Nomination,
    NominationStatusChange,
    RoundResults,
    SelectionRound,
    Vacancy,
    VacancyStatus,
)
from mmc_chassis.http_models import MAX_VERSION, NotBlank, Printable
from mmc_contracts.board import (
    Mayor,
    MembershipEndReason,
    NominationStatus,
    RoundStatus,
    SeatedVia,
    VoterKind,
)
from mmc_contracts.cities import MigrationContext, PartnershipStatus, SizeClass

ID_PATTERN = r"^[A-Za-z0-9_-]{1,64}$"
VOTER_ID_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,63}$"
MAX_SEAT = 1000
EARLIEST = date(1900, 1, 1)
LATEST = date(2199, 12, 31)
"""Days the API accepts: far enough either way, and a term from the last one still ends."""


Id = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
VoterId = Annotated[str, StringConstraints(pattern=VOTER_ID_PATTERN)]
PersonNameText = Annotated[
    str, StringConstraints(min_length=1, max_length=200), Printable, NotBlank
]
TitleText = Annotated[str, StringConstraints(min_length=1, max_length=200), Printable, NotBlank]
StatementText = Annotated[
    str,
    StringConstraints(min_length=20, max_length=STATEMENT_MAX_LENGTH),
    Printable,
    NotBlank,
]
ReasonText = Annotated[
    str, StringConstraints(min_length=1, max_length=REASON_MAX_LENGTH), Printable, NotBlank
]
LongText = Annotated[
    str, StringConstraints(min_length=1, max_length=TEXT_MAX_LENGTH), Printable, NotBlank
]
Day = Annotated[date, Field(ge=EARLIEST, le=LATEST)]
Version = Annotated[int, Field(ge=1, le=MAX_VERSION)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ErrorOut(BaseModel):
    detail: str = Field(examples=["membership 'a1b2' not found"])


class ValidationErrorItem(BaseModel):
    loc: list[str | int]
    msg: str
    type: str


class ValidationErrorOut(BaseModel):
    detail: list[ValidationErrorItem]


# --------------------------------------------------------------------------------------------
# Requests
# --------------------------------------------------------------------------------------------


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


class NominateIn(Strict):
    city_id: Id = Field(description="The nominee's city: known to the registry, a partner.")
    mayor_name: PersonNameText | None = Field(
        default=None,
        description="The nominee; the registry's mayor of the city when left out (and must "
        "match it when the registry knows one).",
    )
    nominated_by_name: PersonNameText = Field(examples=["Amina Diallo"])
    nominated_by_role: TitleText = Field(examples=["Deputy Mayor"])
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


class VoterIn(Strict):
    id: VoterId = Field(
        description="The voter id (lower case, digits, `-`, `_`).", examples=["iom"]
    )
    name: PersonNameText = Field(examples=["International Organization for Migration"])


class OpenRoundIn(Strict):
    vacancy_id: Id = Field(description="The open vacancy the round fills.")
    candidates: list[Id] = Field(
        min_length=1,
        max_length=20,
        description="Nomination ids (received or candidate), in the order to show them.",
    )
    closes_on: Day | None = Field(default=None, description="Last day ballots are taken.")


class BallotIn(Strict):
    voter_id: Id = Field(description="A Board membership id or a supporting partner's id.")
    nomination_id: Id = Field(description="The candidate voted for.")


class CloseRoundIn(Strict):
    tie_break: Id | None = Field(
        default=None, description="Staff's choice among the candidates tied for the most votes."
    )


class CancelRoundIn(Strict):
    reason: ReasonText = Field(examples=["The only candidate withdrew."])


class MeetingIn(Strict):
    held_on: Day = Field(examples=["2027-02-10"])
    title: TitleText = Field(examples=["Annual strategy meeting"])
    attendees: list[Id] = Field(
        min_length=1, max_length=50, description="Membership ids of the Board mayors present."
    )
    recommendations: list[LongText] = Field(default_factory=list, max_length=50)
    decisions: list[LongText] = Field(default_factory=list, max_length=50)


# --------------------------------------------------------------------------------------------
# Responses
# --------------------------------------------------------------------------------------------


class Paged(BaseModel):
    total: int = Field(description="How many items match, across all pages.")
    limit: int
    offset: int


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
    def of(cls, membership: Membership, vacancy_id: str | None) -> MembershipOut:
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
            vacancy_id=None if membership.is_serving else vacancy_id,
        )


class MembershipPage(Paged):
    items: list[MembershipOut]


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


class VacancyPage(Paged):
    items: list[VacancyOut]


class DepartureOut(BaseModel):
    membership: MembershipOut
    vacancy: VacancyOut


class NominationOut(BaseModel):
    id: str
    version: int
    mayor: Mayor
    nominated_by_name: str
    nominated_by_role: str
    nominated_by_city_id: str
    statement: str
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
            nominated_by_city_id=nomination.nominated_by_city_id,
            statement=nomination.statement,
            status=nomination.status,
            next_statuses=[s for s in NominationStatus if s in allowed],
            vacancy_id=nomination.vacancy_id,
            status_history=list(nomination.status_history),
            received_at=nomination.received_at,
            updated_at=nomination.updated_at,
        )


class NominationPage(Paged):
    items: list[NominationOut]


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


class CityFactsOut(BaseModel):
    """A city as the board knows it from the registry's events."""

    id: str
    name: str
    country_code: str
    region: str
    sub_region: str
    migration_contexts: list[MigrationContext]
    size_class: SizeClass
    partnership_status: PartnershipStatus
    mayor_name: str | None


class KnownCityOut(CityFactsOut):
    version: int = Field(description="The registry's version of the city last applied.")

    @classmethod
    def of(cls, document: dict[str, Any]) -> KnownCityOut:
        return cls.model_validate(
            {
                **document,
                "id": document["_id"],
                "migration_contexts": sorted(document.get("migration_contexts") or []),
            }
        )


class KnownCityPage(Paged):
    items: list[KnownCityOut]


class DiversityOut(BaseModel):
    """How many of the cities fall in each region, sub-region, country, migration context and
    size class (only what is present)."""

    cities: int
    regions: dict[str, int]
    sub_regions: dict[str, int]
    countries: dict[str, int]
    migration_contexts: dict[MigrationContext, int]
    size_classes: dict[SizeClass, int]

    @classmethod
    def of(cls, view: DiversityView) -> DiversityOut:
        return cls(
            cities=view.cities,
            regions=dict(view.regions),
            sub_regions=dict(view.sub_regions),
            countries=dict(view.countries),
            migration_contexts=dict(view.migration_contexts),
            size_classes=dict(view.size_classes),
        )


class BoardDiversityOut(BaseModel):
    day: date
    diversity: DiversityOut
    members_without_known_city: list[str] = Field(
        description="Memberships whose city the board's read model does not have (not counted)."
    )


class BoardMemberOut(BaseModel):
    membership_id: str
    seat: int
    mayor: Mayor
    term_start: date = Field(description="First day of the term served on the day asked.")
    term_end: date
    via: SeatedVia


class BoardAsOfOut(BaseModel):
    day: date
    members: list[BoardMemberOut] = Field(description="The mayors serving that day, by seat.")


class BoardOut(BoardAsOfOut):
    seats: int
    free_seats: list[int] = Field(description="Seats nobody holds today.")
    vacancies: list[VacancyOut] = Field(description="The open vacancies.")


def board_member(membership: Membership, day: date) -> BoardMemberOut:
    term = membership.term_on(day) or membership.current_term
    return BoardMemberOut(
        membership_id=membership.id,
        seat=membership.seat,
        mayor=membership.mayor,
        term_start=term.start,
        term_end=term.end,
        via=term.via,
    )


class CandidateOut(BaseModel):
    nomination_id: str
    mayor: Mayor
    city: CityFactsOut | None = Field(
        description="The nominee's city, if the board knows it (in a round's own view; the "
        "list of rounds leaves it out)."
    )
    diversity_changes: list[str] = Field(
        description="What the nominee's city would add to the Board's diversity (in a round's "
        "own view).",
        examples=[["adds a new region: Asia", "first secondary city"]],
    )
    diversity_if_selected: DiversityOut | None

    @classmethod
    def of(cls, nomination_id: str, mayor: Mayor, effect: CandidateEffect | None) -> CandidateOut:
        city = None
        if effect is not None:
            known = effect.city
            city = CityFactsOut(
                id=known.id,
                name=known.name,
                country_code=known.country_code,
                region=known.region,
                sub_region=known.sub_region,
                migration_contexts=sorted(known.migration_contexts),
                size_class=known.size_class,
                partnership_status=known.partnership_status,
                mayor_name=known.mayor_name,
            )
        return cls(
            nomination_id=nomination_id,
            mayor=mayor,
            city=city,
            diversity_changes=list(effect.changes) if effect is not None else [],
            diversity_if_selected=DiversityOut.of(effect.view) if effect is not None else None,
        )


class RoundVoterOut(BaseModel):
    voter_id: str
    kind: VoterKind
    voted: bool


class RoundOut(BaseModel):
    """A selection round. Who voted is shown; for whom, only in the results once closed."""

    id: str
    version: int
    vacancy_id: str
    seat: int
    status: RoundStatus
    quorum: int
    ballots_cast: int
    quorum_reached: bool
    closes_on: date | None
    voters: list[RoundVoterOut]
    candidates: list[CandidateOut]
    board_diversity: DiversityOut | None = Field(
        default=None, description="The Board's diversity today without the seat the round fills."
    )
    selected: str | None = Field(description="The selected nomination, once closed.")
    tie_broken: bool
    closed_reason: str | None
    opened_at: datetime
    updated_at: datetime

    @classmethod
    def of(
        cls,
        selection: SelectionRound,
        effects: dict[str, CandidateEffect | None] | None = None,
        board: DiversityView | None = None,
    ) -> RoundOut:
        effects = effects or {}
        return cls(
            id=selection.id,
            version=selection.version,
            vacancy_id=selection.vacancy_id,
            seat=selection.seat,
            status=selection.status,
            quorum=selection.quorum,
            ballots_cast=selection.ballots_cast,
            quorum_reached=selection.quorum_reached,
            closes_on=selection.closes_on,
            voters=[
                RoundVoterOut(voter_id=voter, kind=kind, voted=selection.has_voted(voter))
                for voter, kind in selection.voters.items()
            ],
            candidates=[
                CandidateOut.of(nomination_id, mayor, effects.get(nomination_id))
                for nomination_id, mayor in selection.candidates.items()
            ],
            board_diversity=DiversityOut.of(board) if board is not None else None,
            selected=selection.selected,
            tie_broken=selection.tie_broken,
            closed_reason=selection.closed_reason,
            opened_at=selection.opened_at,
            updated_at=selection.updated_at,
        )


class RoundPage(Paged):
    items: list[RoundOut]


class ResultsOut(BaseModel):
    round_id: str
    votes: dict[str, int] = Field(description="Nomination id -> ballots, every candidate listed.")
    ballots_cast: int
    quorum: int
    selected: str | None = Field(description="The selected nomination; none if cancelled.")
    selected_mayor: Mayor | None
    tie_broken: bool

    @classmethod
    def of(cls, selection: SelectionRound, results: RoundResults) -> ResultsOut:
        return cls(
            round_id=selection.id,
            votes=results.votes,
            ballots_cast=results.ballots_cast,
            quorum=results.quorum,
            selected=results.selected,
            selected_mayor=(
                selection.candidates.get(results.selected) if results.selected else None
            ),
            tie_broken=results.tie_broken,
        )


class MeetingOut(BaseModel):
    id: str
    version: int
    held_on: date
    title: str
    attendees: list[str]
    recommendations: list[str]
    decisions: list[str]
    recorded_at: datetime

    @classmethod
    def of(cls, meeting: Meeting) -> MeetingOut:
        return cls(
            id=meeting.id,
            version=meeting.version,
            held_on=meeting.held_on,
            title=meeting.title,
            attendees=list(meeting.attendees),
            recommendations=list(meeting.recommendations),
            decisions=list(meeting.decisions),
            recorded_at=meeting.recorded_at,
        )


class MeetingPage(Paged):
    items: list[MeetingOut]
