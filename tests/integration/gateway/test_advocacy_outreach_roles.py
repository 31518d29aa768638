"""Walks the advocacy and outreach cells of the role table (`roles.ALLOWED`): every role on every
new page and action, against the real advocacy and outreach services. Allowed answers 200 or 303
(or the service's 409/422 where the walk sends what the service must refuse); refused answers
403 and is in the audit trail. Each action gets a material or inquiry of its own, in the state
the action needs, so every allowed cell really changes something."""

from __future__ import annotations

import itertools
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import pytest

from mmc_gateway.roles import ALLOWED, Role
from tests.conftest import unique
from tests.integration.gateway.ao_setup import inquiry, material
from tests.integration.gateway.conftest import Gateway, SignedIn, csrf_of, sign_in

pytestmark = pytest.mark.integration

Path = Callable[[], Awaitable[str]]


@dataclass(frozen=True)
class Route:
    permission: str
    method: str
    path: str | Path
    form: dict[str, Any] | None = None
    allowed_statuses: tuple[int, ...] = (200, 303)


def fresh_material(gateway: Gateway, status: str, verb: str, kind: str = "op_ed") -> Path:
    async def path() -> str:
        found = await material(gateway, status, kind)
        return f"/advocacy/materials/{found['id']}/{verb}"

    return path


def fresh_inquiry(gateway: Gateway, verb: str, status: str = "received") -> Path:
    async def path() -> str:
        return f"/outreach/inquiries/{(await inquiry(gateway, status))['id']}/{verb}"

    return path


async def signed_in_approver(gateway: Gateway, role: Role) -> SignedIn:
    """Everyone walking carries the approver flag: only the role decides here."""
    account, password = await gateway.account(role, approver=True)
    client = gateway.client()
    assert (await sign_in(client, account.email, password)).status_code == 303
    home = await client.get("/")
    assert home.status_code == 200, home.text
    return SignedIn(account, client, csrf_of(home.text))


