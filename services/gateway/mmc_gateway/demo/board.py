"""Today's Board for `make run` (development only), through the board service's HTTP API.

Today (2026-12-02) the founding Board's terms (2018-2020) are long over, so without this the
Board page is empty. This seats a current Board by appointment on nine of the ten founding
seats (filling the vacancies the terms scheduler opened), nominates three partner cities'
mayors for seat 10, opens its selection round and records a few supporting partners' ballots,
and records one Board meeting. None of it is public fact: it is done by the actor
`demo-loader`, the mayors are named "Demo mayor, <city>" and "Demo nominee, <city>" (the
registry's mayors of 2018 are not today's), and the statements and the meeting say "[demo]".

Run again, it adds nothing: a Board already seated, a round already open and a meeting
already recorded are left as they are.
"""

from __future__ import annotations

import time
from typing import Any

import httpx

ACTOR = "demo-loader"
TERM_START = "2025-12-01"
"""The current Board's terms (demo): two years from 1 December 2025."""
CURRENT_BOARD = (
    "Freetown",
    "Kampala",
    "Zürich",
    "Milan",
    "Amman",
    "Montréal",
    "Bristol",
    "São Paulo",
    "Los Angeles",
)
"""Partner cities whose mayors sit on seats 1 to 9 today (demo)."""
NOMINEES = ("Gaziantep", "Barranquilla", "Toronto")
"""Partner cities whose mayors are nominated for seat 10 (demo; the registry names none of
their mayors, so the nominees' names are free to be marked as demo)."""
BALLOTS = (("iom", 0), ("unhcr", 1), ("c40-cities", 0))
"""Supporting partners who have voted so far, and for which candidate (demo)."""


class BoardDemoError(Exception):
    """The Board's demo data could not be loaded; the message says why."""


def load_board(url: str, token: str, wait_seconds: float = 180.0) -> dict[str, Any]:
    """Seed today's Board at the board service `url`; a report of what was added."""
    report: dict[str, Any] = {"seated": 0, "round": None, "ballots": 0, "meeting": None}
    headers = {"Authorization": f"Bearer {token}", "X-MMC-Actor": ACTOR}
    with httpx.Client(base_url=url, headers=headers, timeout=30.0) as board:
        if not _json(board.get("/board"))["members"]:
            vacancies = _founding_vacancies(board, wait_seconds)
            for seat, name in enumerate(CURRENT_BOARD, start=1):
                city = _city(board, name)
                body = {
                    "city_id": city["id"],
                    "term_start": TERM_START,
                    "vacancy_id": vacancies[seat]["id"],
                    "via": "appointment",
                    "mayor_name": f"Demo mayor, {name}",
                }
                _json(board.post("/memberships", json=body), f"seating {name}")
                report["seated"] += 1
        if not _json(board.get("/rounds", params={"status": "open", "limit": 1}))["items"]:
            report["round"], report["ballots"] = _open_round(board)
        if not _json(board.get("/meetings", params={"limit": 1}))["items"]:
            report["meeting"] = _meeting(board)
    return report


def _open_round(board: httpx.Client) -> tuple[str | None, int]:
    open_seats = _json(board.get("/vacancies", params={"status": "open", "limit": 100}))
    free = [v for v in open_seats["items"] if not v.get("round_id")]
    if not free:
        return None, 0
    vacancy = min(free, key=lambda v: v["seat"])
    nominations = []
    for name in NOMINEES:
        city = _city(board, name)
        body = {
            "city_id": city["id"],
            "nominated_by_name": f"Demo deputy mayor, {name}",
            "nominated_by_role": "Deputy Mayor",
            "statement": f"[demo] The city's leadership nominates its mayor: {name} has led "
            "its response to displacement and wants to bring it to the Board.",
            "vacancy_id": vacancy["id"],
        }
        if not city.get("mayor_name"):
            body["mayor_name"] = f"Demo nominee, {name}"
        nominations.append(_json(board.post("/nominations", json=body), f"nominating {name}"))
    for nomination in nominations[:2]:  # the third stays received: a nomination waiting
        _json(
            board.post(f"/nominations/{nomination['id']}/status", json={"to_status": "candidate"}),
            "shortlisting",
        )
    opened = _json(
        board.post(
            "/rounds",
            json={
                "vacancy_id": vacancy["id"],
                "candidates": [n["id"] for n in nominations[:2]],
                "closes_on": "2026-12-18",
            },
        ),
        "opening the round",
    )
    for voter, choice in BALLOTS:
        _json(
            board.post(
                f"/rounds/{opened['id']}/ballots",
                json={"voter_id": voter, "nomination_id": nominations[choice]["id"]},
            ),
            f"recording {voter}'s ballot",
        )
    return opened["id"], len(BALLOTS)


def _meeting(board: httpx.Client) -> str | None:
    members = _json(board.get("/board"))["members"]
    if not members:
        return None
    meeting = _json(
        board.post(
            "/meetings",
            json={
                "held_on": "2026-10-14",
                "title": "[demo] Board meeting ahead of the Global Forum on Migration",
                "attendees": [m["membership_id"] for m in members[:7]],
                "recommendations": ["[demo] Bring city-led pledges to the Global Forum."],
                "decisions": ["[demo] Open the selection round for seat 10 in November."],
            },
        ),
        "recording the meeting",
    )
    return str(meeting["id"])


def _founding_vacancies(board: httpx.Client, wait_seconds: float) -> dict[int, dict[str, Any]]:
    """Seat -> the open vacancy the founding term left (the scheduler opens them)."""
    deadline = time.monotonic() + wait_seconds
    while True:
        listed = _json(board.get("/vacancies", params={"status": "open", "limit": 100}))
        found = {v["seat"]: v for v in listed["items"] if v["reason"] == "term_ended"}
        if all(seat in found for seat in range(1, len(CURRENT_BOARD) + 1)):
            return found
        if time.monotonic() >= deadline:
            raise BoardDemoError(
                f"after {wait_seconds:g} s the founding seats are not vacant yet (the board's "
                "terms scheduler opens them): load the board's demo data first"
            )
        time.sleep(2.0)


def _city(board: httpx.Client, name: str) -> dict[str, Any]:
    listed = _json(board.get("/cities", params={"q": name, "limit": 20}))
    for city in listed["items"]:
        if city["name"] == name:
            return dict(city)
    raise BoardDemoError(f"the board does not know {name}: load the cities' demo data first")


def _json(response: httpx.Response, doing: str = "") -> Any:
    if response.status_code >= 400:
        raise BoardDemoError(
            f"{doing or response.request.url}: {response.status_code} {response.text[:300]}"
        )
    return response.json()
