"""A city follows the Board seat its mayor holds, applying each membership event once."""

from __future__ import annotations

from datetime import date

from mmc_cities.domain.city import City
from mmc_contracts import EventContext
from mmc_contracts.cities import BoardRole, BoardRoleChange, CityBoardRoleChanged

CONTEXT = EventContext(actor="board")
ROLE = BoardRole(
    membership_id="m1",
    seat=2,
    mayor_name="Corine Mauch",
    term_start=date(2026, 1, 1),
    term_end=date(2027, 12, 31),
)


def city() -> City:
    created = City.register(
        "c1", {"name": "Zürich", "country_code": "CH", "size_class": "primary"}, CONTEXT
    )
    created.pull_events()
    return created


def test_a_seat_shows_once_and_a_departure_clears_it() -> None:
    zurich = city()
    zurich.follow_board_membership("m1", 1, ROLE, BoardRoleChange.SEATED, "e1", CONTEXT)
    zurich.follow_board_membership("m1", 1, ROLE, BoardRoleChange.SEATED, "e1", CONTEXT)
    assert zurich.board_role == ROLE
    assert zurich.version == 2
    zurich.follow_board_membership("m1", 2, None, BoardRoleChange.LEFT, "e2", CONTEXT)
    events = zurich.pull_events()
    assert [type(e) for e in events] == [CityBoardRoleChanged, CityBoardRoleChanged]
    assert zurich.board_role is None
    assert City.from_document(zurich.to_document()) == zurich


def test_an_older_or_foreign_departure_changes_nothing() -> None:
    zurich = city()
    zurich.follow_board_membership("m1", 3, ROLE, BoardRoleChange.RENEWED, "e3", CONTEXT)
    zurich.follow_board_membership("m1", 2, None, BoardRoleChange.LEFT, "e2", CONTEXT)
    zurich.follow_board_membership("m0", 5, None, BoardRoleChange.LEFT, "e9", CONTEXT)
    assert zurich.board_role == ROLE
    assert len(zurich.pull_events()) == 1
