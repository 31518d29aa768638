"""The Leadership Board's flows across the two services, on the real broker and database.

Registry → board: a partner city's mayor is nominated, selected by a round, and seated for two
years; the cities service shows the seat on the city's timeline (and profile). A new mayor
recorded in the registry for a Board city ends the membership and opens a vacancy.
"""

from __future__ import annotations

import time
import uuid
from datetime import date, timedelta

import pytest

from mmc_board.domain import term_end
from tests.integration.board.conftest import Board, Cities, Json
from tests.waiting import eventually

pytestmark = pytest.mark.integration


async def register_city(
    cities: Cities,
    name: str,
    country_code: str,
    mayor: str,
    *,
    partner: bool,
    size_class: str = "secondary",
    contexts: tuple[str, ...] = ("transit",),
) -> Json:
    city = await cities.ok(
        "POST",
        "/cities",
        201,
        json={
            "name": f"{name} {uuid.uuid4().hex[:6]}",
            "country_code": country_code,
            "size_class": size_class,
            "migration_contexts": list(contexts),
            "mayor": {"name": mayor, "title": "Mayor"},
        },
    )
    if partner:
        for status in ("engaged", "partner"):
            city = await cities.ok(
                "POST",
                f"/cities/{city['id']}/partnership",
                json={"to_status": status, "reason": f"Moved to {status} by the flow test"},
            )
    return city


async def test_a_selected_nominee_is_seated_for_two_years_and_cities_shows_it(
    cities: Cities, board: Board
) -> None:
    today = board.clock()
    nominee_city = await register_city(cities, "Kumasi", "GH", "Ama Owusu", partner=True)
    leaving_city = await register_city(cities, "Cartagena", "CO", "Luis Peña", partner=False)
    serving_city = await register_city(cities, "Izmir", "TR", "Cemil Tugay", partner=False)
    for city in (nominee_city, leaving_city, serving_city):
        await board.known_city(city["id"])
    await board.known_city(nominee_city["id"], lambda c: c["partnership_status"] == "partner")

    # A vacancy: one Board mayor resigns; another still serves and votes.
    leaving = await board.seat(leaving_city["id"], today - timedelta(days=200), seat=4)
    serving = await board.seat(serving_city["id"], today - timedelta(days=100), seat=5)
    departure = await board.ok(
        "POST",
        f"/memberships/{leaving['id']}/departure",
        json={"reason": "resigned", "on": (today - timedelta(days=1)).isoformat()},
    )
    vacancy = departure["vacancy"]
    assert (vacancy["seat"], vacancy["status"]) == (4, "open")
    for partner in ("iom", "unhcr", "c40-cities"):
        await board.ok("POST", "/voters", 201, json={"id": partner, "name": partner.upper()})

    nomination = await board.ok(
        "POST",
        "/nominations",
        201,
        json={
            "city_id": nominee_city["id"],
            "nominated_by_name": "Kofi Mensah",
            "nominated_by_role": "Deputy Mayor",
            "statement": "She built the city's transit migration desk from nothing.",
            "vacancy_id": vacancy["id"],
        },
    )
    assert nomination["mayor"]["name"] == "Ama Owusu"
    selection = await board.ok(
        "POST",
        "/rounds",
        201,
        json={"vacancy_id": vacancy["id"], "candidates": [nomination["id"]]},
    )
    voters = sorted(v["voter_id"] for v in selection["voters"])
    assert voters == sorted([serving["id"], "iom", "unhcr", "c40-cities"])
    assert selection["quorum"] == 3
    candidate = selection["candidates"][0]
    assert "adds a new country: GH" in candidate["diversity_changes"]
    assert candidate["diversity_if_selected"]["cities"] == 2  # Izmir and the nominee

    for voter in (serving["id"], "iom", "unhcr"):
        await board.ok(
            "POST",
            f"/rounds/{selection['id']}/ballots",
            201,
            json={"voter_id": voter, "nomination_id": nomination["id"]},
        )
    closed_at = time.monotonic()
    results = await board.ok("POST", f"/rounds/{selection['id']}/close")
    assert results["selected"] == nomination["id"]
    assert results["votes"] == {nomination["id"]: 3}

    # The board seats the mayor in reaction to NomineeSelected.
    seated: Json = {}

    async def seated_in_board() -> bool:
        nonlocal seated
        page = await board.ok("GET", "/memberships", params={"city_id": nominee_city["id"]})
        seated = page["items"][0] if page["items"] else {}
        return bool(seated)

    await eventually(seated_in_board, 30, "the selected mayor seated in the board")
    start = date.fromisoformat(seated["term_start"])
    assert start == today  # the day the round closed
    assert date.fromisoformat(seated["term_end"]) == term_end(start)
    assert date.fromisoformat(seated["term_end"]) == start.replace(year=start.year + 2) - timedelta(
        days=1
    )
    assert (seated["seat"], seated["via"], seated["round_id"]) == (4, "selection", selection["id"])
    assert seated["mayor"]["name"] == "Ama Owusu"

    # The cities service shows it on the city's timeline (and its profile, if it has the role).
    shown: Json = {}

    async def timeline_shows_it() -> bool:
        page = await cities.ok(
            "GET", f"/cities/{nominee_city['id']}/timeline", params={"limit": 200}
        )
        return any(entry["kind"] == "MayorSeated" for entry in page["items"])

    await eventually(timeline_shows_it, 30, "MayorSeated on the city's timeline")
    took = time.monotonic() - closed_at
    shown = await cities.ok("GET", f"/cities/{nominee_city['id']}")
    if "board_role" in shown:

        async def profile_shows_it() -> bool:
            nonlocal shown
            shown = await cities.ok("GET", f"/cities/{nominee_city['id']}")
            return shown["board_role"] is not None

        await eventually(profile_shows_it, 30, "the Board role on the city's profile")
        assert shown["board_role"]["membership_id"] == seated["id"]
        assert shown["board_role"]["seat"] == 4
    print(f"\nclose -> cities timeline shows MayorSeated: {took:.2f} s")

    # And the rest of the reaction: the vacancy is filled, the nomination selected.
    async def settled() -> bool:
        filled = await board.ok("GET", f"/vacancies/{vacancy['id']}")
        chosen = await board.ok("GET", f"/nominations/{nomination['id']}")
        return bool(filled["filled_by"] == seated["id"] and chosen["status"] == "selected")

    await eventually(settled, 20, "the vacancy filled and the nomination selected")
    now = await board.ok("GET", "/board")
    assert [(m["seat"], m["membership_id"]) for m in now["members"]] == [
        (4, seated["id"]),
        (5, serving["id"]),
    ]
    assert now["vacancies"] == []


