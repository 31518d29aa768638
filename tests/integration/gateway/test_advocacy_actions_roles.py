"""Walks the role table's cells for the advocacy action forms (`pages/advocacy_actions.py`):
every role on every new page and action, against the real advocacy service. Allowed (admin,
advocacy) answers 200 or 303 and each allowed post really changes something (a form the service
takes, on a resource or draft of its own); refused (secretariat, outreach, viewer) answers 403
and is in the audit trail."""

from __future__ import annotations

import itertools
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import pytest

from mmc_gateway.roles import ALLOWED, Role
from tests.conftest import unique
from tests.integration.gateway.ao_setup import material
from tests.integration.gateway.conftest import Gateway
from tests.integration.gateway.test_advocacy_actions import known_city
from tests.integration.gateway.test_advocacy_outreach_roles import signed_in_approver

pytestmark = pytest.mark.integration

Path = Callable[[], Awaitable[str]]
Data = Callable[[], dict[str, Any]]


@dataclass(frozen=True)
class Route:
    permission: str
    method: str
    path: str | Path
    form: Data | None = None
    files: dict[str, tuple[str, bytes, str]] | None = None


async def research(gateway: Gateway) -> dict[str, Any]:
    """Commissioned research, through advocacy's own API."""
    async with gateway.api("advocacy") as api:
        made = await api.post(
            "/resources",
            json={
                "kind": "research",
                "title": unique("Cities and displacement"),
                "summary": "Commissioned research. (test data)",
                "commissioned_on": "2026-11-01",
            },
        )
        assert made.status_code == 201, made.text
        found: dict[str, Any] = made.json()
        return found


