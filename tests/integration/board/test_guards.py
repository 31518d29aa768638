"""Check-then-act rules kept by the database: of concurrent requests, exactly one wins.

"One nomination in play per city" and "one open round per vacancy" were checked and then
written with nothing in between, so concurrent requests could all pass the check. Here ten
requests arrive at once, spread over two board instances on one database (two processes, each
with its own in-process locks): exactly one gets 201, the others 409, and the database holds one
active nomination, one open round. A guard left behind by a holder that ended without releasing
it (a crash between two writes) does not block the city or the vacancy.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from mmc_board.settings import BoardSettings
from mmc_chassis.commands import change_aggregate
from mmc_chassis.guards import GUARDS
from mmc_contracts import EventContext
from mmc_contracts.board import NominationStatus
from tests.integration.board.conftest import (
    Board,
    Json,
    MongoClient,
    city_registered,
    publish_city,
    running_board,
)
from tests.waiting import eventually

pytestmark = pytest.mark.integration

STATEMENT = "A mayor who has put migrants at the heart of the city's plans."
REQUESTS = 10


@pytest.fixture
async def replica(
    board: Board, board_settings: BoardSettings, mongo_client: MongoClient
) -> AsyncIterator[Board]:
    """A second board instance on the same database and topics: another process."""
    async with running_board(board_settings, board.clock, mongo_client) as second:
        yield second


async def at_once(
    boards: list[Board], url: str, bodies: list[Json]
) -> tuple[Counter[int], list[httpx.Response]]:
    """POST every body at once, spread over the boards; the answers' status codes."""
    responses = await asyncio.gather(
        *(boards[n % len(boards)].client.post(url, json=body) for n, body in enumerate(bodies))
    )
    return Counter(response.status_code for response in responses), responses


def nomination_body(city_id: str, n: int = 0) -> Json:
    return {
        "city_id": city_id,
        "nominated_by_name": f"Deputy {n}",
        "nominated_by_role": "Deputy Mayor",
        "statement": STATEMENT,
    }


async def partner_city(board: Board, name: str, country: str) -> Json:
    return await publish_city(
        board, city_registered(name, country, "Asia", "Western Asia", mayor=f"Mayor of {name}")
    )


async def test_concurrent_nominations_for_one_city_exactly_one_wins(
    board: Board, replica: Board
) -> None:
    city = await partner_city(board, "Gaziantep", "TR")
    await replica.known_city(city["id"])

    statuses, responses = await at_once(
        [board, replica], "/nominations", [nomination_body(city["id"], n) for n in range(REQUESTS)]
    )

    print(f"\n{REQUESTS} concurrent nominations for one city: {dict(sorted(statuses.items()))}")
    assert statuses == {201: 1, 409: REQUESTS - 1}
    winner = next(r.json() for r in responses if r.status_code == 201)
    assert all(
        "nomination in play" in r.json()["detail"] for r in responses if r.status_code == 409
    )
    active = await board.database["nominations"].count_documents(
        {"mayor.city_id": city["id"], "status": {"$in": ["received", "candidate"]}}
    )
    assert active == 1
    assert await board.database["nominations"].count_documents({}) == 1
    guard = await board.database[GUARDS].find_one({"_id": f"active-nomination:{city['id']}"})
    assert guard is not None
    assert guard["holder"] == winner["id"]

    # Withdrawn, it frees the city: the next nomination is received.
    await board.ok(
        "POST",
        f"/nominations/{winner['id']}/status",
        json={"to_status": "withdrawn", "reason": "The mayor declined."},
    )
    assert await board.database[GUARDS].count_documents({}) == 0
    await replica.ok("POST", "/nominations", 201, json=nomination_body(city["id"]))


async def vacancy_with_voter(board: Board) -> Json:
    """An open vacancy (a Board mayor resigned) and a supporting partner who can vote."""
    today = board.clock()
    left = await partner_city(board, "Amman", "JO")
    leaving = await board.seat(left["id"], today - timedelta(days=60), seat=1)
    departure = await board.ok(
        "POST",
        f"/memberships/{leaving['id']}/departure",
        json={"reason": "resigned", "on": (today - timedelta(days=1)).isoformat()},
    )
    await board.ok("POST", "/voters", 201, json={"id": "iom", "name": "IOM"})
    vacancy: Json = departure["vacancy"]
    return vacancy


