"""Walks the whole role x page/action table (`roles.ALLOWED`, the README's table): every role
on every route; allowed answers 200 or 303, refused answers 403 and is in the audit trail."""

from __future__ import annotations

import itertools
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import pytest

from mmc_gateway.roles import ALLOWED, Role
from tests.conftest import unique
from tests.integration.gateway.conftest import Gateway, SignedIn

pytestmark = pytest.mark.integration

Form = Callable[[SignedIn], Awaitable[dict[str, Any]]]


@dataclass(frozen=True)
class Route:
    permission: str
    method: str
    path: str
    form: Form | None = None
    allowed_statuses: tuple[int, ...] = (200, 303)


async def no_form(_: SignedIn) -> dict[str, Any]:
    return {}


def city_form(_: SignedIn) -> Awaitable[dict[str, Any]]:
    async def build() -> dict[str, Any]:
        return {"name": unique("Roleville"), "country_code": "SL", "size_class": "secondary"}

    return build()


async def test_every_role_on_every_route(gateway: Gateway) -> None:
    admin = await gateway.signed_in(Role.ADMIN)
    registered = await admin.client.post(
        "/cities/new",
        data={
            "name": unique("Tablecity"),
            "country_code": "KE",
            "size_class": "primary",
            "csrf_token": admin.csrf,
        },
    )
    assert registered.status_code == 303, registered.text
    city_path = registered.headers["location"]
    spare, _ = await gateway.account(Role.VIEWER)

    async def partnership_form(_: SignedIn) -> dict[str, Any]:
        # Back and forth between prospect and engaged, whatever the city's status now.
        page = await admin.client.get(city_path)
        to = "prospect" if 'id="partnership-status">engaged' in page.text else "engaged"
        return {"to_status": to, "reason": "Role table walk"}

    async def edit_form(_: SignedIn) -> dict[str, Any]:
        page = await admin.client.get(f"{city_path}/edit")
        version = re.search(r'name="expected_version" value="(\d+)"', page.text)
        assert version
        return {
            "expected_version": version.group(1),
            "name": unique("Tablecity"),
            "size_class": "primary",
            "population": "250000",
        }

    async def language_form(_: SignedIn) -> dict[str, Any]:
        return {"locale": "en"}

    async def account_form(_: SignedIn) -> dict[str, Any]:
        return {
            "email": f"{unique('new')}@mmc.example.org",
            "name": "New Person",
            "roles": ["viewer"],
        }

    async def account_update(_: SignedIn) -> dict[str, Any]:
        return {"roles": ["viewer"]}

    async def voter_form(_: SignedIn) -> dict[str, Any]:
        return {"voter_id": unique("partner").lower(), "name": "A supporting partner"}

    async def seat_form(_: SignedIn) -> dict[str, Any]:
        return {"city_id": "city-none", "term_start": "2026-12-01"}

    async def departure_form(_: SignedIn) -> dict[str, Any]:
        return {"reason": "resigned", "on": "2026-12-01"}

    async def nomination_form(_: SignedIn) -> dict[str, Any]:
        return {
            "city_id": "city-none",
            "nominated_by_name": "Amina Diallo",
            "nominated_by_role": "Deputy Mayor",
            "statement": "A statement long enough for the board to read it.",
        }

    async def meeting_form(_: SignedIn) -> dict[str, Any]:
        return {"held_on": "2026-11-30", "title": "No one came"}

    async def cancel_form(_: SignedIn) -> dict[str, Any]:
        return {"reason": "Role table walk"}

    routes = [
        Route("dashboard.view", "GET", "/"),
        Route("cities.view", "GET", "/cities"),
        Route("cities.view", "GET", city_path),
        Route("cities.edit", "GET", "/cities/new"),
        Route("cities.edit", "GET", "/cities/export.csv?country=KE"),
        Route("cities.edit", "GET", f"{city_path}/edit"),
        Route("cities.edit", "POST", f"{city_path}/edit", edit_form),
        Route("cities.edit", "POST", "/cities/new", city_form),
        Route("cities.edit", "POST", f"{city_path}/partnership", partnership_form),
        # CSV import (no file: the form again, 422; an unknown job: 404).
        Route("cities.edit", "GET", "/cities/import"),
        Route("cities.edit", "POST", "/cities/import", no_form, (422,)),
        Route("cities.edit", "GET", "/cities/imports/import-none", no_form, (404,)),
        Route("cities.edit", "GET", "/cities/imports/import-none/progress", no_form, (404,)),
        Route("board.view", "GET", "/board"),
        Route("board.view", "GET", "/board?day=2026-06-01"),
        Route("board.view", "GET", "/board/vacancies"),
        Route("board.view", "GET", "/board/nominations"),
        Route("board.view", "GET", "/board/rounds"),
        # A round that does not exist: an allowed role gets past the check to the board, whose
        # 404 the gateway shows (the round flow itself is test_board_pages.py).
        Route("board.edit", "POST", "/board/rounds/round-none/close", no_form, (404,)),
        # The board's governance pages; the board's refusals (404, 422) are shown on
        # the form's page with its status (the flows themselves: test_board_governance.py).
        Route("board.view", "GET", "/board/terms"),
        Route("board.view", "GET", "/board/memberships?status=serving"),
        Route("board.view", "GET", "/board/diversity"),
        Route("board.view", "GET", "/board/voters"),
        Route("board.view", "GET", "/board/meetings"),
        Route("board.edit", "GET", "/board/nominations/new"),
        Route("board.edit", "POST", "/board/nominations", nomination_form, (422,)),
        Route("board.edit", "POST", "/board/voters", voter_form),
        Route("board.edit", "POST", "/board/memberships", seat_form, (422,)),
        Route("board.edit", "POST", "/board/memberships/m-none/departure", departure_form, (404,)),
        Route("board.edit", "POST", "/board/memberships/m-none/renewal", no_form, (404,)),
        Route("board.edit", "POST", "/board/rounds/round-none/cancel", cancel_form, (404,)),
        Route("board.edit", "POST", "/board/meetings", meeting_form, (422,)),
        Route("accounts.manage", "GET", "/admin/accounts"),
        Route("accounts.manage", "POST", "/admin/accounts", account_form),
        Route("accounts.manage", "POST", f"/admin/accounts/{spare.staff_id}", account_update),
        Route("audit.view", "GET", "/admin/audit"),
        Route("events.view", "GET", "/events"),
        Route("preferences.edit", "POST", "/preferences/language", language_form),
        Route("dead_letters.manage", "GET", "/admin/dead-letters?status=all"),
        Route(
            "dead_letters.manage",
            "POST",
            "/admin/dead-letters/cities/none.dlq/0/0/replay",
            no_form,
            (404,),
        ),
    ]
    # Advocacy's and outreach's cells are walked in test_advocacy_outreach_roles.py (and the
    # advocacy action forms' in test_advocacy_actions_roles.py).
    theirs = {p for p in ALLOWED if p.startswith(("advocacy.", "outreach."))}
    assert {route.permission for route in routes} == set(ALLOWED) - theirs, (
        "a permission is not walked"
    )

    people = {role: await gateway.signed_in(role) for role in Role}
    for role, route in itertools.product(Role, routes):
        person = people[role]
        if route.method == "GET":
            response = await person.client.get(route.path)
        else:
            data = await (route.form or no_form)(person)
            response = await person.client.post(
                route.path, data={**data, "csrf_token": person.csrf}
            )
        cell = f"{role} {route.method} {route.path}"
        if role in ALLOWED[route.permission]:
            assert response.status_code in route.allowed_statuses, f"{cell}: {response.status_code}"
        else:
            assert response.status_code == 403, f"{cell}: {response.status_code}"
            entry = await gateway.database["audit"].find_one(
                {
                    "staff_id": person.account.staff_id,
                    "action": route.permission,
                    "outcome": "refused",
                    "target": route.path.split("?")[0],
                }
            )
            assert entry is not None, f"{cell}: refusal not in the audit"


async def test_signed_out_visitor_is_sent_to_sign_in(gateway: Gateway) -> None:
    async with gateway.client() as browser:
        response = await browser.get("/cities")
        assert response.status_code == 303
        assert response.headers["location"] == "/sign-in?next=/cities"
        htmx = await browser.get("/cities", headers={"HX-Request": "true"})
        assert htmx.status_code == 401
        assert htmx.headers["HX-Redirect"].startswith("/sign-in")


async def test_a_filter_form_sent_with_empty_fields_filters_nothing(gateway: Gateway) -> None:
    viewer = await gateway.signed_in(Role.VIEWER)
    for path in (
        "/cities?q=&region=&network=&migration_context=&country=&size_class=&partnership_status=",
        "/board?day=",
        "/board/nominations?status=",
        "/board/rounds?status=",
        "/admin/audit?staff_id=&action=&outcome=",
    ):
        response = await viewer.client.get(path)
        expected = 403 if path.startswith("/admin") else 200
        assert response.status_code == expected, f"{path}: {response.status_code}"
    unknown = await viewer.client.get("/cities?size_class=huge")
    assert unknown.status_code == 422
