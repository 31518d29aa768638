"""The board service's use cases: one plain async function per command, the reactions to events,
and the queries that combine the stores with the domain's answers.

A command handler takes its command (which carries the `EventContext`: who acts, when, in which
flow) and its dependencies by name; it loads the aggregates, lets the domain decide, and saves
the new state with its events in one write per aggregate. Nothing here reads a clock: "today"
comes in as an argument (the HTTP edge and the scheduler take it from the service's clock).

Ids: a command makes a new id; a reaction derives the id of what it creates from the event or
the aggregate that caused it (`derived_id`), so a redelivered or replayed event finds it made
already and changes nothing. The vacancy a membership leaves is `vacancy_id_for(membership)`,
the membership a selection round fills is `membership_id_for_round(round)`.

Concurrency: a command with `expected_version` fails with `StaleVersion` unless the aggregate is
at that version; without it, it is re-applied to a fresh copy a few times before giving up.
Seating (which must see every other membership to find the seat free) is serialised within the
process by one lock; several board processes seating at once would need a database that
serialises it (see the chassis' note on FerretDB).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from contextlib import suppress
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TypeVar

from pydantic import ValidationError

from mmc_board.adapters.cities_view import KnownCities
from mmc_board.adapters.repository import (
    MeetingRepository,
    MembershipRepository,
    NominationRepository,
    RoundRepository,
    VacancyRepository,
)
from mmc_board.adapters.voters import Voter, Voters
from mmc_board.domain import (
    CandidateEffect,
    DiversityView,
    InvalidValue,
    KnownCity,
    Meeting,
    Membership,
    Nomination,
    RuleViolation,
    SelectionRound,
    Vacancy,
    board_diversity,
    board_on,
    check_nominee_city,
    check_seat_free,
    eligible_voters,
    quorum_for,
    term_end,
    with_candidate,
)
from mmc_board.domain.checks import normalize_text
from mmc_chassis.commands import change_aggregate
from mmc_chassis.errors import AlreadyExists, StaleVersion
from mmc_chassis.locks import DocumentLocks
from mmc_contracts import Event, EventContext
from mmc_contracts.board import (
    Mayor,
    MayorLeftBoard,
    MembershipEndReason,
    NominationStatus,
    NomineeSelected,
    SeatedVia,
)
from mmc_contracts.cities import CityMayorChanged

__all__ = [
    "SCHEDULER_ACTOR",
    "BoardNow",
    "CancelRound",
    "CastBallot",
    "ChangeNominationStatus",
    "CloseRound",
    "EndMembership",
    "Nominate",
    "OpenRound",
    "RecordMeeting",
    "RegisterVoter",
    "RenewMembership",
    "RoundView",
    "SeatMayor",
    "TermsReport",
    "board_now",
    "cancel_round",
    "cast_ballot",
    "change_nomination_status",
    "close_round",
    "derived_id",
    "diversity_on",
    "end_membership",
    "follow_city_event",
    "follow_membership_event",
    "follow_round_event",
    "membership_id_for_round",
    "new_id",
    "nominate",
    "open_round",
    "open_vacancy_for",
    "record_meeting",
    "register_voter",
    "renew_membership",
    "round_view",
    "run_terms",
    "seat_mayor",
    "vacancy_id_for",
]

log = logging.getLogger("mmc.board")

"""How often a command without `expected_version` is tried against a fresh copy."""

SCHEDULER_ACTOR = "board-scheduler"
SEATS_LOCK = ("board", "seats")
"""The lock held while a seat is checked free and taken (one process)."""

_ID_NAMESPACE = uuid.UUID("6f1d2c8e-4b7a-5e3f-9a0c-1d2e3f4a5b6c")


def new_id() -> str:
    return uuid.uuid4().hex


def derived_id(kind: str, source: str) -> str:
    """The id of the `kind` that `source` (an event or aggregate id) causes: always the same."""
    return uuid.uuid5(_ID_NAMESPACE, f"{kind}:{source}").hex


def vacancy_id_for(membership_id: str) -> str:
    """The vacancy a membership leaves when it ends (created once, however often asked)."""
    return derived_id("vacancy", membership_id)


def membership_id_for_round(round_id: str) -> str:
    """The membership of the mayor a selection round chose."""
    return derived_id("membership", round_id)


# --------------------------------------------------------------------------------------------
# Commands
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SeatMayor:
    """Seat a city's mayor (founding Board or appointment) for a term from `term_start`."""

    city_id: str
    term_start: date
    context: EventContext
    via: SeatedVia = SeatedVia.APPOINTMENT
    mayor_name: str | None = None  # the registry's mayor of the city unless given
    seat: int | None = None  # the lowest seat free for the term unless given
    vacancy_id: str | None = None  # the vacancy the seat fills, if any
    membership_id: str | None = None


