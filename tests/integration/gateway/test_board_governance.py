"""The board's governance pages over the real cities and board services (real broker and
database): nominating a partner city's mayor (and a prospect's refused with a clear message),
seating by appointment, the seats timeline, diversity, a departure opening a vacancy, voters,
cancelling a round, meetings; values shown through the catalogs in Arabic."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest

from mmc_gateway.roles import Role
from tests.conftest import unique
from tests.integration.gateway.conftest import Gateway, SignedIn
from tests.integration.gateway.test_board_pages import register
from tests.waiting import eventually

pytestmark = pytest.mark.integration


async def known_to_board(gateway: Gateway, city_id: str, status: str) -> None:
    async with gateway.api("board") as board:

        async def known() -> bool:
            found = await board.get(f"/cities/{city_id}")
            return found.status_code == 200 and found.json()["partnership_status"] == status

        await eventually(known, 30, f"the city as {status} in the board")


async def nominate(person: SignedIn, city_id: str, **extra: str) -> Any:
    return await person.client.post(
        "/board/nominations",
        data={
            "city_id": city_id,
            "mayor_name": "Grace Mugisha",
            "nominated_by_name": "Peter Okello",
            "nominated_by_role": "Deputy Mayor",
            "statement": "She opened the city's first one-stop centre for refugees.",
            "csrf_token": person.csrf,
            **extra,
        },
    )


async def test_a_nomination_follows_the_citys_partnership(gateway: Gateway) -> None:
    staff = await gateway.signed_in(Role.SECRETARIAT)
    city_id = await register(staff, unique("Arua"), "UG", mayor_partner=False)
    await known_to_board(gateway, city_id, "prospect")
    form = await staff.client.get("/board/nominations/new")
    assert f'value="{city_id}"' not in form.text, "a prospect offered for nomination"
    refused = await nominate(staff, city_id)
    assert refused.status_code in (409, 422), refused.text
    assert 'role="alert"' in refused.text
    assert "partner" in refused.text
    failed = await gateway.database["audit"].find_one(
        {"staff_id": staff.account.staff_id, "action": "board.nominate", "outcome": "failed"}
    )
    assert failed is not None, "the board's refusal is not in the audit"

    for status in ("engaged", "partner"):
        changed = await staff.client.post(
            f"/cities/{city_id}/partnership",
            data={"to_status": status, "reason": "Agreement signed", "csrf_token": staff.csrf},
        )
        assert changed.status_code == 303, changed.text
    await known_to_board(gateway, city_id, "partner")
    form = await staff.client.get("/board/nominations/new")
    assert f'value="{city_id}"' in form.text
    accepted = await nominate(staff, city_id)
    assert accepted.status_code == 303, accepted.text
    waiting = await staff.client.get("/board/nominations?status=received")
    assert "Grace Mugisha" in waiting.text
    actions = await gateway.database["audit"].distinct(
        "action", {"staff_id": staff.account.staff_id}
    )
    assert "board.nominate" in actions


async def test_seat_leave_vote_cancel_and_meet_from_the_pages(gateway: Gateway) -> None:
    staff = await gateway.signed_in(Role.ADMIN)
    name = unique("Koboko")
    city_id = await register(staff, name, "UG", mayor_partner=True)
    await known_to_board(gateway, city_id, "partner")

    seated = await staff.client.post(
        "/board/memberships",
        data={
            "city_id": city_id,
            "mayor_name": "Sanya Wilson",
            "term_start": "2026-01-15",
            "csrf_token": staff.csrf,
        },
    )
    assert seated.status_code == 303, seated.text
    serving = await staff.client.get("/board/memberships?status=serving")
    assert "Sanya Wilson" in serving.text
    twice = await staff.client.post(
        "/board/memberships",
        data={
            "city_id": city_id,
            "mayor_name": "Sanya Wilson",
            "term_start": "2026-02-01",
            "csrf_token": staff.csrf,
        },
    )
    assert twice.status_code == 409, "the same city seated twice"
    assert 'role="alert"' in twice.text

    terms = await staff.client.get("/board/terms")
    chart = terms.text.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert "Sanya Wilson" in chart
    assert "2026-01-15" in chart
    diversity = await staff.client.get("/board/diversity")
    assert "Africa" in diversity.text

    row = next(chunk for chunk in serving.text.split("<tr>") if "Sanya Wilson" in chunk)
    membership = re.search(r'action="/board/memberships/([^/"]+)/departure"', row)
    assert membership
    version = re.search(
        rf'/board/memberships/{membership.group(1)}/renewal".*?name="expected_version" '
        r'value="(\d+)"',
        serving.text,
        re.S,
    )
    assert version
    left = await staff.client.post(
        f"/board/memberships/{membership.group(1)}/departure",
        data={
            "reason": "left_office",
            "on": "2026-11-30",
            "expected_version": version.group(1),
            "csrf_token": staff.csrf,
        },
    )
    assert left.status_code == 303, left.text
    vacancies = await staff.client.get("/board/vacancies")
    assert "Sanya Wilson" in vacancies.text
    assert "left office" in vacancies.text
    again = await staff.client.post(
        f"/board/memberships/{membership.group(1)}/departure",
        data={"reason": "resigned", "on": "2026-11-30", "csrf_token": staff.csrf},
    )
    assert again.status_code == 409
    assert 'role="alert"' in again.text

    voter = unique("partner")
    added = await staff.client.post(
        "/board/voters",
        data={"voter_id": voter, "name": "Cities Alliance", "csrf_token": staff.csrf},
    )
    assert added.status_code == 303, added.text
    listed = await staff.client.get("/board/voters")
    assert voter in listed.text
    assert "supporting partner" in listed.text
    duplicate = await staff.client.post(
        "/board/voters",
        data={"voter_id": voter, "name": "Cities Alliance", "csrf_token": staff.csrf},
    )
    assert duplicate.status_code == 409

    nominee = await register(staff, unique("Mbale"), "UG", mayor_partner=True)
    await known_to_board(gateway, nominee, "partner")
    nominated = await nominate(staff, nominee)
    assert nominated.status_code == 303
    async with gateway.api("board") as board:
        found = (await board.get("/nominations", params={"city_id": nominee})).json()["items"]
        vacancy = (await board.get("/vacancies", params={"status": "open"})).json()["items"]
    vacancy_id = next(
        v["id"] for v in vacancy if v["previous_membership_id"] == membership.group(1)
    )
    opened = await staff.client.post(
        "/board/rounds",
        data={"vacancy_id": vacancy_id, "candidates": [found[0]["id"]], "csrf_token": staff.csrf},
    )
    assert opened.status_code == 303, opened.text
    round_path = opened.headers["location"]
    page = await staff.client.get(round_path)
    assert "before and after each candidate" in page.text
    cancelled = await staff.client.post(
        f"{round_path}/cancel", data={"reason": "The Board meets first", "csrf_token": staff.csrf}
    )
    assert cancelled.status_code == 303, cancelled.text
    page = await staff.client.get(round_path)
    assert 'id="round-status">closed' in page.text
    assert "The Board meets first" in page.text

    members = (await staff.client.get("/board")).text
    attendees = re.findall(
        r'name="attendees" value="([^"]+)"', (await staff.client.get("/board/meetings")).text
    )
    empty = await staff.client.post(
        "/board/meetings",
        data={"held_on": "2026-11-20", "title": "Nobody ticked", "csrf_token": staff.csrf},
    )
    assert empty.status_code == 422
    assert 'role="alert"' in empty.text
    if attendees:  # other tests may have left mayors serving today
        recorded = await staff.client.post(
            "/board/meetings",
            data={
                "held_on": date.today().isoformat(),  # whoever serves today
                "title": "Autumn meeting",
                "attendees": attendees[:3],
                "recommendations": "Meet the funders\n\nWrite to the IOM",
                "decisions": "Open a round for the vacant seat",
                "csrf_token": staff.csrf,
            },
        )
        assert recorded.status_code == 303, recorded.text
        meeting = await staff.client.get(recorded.headers["location"])
        assert "Open a round for the vacant seat" in meeting.text
        assert "Write to the IOM" in meeting.text
    assert "The Leadership Board" in members
    actions = set(
        await gateway.database["audit"].distinct("action", {"staff_id": staff.account.staff_id})
    )
    assert {"board.seat", "board.departure", "board.add_voter", "board.cancel_round"} <= actions


async def test_values_are_shown_in_the_persons_language(gateway: Gateway) -> None:
    staff = await gateway.signed_in(Role.SECRETARIAT)
    city_id = await register(staff, unique("Irbid"), "JO", mayor_partner=True)
    chosen = await staff.client.post(
        "/preferences/language", data={"locale": "ar", "csrf_token": staff.csrf}
    )
    assert chosen.status_code == 303
    profile = await staff.client.get(f"/cities/{city_id}")
    assert 'id="partnership-status">شريكة' in profile.text
    assert "آسيا" in profile.text
    assert "غرب آسيا" in profile.text
    nominations = await staff.client.get("/board/nominations")
    assert ">مرشَّح</option>" in nominations.text
