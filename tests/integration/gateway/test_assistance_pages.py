"""Cities' technical assistance requests through the gateway, against the real cities service on
the real broker and database: open a request, move it through its life cycle to closed, assign
it, record a deliverable (each read back from cities' API), refusals shown by their fields; the
list's filters (status, city, past the due date); the dashboard's count of overdue requests; and
every role on every new route."""

from __future__ import annotations

import itertools
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from mmc_gateway.pages.assistance import overdue, overdue_requests
from mmc_gateway.roles import ALLOWED, Role
from tests.conftest import unique
from tests.integration.gateway.conftest import Gateway, SignedIn

pytestmark = pytest.mark.integration


async def post(person: SignedIn, path: str, form: dict[str, Any]) -> Any:
    return await person.client.post(path, data={**form, "csrf_token": person.csrf})


async def city(gateway: Gateway) -> str:
    async with gateway.api("cities") as cities:
        made = await cities.post(
            "/cities",
            json={"name": unique("Assistville"), "country_code": "JO", "size_class": "secondary"},
        )
        assert made.status_code == 201, made.text
        city_id: str = made.json()["id"]
        return city_id


async def assistance(gateway: Gateway, city_id: str, due_on: str | None = None) -> dict[str, Any]:
    async with gateway.api("cities") as cities:
        made = await cities.post(
            f"/cities/{city_id}/assistance-requests",
            json={
                "kind": "funding_access",
                "title": unique("Concept note help"),
                "requested_by": "A. Officer",
                "due_on": due_on,
            },
        )
        assert made.status_code == 201, made.text
        found: dict[str, Any] = made.json()
        return found


async def read(gateway: Gateway, request_id: str) -> dict[str, Any]:
    async with gateway.api("cities") as cities:
        found = await cities.get(f"/assistance-requests/{request_id}")
        assert found.status_code == 200, found.text
        body: dict[str, Any] = found.json()
        return body


async def test_a_request_opened_moved_assigned_delivered_and_closed(gateway: Gateway) -> None:
    city_id = await city(gateway)
    staff = await gateway.signed_in(Role.SECRETARIAT)
    form = await staff.client.get(f"/assistance/new?city_id={city_id}")
    assert form.status_code == 200
    assert f'value="{city_id}" selected' in form.text

    refused = await post(
        staff,
        "/assistance",
        {"city_id": city_id, "kind": "funding_access", "title": "", "requested_by": "Amina"},
    )
    assert refused.status_code == 422, refused.text
    assert 'id="open-title-error"' in refused.text
    assert 'value="Amina"' in refused.text  # what was typed is kept

    opened = await post(
        staff,
        "/assistance",
        {
            "city_id": city_id,
            "kind": "funding_access",
            "title": "Access to the Global Cities Fund",
            "description": "Help with a concept note (test data)",
            "requested_by": "Amina Diallo",
            "due_on": "2027-01-31",
        },
    )
    assert opened.status_code == 303, opened.text
    page_path = opened.headers["location"]
    request_id = page_path.rsplit("/", 1)[1]
    assert (await read(gateway, request_id))["status"] == "received"

    # Declining needs a reason: cities says 422 at `reason`, shown next to it.
    refused = await post(
        staff, f"{page_path}/status", {"to_status": "declined", "expected_version": "1"}
    )
    assert refused.status_code == 422, refused.text
    assert 'id="status-reason-error"' in refused.text

    version = 1
    for to_status in ("triaged", "accepted", "in_progress"):
        moved = await post(
            staff, f"{page_path}/status", {"to_status": to_status, "expected_version": version}
        )
        assert moved.status_code == 303, f"{to_status}: {moved.text}"
        version += 1
    # Delivered without a deliverable: 409, above the form.
    early = await post(
        staff, f"{page_path}/status", {"to_status": "delivered", "expected_version": version}
    )
    assert early.status_code == 409, early.text
    assert 'role="alert"' in early.text
    assigned = await post(
        staff, f"{page_path}/assignee", {"assignee": "Lina Haddad", "expected_version": version}
    )
    assert assigned.status_code == 303, assigned.text
    delivered = await post(
        staff,
        f"{page_path}/deliverables",
        {
            "title": "Concept note draft",
            "url": "https://docs.example.org/concept-note",
            "delivered_on": "2026-12-01",
        },
    )
    assert delivered.status_code == 303, delivered.text
    for to_status in ("delivered", "closed"):
        moved = await post(staff, f"{page_path}/status", {"to_status": to_status})
        assert moved.status_code == 303, f"{to_status}: {moved.text}"
    stored = await read(gateway, request_id)
    assert stored["status"] == "closed"
    assert stored["assignee"] == "Lina Haddad"
    assert [d["title"] for d in stored["deliverables"]] == ["Concept note draft"]
    assert [h["to_status"] for h in stored["status_history"]] == [
        "triaged",
        "accepted",
        "in_progress",
        "delivered",
        "closed",
    ]
    page = await staff.client.get(page_path)
    assert page.status_code == 200
    assert "Concept note draft" in page.text
    assert "/status" not in page.text  # closed: no further move offered
    for action in ("open", "triaged", "assignee", "deliverable", "closed"):
        entry = await gateway.database["audit"].find_one(
            {"staff_id": staff.account.staff_id, "action": f"cities.assistance_{action}"}
        )
        assert entry is not None, f"cities.assistance_{action} not in the audit trail"
    # The city's profile links to the request.
    profile = await staff.client.get(f"/cities/{city_id}")
    assert f'href="/assistance/{request_id}"' in profile.text