@dataclass(frozen=True)
class RenewMembership:
    membership_id: str
    context: EventContext
    start: date | None = None
    expected_version: int | None = None


@dataclass(frozen=True)
class EndMembership:
    membership_id: str
    reason: MembershipEndReason
    on: date | None
    context: EventContext
    note: str | None = None
    expected_version: int | None = None


@dataclass(frozen=True)
class Nominate:
    city_id: str
    nominated_by_name: str
    nominated_by_role: str
    statement: str
    context: EventContext
    mayor_name: str | None = None
    nominated_by_city_id: str | None = None  # the nominee's city unless given
    vacancy_id: str | None = None


@dataclass(frozen=True)
class ChangeNominationStatus:
    nomination_id: str
    to_status: NominationStatus
    context: EventContext
    reason: str | None = None
    expected_version: int | None = None


@dataclass(frozen=True)
class RegisterVoter:
    voter_id: str
    name: str
    context: EventContext


@dataclass(frozen=True)
class OpenRound:
    vacancy_id: str
    candidates: Sequence[str]
    context: EventContext
    closes_on: date | None = None


@dataclass(frozen=True)
class CastBallot:
    round_id: str
    voter_id: str
    nomination_id: str
    context: EventContext


@dataclass(frozen=True)
class CloseRound:
    round_id: str
    context: EventContext
    tie_break: str | None = None


@dataclass(frozen=True)
class CancelRound:
    round_id: str
    reason: str
    context: EventContext


@dataclass(frozen=True)
class RecordMeeting:
    held_on: date
    title: str
    attendees: Sequence[str]
    recommendations: Sequence[str]
    decisions: Sequence[str]
    context: EventContext


# --------------------------------------------------------------------------------------------
# Memberships and vacancies
# --------------------------------------------------------------------------------------------


