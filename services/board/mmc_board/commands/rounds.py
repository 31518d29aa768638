"""Commands on selection rounds: open one for a vacancy, cast a ballot, close or cancel it.

"One open round per vacancy" is kept by a guard (`mmc_board.guards`): of two rounds opened at
once for one vacancy, exactly one wins. Seating the selected mayor follows the round's
`NomineeSelected` event (`reactions.follow_round_event`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from mmc_board.domain import (
    InvalidValue,
    Nomination,
    RuleViolation,
    SelectionRound,
    board_on,
    eligible_voters,
    quorum_for,
)
from mmc_board.guards import claim_round, release_round
from mmc_board.parts import BoardParts
from mmc_chassis.commands import change_aggregate
from mmc_chassis.ids import new_id
from mmc_contracts import EventContext
from mmc_contracts.board import NominationStatus


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


async def open_round(command: OpenRound, board: BoardParts) -> SelectionRound:
    """Open a selection round for an open vacancy among the listed nominations.

    The voters are the Board mayors serving today and the registered supporting partners; the
    quorum is more than `quorum_fraction` of them. Nominations still `received` become
    candidates.

    :raises InvalidValue: an unknown vacancy (`vacancy_id`); a listed nomination unknown, listed
        twice or for another vacancy (`candidates.<i>`).
    :raises RuleViolation: the vacancy is filled or has an open round; a nomination is not in
        play or is a candidate in another open round; nobody can vote.
    """
    vacancy = await board.vacancies.find(command.vacancy_id)
    if vacancy is None:
        raise InvalidValue("vacancy_id", f"there is no vacancy {command.vacancy_id}")
    if not vacancy.is_open:
        raise RuleViolation(f"the vacancy for seat {vacancy.seat} is filled already")
    already = await board.rounds.open_for_vacancy(vacancy.id)
    if already:
        raise RuleViolation(f"selection round {already[0].id} is open for this vacancy already")
    slate = await _slate(command.candidates, vacancy.id, board)
    serving = board_on(board.clock(), await board.memberships.all())
    partners = [voter.id for voter in await board.voters.all()]
    electorate = eligible_voters([m.id for m in serving], partners)
    if not electorate:
        raise RuleViolation(
            "nobody can vote: no Board mayor serves today and no supporting partner is registered"
        )
    selection = SelectionRound.open(
        new_id(),
        vacancy.id,
        vacancy.seat,
        {nomination.id: nomination.mayor for nomination in slate},
        electorate,
        command.context,
        quorum=quorum_for(len(electorate), board.settings.quorum_fraction),
        closes_on=command.closes_on,
    )
    await claim_round(board.guards, board.rounds, selection)
    try:
        for nomination in slate:
            if nomination.status is NominationStatus.RECEIVED:
                await change_aggregate(
                    board.nominations,
                    nomination.id,
                    None,
                    lambda n: n.make_candidate(
                        command.context, f"Put forward in selection round {selection.id}"
                    ),
                )
        await board.rounds.add(selection)
    except Exception:
        await release_round(board.guards, selection)
        raise
    return selection


async def _slate(candidates: Sequence[str], vacancy_id: str, board: BoardParts) -> list[Nomination]:
    """The listed nominations, each in play and in no other open round."""
    found = await board.nominations.get_many(candidates)
    slate: list[Nomination] = []
    for index, nomination_id in enumerate(candidates):
        field = f"candidates.{index}"
        nomination = found.get(nomination_id)
        if nomination is None:
            raise InvalidValue(field, f"there is no nomination {nomination_id}")
        if any(listed.id == nomination_id for listed in slate):
            raise InvalidValue(field, f"{nomination_id} is listed twice")
        if nomination.vacancy_id not in (None, vacancy_id):
            raise InvalidValue(field, f"{nomination_id} answers vacancy {nomination.vacancy_id}")
        if nomination.status not in (NominationStatus.RECEIVED, NominationStatus.CANDIDATE):
            raise RuleViolation(f"nomination {nomination_id} is {nomination.status.value}")
        others = await board.rounds.open_with_candidate(nomination_id)
        if others:
            raise RuleViolation(
                f"nomination {nomination_id} is a candidate in the open round {others[0].id}"
            )
        slate.append(nomination)
    return slate


async def cast_ballot(command: CastBallot, board: BoardParts) -> SelectionRound:
    """One eligible voter's ballot; a second one, or one in a closed round, is refused."""
    return await change_aggregate(
        board.rounds,
        command.round_id,
        None,
        lambda r: r.cast(command.voter_id, command.nomination_id, command.context),
    )


async def close_round(command: CloseRound, board: BoardParts) -> SelectionRound:
    """Close the round and select the nominee with the most votes (`NomineeSelected`).

    Seating the mayor, filling the vacancy and settling the nominations follow the event
    (`follow_round_event`). Without quorum, or with an unbroken tie, nothing changes.
    """
    selection = await change_aggregate(
        board.rounds,
        command.round_id,
        None,
        lambda r: r.close(command.context, tie_break=command.tie_break),
    )
    await release_round(board.guards, selection)
    return selection


async def cancel_round(command: CancelRound, board: BoardParts) -> SelectionRound:
    """Close the round without selecting anyone; its candidates stay candidates."""
    selection = await change_aggregate(
        board.rounds, command.round_id, None, lambda r: r.cancel(command.reason, command.context)
    )
    await release_round(board.guards, selection)
    return selection
