"""Who votes in a selection round, and how many ballots it needs (pure)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from fractions import Fraction

from mmc_board.domain.checks import required_id
from mmc_board.domain.errors import InvalidValue
from mmc_contracts.board import Mayor, VoterKind

__all__ = [
    "DEFAULT_QUORUM_FRACTION",
    "checked_electorate",
    "checked_slate",
    "eligible_voters",
    "quorum_for",
]

DEFAULT_QUORUM_FRACTION = Fraction(1, 2)
"""By default a round needs ballots from more than half of its voters."""


def quorum_for(voter_count: int, fraction: float | Fraction = DEFAULT_QUORUM_FRACTION) -> int:
    """The ballots needed: more than ``fraction`` of ``voter_count`` voters.

    ``quorum_for(6) == 4``, ``quorum_for(7) == 4``, ``quorum_for(6, 2/3) == 5``,
    ``quorum_for(6, 0) == 1``. A float ``fraction`` is read as the nearest simple fraction
    (``2/3`` is two thirds, not slightly less).

    :raises InvalidValue: no voters, or ``fraction`` not in ``[0, 1)``.
    """
    if isinstance(voter_count, bool) or not isinstance(voter_count, int) or voter_count < 1:
        raise InvalidValue("voters", "a round needs at least one eligible voter")
    exact = (
        Fraction(fraction).limit_denominator(1000)
        if isinstance(fraction, float)
        else Fraction(fraction)
    )
    if not 0 <= exact < 1:
        raise InvalidValue("quorum_fraction", "must be at least 0 and less than 1")
    return math.floor(voter_count * exact) + 1


def eligible_voters(
    board_membership_ids: Iterable[str], partner_ids: Iterable[str]
) -> dict[str, VoterKind]:
    """The voters of a round: the serving Board mayors (by membership id) and the supporting
    partners (by partner id), sorted by id.

    :raises InvalidValue: a blank id, or an id that is both a membership and a partner.
    """
    voters: dict[str, VoterKind] = {}
    for index, membership_id in enumerate(board_membership_ids):
        voters[required_id(membership_id, f"board_membership_ids.{index}")] = VoterKind.BOARD_MAYOR
    for index, partner_id in enumerate(partner_ids):
        partner_id = required_id(partner_id, f"partner_ids.{index}")
        if voters.get(partner_id) is VoterKind.BOARD_MAYOR:
            raise InvalidValue(
                f"partner_ids.{index}", f"{partner_id} is also a Board membership id"
            )
        voters[partner_id] = VoterKind.SUPPORTING_PARTNER
    return dict(sorted(voters.items()))


def checked_slate(candidates: Mapping[str, Mayor]) -> dict[str, Mayor]:
    """A round's candidates (nomination id -> nominee), in the order given.

    :raises InvalidValue: a blank id, a candidate without its mayor, no candidate.
    """
    slate: dict[str, Mayor] = {}
    for index, (nomination_id, mayor) in enumerate(candidates.items()):
        nomination_id = required_id(nomination_id, f"candidates.{index}")
        if not isinstance(mayor, Mayor):
            raise InvalidValue(f"candidates.{index}", "must name the nominee (a mayor)")
        slate[nomination_id] = mayor
    if not slate:
        raise InvalidValue("candidates", "a round needs at least one candidate")
    return slate


def checked_electorate(
    voters: Mapping[str, VoterKind], quorum: int | None
) -> tuple[dict[str, VoterKind], int]:
    """A round's voters sorted by id, and its quorum (by default :func:`quorum_for` them).

    :raises InvalidValue: a blank id, an unknown voter kind, no voter, a quorum not between 1
        and the number of voters.
    """
    electorate: dict[str, VoterKind] = {}
    for voter_id, kind in voters.items():
        voter_id = required_id(voter_id, "voters")
        try:
            electorate[voter_id] = VoterKind(kind)
        except ValueError:
            allowed = ", ".join(VoterKind)
            raise InvalidValue(
                f"voters.{voter_id}", f"{kind!r} is not a kind of voter ({allowed})"
            ) from None
    electorate = dict(sorted(electorate.items()))
    if quorum is None:
        quorum = quorum_for(len(electorate))
    elif isinstance(quorum, bool) or not isinstance(quorum, int):
        raise InvalidValue("quorum", "must be a whole number")
    if not electorate:
        raise InvalidValue("voters", "a round needs at least one eligible voter")
    if not 1 <= quorum <= len(electorate):
        raise InvalidValue(
            "quorum", f"must be between 1 and the number of voters ({len(electorate)})"
        )
    return electorate, quorum
