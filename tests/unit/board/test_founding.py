"""The founding Board and the supporting partners."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from datetime import date
from importlib import resources

import pytest

from mmc_board.domain.errors import InvalidValue
from mmc_board.domain.founding import (
    FOUNDED_ON,
    FOUNDING_BOARD,
    SUPPORTING_PARTNER_IDS,
    SUPPORTING_PARTNERS,
    find_founding_city,
    seat_founding_member,
)
from mmc_board.domain.history import board_on
from mmc_board.domain.selection import eligible_voters, quorum_for
from mmc_contracts.board import MayorSeated, SeatedVia, VoterKind
from tests.unit.board.helpers import AMMAN, FREETOWN, KAMPALA, ctx


def demo_cities() -> list[dict[str, str]]:
    text = resources.files("mmc_cities.demo").joinpath("cities.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def test_ten_founding_mayors_on_seats_one_to_ten() -> None:
    assert [m.seat for m in FOUNDING_BOARD] == list(range(1, 11))
    assert len({m.mayor_name for m in FOUNDING_BOARD}) == 10
    assert [(m.mayor_name, m.city_name, m.country_code) for m in FOUNDING_BOARD] == [
        ("Yvonne Aki-Sawyerr", "Freetown", "SL"),
        ("Bruno Covas", "São Paulo", "BR"),
        ("Eric Garcetti", "Los Angeles", "US"),
        ("Georgios Kaminis", "Athens", "GR"),
        ("Erias Lukwago", "Kampala", "UG"),
        ("Corine Mauch", "Zürich", "CH"),
        ("Valérie Plante", "Montréal", "CA"),
        ("Marvin Rees", "Bristol", "GB"),
        ("Giuseppe Sala", "Milan", "IT"),
        ("Yousef Shawarbeh", "Amman", "JO"),
    ]


def test_spelled_as_in_the_cities_demo_data() -> None:
    rows = {(row["name"], row["country_code"]): row for row in demo_cities()}
    for member in FOUNDING_BOARD:
        row = rows.get((member.city_name, member.country_code))
        assert row is not None, f"{member.city_name} is not in the cities demo data"
        assert row["mayor_name"] == member.mayor_name


def test_seated_on_1_december_2018_for_two_years() -> None:
    assert FOUNDED_ON.isoformat() == "2018-12-01"
    membership = seat_founding_member(FOUNDING_BOARD[0], "membership-1", FREETOWN, ctx())

    assert membership.seat == 1
    assert membership.mayor.name == "Yvonne Aki-Sawyerr"
    assert membership.mayor.city_id == "city-freetown"
    assert membership.current_term.start == date(2018, 12, 1)
    assert membership.current_term.end == date(2020, 11, 30)
    [event] = membership.pull_events()
    assert isinstance(event, MayorSeated)
    assert event.via is SeatedVia.FOUNDING


def test_founding_member_needs_their_own_city() -> None:
    with pytest.raises(InvalidValue) as exc:
        seat_founding_member(FOUNDING_BOARD[0], "membership-1", KAMPALA, ctx())
    assert exc.value.field == "city"


def test_find_founding_city() -> None:
    zurich = replace(KAMPALA, id="city-zurich", name="zürich", country_code="CH", region="Europe")
    cities = [FREETOWN, KAMPALA, zurich, AMMAN]
    by_seat = {m.seat: find_founding_city(m, cities) for m in FOUNDING_BOARD}

    assert by_seat[1] is FREETOWN
    assert by_seat[5] is KAMPALA
    assert by_seat[6] is zurich
    assert by_seat[10] is AMMAN
    assert by_seat[2] is None
    wrong_country = replace(FREETOWN, country_code="GN")
    assert find_founding_city(FOUNDING_BOARD[0], [wrong_country]) is None


def test_the_founding_board_and_partners_can_vote() -> None:
    memberships = [
        seat_founding_member(
            member,
            f"membership-{member.seat}",
            replace(
                FREETOWN,
                id=f"city-{member.seat}",
                name=member.city_name,
                country_code=member.country_code,
            ),
            ctx(),
        )
        for member in FOUNDING_BOARD
    ]
    serving = board_on(date(2019, 6, 1), memberships)
    voters = eligible_voters([m.id for m in serving], sorted(SUPPORTING_PARTNER_IDS))

    assert len(voters) == 17
    assert sum(kind is VoterKind.SUPPORTING_PARTNER for kind in voters.values()) == 7
    assert quorum_for(len(voters)) == 9
    assert board_on(date(2020, 12, 1), memberships) == []


def test_supporting_partners() -> None:
    assert [p.name for p in SUPPORTING_PARTNERS] == [
        "C40 Cities",
        "UCLG",
        "Global Task Force of Local and Regional Governments",
        "International Organization for Migration",
        "UN Refugee Agency (UNHCR)",
        "Government of Switzerland",
        "Open Society Foundations",
    ]
    assert len(SUPPORTING_PARTNER_IDS) == len(SUPPORTING_PARTNERS)
    for partner in SUPPORTING_PARTNERS:
        assert partner.id == partner.id.strip().lower()
        assert " " not in partner.id
