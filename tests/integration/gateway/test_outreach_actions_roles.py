"""Walks the role table's cells for the outreach action pages (`outreach.view`, `outreach.edit`):
every role on every new page and action. An allowed cell answers 200 or 303 (each action on a
thing of its own, in the state the action needs, so it really changes something); a refused
cell answers 403 and is in the audit trail."""

from __future__ import annotations

import itertools
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import pytest

from mmc_gateway.roles import ALLOWED, Role
from tests.conftest import unique
from tests.integration.gateway.ao_setup import inquiry
from tests.integration.gateway.conftest import Gateway
from tests.integration.gateway.outreach_setup import (
    coalition,
    connection,
    known_city,
    made,
    mbox,
    mobilisation_list,
    nomination_call,
    partner,
)

pytestmark = pytest.mark.integration

Make = Callable[[], Awaitable[tuple[str, dict[str, Any]]]]
"""A fresh (path, form) for one cell."""


@dataclass(frozen=True)
class Route:
    permission: str
    method: str
    make: Make


def fixed(path: str, form: dict[str, Any] | None = None) -> Make:
    async def make() -> tuple[str, dict[str, Any]]:
        return path, dict(form or {})

    return make


@pytest.mark.timeout(600)
async def test_every_role_on_every_outreach_action(gateway: Gateway) -> None:
    city_id = await known_city(gateway)
    partner_city = await known_city(gateway, partner=True)
    org = await partner(gateway)
    group = await coalition(gateway)
    link = await connection(gateway, city_id)
    target = await made(gateway, "/targets", {"city_id": city_id})
    call = await nomination_call(gateway)
    listed = await mobilisation_list(gateway)
    asked = await inquiry(gateway)
    invitees = [i["city_id"] for i in call["invitees"]]
    assert partner_city in invitees

    async def fresh_coalition_member() -> tuple[str, dict[str, Any]]:
        c = await coalition(gateway)
        form = {"member_kind": "city", "member_id": city_id, "on": "2026-11-01"}
        return f"/outreach/coalitions/{c['id']}/members", form

    async def fresh_leaving() -> tuple[str, dict[str, Any]]:
        c = await coalition(gateway)
        form = {"member_kind": "city", "member_id": city_id, "on": "2026-11-01"}
        await made(gateway, f"/coalitions/{c['id']}/members", form)
        return f"/outreach/coalitions/{c['id']}/members/leave", {**form, "on": "2026-12-01"}

    async def fresh_reviewed() -> dict[str, Any]:
        c = await connection(gateway, city_id)
        for stage in ("concept_note", "review"):
            await made(gateway, f"/funding/connections/{c['id']}/stage", {"to_stage": stage})
        return c

    async def fresh_award() -> tuple[str, dict[str, Any]]:
        c = await fresh_reviewed()
        form = {"amount": "1000", "awarded_on": "2026-11-30"}
        return f"/outreach/funding/connections/{c['id']}/award", form

    async def fresh_report_due() -> tuple[str, dict[str, Any]]:
        c = await fresh_reviewed()
        await made(
            gateway,
            f"/funding/connections/{c['id']}/award",
            {"amount": "10", "awarded_on": "2026-11-30"},
        )
        return f"/outreach/funding/connections/{c['id']}/reports", {"due_on": "2027-01-31"}

    async def fresh_report_received() -> tuple[str, dict[str, Any]]:
        path, form = await fresh_report_due()
        await made(gateway, path.removeprefix("/outreach"), form)
        return f"{path}/received", {"due_on": "2027-01-31", "received_on": "2027-01-20"}

    async def fresh_target() -> tuple[str, dict[str, Any]]:
        return "/outreach/targets", {"city_id": await known_city(gateway)}

    async def fresh_invitation() -> tuple[str, dict[str, Any]]:
        c = await nomination_call(gateway)
        return f"/outreach/nomination-calls/{c['id']}/invitations", {"city_id": partner_city}

    async def fresh_answer() -> tuple[str, dict[str, Any]]:
        c = await nomination_call(gateway)
        await made(gateway, f"/nomination-calls/{c['id']}/invitations", {"city_id": partner_city})
        form = {"city_id": partner_city, "will_nominate": "no"}
        return f"/outreach/nomination-calls/{c['id']}/answers", form

    async def fresh_contact() -> tuple[str, dict[str, Any]]:
        m = await mobilisation_list(gateway)
        return f"/outreach/mobilisation/{m['id']}/contacts", {"city_id": partner_city}

    async def fresh_contribution() -> tuple[str, dict[str, Any]]:
        m = await mobilisation_list(gateway)
        await made(gateway, f"/mobilisation-lists/{m['id']}/contacts", {"city_id": partner_city})
        form = {"city_id": partner_city, "will_contribute": "no"}
        return f"/outreach/mobilisation/{m['id']}/answers", form

    async def fresh_link() -> tuple[str, dict[str, Any]]:
        asked = await inquiry(gateway)
        return f"/outreach/inquiries/{asked['id']}/link", {"city_id": city_id}

    async def fresh_relation() -> tuple[str, dict[str, Any]]:
        o = await partner(gateway)
        return f"/outreach/partners/{o['id']}/cities", {
            "city_id": city_id,
            "relationship": "member",
        }

    routes = [
        Route("outreach.view", "GET", fixed(f"/outreach/partners/{org['id']}")),
        Route("outreach.view", "GET", fixed(f"/outreach/coalitions/{group['id']}")),
        Route("outreach.view", "GET", fixed("/outreach/funding/opportunities")),
        Route("outreach.view", "GET", fixed(f"/outreach/funding/connections/{link['id']}")),
        Route("outreach.view", "GET", fixed(f"/outreach/targets/{target['id']}")),
        Route("outreach.view", "GET", fixed(f"/outreach/nomination-calls/{call['id']}")),
        Route("outreach.view", "GET", fixed("/outreach/mobilisation")),
        Route("outreach.view", "GET", fixed(f"/outreach/mobilisation/{listed['id']}")),
        Route("outreach.edit", "POST", fresh_contact),
        Route("outreach.edit", "GET", fixed(f"/outreach/inquiries/{asked['id']}/link")),
        Route("outreach.edit", "POST", fresh_link),
        Route("outreach.edit", "POST", fresh_contribution),
        Route("outreach.edit", "GET", fixed("/outreach/partners/new")),
        Route("outreach.edit", "GET", fixed("/outreach/coalitions/new")),
        Route("outreach.edit", "GET", fixed("/outreach/targets/new")),
        Route("outreach.edit", "GET", fixed("/outreach/mailbox")),
        Route(
            "outreach.edit",
            "POST",
            fixed("/outreach/partners", {"name": "Network (test)", "kinds": "funder"}),
        ),
        Route("outreach.edit", "POST", fresh_relation),
        Route(
            "outreach.edit",
            "POST",
            fixed("/outreach/coalitions", {"name": "Coalition (test)", "goal": "A goal"}),
        ),
        Route("outreach.edit", "POST", fresh_coalition_member),
        Route("outreach.edit", "POST", fresh_leaving),
        Route(
            "outreach.edit",
            "POST",
            fixed("/outreach/funding/opportunities", {"funder": "F (test)", "title": "T"}),
        ),
        Route("outreach.edit", "POST", fresh_connection_maker(gateway, city_id)),
        Route("outreach.edit", "POST", fresh_award),
        Route("outreach.edit", "POST", fresh_report_due),
        Route("outreach.edit", "POST", fresh_report_received),
        Route("outreach.edit", "POST", fresh_target),
        Route(
            "outreach.edit",
            "POST",
            fixed(
                f"/outreach/targets/{target['id']}/activities",
                {"kind": "call", "on": "2026-12-01"},
            ),
        ),
        Route("outreach.edit", "POST", fresh_invitation),
        Route("outreach.edit", "POST", fresh_answer),
        Route("outreach.edit", "POST", fixed("/outreach/mailbox")),
    ]
    people = {role: await gateway.signed_in(role) for role in Role}
    last: dict[int, tuple[str, dict[str, Any]]] = {}
    for role, (number, route) in itertools.product(Role, enumerate(routes)):
        person = people[role]
        allowed = role in ALLOWED[route.permission]
        # A refused cell changes nothing: it reuses the last thing made for its route.
        if allowed or number not in last:
            last[number] = await route.make()
        path, form = last[number]
        cell = f"{role} {route.method} {path}"
        if route.method == "GET":
            response = await person.client.get(path)
        elif path == "/outreach/mailbox":
            response = await person.client.post(
                path,
                data={"csrf_token": person.csrf},
                files=[("files", ("cell.mbox", mbox(1, 0), "application/mbox"))],
            )
        else:
            response = await person.client.post(path, data={**form, "csrf_token": person.csrf})
        if allowed:
            assert response.status_code in (200, 303), (
                f"{cell}: {response.status_code} {response.text[:1500]}"
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


def fresh_connection_maker(gateway: Gateway, city_id: str) -> Make:
    async def make() -> tuple[str, dict[str, Any]]:
        opportunity = await made(
            gateway, "/funding/opportunities", {"funder": unique("Funder"), "title": "Fund"}
        )
        form = {"city_id": city_id, "opportunity_id": opportunity["id"]}
        return "/outreach/funding/connections", form

    return make
