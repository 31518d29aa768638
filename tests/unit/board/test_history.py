"""Who served when, over several terms, renewals, resignations and replacements."""

from __future__ import annotations

from datetime import date

import pytest

from mmc_board.domain.errors import RuleViolation
from mmc_board.domain.history import board_on, check_seat_free, seat_holder
from mmc_board.domain.membership import Membership
from mmc_contracts.board import MembershipEndReason, SeatedVia
from tests.unit.board.helpers import ctx, mayor, seated

R = MembershipEndReason


@pytest.fixture
def memberships() -> list[Membership]:
    """Seat 1: A 2018-2020, renewed to 2022, then left office 2021-06-30; C from 2021-09-01.
    Seat 2: B 2018-2020, term ended; D from 2020-12-01, renewed to 2024.
    """
    a = seated("m-a", date(2018, 12, 1), 1, mayor("A"), SeatedVia.FOUNDING)
    a.renew(None, ctx())
    a.end(R.LEFT_OFFICE, date(2021, 6, 30), None, ctx())
    c = seated("m-c", date(2021, 9, 1), 1, mayor("C"), SeatedVia.APPOINTMENT)
    b = seated("m-b", date(2018, 12, 1), 2, mayor("B"), SeatedVia.FOUNDING)
    b.end(R.TERM_ENDED, None, None, ctx())
    d = seated("m-d", date(2020, 12, 1), 2, mayor("D"))
    d.renew(None, ctx())
    return [d, c, b, a]


def names(members: list[Membership]) -> list[str]:
    return [m.mayor.name for m in members]


@pytest.mark.parametrize(
    ("day", "board"),
    [
        (date(2018, 11, 30), []),
        (date(2018, 12, 1), ["A", "B"]),
        (date(2020, 11, 30), ["A", "B"]),
        (date(2020, 12, 1), ["A", "D"]),
        (date(2021, 6, 30), ["A", "D"]),
        (date(2021, 7, 1), ["D"]),
        (date(2021, 9, 1), ["C", "D"]),
        (date(2023, 8, 31), ["C", "D"]),
        (date(2023, 9, 1), ["D"]),
        (date(2024, 11, 30), ["D"]),
        (date(2024, 12, 1), []),
    ],
)
def test_board_on(memberships: list[Membership], day: date, board: list[str]) -> None:
    assert names(board_on(day, memberships)) == board


def test_seat_holder(memberships: list[Membership]) -> None:
    assert seat_holder(1, date(2021, 7, 15), memberships) is None
    holder = seat_holder(1, date(2022, 1, 1), memberships)
    assert holder is not None
    assert holder.mayor.name == "C"
    assert seat_holder(3, date(2022, 1, 1), memberships) is None


def test_check_seat_free(memberships: list[Membership]) -> None:
    check_seat_free(1, date(2023, 9, 1), memberships)
    check_seat_free(2, date(2024, 12, 1), memberships)
    check_seat_free(1, date(2021, 7, 1), memberships, end=date(2021, 8, 31))
    with pytest.raises(RuleViolation, match=r"^seat 1 is held by C \(membership m-c\) until 2023"):
        check_seat_free(1, date(2021, 7, 1), memberships)
    with pytest.raises(RuleViolation, match="seat 2 is held by D"):
        check_seat_free(2, date(2024, 11, 30), memberships)