async def test_every_role_on_every_advocacy_and_outreach_route(gateway: Gateway) -> None:
    published = await material(gateway, "published")
    statement = await material(gateway, "draft", "public_statement")
    async with gateway.api("advocacy") as api:
        campaign = await api.post(
            "/campaigns",
            json={
                "name": unique("Campaign"),
                "goal": "Cities at the summit (test data)",
                "starts_on": "2026-11-01",
                "ends_on": "2027-01-31",
                "owner": "Test Owner",
            },
        )
        assert campaign.status_code == 201, campaign.text
        moment = await api.post(
            "/policy-moments",
            json={
                "name": unique("Summit"),
                "series": "gfmd",
                "scope": "global",
                "starts_on": "2026-12-20",
                "ends_on": "2026-12-22",
                "venue": "Geneva",
            },
        )
        assert moment.status_code == 201, moment.text
    asked = await inquiry(gateway)
    publication = {"channel": "radio", "published_on": "2026-12-02", "language": "en"}
    routes = [
        Route("advocacy.view", "GET", "/advocacy"),
        Route("advocacy.view", "GET", f"/advocacy/campaigns/{campaign.json()['id']}"),
        Route("advocacy.view", "GET", "/advocacy/materials?status="),
        Route("advocacy.view", "GET", f"/advocacy/materials/{published['id']}"),
        Route("advocacy.view", "GET", f"/advocacy/materials/{statement['id']}"),
        Route("advocacy.view", "GET", "/advocacy/moments"),
        Route("advocacy.view", "GET", f"/advocacy/moments/{moment.json()['id']}"),
        Route("advocacy.view", "GET", "/advocacy/pledges?objective=&region=&status="),
        Route("advocacy.view", "GET", "/advocacy/knowledge?q=inclusion"),
        Route(
            "advocacy.edit",
            "POST",
            "/advocacy/materials",
            {"kind": "policy_brief", "title": "A brief", "text": "Text (test data)"},
        ),
        Route(
            "advocacy.edit",
            "POST",
            fresh_material(gateway, "draft", "status"),
            {"to_status": "in_review"},
        ),
        Route(
            "advocacy.edit",
            "POST",
            fresh_material(gateway, "in_review", "comments"),
            {"text": "Shorter, please."},
        ),
        Route("advocacy.edit", "POST", fresh_material(gateway, "approved", "publish"), publication),
        Route(
            "advocacy.edit",
            "POST",
            f"/advocacy/materials/{published['id']}/publications",
            publication,
        ),
        Route(
            "advocacy.edit",
            "POST",
            f"/advocacy/materials/{published['id']}/amplification",
            {"channel": "radio", "measured_on": "2026-12-02", "reach": "100"},
        ),
        # A city the registry does not know: the role passes, the service says 422.
        Route(
            "advocacy.edit",
            "POST",
            f"/advocacy/materials/{statement['id']}/signatures",
            {
                "city_id": "city-unknown",
                "mayor_name": "A Mayor",
                "given_by": "Chief of staff",
                "given_on": "2026-12-01",
                "method": "email",
            },
            (422,),
        ),
        # No signature to withdraw: the role passes, the service says 409.
        Route(
            "advocacy.edit",
            "POST",
            f"/advocacy/materials/{statement['id']}/signatures/city-unknown/withdrawal",
            {},
            (409,),
        ),
        # What does not exist: the role passes, the service says 404 (flows: the pages test).
        Route(
            "advocacy.edit",
            "POST",
            f"/advocacy/moments/{moment.json()['id']}/inputs/input-none/status",
            {"to_status": "submitted"},
            (404,),
        ),
        Route(
            "advocacy.edit",
            "POST",
            "/advocacy/pledges/pledge-none/progress",
            {"reported_on": "2026-12-01", "status": "in_progress", "narrative": "Done."},
            (404,),
        ),
        Route(
            "outreach.edit",
            "POST",
            "/outreach/targets/target-none/stage",
            {"to_stage": "contacted"},
            (404,),
        ),
        Route(
            "outreach.edit",
            "POST",
            "/outreach/funding/connection-none/stage",
            {"to_stage": "review"},
            (404,),
        ),
        Route("advocacy.approve", "POST", fresh_material(gateway, "in_review", "approve"), {}),
        Route("outreach.view", "GET", "/outreach?status="),
        Route("outreach.view", "GET", f"/outreach/inquiries/{asked['id']}"),
        Route("outreach.view", "GET", "/outreach/pipeline"),
        Route("outreach.view", "GET", "/outreach/nomination-calls"),
        Route("outreach.view", "GET", "/outreach/partners"),
        Route("outreach.view", "GET", "/outreach/funding?by=year"),
        Route("outreach.edit", "POST", fresh_inquiry(gateway, "triage"), {"kind": "question"}),
        Route(
            "outreach.edit",
            "POST",
            fresh_inquiry(gateway, "assign", "triaged"),
            {"assignee": "Test Person"},
        ),
        Route(
            "outreach.edit",
            "POST",
            fresh_inquiry(gateway, "answer", "assigned"),
            {"text": "The next review is in May. (test data)"},
        ),
        Route("outreach.edit", "POST", fresh_inquiry(gateway, "close"), {}),
    ]
    ours = {p for p in ALLOWED if p.startswith(("advocacy.", "outreach."))}
    assert {route.permission for route in routes} == ours, "a permission is not walked"

    people = {role: await signed_in_approver(gateway, role) for role in Role}
    for role, route in itertools.product(Role, routes):
        person = people[role]
        path = route.path if isinstance(route.path, str) else await route.path()
        if route.method == "GET":
            response = await person.client.get(path)
        else:
            response = await person.client.post(
                path, data={**(route.form or {}), "csrf_token": person.csrf}
            )
        cell = f"{role} {route.method} {path}"
        if role in ALLOWED[route.permission]:
            assert response.status_code in route.allowed_statuses, (
                f"{cell}: {response.status_code} {response.text[:2000]}"
            )
        else:
            assert response.status_code == 403, f"{cell}: {response.status_code}"
            entry = await gateway.database["audit"].find_one(
                {
                    "staff_id": person.account.staff_id,
                    "action": route.permission,
                    "outcome": "refused",
                    "target": path.split("?")[0],
                }
            )
            assert entry is not None, f"{cell}: refusal not in the audit"