async def seat_mayor(
    command: SeatMayor,
    *,
    memberships: MembershipRepository,
    vacancies: VacancyRepository,
    rounds: RoundRepository,
    cities: KnownCities,
    locks: DocumentLocks,
    seats: int,
) -> Membership:
    """Seat the mayor of a known city on a free seat, from `term_start` for a full term.

    :raises InvalidValue: an unknown city (`city_id`), no mayor to seat (`mayor_name`), a seat
        outside 1..`seats` (`seat`), an unknown vacancy (`vacancy_id`), a term before the
        vacancy opens (`term_start`).
    :raises RuleViolation: the seat (or every seat) is taken during the term; the city already
        holds a seat then; the vacancy is filled, or a selection round is open for it.
    """
    if command.via not in (SeatedVia.FOUNDING, SeatedVia.APPOINTMENT):
        raise InvalidValue(
            "via", "staff seat a mayor as founding or appointment; rounds seat by selection"
        )
    city = await cities.get(command.city_id)
    if city is None:
        raise InvalidValue("city_id", f"city {command.city_id} is not known to the registry")
    mayor = _mayor_of(city, command.mayor_name)
    seat = command.seat
    if seat is not None and not 1 <= seat <= seats:
        raise InvalidValue("seat", f"must be between 1 and {seats}, the Board's seats")
    vacancy: Vacancy | None = None
    if command.vacancy_id is not None:
        vacancy = await vacancies.find(command.vacancy_id)
        if vacancy is None:
            raise InvalidValue("vacancy_id", f"there is no vacancy {command.vacancy_id}")
        if not vacancy.is_open:
            raise RuleViolation(f"the vacancy for seat {vacancy.seat} is filled already")
        in_round = await rounds.open_for_vacancy(vacancy.id)
        if in_round:
            raise RuleViolation(
                f"selection round {in_round[0].id} is open for this vacancy: close or cancel it"
            )
        if seat is not None and seat != vacancy.seat:
            raise InvalidValue("seat", f"the vacancy is for seat {vacancy.seat}")
        if command.term_start < vacancy.opened_on:
            raise InvalidValue(
                "term_start", f"the seat is vacant from {vacancy.opened_on.isoformat()}"
            )
        seat = vacancy.seat
    async with locks.hold(*SEATS_LOCK):
        everyone = await memberships.all()
        _check_city_free(city, command.term_start, everyone)
        if seat is None:
            seat = _free_seat(command.term_start, everyone, seats)
        else:
            check_seat_free(seat, command.term_start, everyone)
        membership = Membership.seat_mayor(
            command.membership_id or new_id(),
            mayor,
            seat,
            command.term_start,
            command.via,
            command.context,
        )
        await memberships.add(membership)
    if vacancy is not None:
        await change_aggregate(
            vacancies,
            vacancy.id,
            None,
            lambda v: v.fill(membership.id, None, command.context),
        )
    return membership


async def renew_membership(
    command: RenewMembership, *, memberships: MembershipRepository, locks: DocumentLocks
) -> Membership:
    """A further term for a serving Board mayor, if nobody is booked on the seat meanwhile."""

    async with locks.hold(*SEATS_LOCK):
        everyone = await memberships.all()

        def renew(membership: Membership) -> None:
            start = command.start or membership.current_term.end + timedelta(days=1)
            others = [m for m in everyone if m.id != membership.id]
            check_seat_free(membership.seat, start, others)
            membership.renew(command.start, command.context)

        return await change_aggregate(
            memberships, command.membership_id, command.expected_version, renew
        )


async def end_membership(
    command: EndMembership,
    *,
    memberships: MembershipRepository,
    vacancies: VacancyRepository,
) -> tuple[Membership, Vacancy]:
    """The mayor leaves the Board on `on` (their last day); the seat's vacancy opens.

    The vacancy is opened here, so the answer shows it, and again in reaction to the
    `MayorLeftBoard` event (its id derives from the membership's, so it is created once): a crash
    between the two writes still leaves it open.
    """
    membership = await change_aggregate(
        memberships,
        command.membership_id,
        command.expected_version,
        lambda m: m.end(command.reason, command.on, command.note, command.context),
    )
    vacancy = await open_vacancy_for(membership, command.context, vacancies=vacancies)
    return membership, vacancy


async def open_vacancy_for(
    membership: Membership, context: EventContext, *, vacancies: VacancyRepository
) -> Vacancy:
    """The vacancy an ended membership leaves: opened once, found afterwards."""
    vacancy_id = vacancy_id_for(membership.id)
    existing = await vacancies.find(vacancy_id)
    if existing is not None:
        return existing
    if membership.end_reason is None or membership.vacant_from is None:
        raise RuleViolation(f"membership {membership.id} has not ended: its seat is not vacant")
    vacancy = Vacancy.open(
        vacancy_id,
        membership.seat,
        membership.end_reason,
        membership.vacant_from,
        context,
        previous_membership_id=membership.id,
        previous_mayor=membership.mayor,
    )
    try:
        await vacancies.add(vacancy)
    except AlreadyExists:  # opened meanwhile by the reaction (or the command)
        return await vacancies.get(vacancy_id)
    return vacancy


