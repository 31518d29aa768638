"""Who was on the Board when: answers from the memberships' terms and end dates.

Pure functions over memberships loaded by the caller; nothing here is stored. A day counts as
served when it is in one of a membership's terms and not after its ``ended_on``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from mmc_board.domain.errors import RuleViolation
from mmc_board.domain.membership import Membership
from mmc_board.domain.terms import term_end

__all__ = ["board_on", "check_seat_free", "seat_holder"]


def board_on(day: date, memberships: Iterable[Membership]) -> list[Membership]:
    """The memberships serving on ``day``, by seat."""
    return sorted(
        (membership for membership in memberships if membership.serving_on(day)),
        key=lambda membership: (membership.seat, membership.first_day, membership.id),
    )


def seat_holder(seat: int, day: date, memberships: Iterable[Membership]) -> Membership | None:
    """The membership holding ``seat`` on ``day``, if any."""
    return next(
        (m for m in memberships if m.seat == seat and m.serving_on(day)),
        None,
    )


def check_seat_free(
    seat: int,
    start: date,
    memberships: Iterable[Membership],
    *,
    end: date | None = None,
) -> None:
    """Raise unless nobody holds ``seat`` on any day from ``start`` to ``end`` (by default the
    end of a term starting on ``start``), both included.

    A membership that has not ended counts with all its recorded terms.

    :raises RuleViolation: ``seat 3 is held by <mayor> (membership <id>) until <day>``.
    """
    last = end if end is not None else term_end(start)
    for membership in memberships:
        if membership.seat != seat:
            continue
        for first, until in membership.service_periods():
            if first <= last and start <= until:
                raise RuleViolation(
                    f"seat {seat} is held by {membership.mayor.name} (membership "
                    f"{membership.id}) until {until.isoformat()}"
                )
