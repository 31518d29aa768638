"""Bad input and broken rules: each gets a clear 4xx and changes nothing in the database."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

import httpx
import pytest

from mmc_contracts.cities import PartnershipStatus
from tests.integration.board.conftest import (
    Board,
    Json,
    city_registered,
    publish_city,
    snapshot,
)
from tests.waiting import eventually

pytestmark = pytest.mark.integration

STATEMENT = "A mayor who has put migrants at the heart of the city's plans."


async def refused(
    board: Board, call: Callable[[], Awaitable[httpx.Response]], status: int, says: str
) -> Json:
    """Make the call: it must answer `status` with `says` in the detail, and change nothing."""
    before = await snapshot(board.database)
    response = await call()
    assert response.status_code == status, response.text
    body: Json = response.json()
    assert says in str(body["detail"]), body
    assert await snapshot(board.database) == before, "a refused request changed the database"
    return body


@pytest.fixture
async def open_round(board: Board) -> Json:
    """A vacancy with an open round: one candidate, three voters (one Board mayor, two
    partners), quorum 2."""
    today = board.clock()
    nominee = await publish_city(
        board, city_registered("Gaziantep", "TR", "Asia", "Western Asia", mayor="Fatma Şahin")
    )
    left = await publish_city(
        board, city_registered("Dakar", "SN", "Africa", "Sub-Saharan Africa", mayor="B. Dias")
    )
    stays = await publish_city(
        board, city_registered("Quito", "EC", "Americas", "South America", mayor="P. Muñoz")
    )
    leaving = await board.seat(left["id"], today - timedelta(days=60), seat=1)
    serving = await board.seat(stays["id"], today - timedelta(days=60), seat=2)
    departure = await board.ok(
        "POST",
        f"/memberships/{leaving['id']}/departure",
        json={"reason": "left_office", "on": (today - timedelta(days=1)).isoformat()},
    )
    for partner in ("iom", "unhcr"):
        await board.ok("POST", "/voters", 201, json={"id": partner, "name": partner.upper()})
    nomination = await board.ok(
        "POST",
        "/nominations",
        201,
        json={
            "city_id": nominee["id"],
            "nominated_by_name": "Deputy",
            "nominated_by_role": "Deputy Mayor",
            "statement": STATEMENT,
        },
    )
    selection = await board.ok(
        "POST",
        "/rounds",
        201,
        json={"vacancy_id": departure["vacancy"]["id"], "candidates": [nomination["id"]]},
    )
    assert selection["quorum"] == 2
    return {"round": selection, "nomination": nomination, "serving": serving}


async def test_a_nomination_for_an_unknown_city_is_422_at_city_id(board: Board) -> None:
    body = await refused(
        board,
        lambda: board.client.post(
            "/nominations",
            json={
                "city_id": "no-such-city",
                "nominated_by_name": "Someone",
                "nominated_by_role": "Mayor",
                "statement": STATEMENT,
            },
        ),
        422,
        "city no-such-city is not known to the registry",
    )
    assert body["detail"][0]["loc"] == ["body", "city_id"]


async def test_a_nomination_for_a_city_that_is_not_a_partner_is_409(board: Board) -> None:
    city = await publish_city(
        board,
        city_registered(
            "Medellín",
            "CO",
            "Americas",
            "South America",
            status=PartnershipStatus.ENGAGED,
            mayor="F. G.",
        ),
    )
    await refused(
        board,
        lambda: board.client.post(
            "/nominations",
            json={
                "city_id": city["id"],
                "nominated_by_name": "Someone",
                "nominated_by_role": "Mayor",
                "statement": STATEMENT,
            },
        ),
        409,
        f"city {city['id']} is not a partner (status: engaged)",
    )


async def test_ballots_results_and_closing_follow_the_rules(board: Board, open_round: Json) -> None:
    selection, nomination = open_round["round"], open_round["nomination"]
    url = f"/rounds/{selection['id']}"

    def ballot(voter: str) -> Callable[[], Awaitable[httpx.Response]]:
        return lambda: board.client.post(
            f"{url}/ballots", json={"voter_id": voter, "nomination_id": nomination["id"]}
        )

    await refused(board, ballot("not-a-voter"), 409, "not-a-voter is not an eligible voter")
    await refused(board, lambda: board.client.get(f"{url}/results"), 409, "results are hidden")
    await board.ok("POST", f"{url}/ballots", 201, json=_ballot("iom", nomination))
    await refused(board, ballot("iom"), 409, "iom has already voted")
    await refused(
        board,
        lambda: board.client.post(f"{url}/close"),
        409,
        "quorum not reached: 1 of 2 needed ballots cast",
    )
    await refused(
        board,
        lambda: board.client.post(
            f"{url}/ballots", json={"voter_id": "unhcr", "nomination_id": "nobody"}
        ),
        422,
        "nobody is not a candidate in this round",
    )
    await board.ok("POST", f"{url}/ballots", 201, json=_ballot("unhcr", nomination))
    results = await board.ok("POST", f"{url}/close")
    assert (results["selected"], results["ballots_cast"]) == (nomination["id"], 2)

    async def reaction_done() -> bool:  # the seat follows the event: let it settle first
        chosen = await board.ok("GET", f"/nominations/{nomination['id']}")
        vacancy = await board.ok("GET", f"/vacancies/{selection['vacancy_id']}")
        return bool(chosen["status"] == "selected" and vacancy["status"] == "filled")

    await eventually(reaction_done, 20, "the selected nominee seated")
    await refused(board, ballot(open_round["serving"]["id"]), 409, "the selection round is closed")
    await refused(
        board, lambda: board.client.post(f"{url}/close"), 409, "the selection round is closed"
    )
    assert (await board.ok("GET", f"{url}/results"))["votes"] == {nomination["id"]: 2}
    view = await board.ok("GET", url)
    assert [(v["voter_id"], v["voted"]) for v in view["voters"]] == sorted(
        [("iom", True), ("unhcr", True), (open_round["serving"]["id"], False)]
    )
    assert "ballots" not in view


async def test_seats_and_departures_refuse_what_the_board_does_not_allow(
    board: Board, open_round: Json
) -> None:
    today = board.clock()
    serving = open_round["serving"]
    other = await publish_city(
        board, city_registered("Lagos", "NG", "Africa", "Sub-Saharan Africa")
    )
    checks: list[tuple[Callable[[], Awaitable[httpx.Response]], int, str]] = [
        (
            lambda: board.client.post(
                "/memberships",
                json={
                    "city_id": other["id"],
                    "mayor_name": "B. Sanwo-Olu",
                    "term_start": today.isoformat(),
                    "seat": 2,
                },
            ),
            409,
            f"seat 2 is held by P. Muñoz (membership {serving['id']})",
        ),
        (
            lambda: board.client.post(
                "/memberships",
                json={
                    "city_id": other["id"],
                    "mayor_name": "B. Sanwo-Olu",
                    "term_start": today.isoformat(),
                    "seat": 11,
                },
            ),
            422,
            "must be between 1 and 10",
        ),
        (
            lambda: board.client.post(
                "/memberships",
                json={
                    "city_id": other["id"],
                    "mayor_name": "B. Sanwo-Olu",
                    "term_start": today.isoformat(),
                    "vacancy_id": open_round["round"]["vacancy_id"],
                },
            ),
            409,
            "is open for this vacancy: close or cancel it",
        ),
        (
            lambda: board.client.post(
                "/memberships", json={"city_id": other["id"], "term_start": today.isoformat()}
            ),
            422,
            "the registry knows no mayor of Lagos",
        ),
        (
            lambda: board.client.post(
                f"/memberships/{serving['id']}/departure",
                json={"reason": "term_ended", "on": today.isoformat()},
            ),
            422,
            "reason",
        ),
        (
            lambda: board.client.post(
                f"/memberships/{serving['id']}/departure",
                json={"reason": "resigned", "on": (today - timedelta(days=400)).isoformat()},
            ),
            422,
            "must be between",
        ),
        (
            lambda: board.client.post("/nominations/nope/status", json={"to_status": "candidate"}),
            404,
            "nomination 'nope' not found",
        ),
        (
            lambda: board.client.post(
                f"/nominations/{open_round['nomination']['id']}/status",
                json={"to_status": "withdrawn", "reason": "changed her mind"},
            ),
            409,
            "is a candidate in the open selection round",
        ),
        (
            lambda: board.client.post("/voters", json={"id": "iom", "name": "IOM again"}),
            409,
            "voter 'iom' already exists",
        ),
        (lambda: board.client.get("/memberships/bad%20id"), 422, "pattern"),
        (lambda: board.client.get("/board/as-of/1200-01-01"), 422, "from 1900-01-01 to 2199-12-31"),
    ]
    for call, status, says in checks:
        await refused(board, call, status, says)


def _ballot(voter: str, nomination: dict[str, Any]) -> Json:
    return {"voter_id": voter, "nomination_id": nomination["id"]}
