"""The board's "one at a time" rules, kept by the chassis' guards (see `mmc_chassis.guards`):

* one nomination in play (received or candidate) per city: `active-nomination:<city id>`,
  claimed when a nomination is received, released when it is withdrawn, selected or not;
* one open selection round per vacancy: `open-round:<vacancy id>`, claimed when a round opens,
  released when it closes or is cancelled.

A guard left behind by a holder that is no longer active (a crash between two writes) is taken
over by the next claim, so it never blocks a city or a vacancy for ever.
"""

from __future__ import annotations

from mmc_board.adapters.repository import NominationRepository, RoundRepository
from mmc_board.domain import Nomination, RuleViolation, SelectionRound
from mmc_chassis.guards import Guards
from mmc_contracts.board import NominationStatus

ACTIVE_NOMINATION = "active-nomination"
OPEN_ROUND = "open-round"

_IN_PLAY = (NominationStatus.RECEIVED, NominationStatus.CANDIDATE)


async def claim_nomination(
    guards: Guards, nominations: NominationRepository, nomination: Nomination
) -> None:
    """Make `nomination` the one in play for its city, or refuse (`RuleViolation`)."""
    city = nomination.mayor

    async def in_play(nomination_id: str) -> bool | None:
        found = await nominations.find(nomination_id)
        return None if found is None else found.status in _IN_PLAY

    holder = await guards.claim(ACTIVE_NOMINATION, city.city_id, nomination.id, in_play)
    if holder is not None:
        raise RuleViolation(f"{city.city_name}'s mayor already has a nomination in play: {holder}")


async def release_nomination(guards: Guards, nomination: Nomination) -> None:
    await guards.release(ACTIVE_NOMINATION, nomination.mayor.city_id, nomination.id)


async def claim_round(guards: Guards, rounds: RoundRepository, selection: SelectionRound) -> None:
    """Make `selection` the open round of its vacancy, or refuse (`RuleViolation`)."""

    async def is_open(round_id: str) -> bool | None:
        found = await rounds.find(round_id)
        return None if found is None else found.is_open

    holder = await guards.claim(OPEN_ROUND, selection.vacancy_id, selection.id, is_open)
    if holder is not None:
        raise RuleViolation(f"selection round {holder} is open for this vacancy already")


async def release_round(guards: Guards, selection: SelectionRound) -> None:
    await guards.release(OPEN_ROUND, selection.vacancy_id, selection.id)
