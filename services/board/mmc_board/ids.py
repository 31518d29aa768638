"""The ids the board derives: what an event causes is created once, however often it comes."""

from __future__ import annotations

from mmc_chassis.ids import derived_id


def vacancy_id_for(membership_id: str) -> str:
    """The vacancy a membership leaves when it ends (created once, however often asked)."""
    return derived_id("vacancy", membership_id)


def membership_id_for_round(round_id: str) -> str:
    """The membership of the mayor a selection round chose."""
    return derived_id("membership", round_id)