# --------------------------------------------------------------------------------------------
# Nominations and voters
# --------------------------------------------------------------------------------------------


async def nominate(
    command: Nominate,
    *,
    nominations: NominationRepository,
    memberships: MembershipRepository,
    vacancies: VacancyRepository,
    cities: KnownCities,
) -> Nomination:
    """Receive a city leadership's nomination of the city's mayor.

    :raises InvalidValue: the city (`city_id`) or the nominating city (`nominated_by_city_id`)
        is not known to the registry; no mayor to nominate (`mayor_name`); an unknown vacancy
        (`vacancy_id`); the nominators' texts (the domain's checks).
    :raises RuleViolation: the city is not a partner; the registry names another mayor; the
        city's mayor already serves on the Board or has a nomination in play; the vacancy is
        filled.
    """
    city = await cities.get(command.city_id)
    try:
        check_nominee_city(city, command.city_id, mayor_name=command.mayor_name)
    except RuleViolation as refusal:
        if city is None:  # an id that names nothing: the request's value is at fault
            raise InvalidValue("city_id", refusal.message) from None
        raise
    assert city is not None
    mayor = _mayor_of(city, command.mayor_name)
    nominated_by_city_id = command.nominated_by_city_id or city.id
    if nominated_by_city_id != city.id and await cities.get(nominated_by_city_id) is None:
        raise InvalidValue(
            "nominated_by_city_id", f"city {nominated_by_city_id} is not known to the registry"
        )
    if command.vacancy_id is not None:
        vacancy = await vacancies.find(command.vacancy_id)
        if vacancy is None:
            raise InvalidValue("vacancy_id", f"there is no vacancy {command.vacancy_id}")
        if not vacancy.is_open:
            raise RuleViolation(f"the vacancy for seat {vacancy.seat} is filled already")
    seated = [m for m in await memberships.of_city(city.id) if m.is_serving]
    if seated:
        raise RuleViolation(
            f"{city.name} already has a seat on the Board: {seated[0].mayor.name}, seat "
            f"{seated[0].seat} (membership {seated[0].id})"
        )
    active = await nominations.active_for_city(city.id)
    if active:
        raise RuleViolation(
            f"{city.name}'s mayor already has a nomination in play: {active[0].id} "
            f"({active[0].status.value})"
        )
    nomination = Nomination.receive(
        new_id(),
        mayor,
        command.nominated_by_name,
        command.nominated_by_role,
        nominated_by_city_id,
        command.statement,
        command.context,
        vacancy_id=command.vacancy_id,
    )
    await nominations.add(nomination)
    return nomination


async def change_nomination_status(
    command: ChangeNominationStatus,
    *,
    nominations: NominationRepository,
    rounds: RoundRepository,
) -> Nomination:
    """Shortlist (`candidate`) or withdraw a nomination; selection is a round's to decide.

    :raises RuleViolation: `selected` / `not_selected` asked for; withdrawing a candidate of an
        open round (cancel the round, or let it run, first).
    """
    target = command.to_status
    if target in (NominationStatus.SELECTED, NominationStatus.NOT_SELECTED):
        raise RuleViolation("only a selection round's result selects or passes over a nominee")
    if target is NominationStatus.WITHDRAWN:
        in_rounds = await rounds.open_with_candidate(command.nomination_id)
        if in_rounds:
            raise RuleViolation(
                f"the nomination is a candidate in the open selection round {in_rounds[0].id}: "
                f"cancel or close the round first"
            )
    return await change_aggregate(
        nominations,
        command.nomination_id,
        command.expected_version,
        lambda n: n.change_status(target, command.reason, command.context),
    )


