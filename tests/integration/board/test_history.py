"""`GET /board/as-of/{day}`: who served on a past day, through seats, renewals, a resignation, a
new seat on the vacancy and a term that ran out."""

from __future__ import annotations

from datetime import date

import pytest

from mmc_board.domain import board_on
from tests.integration.board.conftest import Board, city_registered, publish_city

pytestmark = pytest.mark.integration


async def test_the_board_as_of_a_past_day_matches_the_history(board: Board) -> None:
    board.clock.today = date(2022, 9, 1)
    one, two, three = [
        await publish_city(board, city_registered(name, code, region, sub, mayor=mayor))
        for name, code, region, sub, mayor in (
            ("Accra", "GH", "Africa", "Sub-Saharan Africa", "Mohammed Adjei Sowah"),
            ("Amman", "JO", "Asia", "Western Asia", "Yousef Shawarbeh"),
            ("Bristol", "GB", "Europe", "Northern Europe", "Marvin Rees"),
        )
    ]
    # Accra on seat 1 from 2020, renewed, resigns mid-term; Amman on seat 2, term runs out;
    # Bristol takes seat 1 on the vacancy Accra left.
    a = await board.seat(one["id"], date(2020, 1, 1), seat=1, via="founding")
    b = await board.seat(two["id"], date(2020, 3, 1), seat=2)
    renewed = await board.ok("POST", f"/memberships/{a['id']}/renewal", json={})
    assert (renewed["term_start"], renewed["term_end"]) == ("2022-01-01", "2023-12-31")
    left = await board.ok(
        "POST",
        f"/memberships/{a['id']}/departure",
        json={"reason": "resigned", "on": "2022-06-30", "note": "Elected to parliament"},
    )
    vacancy = left["vacancy"]
    assert vacancy["opened_on"] == "2022-07-01"
    c = await board.seat(three["id"], date(2022, 7, 1), vacancy_id=vacancy["id"])
    assert c["seat"] == 1
    report = await board.service.scheduler.tick()  # today 2022-09-01: Amman's term is over
    assert report.ended == [b["id"]]

    expected = {
        "2019-12-31": [],
        "2020-01-01": [(1, a["id"], "2020-01-01")],
        "2020-03-01": [(1, a["id"], "2020-01-01"), (2, b["id"], "2020-03-01")],
        "2021-12-31": [(1, a["id"], "2020-01-01"), (2, b["id"], "2020-03-01")],
        "2022-01-01": [(1, a["id"], "2022-01-01"), (2, b["id"], "2020-03-01")],
        "2022-02-28": [(1, a["id"], "2022-01-01"), (2, b["id"], "2020-03-01")],
        "2022-03-01": [(1, a["id"], "2022-01-01")],
        "2022-06-30": [(1, a["id"], "2022-01-01")],
        "2022-07-01": [(1, c["id"], "2022-07-01")],
        "2024-06-30": [(1, c["id"], "2022-07-01")],
        "2024-07-01": [],
    }
    memberships = await board.service.parts.memberships.all()
    for day, members in expected.items():
        answer = await board.ok("GET", f"/board/as-of/{day}")
        got = [(m["seat"], m["membership_id"], m["term_start"]) for m in answer["members"]]
        assert got == members, day
        assert [m["membership_id"] for m in answer["members"]] == [
            m.id for m in board_on(date.fromisoformat(day), memberships)
        ], day

    now = await board.ok("GET", "/board")
    assert [m["membership_id"] for m in now["members"]] == [c["id"]]
    assert now["free_seats"] == list(range(2, 11))
    assert [v["seat"] for v in now["vacancies"]] == [2]  # Amman's, opened when its term ended
    diversity = await board.ok("GET", "/board/diversity")
    assert diversity["diversity"]["regions"] == {"Europe": 1}
    assert diversity["members_without_known_city"] == []
