"""The board service's HTTP API: translates requests into handler calls and results into JSON.

Errors are not handled here; `app.py` maps them, the same way for every route:

* 422 - the request is malformed (FastAPI's validation), or the domain refuses a value
  (`InvalidValue`), pointing at the body field (`{"detail": [{"loc": ["body", "seat"], ...}]}`);
  also an id in the body that names nothing (an unknown city, vacancy or nomination).
* 404 - an unknown id in the path.
* 409 - the current state forbids the command (`RuleViolation`, `InvalidTransition`): a taken
  seat, a city that is not a partner, an ineligible voter, a second ballot, a closed round, no
  quorum, a tie to break, and results asked for while the round is open (they are hidden until
  it closes); also a stale `expected_version` and a duplicate voter id.

Nothing changes when the answer is an error.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Body, Path, Query

from mmc_board import handlers
from mmc_board.adapters.cities_view import CityFilter, KnownCities
from mmc_board.adapters.repository import (
    MeetingRepository,
    MembershipRepository,
    NominationRepository,
    RoundRepository,
    VacancyRepository,
)
from mmc_board.adapters.voters import Voters
from mmc_board.domain import MembershipStatus, VacancyStatus, board_on
from mmc_board.entrypoints.models import (
    EARLIEST,
    ID_PATTERN,
    LATEST,
    BallotIn,
    BoardAsOfOut,
    BoardDiversityOut,
    BoardOut,
    CancelRoundIn,
    CloseRoundIn,
    DepartureIn,
    DepartureOut,
    DiversityOut,
    ErrorOut,
    KnownCityOut,
    KnownCityPage,
    MeetingIn,
    MeetingOut,
    MeetingPage,
    MembershipOut,
    MembershipPage,
    NominateIn,
    NominationOut,
    NominationPage,
    NominationStatusIn,
    OpenRoundIn,
    RenewIn,
    ResultsOut,
    RoundOut,
    RoundPage,
    SeatMayorIn,
    VacancyOut,
    VacancyPage,
    ValidationErrorOut,
    VoterIn,
    VoterList,
    VoterOut,
    board_member,
)
from mmc_board.settings import BoardSettings
from mmc_chassis.errors import NotFound
from mmc_chassis.http import Actor
from mmc_chassis.locks import DocumentLocks
from mmc_contracts.board import (
    MembershipEndReason,
    NominationStatus,
    RoundStatus,
    SeatedVia,
)
from mmc_contracts.cities import PartnershipStatus

Clock = Callable[[], date]

MAX_OFFSET = 1_000_000


def _id(what: str) -> Any:
    return Path(
        min_length=1,
        max_length=64,
        pattern=ID_PATTERN,
        description=f"The {what}'s id.",
        examples=["3f1c9a0d2b4e4f6a8c1d2e3f4a5b6c7d"],
    )


MembershipId = Annotated[str, _id("membership")]
VacancyId = Annotated[str, _id("vacancy")]
NominationId = Annotated[str, _id("nomination")]
RoundId = Annotated[str, _id("selection round")]
MeetingId = Annotated[str, _id("meeting")]
CityId = Annotated[str, _id("city")]
Limit = Annotated[int, Query(ge=1, le=200, description="Page size.")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Items to skip.")]
IdFilter = Annotated[str | None, Query(min_length=1, max_length=64, pattern=ID_PATTERN)]
FilterText = Annotated[str | None, Query(max_length=120, pattern=r"^[^\x00-\x1f\x7f]*$")]

NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorOut, "description": "No such id."}
}
INVALID: dict[int | str, dict[str, Any]] = {
    422: {
        "model": ValidationErrorOut,
        "description": "A malformed request, or a value the Board's rules refuse (`loc` names "
        "the field), or an id in the body that names nothing.",
    }
}


def _conflict(description: str) -> dict[int | str, dict[str, Any]]:
    return {409: {"model": ErrorOut, "description": description}}


def build_router(
    *,
    settings: BoardSettings,
    clock: Clock,
    memberships: MembershipRepository,
    vacancies: VacancyRepository,
    nominations: NominationRepository,
    rounds: RoundRepository,
    meetings: MeetingRepository,
    cities: KnownCities,
    voters: Voters,
    locks: DocumentLocks,
) -> APIRouter:
    router = APIRouter()

    def membership_out(membership: Any) -> MembershipOut:
        return MembershipOut.of(membership, handlers.vacancy_id_for(membership.id))

    # ----------------------------------------------------------------------------------------
    # The Board
    # ----------------------------------------------------------------------------------------

    @router.get(
        "/board",
        tags=["board"],
        summary="The Board today",
        description="The mayors serving today by seat, the free seats and the open vacancies.",
        response_model=BoardOut,
    )
    async def board() -> BoardOut:
        now = await handlers.board_now(
            clock(), settings.seats, memberships=memberships, vacancies=vacancies
        )
        return BoardOut(
            day=now.day,
            members=[board_member(m, now.day) for m in now.members],
            seats=settings.seats,
            free_seats=now.free_seats,
            vacancies=[VacancyOut.of(v) for v in now.open_vacancies],
        )

    @router.get(
        "/board/as-of/{day}",
        tags=["board"],
        summary="The Board on a given day",
        description="The mayors who served on `day` (past, or future as recorded), by seat.",
        response_model=BoardAsOfOut,
    )
    async def board_as_of(
        day: Annotated[date, Path(ge=EARLIEST, le=LATEST, examples=["2019-06-01"])],
    ) -> BoardAsOfOut:
        members = board_on(day, await memberships.all())
        return BoardAsOfOut(day=day, members=[board_member(m, day) for m in members])

    @router.get(
        "/board/diversity",
        tags=["board"],
        summary="The Board's diversity today",
        description="The serving mayors' cities counted by region, sub-region, country, "
        "migration context and size class (each city once).",
        response_model=BoardDiversityOut,
    )
    async def board_diversity() -> BoardDiversityOut:
        today = clock()
        view, unknown = await handlers.diversity_on(today, memberships=memberships, cities=cities)
        return BoardDiversityOut(
            day=today, diversity=DiversityOut.of(view), members_without_known_city=unknown
        )

    # ----------------------------------------------------------------------------------------
    # Memberships and vacancies
    # ----------------------------------------------------------------------------------------

    @router.post(
        "/memberships",
        tags=["memberships"],
        status_code=201,
        summary="Seat a mayor (founding Board or appointment)",
        description=(
            f"Seats the mayor of a city the board knows for a 2-year term from `term_start` on "
            f"`seat` (1 to {settings.seats}), or on the lowest seat free for the whole term. 409 "
            "when the seat (or every seat) is held during the term, or the city holds a seat "
            "then. With `vacancy_id`, the seat is the vacancy's and the vacancy is filled."
        ),
        response_model=MembershipOut,
        responses={**INVALID, **_conflict("The seat or the city is taken during the term.")},
    )
    async def seat_mayor(body: SeatMayorIn, context: Actor) -> MembershipOut:
        membership = await handlers.seat_mayor(
            handlers.SeatMayor(
                city_id=body.city_id,
                term_start=body.term_start,
                context=context,
                via=SeatedVia(body.via),
                mayor_name=body.mayor_name,
                seat=body.seat,
                vacancy_id=body.vacancy_id,
            ),
            memberships=memberships,
            vacancies=vacancies,
            rounds=rounds,
            cities=cities,
            locks=locks,
            seats=settings.seats,
        )
        return membership_out(membership)

    @router.get(
        "/memberships",
        tags=["memberships"],
        summary="List memberships",
        description="By seat, then first day; filters combine with AND.",
        response_model=MembershipPage,
    )
    async def list_memberships(
        status: MembershipStatus | None = None,
        city_id: IdFilter = None,
        seat: Annotated[int | None, Query(ge=1, le=1000)] = None,
        via: SeatedVia | None = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> MembershipPage:
        query: dict[str, Any] = {}
        if status is not None:
            query["status"] = str(status)
        if city_id:
            query["mayor.city_id"] = city_id
        if seat is not None:
            query["seat"] = seat
        if via is not None:
            query["terms.0.via"] = str(via)
        items = await memberships.list(
            query,
            [("seat", 1), ("terms.0.start", 1), ("_id", 1)],
            limit=limit,
            offset=offset,
        )
        return MembershipPage(
            items=[membership_out(m) for m in items],
            total=await memberships.count(query),
            limit=limit,
            offset=offset,
        )

    @router.get(
        "/memberships/{membership_id}",
        tags=["memberships"],
        summary="A membership",
        response_model=MembershipOut,
        responses=NOT_FOUND,
    )
    async def get_membership(membership_id: MembershipId) -> MembershipOut:
        return membership_out(await memberships.get(membership_id))

    @router.post(
        "/memberships/{membership_id}/renewal",
        tags=["memberships"],
        summary="Renew a Board mayor's membership for a further term",
        description="The new term starts the day after the current one ends, or at `start` "
        "(later: a gap). 409 when the membership ended or the seat is booked for another "
        "mayor then.",
        response_model=MembershipOut,
        responses={**NOT_FOUND, **INVALID, **_conflict("Ended, or the seat is booked.")},
    )
    async def renew(membership_id: MembershipId, body: RenewIn, context: Actor) -> MembershipOut:
        membership = await handlers.renew_membership(
            handlers.RenewMembership(
                membership_id=membership_id,
                context=context,
                start=body.start,
                expected_version=body.expected_version,
            ),
            memberships=memberships,
            locks=locks,
        )
        return membership_out(membership)

    @router.post(
        "/memberships/{membership_id}/departure",
        tags=["memberships"],
        summary="A Board mayor resigns or leaves office",
        description="`on` is the mayor's last day on the Board; the seat is vacant from the "
        "next day and its vacancy opens. (Terms that run out end by themselves.)",
        response_model=DepartureOut,
        responses={**NOT_FOUND, **INVALID, **_conflict("The membership has ended already.")},
    )
    async def depart(
        membership_id: MembershipId, body: DepartureIn, context: Actor
    ) -> DepartureOut:
        membership, vacancy = await handlers.end_membership(
            handlers.EndMembership(
                membership_id=membership_id,
                reason=MembershipEndReason(body.reason),
                on=body.on,
                note=body.note,
                context=context,
                expected_version=body.expected_version,
            ),
            memberships=memberships,
            vacancies=vacancies,
        )
        return DepartureOut(membership=membership_out(membership), vacancy=VacancyOut.of(vacancy))

    @router.get(
        "/vacancies",
        tags=["memberships"],
        summary="List vacancies",
        description="Oldest first.",
        response_model=VacancyPage,
    )
    async def list_vacancies(
        status: VacancyStatus | None = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> VacancyPage:
        query: dict[str, Any] = {"status": str(status)} if status is not None else {}
        items = await vacancies.list(
            query, [("opened_on", 1), ("seat", 1), ("_id", 1)], limit=limit, offset=offset
        )
        return VacancyPage(
            items=[VacancyOut.of(v) for v in items],
            total=await vacancies.count(query),
            limit=limit,
            offset=offset,
        )

    @router.get(
        "/vacancies/{vacancy_id}",
        tags=["memberships"],
        summary="A vacancy",
        response_model=VacancyOut,
        responses=NOT_FOUND,
    )
    async def get_vacancy(vacancy_id: VacancyId) -> VacancyOut:
        return VacancyOut.of(await vacancies.get(vacancy_id))

    # ----------------------------------------------------------------------------------------
    # Nominations and voters
    # ----------------------------------------------------------------------------------------

    @router.post(
        "/nominations",
        tags=["nominations"],
        status_code=201,
        summary="Receive a nomination",
        description=(
            "A city's leadership nominates the city's mayor. The city must be known to the "
            "registry (else 422 at `city_id`) and a partner of the MMC (else 409, naming its "
            "status); 409 also when the registry names another mayor, the city holds a seat, "
            "or the city's mayor has a nomination in play."
        ),
        response_model=NominationOut,
        responses={**INVALID, **_conflict("Not a partner, or already on the Board or nominated.")},
    )
    async def nominate(
        body: Annotated[
            NominateIn,
            Body(
                openapi_examples={
                    "freetown": {
                        "summary": "A partner city's mayor",
                        "value": {
                            "city_id": "3f1c9a0d2b4e4f6a8c1d2e3f4a5b6c7d",
                            "nominated_by_name": "Amina Diallo",
                            "nominated_by_role": "Deputy Mayor",
                            "statement": "She has led the city's response to climate "
                            "migration since 2018.",
                        },
                    }
                }
            ),
        ],
        context: Actor,
    ) -> NominationOut:
        nomination = await handlers.nominate(
            handlers.Nominate(
                city_id=body.city_id,
                nominated_by_name=body.nominated_by_name,
                nominated_by_role=body.nominated_by_role,
                statement=body.statement,
                context=context,
                mayor_name=body.mayor_name,
                nominated_by_city_id=body.nominated_by_city_id,
                vacancy_id=body.vacancy_id,
            ),
            nominations=nominations,
            memberships=memberships,
            vacancies=vacancies,
            cities=cities,
        )
        return NominationOut.of(nomination)

    @router.get(
        "/nominations",
        tags=["nominations"],
        summary="List nominations",
        description="Newest first; filters combine with AND.",
        response_model=NominationPage,
    )
    async def list_nominations(
        status: NominationStatus | None = None,
        city_id: IdFilter = None,
        vacancy_id: IdFilter = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> NominationPage:
        query: dict[str, Any] = {}
        if status is not None:
            query["status"] = str(status)
        if city_id:
            query["mayor.city_id"] = city_id
        if vacancy_id:
            query["vacancy_id"] = vacancy_id
        items = await nominations.list(
            query, [("received_at", -1), ("_id", 1)], limit=limit, offset=offset
        )
        return NominationPage(
            items=[NominationOut.of(n) for n in items],
            total=await nominations.count(query),
            limit=limit,
            offset=offset,
        )

    @router.get(
        "/nominations/{nomination_id}",
        tags=["nominations"],
        summary="A nomination",
        response_model=NominationOut,
        responses=NOT_FOUND,
    )
    async def get_nomination(nomination_id: NominationId) -> NominationOut:
        return NominationOut.of(await nominations.get(nomination_id))

    @router.post(
        "/nominations/{nomination_id}/status",
        tags=["nominations"],
        summary="Shortlist or withdraw a nomination",
        description=(
            "received → candidate | withdrawn; candidate → withdrawn (a withdrawal needs a "
            "reason, and is refused while the nomination is a candidate in an open round). "
            "Selection is the rounds' to decide."
        ),
        response_model=NominationOut,
        responses={**NOT_FOUND, **INVALID, **_conflict("The life cycle does not allow it.")},
    )
    async def change_nomination_status(
        nomination_id: NominationId, body: NominationStatusIn, context: Actor
    ) -> NominationOut:
        nomination = await handlers.change_nomination_status(
            handlers.ChangeNominationStatus(
                nomination_id=nomination_id,
                to_status=NominationStatus(body.to_status),
                reason=body.reason,
                context=context,
                expected_version=body.expected_version,
            ),
            nominations=nominations,
            rounds=rounds,
        )
        return NominationOut.of(nomination)

    @router.post(
        "/voters",
        tags=["selection"],
        status_code=201,
        summary="Register a supporting partner as a voter",
        description="Supporting partners vote in selection rounds beside the serving Board "
        "mayors. 409 when the id is registered already.",
        response_model=VoterOut,
        responses={**INVALID, **_conflict("The id is registered already.")},
    )
    async def register_voter(body: VoterIn, context: Actor) -> VoterOut:
        voter = await handlers.register_voter(
            handlers.RegisterVoter(voter_id=body.id, name=body.name, context=context),
            voters=voters,
            memberships=memberships,
        )
        return VoterOut.of(voter)

    @router.get(
        "/voters",
        tags=["selection"],
        summary="The registered supporting-partner voters",
        response_model=VoterList,
    )
    async def list_voters() -> VoterList:
        return VoterList(items=[VoterOut.of(v) for v in await voters.all()])

    # ----------------------------------------------------------------------------------------
    # Selection rounds
    # ----------------------------------------------------------------------------------------

    async def round_out(round_id: str) -> RoundOut:
        view = await handlers.round_view(
            round_id, clock(), rounds=rounds, memberships=memberships, cities=cities
        )
        return RoundOut.of(view.selection, view.effects, view.board)

    @router.post(
        "/rounds",
        tags=["selection"],
        status_code=201,
        summary="Open a selection round for a vacancy",
        description=(
            "The candidates are the listed nominations (received ones become candidates); the "
            "voters are the Board mayors serving today and the registered supporting partners; "
            f"the quorum is more than {settings.quorum_fraction:g} of the voters. 409 when the "
            "vacancy is filled or has an open round, a nomination is not in play, or nobody "
            "can vote."
        ),
        response_model=RoundOut,
        responses={**INVALID, **_conflict("The vacancy or a nomination does not allow it.")},
    )
    async def open_round(body: OpenRoundIn, context: Actor) -> RoundOut:
        selection = await handlers.open_round(
            handlers.OpenRound(
                vacancy_id=body.vacancy_id,
                candidates=body.candidates,
                closes_on=body.closes_on,
                context=context,
            ),
            rounds=rounds,
            vacancies=vacancies,
            nominations=nominations,
            memberships=memberships,
            voters=voters,
            quorum_fraction=settings.quorum_fraction,
            today=clock(),
        )
        return await round_out(selection.id)

    @router.get(
        "/rounds",
        tags=["selection"],
        summary="List selection rounds",
        description="Newest first.",
        response_model=RoundPage,
    )
    async def list_rounds(
        status: RoundStatus | None = None,
        vacancy_id: IdFilter = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> RoundPage:
        query: dict[str, Any] = {}
        if status is not None:
            query["status"] = str(status)
        if vacancy_id:
            query["vacancy_id"] = vacancy_id
        items = await rounds.list(
            query, [("opened_at", -1), ("_id", 1)], limit=limit, offset=offset
        )
        return RoundPage(
            items=[RoundOut.of(r) for r in items],
            total=await rounds.count(query),
            limit=limit,
            offset=offset,
        )

    @router.get(
        "/rounds/{round_id}",
        tags=["selection"],
        summary="A selection round, with each candidate's effect on the Board's diversity",
        description="Who voted is shown, never for whom; `diversity_changes` says what each "
        "nominee's city would add to the Board (without the seat being filled).",
        response_model=RoundOut,
        responses=NOT_FOUND,
    )
    async def get_round(round_id: RoundId) -> RoundOut:
        return await round_out(round_id)

    @router.post(
        "/rounds/{round_id}/ballots",
        tags=["selection"],
        status_code=201,
        summary="Cast a ballot",
        description="One ballot per eligible voter, while the round is open. 409 for a voter "
        "who is not eligible, a second ballot, or a closed round; 422 for a nomination that is "
        "not a candidate.",
        response_model=RoundOut,
        responses={**NOT_FOUND, **INVALID, **_conflict("Not eligible, voted, or closed.")},
    )
    async def cast_ballot(round_id: RoundId, body: BallotIn, context: Actor) -> RoundOut:
        await handlers.cast_ballot(
            handlers.CastBallot(
                round_id=round_id,
                voter_id=body.voter_id,
                nomination_id=body.nomination_id,
                context=context,
            ),
            rounds=rounds,
        )
        return await round_out(round_id)

    @router.post(
        "/rounds/{round_id}/close",
        tags=["selection"],
        summary="Close a round and select the nominee",
        description=(
            "Selects the candidate with the most votes (`NomineeSelected`); the mayor is then "
            "seated for a 2-year term from the day the round closed, and the vacancy filled. "
            "409 without quorum, for a tie staff did not break (`tie_break`), or a closed round."
        ),
        response_model=ResultsOut,
        responses={**NOT_FOUND, **INVALID, **_conflict("No quorum, a tie, or closed already.")},
    )
    async def close_round(
        round_id: RoundId,
        context: Actor,
        body: Annotated[CloseRoundIn | None, Body()] = None,
    ) -> ResultsOut:
        selection = await handlers.close_round(
            handlers.CloseRound(
                round_id=round_id,
                context=context,
                tie_break=body.tie_break if body is not None else None,
            ),
            rounds=rounds,
        )
        return ResultsOut.of(selection, selection.results())

    @router.post(
        "/rounds/{round_id}/cancel",
        tags=["selection"],
        summary="Cancel a round without selecting anyone",
        response_model=RoundOut,
        responses={**NOT_FOUND, **INVALID, **_conflict("The round is closed already.")},
    )
    async def cancel_round(round_id: RoundId, body: CancelRoundIn, context: Actor) -> RoundOut:
        await handlers.cancel_round(
            handlers.CancelRound(round_id=round_id, reason=body.reason, context=context),
            rounds=rounds,
        )
        return await round_out(round_id)

    @router.get(
        "/rounds/{round_id}/results",
        tags=["selection"],
        summary="A closed round's results",
        description="Votes per candidate. 409 while the round is open: results are hidden "
        "until it closes.",
        response_model=ResultsOut,
        responses={**NOT_FOUND, **_conflict("The round is open: results are hidden.")},
    )
    async def results(round_id: RoundId) -> ResultsOut:
        selection = await rounds.get(round_id)
        return ResultsOut.of(selection, selection.results())

    # ----------------------------------------------------------------------------------------
    # Meetings
    # ----------------------------------------------------------------------------------------

    @router.post(
        "/meetings",
        tags=["meetings"],
        status_code=201,
        summary="Put a Board meeting on record",
        description="Every attendee is a membership serving on the day it was held (else 422 "
        "at `attendees.<i>`); a meeting is recorded once held (not in the future).",
        response_model=MeetingOut,
        responses=INVALID,
    )
    async def record_meeting(body: MeetingIn, context: Actor) -> MeetingOut:
        meeting = await handlers.record_meeting(
            handlers.RecordMeeting(
                held_on=body.held_on,
                title=body.title,
                attendees=body.attendees,
                recommendations=body.recommendations,
                decisions=body.decisions,
                context=context,
            ),
            meetings=meetings,
            memberships=memberships,
        )
        return MeetingOut.of(meeting)

    @router.get(
        "/meetings",
        tags=["meetings"],
        summary="List Board meetings",
        description="Most recent first.",
        response_model=MeetingPage,
    )
    async def list_meetings(limit: Limit = 50, offset: Offset = 0) -> MeetingPage:
        items = await meetings.list({}, [("held_on", -1), ("_id", 1)], limit=limit, offset=offset)
        return MeetingPage(
            items=[MeetingOut.of(m) for m in items],
            total=await meetings.count({}),
            limit=limit,
            offset=offset,
        )

    @router.get(
        "/meetings/{meeting_id}",
        tags=["meetings"],
        summary="A Board meeting",
        response_model=MeetingOut,
        responses=NOT_FOUND,
    )
    async def get_meeting(meeting_id: MeetingId) -> MeetingOut:
        return MeetingOut.of(await meetings.get(meeting_id))

    # ----------------------------------------------------------------------------------------
    # The board's read model of the cities
    # ----------------------------------------------------------------------------------------

    @router.get(
        "/cities",
        tags=["cities"],
        summary="The cities the board knows",
        description="The board's own read model of the registry, built from its events (a "
        "change in the registry shows here a moment later), for staff choosing nominees. By "
        "name.",
        response_model=KnownCityPage,
    )
    async def list_cities(
        partnership_status: PartnershipStatus | None = None,
        country: Annotated[str | None, Query(pattern=r"^[A-Za-z]{2}$")] = None,
        region: FilterText = None,
        q: Annotated[FilterText, Query(description="Part of the name.")] = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> KnownCityPage:
        where = CityFilter(
            partnership_status=partnership_status, country=country, region=region, q=q
        )
        items, total = await cities.page(where, limit=limit, offset=offset)
        return KnownCityPage(
            items=[KnownCityOut.of(document) for document in items],
            total=total,
            limit=limit,
            offset=offset,
        )

    @router.get(
        "/cities/{city_id}",
        tags=["cities"],
        summary="A city the board knows",
        response_model=KnownCityOut,
        responses=NOT_FOUND,
    )
    async def get_city(city_id: CityId) -> KnownCityOut:
        document = await cities.document(city_id)
        if document is None:
            raise NotFound("city", city_id)
        return KnownCityOut.of(document)

    return router