async def register_voter(
    command: RegisterVoter, *, voters: Voters, memberships: MembershipRepository
) -> Voter:
    """Register a supporting partner as a voter in selection rounds.

    :raises AlreadyExists: a voter with this id is registered.
    :raises RuleViolation: the id is a Board membership's.
    """
    name = normalize_text(command.name)
    if not name:
        raise InvalidValue("name", "must not be empty")
    if await memberships.exists(command.voter_id):
        raise RuleViolation(f"{command.voter_id} is a Board membership's id")
    voter = Voter(
        id=command.voter_id,
        name=name,
        registered_at=command.context.at,
        registered_by=command.context.actor,
    )
    if not await voters.add(voter):
        raise AlreadyExists("voter", command.voter_id)
    return voter


# --------------------------------------------------------------------------------------------
# Selection rounds
# --------------------------------------------------------------------------------------------


async def open_round(
    command: OpenRound,
    *,
    rounds: RoundRepository,
    vacancies: VacancyRepository,
    nominations: NominationRepository,
    memberships: MembershipRepository,
    voters: Voters,
    quorum_fraction: float,
    today: date,
) -> SelectionRound:
    """Open a selection round for an open vacancy among the listed nominations.

    The voters are the Board mayors serving `today` and the registered supporting partners; the
    quorum is more than `quorum_fraction` of them. Nominations still `received` become
    candidates.

    :raises InvalidValue: an unknown vacancy (`vacancy_id`); a listed nomination unknown, listed
        twice or for another vacancy (`candidates.<i>`).
    :raises RuleViolation: the vacancy is filled or has an open round; a nomination is not in
        play or is a candidate in another open round; nobody can vote.
    """
    vacancy = await vacancies.find(command.vacancy_id)
    if vacancy is None:
        raise InvalidValue("vacancy_id", f"there is no vacancy {command.vacancy_id}")
    if not vacancy.is_open:
        raise RuleViolation(f"the vacancy for seat {vacancy.seat} is filled already")
    already = await rounds.open_for_vacancy(vacancy.id)
    if already:
        raise RuleViolation(f"selection round {already[0].id} is open for this vacancy already")
    found = await nominations.get_many(command.candidates)
    slate: list[Nomination] = []
    for index, nomination_id in enumerate(command.candidates):
        field = f"candidates.{index}"
        nomination = found.get(nomination_id)
        if nomination is None:
            raise InvalidValue(field, f"there is no nomination {nomination_id}")
        if any(listed.id == nomination_id for listed in slate):
            raise InvalidValue(field, f"{nomination_id} is listed twice")
        if nomination.vacancy_id not in (None, vacancy.id):
            raise InvalidValue(field, f"{nomination_id} answers vacancy {nomination.vacancy_id}")
        if nomination.status not in (NominationStatus.RECEIVED, NominationStatus.CANDIDATE):
            raise RuleViolation(f"nomination {nomination_id} is {nomination.status.value}")
        others = await rounds.open_with_candidate(nomination_id)
        if others:
            raise RuleViolation(
                f"nomination {nomination_id} is a candidate in the open round {others[0].id}"
            )
        slate.append(nomination)
    board = board_on(today, await memberships.all())
    partners = [voter.id for voter in await voters.all()]
    electorate = eligible_voters([m.id for m in board], partners)
    if not electorate:
        raise RuleViolation(
            "nobody can vote: no Board mayor serves today and no supporting partner is registered"
        )
    round_id = new_id()
    for nomination in slate:
        if nomination.status is NominationStatus.RECEIVED:
            await change_aggregate(
                nominations,
                nomination.id,
                None,
                lambda n: n.make_candidate(
                    command.context, f"Put forward in selection round {round_id}"
                ),
            )
    selection = SelectionRound.open(
        round_id,
        vacancy.id,
        vacancy.seat,
        {nomination.id: nomination.mayor for nomination in slate},
        electorate,
        command.context,
        quorum=quorum_for(len(electorate), quorum_fraction),
        closes_on=command.closes_on,
    )
    await rounds.add(selection)
    return selection