async def test_the_list_filters_and_the_overdue_requests(gateway: Gateway) -> None:
    city_id = await city(gateway)
    today = datetime.now(UTC).date()
    soon = await assistance(gateway, city_id, (today + timedelta(days=3)).isoformat())
    later = await assistance(gateway, city_id, (today + timedelta(days=30)).isoformat())
    viewer = await gateway.signed_in(Role.VIEWER)

    listed = await viewer.client.get(f"/assistance?city_id={city_id}&status=&overdue=")
    assert listed.status_code == 200, listed.text
    assert soon["title"] in listed.text
    assert later["title"] in listed.text
    triaged = await viewer.client.get(f"/assistance?city_id={city_id}&status=triaged")
    assert soon["title"] not in triaged.text
    # Cities refuses a due date in the past, so none is overdue today ...
    overdue = await viewer.client.get(f"/assistance?city_id={city_id}&overdue=true")
    assert overdue.status_code == 200
    assert soon["title"] not in overdue.text
    # ... and in ten days the one due in three is (the same reads, another day).
    cities = gateway.app.state.gateway.services.cities
    late = await overdue_requests(cities, city_id, today + timedelta(days=10))
    assert [r["id"] for r in late] == [soon["id"]]

    dashboard = await viewer.client.get("/")
    assert 'href="/assistance?overdue=true"' in dashboard.text
    count = dashboard.text.split('href="/assistance?overdue=true">', 1)[1].split("<", 1)[0]
    assert count.strip().replace(",", "").isdigit()


def test_overdue_is_an_open_request_past_its_due_date() -> None:
    today = date(2026, 12, 2)
    assert overdue({"status": "accepted", "due_on": "2026-12-01"}, today)
    assert not overdue({"status": "accepted", "due_on": "2026-12-02"}, today)
    assert not overdue({"status": "delivered", "due_on": "2026-11-01"}, today)
    assert not overdue({"status": "received", "due_on": None}, today)


Make = Callable[[], Awaitable[tuple[str, dict[str, Any]]]]


async def test_every_role_on_every_assistance_route(gateway: Gateway) -> None:
    city_id = await city(gateway)
    existing = await assistance(gateway, city_id)

    async def fixed_get(path: str) -> tuple[str, dict[str, Any]]:
        return path, {}

    async def fresh(path_end: str, form: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        made = await assistance(gateway, city_id)
        return f"/assistance/{made['id']}/{path_end}", form

    opening = {
        "city_id": city_id,
        "kind": "strategy_development",
        "title": "Inclusion strategy (test)",
        "requested_by": "A. Officer",
    }
    routes: list[tuple[str, str, Make]] = [
        ("cities.view", "GET", lambda: fixed_get("/assistance?status=&city_id=&overdue=true")),
        ("cities.view", "GET", lambda: fixed_get(f"/assistance/{existing['id']}")),
        ("cities.edit", "GET", lambda: fixed_get(f"/assistance/new?city_id={city_id}")),
        ("cities.edit", "POST", lambda: fixed_get("/assistance")),
        ("cities.edit", "POST", lambda: fresh("status", {"to_status": "triaged"})),
        ("cities.edit", "POST", lambda: fresh("assignee", {"assignee": "Someone"})),
        ("cities.edit", "POST", lambda: fresh("deliverables", {"title": "A brief"})),
    ]
    people = {role: await gateway.signed_in(role) for role in Role}
    last: dict[int, tuple[str, dict[str, Any]]] = {}
    for role, (number, (permission, method, make)) in itertools.product(Role, enumerate(routes)):
        person = people[role]
        allowed = role in ALLOWED[permission]
        if allowed or number not in last:
            last[number] = await make()
        path, form = last[number]
        if path == "/assistance":
            form = opening
        if method == "GET":
            response = await person.client.get(path)
        else:
            response = await post(person, path, form)
        cell = f"{role} {method} {path}"
        if allowed:
            assert response.status_code in (200, 303), f"{cell}: {response.status_code}"
        else:
            assert response.status_code == 403, f"{cell}: {response.status_code}"
            entry = await gateway.database["audit"].find_one(
                {
                    "staff_id": person.account.staff_id,
                    "action": permission,
                    "outcome": "refused",
                    "target": path.split("?")[0],
                }
            )
            assert entry is not None, f"{cell}: refusal not in the audit"