async def test_a_new_mayor_of_a_board_city_opens_a_vacancy(cities: Cities, board: Board) -> None:
    today = board.clock()
    city = await register_city(cities, "Mombasa", "KE", "Abdulswamad Nassir", partner=True)
    await board.known_city(city["id"])
    membership = await board.seat(city["id"], today - timedelta(days=30), seat=2)
    assert membership["mayor"]["name"] == "Abdulswamad Nassir"

    # The same mayor with new details is no change of mayor: nothing happens to the seat.
    await cities.ok(
        "POST",
        f"/cities/{city['id']}/mayor",
        json={"name": "Abdulswamad Nassir", "email": "mayor@mombasa.example.org"},
    )
    await cities.ok(
        "POST",
        f"/cities/{city['id']}/mayor",
        json={"name": "Halima Juma", "took_office_on": today.isoformat()},
    )
    await board.known_city(city["id"], lambda c: c["mayor_name"] == "Halima Juma")

    ended: Json = {}

    async def membership_ended() -> bool:
        nonlocal ended
        ended = await board.ok("GET", f"/memberships/{membership['id']}")
        return bool(ended["status"] == "ended")

    await eventually(membership_ended, 30, "the membership ended")
    assert ended["end_reason"] == "left_office"
    assert ended["ended_on"] == (today - timedelta(days=1)).isoformat()
    # The reaction ends the membership, then opens the vacancy: two writes, seen one by one.
    vacancies: Json = {}

    async def vacancy_open() -> bool:
        nonlocal vacancies
        vacancies = await board.ok("GET", "/vacancies", params={"status": "open"})
        return bool(vacancies["items"])

    await eventually(vacancy_open, 30, "the vacancy to open")
    [vacancy] = vacancies["items"]
    assert vacancy["id"] == ended["vacancy_id"]
    assert (vacancy["seat"], vacancy["reason"]) == (2, "left_office")
    assert vacancy["previous_membership_id"] == membership["id"]
    assert vacancy["opened_on"] == today.isoformat()
    now = await board.ok("GET", "/board")
    assert now["members"] == []
    assert 2 in now["free_seats"]