async def test_every_role_on_every_advocacy_action(gateway: Gateway) -> None:
    city_id, _ = await known_city(gateway, "Roletown")
    draft = await material(gateway, "draft")
    study = await research(gateway)
    async with gateway.api("advocacy") as api:
        moment = await api.post(
            "/policy-moments",
            json={
                "name": unique("Forum"),
                "series": "grf",
                "scope": "global",
                "starts_on": "2027-12-14",
                "ends_on": "2027-12-16",
                "venue": "Geneva",
            },
        )
        assert moment.status_code == 201, moment.text
        promised = await api.post(
            "/pledges",
            json={
                "city_id": city_id,
                "title": unique("Role walk pledge"),
                "description": "Role walk. (test data)",
                "made_on": "2026-11-01",
                "gcr_areas": ["education"],
            },
        )
        assert promised.status_code == 201, promised.text
    pledge_path = f"/advocacy/pledges/{promised.json()['id']}"
    moment_path = f"/advocacy/moments/{moment.json()['id']}"

    async def fresh_research() -> str:
        return f"/advocacy/knowledge/{(await research(gateway))['id']}/research-status"

    async def fresh_draft() -> str:
        return f"/advocacy/materials/{(await material(gateway, 'draft'))['id']}/revise"

    def campaign() -> dict[str, Any]:
        return {
            "name": unique("Role walk campaign"),
            "goal": "Walk the role table. (test data)",
            "starts_on": "2026-12-01",
            "ends_on": "2027-02-01",
            "owner": "Test Person",
        }

    def moment_form() -> dict[str, Any]:
        return {
            "name": unique("Role walk summit"),
            "series": "other",
            "scope": "global",
            "starts_on": "2027-05-04",
            "ends_on": "2027-05-05",
            "venue": "Nairobi",
        }

    def city_input() -> dict[str, Any]:
        return {
            "city_id": city_id,
            "kind": "statement",
            "title": unique("A statement"),
            "status": "planned",
        }

    def pledge() -> dict[str, Any]:
        return {
            "city_id": city_id,
            "title": unique("A pledge"),
            "description": "Role walk. (test data)",
            "made_on": "2026-12-01",
            "gcm_objectives": ["16"],
        }

    def progress() -> dict[str, Any]:
        return {
            "reported_on": "2026-12-01",
            "status": "in_progress",
            "narrative": "Role walk. (test data)",
            "figures": "classes = 3",
        }

    def resource() -> dict[str, Any]:
        return {
            "kind": "guide",
            "title": unique("A guide"),
            "summary": "A guide. (test data)",
            "language": "en",
        }

    routes = [
        Route("advocacy.edit", "GET", "/advocacy/campaigns/new"),
        Route("advocacy.edit", "POST", "/advocacy/campaigns/new", campaign),
        Route("advocacy.edit", "GET", "/advocacy/moments/new"),
        Route("advocacy.edit", "POST", "/advocacy/moments/new", moment_form),
        Route("advocacy.edit", "GET", f"{moment_path}/inputs/new"),
        Route("advocacy.edit", "POST", f"{moment_path}/inputs/new", city_input),
        Route("advocacy.edit", "GET", "/advocacy/pledges/new"),
        Route("advocacy.edit", "POST", "/advocacy/pledges/new", pledge),
        Route("advocacy.view", "GET", pledge_path),
        Route("advocacy.edit", "GET", f"{pledge_path}/report"),
        Route("advocacy.edit", "POST", f"{pledge_path}/report", progress),
        Route("advocacy.edit", "GET", "/advocacy/knowledge/new"),
        Route("advocacy.edit", "POST", "/advocacy/knowledge/new", resource),
        Route("advocacy.view", "GET", f"/advocacy/knowledge/{study['id']}"),
        Route(
            "advocacy.edit",
            "POST",
            f"/advocacy/knowledge/{study['id']}/file",
            None,
            {"file": ("study.txt", b"A study. (test data)", "text/plain")},
        ),
        # The file the admin stored just before (the walk goes role by role, route by route).
        Route("advocacy.view", "GET", f"/advocacy/knowledge/{study['id']}/file"),
        Route("advocacy.edit", "GET", f"/advocacy/knowledge/{study['id']}/research-status"),
        Route("advocacy.edit", "POST", fresh_research, lambda: {"to_status": "in_progress"}),
        Route("advocacy.edit", "GET", f"/advocacy/materials/{draft['id']}/revise"),
        Route("advocacy.edit", "POST", fresh_draft, lambda: {"text": "Revised. (test data)"}),
    ]
    people = {role: await signed_in_approver(gateway, role) for role in Role}
    for role, route in itertools.product(Role, routes):
        person = people[role]
        path = route.path if isinstance(route.path, str) else await route.path()
        if route.method == "GET":
            response = await person.client.get(path)
            expected = 200
        else:
            form = route.form() if route.form else {}
            response = await person.client.post(
                path, data={**form, "csrf_token": person.csrf}, files=route.files
            )
            expected = 303
        cell = f"{role} {route.method} {path}"
        if role in ALLOWED[route.permission]:
            assert response.status_code == expected, (
                f"{cell}: {response.status_code} {response.text[:2000]}"
            )
        else:
            assert response.status_code == 403, f"{cell}: {response.status_code}"
            entry = await gateway.database["audit"].find_one(
                {
                    "staff_id": person.account.staff_id,
                    "action": route.permission,
                    "outcome": "refused",
                    "target": path,
                }
            )
            assert entry is not None, f"{cell}: refusal not in the audit"
    refused_roles = set(Role) - ALLOWED["advocacy.edit"]
    assert refused_roles == {Role.SECRETARIAT, Role.OUTREACH, Role.VIEWER}


async def test_a_post_without_the_csrf_token_is_refused_and_audited(gateway: Gateway) -> None:
    person = await signed_in_approver(gateway, Role.ADVOCACY)
    response = await person.client.post("/advocacy/campaigns/new", data={"name": "No token"})
    assert response.status_code == 403
    entry = await gateway.database["audit"].find_one(
        {
            "staff_id": person.account.staff_id,
            "action": "csrf",
            "outcome": "refused",
            "target": "/advocacy/campaigns/new",
        }
    )
    assert entry is not None
