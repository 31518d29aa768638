"""The board's reactions to events (idempotent: a redelivery or a replay changes nothing).

* the registry's city events keep the board's read model of the cities, and a new mayor of a
  Board city ends that membership (`left_office`);
* the board's own `MayorLeftBoard` opens the vacancy the mayor leaves (the command opens it
  too; this makes sure a crash between the two writes leaves it open);
* the board's own `NomineeSelected` seats the selected mayor, fills the vacancy and settles the
  candidates' nominations.

What a reaction creates has an id derived from the event or aggregate that caused it
(`mmc_board.ids`), so it is created once.
"""

from __future__ import annotations

import logging
from contextlib import suppress
from datetime import date, timedelta

from mmc_board.adapters.repository import MembershipRepository, VacancyRepository
from mmc_board.commands.memberships import SEATS_LOCK, open_vacancy_for
from mmc_board.domain import Membership, Nomination, check_seat_free
from mmc_board.domain.checks import normalize_text
from mmc_board.guards import release_nomination
from mmc_board.ids import membership_id_for_round
from mmc_board.parts import BoardParts
from mmc_chassis.commands import change_aggregate
from mmc_chassis.errors import AlreadyExists
from mmc_contracts import Event
from mmc_contracts.board import (
    MayorLeftBoard,
    MembershipEndReason,
    NominationStatus,
    NomineeSelected,
    SeatedVia,
)
from mmc_contracts.cities import CityMayorChanged

log = logging.getLogger("mmc.board")


async def follow_city_event(event: Event, board: BoardParts) -> None:
    """Keep the read model of the cities; a new mayor of a Board city ends that membership."""
    await board.cities.apply(event)
    if isinstance(event, CityMayorChanged):
        await _mayor_left_office(event, memberships=board.memberships, vacancies=board.vacancies)


async def _mayor_left_office(
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


async def follow_membership_event(event: Event, board: BoardParts) -> None:
    """A mayor left the Board: the seat's vacancy is open (once)."""
    if not isinstance(event, MayorLeftBoard):
        return
    membership = await board.memberships.find(event.aggregate_id)
    if membership is None or membership.is_serving:
        log.warning(
            "MayorLeftBoard %s: membership %s not ended here", event.event_id, event.aggregate_id
        )
        return
    await open_vacancy_for(membership, event.caused("board"), vacancies=board.vacancies)


async def follow_round_event(event: Event, board: BoardParts) -> None:
    """A round selected a nominee: seat the mayor for a term from the day the round closed (or
    from the day the seat is vacant, if later), fill the vacancy, and settle the candidates'
    nominations (`selected`, `not_selected`), which frees their cities for a new nomination."""
    if not isinstance(event, NomineeSelected):
        return
    context = event.caused("board")
    round_id = event.aggregate_id
    membership_id = membership_id_for_round(round_id)
    vacancy = await board.vacancies.find(event.vacancy_id)
    if not await board.memberships.exists(membership_id):
        start = event.occurred_at.date()
        if vacancy is not None and vacancy.opened_on > start:
            start = vacancy.opened_on
        async with board.locks.hold(*SEATS_LOCK):
            check_seat_free(event.seat, start, await board.memberships.all())
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
                await board.memberships.add(membership)
    if vacancy is not None:
        await change_aggregate(
            board.vacancies, vacancy.id, None, lambda v: v.fill(membership_id, round_id, context)
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

        if await board.nominations.exists(nomination_id):
            settled = await change_aggregate(board.nominations, nomination_id, None, settle)
            await release_nomination(board.guards, settled)


def _person(name: str) -> str:
    return normalize_text(name).casefold()