async def test_concurrent_rounds_for_one_vacancy_exactly_one_wins(
    board: Board, replica: Board
) -> None:
    vacancy = await vacancy_with_voter(board)
    # Each request puts forward a nomination of its own, so nothing but the rule stands
    # between them.
    cities = [await partner_city(board, f"Izmir {n}", "TR") for n in range(REQUESTS)]
    nominations = [
        await board.ok("POST", "/nominations", 201, json=nomination_body(city["id"]))
        for city in cities
    ]
    bodies = [{"vacancy_id": vacancy["id"], "candidates": [n["id"]]} for n in nominations]

    statuses, responses = await at_once([board, replica], "/rounds", bodies)

    print(f"\n{REQUESTS} concurrent rounds for one vacancy: {dict(sorted(statuses.items()))}")
    assert statuses == {201: 1, 409: REQUESTS - 1}
    winner = next(r.json() for r in responses if r.status_code == 201)
    rounds = board.database["selection_rounds"]
    assert await rounds.count_documents({"vacancy_id": vacancy["id"], "status": "open"}) == 1
    assert await rounds.count_documents({}) == 1
    candidates = {"status": "candidate"}
    assert await board.database["nominations"].count_documents(candidates) == 1
    guard = await board.database[GUARDS].find_one({"_id": f"open-round:{vacancy['id']}"})
    assert guard is not None
    assert guard["holder"] == winner["id"]

    # Cancelled, it frees the vacancy: the next round opens.
    await board.ok(
        "POST", f"/rounds/{winner['id']}/cancel", json={"reason": "A second candidate came."}
    )
    assert await board.database[GUARDS].find_one({"_id": f"open-round:{vacancy['id']}"}) is None
    await replica.ok("POST", "/rounds", 201, json=bodies[1])


async def test_a_guard_left_by_an_ended_holder_does_not_block(board: Board) -> None:
    city = await partner_city(board, "Bursa", "TR")
    first = await board.ok("POST", "/nominations", 201, json=nomination_body(city["id"]))
    # Withdrawn without the guard's release (a crash between the two writes).
    await change_aggregate(
        board.service.parts.nominations,
        first["id"],
        None,
        lambda n: n.change_status(
            NominationStatus.WITHDRAWN, "declined", EventContext(actor="test")
        ),
    )
    guard_id = f"active-nomination:{city['id']}"
    assert (await board.database[GUARDS].find_one({"_id": guard_id}) or {})["holder"] == first["id"]

    second = await board.ok("POST", "/nominations", 201, json=nomination_body(city["id"]))
    assert (await board.database[GUARDS].find_one({"_id": guard_id}) or {})["holder"] == second[
        "id"
    ]

    # A round's guard whose holder was never written (a crash right after the claim), long ago.
    vacancy = await vacancy_with_voter(board)
    await board.database[GUARDS].insert_one(
        {
            "_id": f"open-round:{vacancy['id']}",
            "holder": "never-written",
            "claimed_at": datetime.now(UTC) - timedelta(hours=1),
        }
    )
    await board.ok(
        "POST", "/rounds", 201, json={"vacancy_id": vacancy["id"], "candidates": [second["id"]]}
    )


async def test_a_selection_frees_the_nominees_cities(board: Board) -> None:
    vacancy = await vacancy_with_voter(board)
    cities = [await partner_city(board, name, "TR") for name in ("Konya", "Adana")]
    nominations = [
        await board.ok("POST", "/nominations", 201, json=nomination_body(city["id"]))
        for city in cities
    ]
    selection = await board.ok(
        "POST",
        "/rounds",
        201,
        json={"vacancy_id": vacancy["id"], "candidates": [n["id"] for n in nominations]},
    )
    await board.ok(
        "POST",
        f"/rounds/{selection['id']}/ballots",
        201,
        json={"voter_id": "iom", "nomination_id": nominations[0]["id"]},
    )
    await board.ok("POST", f"/rounds/{selection['id']}/close")

    async def settled() -> bool:
        return await board.database[GUARDS].count_documents({}) == 0

    await eventually(settled, 30, "the round's nominations settled and their guards released")
    # The city passed over may be nominated again; the selected one now holds a seat.
    await board.ok("POST", "/nominations", 201, json=nomination_body(cities[1]["id"]))
    seated = await board.client.post("/nominations", json=nomination_body(cities[0]["id"]))
    assert seated.status_code == 409
    assert "seat on the Board" in seated.json()["detail"]
