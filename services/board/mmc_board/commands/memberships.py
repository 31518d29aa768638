"""Commands on memberships and vacancies: seat a mayor, renew a term, a mayor leaves the Board.

Seating (which must see every other membership to find the seat free) is serialised within the
process by one lock (`SEATS_LOCK`); several board processes seating at once would need a
database that serialises it (see the chassis' note on FerretDB).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from pydantic import ValidationError

from mmc_board.adapters.repository import VacancyRepository
from mmc_board.domain import (
    InvalidValue,
    KnownCity,
    Membership,
    RuleViolation,
    Vacancy,
    check_seat_free,
    term_end,
)
from mmc_board.domain.checks import normalize_text
from mmc_board.ids import vacancy_id_for
from mmc_board.parts import BoardParts
from mmc_chassis.commands import change_aggregate
from mmc_chassis.errors import AlreadyExists
from mmc_chassis.ids import new_id
from mmc_contracts import EventContext
from mmc_contracts.board import Mayor, MembershipEndReason, SeatedVia

SEATS_LOCK = ("board", "seats")
"""The lock held while a seat is checked free and taken (one process)."""


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


async def seat_mayor(command: SeatMayor, board: BoardParts) -> Membership:
    """Seat the mayor of a known city on a free seat, from `term_start` for a full term.

    :raises InvalidValue: an unknown city (`city_id`), no mayor to seat (`mayor_name`), a seat
        outside 1..`seats` (`seat`), an unknown vacancy (`vacancy_id`), a term before the
        vacancy opens (`term_start`).
    :raises RuleViolation: the seat (or every seat) is taken during the term; the city already
        holds a seat then; the vacancy is filled, or a selection round is open for it.
    """
    seats = board.settings.seats
    if command.via not in (SeatedVia.FOUNDING, SeatedVia.APPOINTMENT):
        raise InvalidValue(
            "via", "staff seat a mayor as founding or appointment; rounds seat by selection"
        )
    city = await board.cities.get(command.city_id)
    if city is None:
        raise InvalidValue("city_id", f"city {command.city_id} is not known to the registry")
    mayor = mayor_of(city, command.mayor_name)
    seat = command.seat
    if seat is not None and not 1 <= seat <= seats:
        raise InvalidValue("seat", f"must be between 1 and {seats}, the Board's seats")
    vacancy: Vacancy | None = None
    if command.vacancy_id is not None:
        vacancy = await board.vacancies.find(command.vacancy_id)
        if vacancy is None:
            raise InvalidValue("vacancy_id", f"there is no vacancy {command.vacancy_id}")
        if not vacancy.is_open:
            raise RuleViolation(f"the vacancy for seat {vacancy.seat} is filled already")
        in_round = await board.rounds.open_for_vacancy(vacancy.id)
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
    async with board.locks.hold(*SEATS_LOCK):
        everyone = await board.memberships.all()
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
        await board.memberships.add(membership)
    if vacancy is not None:
        await change_aggregate(
            board.vacancies,
            vacancy.id,
            None,
            lambda v: v.fill(membership.id, None, command.context),
        )
    return membership


async def renew_membership(command: RenewMembership, board: BoardParts) -> Membership:
    """A further term for a serving Board mayor, if nobody is booked on the seat meanwhile."""
    async with board.locks.hold(*SEATS_LOCK):
        everyone = await board.memberships.all()

        def renew(membership: Membership) -> None:
            start = command.start or membership.current_term.end + timedelta(days=1)
            others = [m for m in everyone if m.id != membership.id]
            check_seat_free(membership.seat, start, others)
            membership.renew(command.start, command.context)

        return await change_aggregate(
            board.memberships, command.membership_id, command.expected_version, renew
        )


async def end_membership(command: EndMembership, board: BoardParts) -> tuple[Membership, Vacancy]:
    """The mayor leaves the Board on `on` (their last day); the seat's vacancy opens.

    The vacancy is opened here, so the answer shows it, and again in reaction to the
    `MayorLeftBoard` event (its id derives from the membership's, so it is created once): a crash
    between the two writes still leaves it open.
    """
    membership = await change_aggregate(
        board.memberships,
        command.membership_id,
        command.expected_version,
        lambda m: m.end(command.reason, command.on, command.note, command.context),
    )
    vacancy = await open_vacancy_for(membership, command.context, vacancies=board.vacancies)
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


def mayor_of(city: KnownCity, name: str | None) -> Mayor:
    """The mayor to seat or nominate: `name`, or the registry's mayor of the city."""
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