async def cast_ballot(command: CastBallot, *, rounds: RoundRepository) -> SelectionRound:
    """One eligible voter's ballot; a second one, or one in a closed round, is refused."""
    return await change_aggregate(
        rounds,
        command.round_id,
        None,
        lambda r: r.cast(command.voter_id, command.nomination_id, command.context),
    )


async def close_round(command: CloseRound, *, rounds: RoundRepository) -> SelectionRound:
    """Close the round and select the nominee with the most votes (`NomineeSelected`).

    Seating the mayor, filling the vacancy and settling the nominations follow the event
    (`follow_round_event`). Without quorum, or with an unbroken tie, nothing changes.
    """
    return await change_aggregate(
        rounds,
        command.round_id,
        None,
        lambda r: r.close(command.context, tie_break=command.tie_break),
    )


async def cancel_round(command: CancelRound, *, rounds: RoundRepository) -> SelectionRound:
    """Close the round without selecting anyone; its candidates stay candidates."""
    return await change_aggregate(
        rounds, command.round_id, None, lambda r: r.cancel(command.reason, command.context)
    )


# --------------------------------------------------------------------------------------------
# Meetings
# --------------------------------------------------------------------------------------------


async def record_meeting(
    command: RecordMeeting,
    *,
    meetings: MeetingRepository,
    memberships: MembershipRepository,
) -> Meeting:
    """Put a Board meeting on record; every attendee served on the Board that day."""
    serving = [m.id for m in board_on(command.held_on, await memberships.all())]
    meeting = Meeting.record(
        new_id(),
        command.held_on,
        command.title,
        command.attendees,
        command.recommendations,
        command.decisions,
        serving,
        command.context,
    )
    await meetings.add(meeting)
    return meeting


# --------------------------------------------------------------------------------------------
# Reactions to events (idempotent: a redelivery or a replay changes nothing)
# --------------------------------------------------------------------------------------------


async def follow_city_event(
    event: Event,
    *,
    cities: KnownCities,
    memberships: MembershipRepository,
    vacancies: VacancyRepository,
) -> None:
    """Keep the read model of the cities; a new mayor of a Board city ends that membership."""
    await cities.apply(event)
    if isinstance(event, CityMayorChanged):
        await _follow_mayorchange_aggregate(event, memberships=memberships, vacancies=vacancies)


async def _follow_mayorchange_aggregate(
    event: CityMayorChanged, *, memberships: MembershipRepository, vacancies: VacancyRepository
) -> None:
    """The city's mayor on the Board left office: the membership ends (`left_office`) on the
    day before the new mayor took office (or the day the registry recorded it), and the seat's
    vacancy opens.

    Only memberships seated before the registry recorded the change are concerned: replaying an
    old change cannot unseat a mayor seated since.
    """
    context = event.caused("board")
    new_mayor = _person(event.new_mayor.name)
    for membership in await memberships.of_city(event.aggregate_id):
        if not membership.is_serving or _person(membership.mayor.name) == new_mayor:
            continue
        if event.occurred_at <= membership.seated_at:
            continue
        if event.took_office_on is not None:
            last_day = event.took_office_on - timedelta(days=1)
        else:
            last_day = event.occurred_at.date()
        last_day = min(max(last_day, membership.first_day), membership.current_term.end)
        note = f"{event.new_mayor.name} became mayor of {membership.mayor.city_name}"

        def leave(m: Membership, on: date = last_day, note: str = note) -> None:
            if m.is_serving:
                m.end(MembershipEndReason.LEFT_OFFICE, on, note, context)

        ended = await change_aggregate(memberships, membership.id, None, leave)
        await open_vacancy_for(ended, context, vacancies=vacancies)
        log.info("membership %s ended: the mayor left office", membership.id)


