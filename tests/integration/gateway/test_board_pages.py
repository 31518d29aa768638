"""A selection round run through the gateway's pages, to a seated mayor on the city's timeline:
the cities and board services are the real ones, talking over the real broker."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from mmc_gateway.roles import Role
from tests.conftest import unique
from tests.integration.gateway.conftest import Gateway, SignedIn
from tests.waiting import eventually

pytestmark = pytest.mark.integration


async def register(person: SignedIn, name: str, country: str, mayor_partner: bool) -> str:
    """A city registered and (if asked) made a partner through the gateway; its id."""
    response = await person.client.post(
        "/cities/new",
        data={
            "name": name,
            "country_code": country,
            "size_class": "secondary",
            "csrf_token": person.csrf,
        },
    )
    assert response.status_code == 303, response.text
    city_id = response.headers["location"].rsplit("/", 1)[-1]
    if mayor_partner:
        for status in ("engaged", "partner"):
            changed = await person.client.post(
                f"/cities/{city_id}/partnership",
                data={"to_status": status, "reason": "Agreed", "csrf_token": person.csrf},
            )
            assert changed.status_code == 303, changed.text
    return city_id


async def test_a_round_run_from_the_pages_seats_the_mayor(gateway: Gateway) -> None:
    staff = await gateway.signed_in(Role.SECRETARIAT)
    nominee_city = await register(staff, unique("Kumasi"), "GH", mayor_partner=True)
    leaving_city = await register(staff, unique("Cartagena"), "CO", mayor_partner=False)
    profile = await staff.client.get(f"/cities/{nominee_city}")
    assert 'id="partnership-status">partner' in profile.text
    assert "engaged → partner" in profile.text
    listed = await staff.client.get(
        "/cities", params={"partnership_status": "partner", "q": "Kumasi"}
    )
    assert f'href="/cities/{nominee_city}"' in listed.text
    stale = await staff.client.post(
        f"/cities/{nominee_city}/edit",
        data={
            "expected_version": "1",
            "name": "Kumasi",
            "size_class": "primary",
            "csrf_token": staff.csrf,
        },
    )
    assert stale.status_code == 409, "an edit over a newer version went through"

    async with gateway.api("cities") as cities, gateway.api("board") as board:
        await cities.post(
            f"/cities/{nominee_city}/mayor", json={"name": "Ama Owusu", "title": "Mayor"}
        )

        async def known(city_id: str, status: str | None = None) -> bool:
            found = await board.get(f"/cities/{city_id}")
            return found.status_code == 200 and status in (None, found.json()["partnership_status"])

        await eventually(lambda: known(leaving_city), 30, "the city in the board")
        await eventually(lambda: known(nominee_city, "partner"), 30, "the partner in the board")
        today = datetime.now(UTC).date()
        seated = await board.post(
            "/memberships",
            json={
                "city_id": leaving_city,
                "term_start": (today - timedelta(days=200)).isoformat(),
                "mayor_name": "Luis Peña",
            },
        )
        assert seated.status_code == 201, seated.text
        departure = await board.post(
            f"/memberships/{seated.json()['id']}/departure",
            json={"reason": "resigned", "on": (today - timedelta(days=1)).isoformat()},
        )
        assert departure.status_code == 200, departure.text
        vacancy = departure.json()["vacancy"]
        for voter in ("iom", "unhcr", "c40-cities"):
            await board.post("/voters", json={"id": voter, "name": voter.upper()})
        nomination = await board.post(
            "/nominations",
            json={
                "city_id": nominee_city,
                "mayor_name": "Ama Owusu",
                "nominated_by_name": "Kofi Mensah",
                "nominated_by_role": "Deputy Mayor",
                "statement": "She built the city's transit migration desk from nothing.",
                "vacancy_id": vacancy["id"],
            },
        )
        assert nomination.status_code == 201, nomination.text
    nomination_id = nomination.json()["id"]

    waiting = await staff.client.get("/board/nominations?status=received")
    assert "Ama Owusu" in waiting.text
    shortlisted = await staff.client.post(
        f"/board/nominations/{nomination_id}/status",
        data={"to_status": "candidate", "csrf_token": staff.csrf},
    )
    assert shortlisted.status_code == 303, shortlisted.text
    vacancies = await staff.client.get("/board/vacancies")
    assert f'value="{vacancy["id"]}"' in vacancies.text
    opened = await staff.client.post(
        "/board/rounds",
        data={"vacancy_id": vacancy["id"], "candidates": [nomination_id], "csrf_token": staff.csrf},
    )
    assert opened.status_code == 303, opened.text
    round_path = opened.headers["location"]
    page = await staff.client.get(round_path)
    voter_choice = page.text.split('id="voter_id"', 1)[1].split("</select>", 1)[0]
    voters = re.findall(r'<option value="([^"]+)">', voter_choice)
    assert ">IOM</option>" in voter_choice, "a voter shown by id, not by name"
    assert {"iom", "unhcr", "c40-cities"} <= set(voters)
    for voter in ("iom", "unhcr", "c40-cities"):
        cast = await staff.client.post(
            f"{round_path}/ballots",
            data={"voter_id": voter, "nomination_id": nomination_id, "csrf_token": staff.csrf},
        )
        assert cast.status_code == 303, cast.text
    before = await staff.client.get(round_path)
    assert "Results" not in before.text, "results shown before the round closed"
    closed = await staff.client.post(f"{round_path}/close", data={"csrf_token": staff.csrf})
    assert closed.status_code == 303, closed.text
    after = await staff.client.get(round_path)
    assert "Selected: Ama Owusu" in after.text

    async def on_timeline() -> bool:
        profile: Any = await staff.client.get(f"/cities/{nominee_city}")
        return "Ama Owusu seated on the MMC Leadership Board" in _timeline(profile.text)

    await eventually(on_timeline, 30, "the seat on the city's timeline")
    board_page = await staff.client.get("/board")
    chart = board_page.text.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert "Kumasi" in chart, "the seated mayor's term is not on the terms chart"
    actions = await gateway.database["audit"].distinct(
        "action", {"staff_id": staff.account.staff_id}
    )
    assert {"cities.register", "board.open_round", "board.ballot", "board.close_round"} <= set(
        actions
    )


def _timeline(html: str) -> str:
    return html.split('id="h-timeline"', 1)[-1]


async def test_the_cities_export_follows_the_list_filters(gateway: Gateway) -> None:
    staff = await gateway.signed_in(Role.SECRETARIAT)
    name = unique("Exportville")
    await register(staff, name, "MW", mayor_partner=False)
    listed = await staff.client.get("/cities", params={"country": "MW"})
    assert "/cities/export.csv?country=MW" in listed.text
    exported = await staff.client.get("/cities/export.csv", params={"country": "MW"})
    assert exported.status_code == 200
    assert exported.headers["content-type"].startswith("text/csv")
    assert name in exported.text
