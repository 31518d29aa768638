"""Commands on nominations and the supporting partners who vote: receive a nomination, shortlist
or withdraw it, register a voter.

"One nomination in play per city" is kept by a guard (`mmc_board.guards`), not by the check
before the write alone: of two nominations for one city received at once, exactly one wins.
"""

from __future__ import annotations

from dataclasses import dataclass

from mmc_board.adapters.voters import Voter
from mmc_board.commands.memberships import mayor_of
from mmc_board.domain import (
    InvalidValue,
    Nomination,
    RuleViolation,
    check_nominee_city,
    checked_nominator,
)
from mmc_board.domain.checks import normalize_text
from mmc_board.guards import claim_nomination, release_nomination
from mmc_board.parts import BoardParts
from mmc_chassis.commands import change_aggregate
from mmc_chassis.errors import AlreadyExists
from mmc_chassis.ids import new_id
from mmc_contracts import EventContext
from mmc_contracts.board import NominationStatus


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
    nominated_by_email: str | None = None


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


async def nominate(command: Nominate, board: BoardParts) -> Nomination:
    """Receive a city leadership's nomination of the city's mayor.

    :raises InvalidValue: the city (`city_id`) or the nominating city (`nominated_by_city_id`)
        is not known to the registry; no mayor to nominate (`mayor_name`); an unknown vacancy
        (`vacancy_id`); the nominators' texts (the domain's checks).
    :raises RuleViolation: the city is not a partner; the registry names another mayor; the
        city's mayor already serves on the Board or has a nomination in play; the vacancy is
        filled.
    """
    city = await board.cities.get(command.city_id)
    try:
        check_nominee_city(city, command.city_id, mayor_name=command.mayor_name)
    except RuleViolation as refusal:
        if city is None:  # an id that names nothing: the request's value is at fault
            raise InvalidValue("city_id", refusal.message) from None
        raise
    assert city is not None
    mayor = mayor_of(city, command.mayor_name)
    nominated_by_city_id = command.nominated_by_city_id or city.id
    if nominated_by_city_id != city.id and await board.cities.get(nominated_by_city_id) is None:
        raise InvalidValue(
            "nominated_by_city_id", f"city {nominated_by_city_id} is not known to the registry"
        )
    if command.vacancy_id is not None:
        vacancy = await board.vacancies.find(command.vacancy_id)
        if vacancy is None:
            raise InvalidValue("vacancy_id", f"there is no vacancy {command.vacancy_id}")
        if not vacancy.is_open:
            raise RuleViolation(f"the vacancy for seat {vacancy.seat} is filled already")
    seated = [m for m in await board.memberships.of_city(city.id) if m.is_serving]
    if seated:
        raise RuleViolation(
            f"{city.name} already has a seat on the Board: {seated[0].mayor.name}, seat "
            f"{seated[0].seat} (membership {seated[0].id})"
        )
    active = await board.nominations.active_for_city(city.id)
    if active:
        raise RuleViolation(
            f"{city.name}'s mayor already has a nomination in play: {active[0].id} "
            f"({active[0].status.value})"
        )
    nominator = checked_nominator(
        command.nominated_by_name, command.nominated_by_role, command.statement
    )
    nominator_id = await _nominator_id(board, command.nominated_by_email)
    # The event carries the nominator's texts sealed with their key (crypto-shredding).
    sealed = await board.keys.seal_all(nominator_id, nominator.texts())
    nomination = Nomination.receive(
        new_id(),
        mayor,
        nominator.name,
        nominator.role,
        nominated_by_city_id,
        nominator.statement,
        command.context,
        seal=sealed.__getitem__,
        nominator_id=nominator_id,
        nominated_by_email=command.nominated_by_email,
        vacancy_id=command.vacancy_id,
    )
    await claim_nomination(board.guards, board.nominations, nomination)
    try:
        await board.nominations.add(nomination)
    except Exception:
        await release_nomination(board.guards, nomination)
        raise
    return nomination


async def _nominator_id(board: BoardParts, email: str | None) -> str:
    """Board's id of the nominator: the one of their earlier nominations (same e-mail), so one
    person has one key, else a new one."""
    if email:
        for earlier in await board.nominations.of_nominator(email_key=email.casefold()):
            if earlier.nominator_id and not earlier.nominator_erased:
                return earlier.nominator_id
    return f"nominator-{new_id()}"


async def change_nomination_status(
    command: ChangeNominationStatus, board: BoardParts
) -> Nomination:
    """Shortlist (`candidate`) or withdraw a nomination; selection is a round's to decide.

    :raises RuleViolation: `selected` / `not_selected` asked for; withdrawing a candidate of an
        open round (cancel the round, or let it run, first).
    """
    target = command.to_status
    if target in (NominationStatus.SELECTED, NominationStatus.NOT_SELECTED):
        raise RuleViolation("only a selection round's result selects or passes over a nominee")
    if target is NominationStatus.WITHDRAWN:
        in_rounds = await board.rounds.open_with_candidate(command.nomination_id)
        if in_rounds:
            raise RuleViolation(
                f"the nomination is a candidate in the open selection round {in_rounds[0].id}: "
                f"cancel or close the round first"
            )
    nomination = await change_aggregate(
        board.nominations,
        command.nomination_id,
        command.expected_version,
        lambda n: n.change_status(target, command.reason, command.context),
    )
    if target is NominationStatus.WITHDRAWN:
        await release_nomination(board.guards, nomination)
    return nomination


async def register_voter(command: RegisterVoter, board: BoardParts) -> Voter:
    """Register a supporting partner as a voter in selection rounds.

    :raises AlreadyExists: a voter with this id is registered.
    :raises RuleViolation: the id is a Board membership's.
    """
    name = normalize_text(command.name)
    if not name:
        raise InvalidValue("name", "must not be empty")
    if await board.memberships.exists(command.voter_id):
        raise RuleViolation(f"{command.voter_id} is a Board membership's id")
    voter = Voter(
        id=command.voter_id,
        name=name,
        registered_at=command.context.at,
        registered_by=command.context.actor,
    )
    if not await board.voters.add(voter):
        raise AlreadyExists("voter", command.voter_id)
    return voter