async def follow_membership_event(
    event: Event, *, memberships: MembershipRepository, vacancies: VacancyRepository
) -> None:
    """A mayor left the Board: the seat's vacancy is open (once)."""
    if not isinstance(event, MayorLeftBoard):
        return
    membership = await memberships.find(event.aggregate_id)
    if membership is None or membership.is_serving:
        log.warning(
            "MayorLeftBoard %s: membership %s not ended here", event.event_id, event.aggregate_id
        )
        return
    await open_vacancy_for(membership, event.caused("board"), vacancies=vacancies)


async def follow_round_event(
    event: Event,
    *,
    memberships: MembershipRepository,
    vacancies: VacancyRepository,
    nominations: NominationRepository,
    locks: DocumentLocks,
) -> None:
    """A round selected a nominee: seat the mayor for a term from the day the round closed (or
    from the day the seat is vacant, if later), fill the vacancy, and settle the candidates'
    nominations (`selected`, `not_selected`)."""
    if not isinstance(event, NomineeSelected):
        return
    context = event.caused("board")
    round_id = event.aggregate_id
    membership_id = membership_id_for_round(round_id)
    vacancy = await vacancies.find(event.vacancy_id)
    if not await memberships.exists(membership_id):
        start = event.occurred_at.date()
        if vacancy is not None and vacancy.opened_on > start:
            start = vacancy.opened_on
        async with locks.hold(*SEATS_LOCK):
            check_seat_free(event.seat, start, await memberships.all())
            membership = Membership.seat_mayor(
                membership_id,
                event.mayor,
                event.seat,
                start,
                SeatedVia.SELECTION,
                context,
                nomination_id=event.nomination_id,
                round_id=round_id,
            )
            with suppress(AlreadyExists):  # seated meanwhile by a redelivery
                await memberships.add(membership)
    if vacancy is not None:
        await change_aggregate(
            vacancies, vacancy.id, None, lambda v: v.fill(membership_id, round_id, context)
        )
    for nomination_id in event.votes:
        selected = nomination_id == event.nomination_id

        def settle(nomination: Nomination, selected: bool = selected) -> None:
            if nomination.status is not NominationStatus.CANDIDATE:
                return  # settled already (a redelivery), or withdrawn
            if selected:
                nomination.mark_selected(context, f"Selected in round {round_id}")
            else:
                nomination.mark_not_selected(context, f"Not selected in round {round_id}")

        if await nominations.exists(nomination_id):
            await change_aggregate(nominations, nomination_id, None, settle)


# --------------------------------------------------------------------------------------------
# Terms: announcements and ends (the scheduler's work)
# --------------------------------------------------------------------------------------------


@dataclass
class TermsReport:
    announced: list[str]
    ended: list[str]
    lost_races: int = 0


async def run_terms(
    today: date,
    notice_days: int,
    *,
    memberships: MembershipRepository,
    vacancies: VacancyRepository,
    context: EventContext | None = None,
) -> TermsReport:
    """Announce the terms ending within `notice_days` of `today` (once per term), and end the
    memberships whose term is over (`term_ended`), opening their vacancies.

    The membership records each announced term end, so a restart announces nothing twice; a
    concurrent announcer that loses the compare-and-set gets `StaleVersion` and moves on.
    """
    context = context or EventContext(actor=SCHEDULER_ACTOR)
    report = TermsReport(announced=[], ended=[])
    for membership in await memberships.serving():
        try:
            if membership.current_term.end < today:
                membership.end(MembershipEndReason.TERM_ENDED, None, None, context)
                await memberships.save(membership)
                await open_vacancy_for(membership, context, vacancies=vacancies)
                report.ended.append(membership.id)
            elif membership.announce_term_ending(today, notice_days, context):
                await memberships.save(membership)
                report.announced.append(membership.id)
        except StaleVersion:
            # Another announcer (or a staff command) changed it first; the next run sees it.
            report.lost_races += 1
            log.info("membership %s changed meanwhile; left for the next run", membership.id)
    return report


# --------------------------------------------------------------------------------------------
# Queries
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BoardNow:
    day: date
    members: list[Membership]
    free_seats: list[int]
    open_vacancies: list[Vacancy]


async def board_now(
    today: date, seats: int, *, memberships: MembershipRepository, vacancies: VacancyRepository
) -> BoardNow:
    members = board_on(today, await memberships.all())
    taken = {m.seat for m in members}
    return BoardNow(
        day=today,
        members=members,
        free_seats=[seat for seat in range(1, seats + 1) if seat not in taken],
        open_vacancies=await vacancies.open_ones(),
    )


async def diversity_on(
    day: date, *, memberships: MembershipRepository, cities: KnownCities
) -> tuple[DiversityView, list[str]]:
    """The diversity of the Board's cities on `day`, and the members whose city is not known."""
    members = board_on(day, await memberships.all())
    known = await cities.many(m.mayor.city_id for m in members)
    unknown = [m.id for m in members if m.mayor.city_id not in known]
    return board_diversity(known.values()), unknown


@dataclass(frozen=True)
class RoundView:
    selection: SelectionRound
    board: DiversityView
    """The Board's diversity today, without the seat the round fills."""
    effects: dict[str, CandidateEffect | None]
    """Nomination id -> what the nominee's city would bring (None: the city is not known)."""


async def round_view(
    round_id: str,
    today: date,
    *,
    rounds: RoundRepository,
    memberships: MembershipRepository,
    cities: KnownCities,
) -> RoundView:
    selection = await rounds.get(round_id)
    serving = [m for m in board_on(today, await memberships.all()) if m.seat != selection.seat]
    wanted = [m.mayor.city_id for m in serving] + [
        mayor.city_id for mayor in selection.candidates.values()
    ]
    known = await cities.many(wanted)
    board_cities = [known[m.mayor.city_id] for m in serving if m.mayor.city_id in known]
    effects: dict[str, CandidateEffect | None] = {}
    for nomination_id, mayor in selection.candidates.items():
        city = known.get(mayor.city_id)
        effects[nomination_id] = None if city is None else with_candidate(board_cities, city)
    return RoundView(selection=selection, board=board_diversity(board_cities), effects=effects)


# --------------------------------------------------------------------------------------------
# Internals
# --------------------------------------------------------------------------------------------


def _person(name: str) -> str:
    return normalize_text(name).casefold()


def _mayor_of(city: KnownCity, name: str | None) -> Mayor:
    chosen = normalize_text(name) if name is not None else (city.mayor_name or "")
    if not chosen:
        raise InvalidValue(
            "mayor_name", f"the registry knows no mayor of {city.name}: name the mayor"
        )
    try:
        return Mayor(
            name=chosen, city_id=city.id, city_name=city.name, country_code=city.country_code
        )
    except ValidationError as error:
        message = error.errors(include_url=False, include_input=False)[0]["msg"]
        raise InvalidValue("mayor_name", message) from None


def _check_city_free(city: KnownCity, start: date, memberships: Sequence[Membership]) -> None:
    last = term_end(start)
    for membership in memberships:
        if membership.mayor.city_id != city.id:
            continue
        for first, until in membership.service_periods():
            if first <= last and start <= until:
                raise RuleViolation(
                    f"{city.name} holds a seat from {first.isoformat()} to {until.isoformat()}: "
                    f"{membership.mayor.name}, seat {membership.seat} (membership "
                    f"{membership.id})"
                )


def _free_seat(start: date, memberships: Sequence[Membership], seats: int) -> int:
    for seat in range(1, seats + 1):
        try:
            check_seat_free(seat, start, memberships)
        except RuleViolation:
            continue
        return seat
    raise RuleViolation(
        f"no seat is free from {start.isoformat()} to {term_end(start).isoformat()}: all "
        f"{seats} are held for part of that term"
    )


R = TypeVar("R", bound=Membership | Vacancy | Nomination | SelectionRound | Meeting)
