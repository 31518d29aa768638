"""Outreach's partner organisations and coalitions, as staff change them: add an organisation
(with one contact), record its relationship to a city; form a coalition, cities and
organisations joining and leaving it. Outreach writes; everyone else reads."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from mmc_contracts.outreach import MemberKind, OrganisationKind
from mmc_gateway.pages.outreach_forms import (
    Command,
    Failed,
    form_values,
    item_command,
    optional,
    outreach_command,
)
from mmc_gateway.web import Staff, gateway_of, render, require

CONTACT = {
    "contacts.0.name": "contact_name",
    "contacts.0.role": "contact_role",
    "contacts.0.email": "contact_email",
}
"""The service's names for the one contact the form offers -> the form's fields."""


async def _cities(request: Request) -> list[dict[str, Any]]:
    page = await gateway_of(request).services.cities.get("/cities", limit=200)
    return list(page["items"])


def options(items: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """(id, what a person reads) for a <select>: a city with its country."""
    return [
        (i["id"], f"{i['name']} ({i['country_code']})" if i.get("country_code") else i["name"])
        for i in items
    ]


def router() -> APIRouter:
    pages = APIRouter()

    @pages.get("/outreach/partners/new", response_class=HTMLResponse)
    async def new_partner(
        request: Request, staff: Annotated[Staff, require("outreach.edit")]
    ) -> Response:
        return render(
            request,
            "outreach_actions/partner_new.html",
            kinds=list(OrganisationKind),
            **Failed().context(),
        )

    @pages.post("/outreach/partners")
    async def add_partner(
        request: Request, staff: Annotated[Staff, require("outreach.edit")]
    ) -> Response:
        values = await form_values(request)
        contact = {
            "name": values.get("contact_name", "").strip(),
            "role": optional(values.get("contact_role")),
            "email": optional(values.get("contact_email")),
        }
        given = contact["name"] or contact["role"] or contact["email"]
        body = {
            "name": values.get("name", ""),
            "kinds": [k for k in values.get("kinds", "").split("\n") if k],
            "website": optional(values.get("website")),
            "relationship_to_mmc": values.get("relationship_to_mmc", "").strip(),
            "contacts": [contact] if given else [],
        }
        aliases = {**CONTACT, **{f"kinds.{i}": "kinds" for i in range(4)}, "kinds": "kinds"}

        async def reshow(failed: Failed) -> Response:
            return render(
                request,
                "outreach_actions/partner_new.html",
                failed.status,
                kinds=list(OrganisationKind),
                **failed.context(),
            )

        command = Command("partner", "/partners", body, "outreach.partner_added", aliases)
        return await outreach_command(
            request, staff, command, values, reshow, lambda a: f"/outreach/partners/{a['id']}"
        )

    @pages.get("/outreach/partners/{organisation_id}", response_class=HTMLResponse)
    async def partner(
        request: Request, organisation_id: str, staff: Annotated[Staff, require("outreach.view")]
    ) -> Response:
        return await _partner(request, organisation_id, Failed())

    @pages.post("/outreach/partners/{organisation_id}/cities")
    async def relate_city(
        request: Request, organisation_id: str, staff: Annotated[Staff, require("outreach.edit")]
    ) -> Response:
        values = await form_values(request)
        body = {
            "city_id": values.get("city_id", ""),
            "relationship": values.get("relationship", ""),
        }
        path = f"/partners/{organisation_id}/cities"
        command = Command("relate", path, body, "outreach.partner_city_related")
        back = f"/outreach/partners/{organisation_id}"
        return await item_command(request, staff, command, values, _partner, organisation_id, back)

    @pages.post("/outreach/coalitions")
    async def form_coalition(
        request: Request, staff: Annotated[Staff, require("outreach.edit")]
    ) -> Response:
        values = await form_values(request)
        body = {
            "name": values.get("name", ""),
            "goal": values.get("goal", ""),
            "requested_by_city_id": optional(values.get("requested_by_city_id")),
        }

        async def reshow(failed: Failed) -> Response:
            return render(
                request,
                "outreach_actions/coalition_new.html",
                failed.status,
                city_options=options(await _cities(request)),
                **failed.context(),
            )

        command = Command("coalition", "/coalitions", body, "outreach.coalition_formed")
        return await outreach_command(
            request, staff, command, values, reshow, lambda a: f"/outreach/coalitions/{a['id']}"
        )

    @pages.get("/outreach/coalitions/new", response_class=HTMLResponse)
    async def new_coalition(
        request: Request, staff: Annotated[Staff, require("outreach.edit")]
    ) -> Response:
        return render(
            request,
            "outreach_actions/coalition_new.html",
            city_options=options(await _cities(request)),
            **Failed().context(),
        )

    @pages.get("/outreach/coalitions/{coalition_id}", response_class=HTMLResponse)
    async def coalition(
        request: Request, coalition_id: str, staff: Annotated[Staff, require("outreach.view")]
    ) -> Response:
        return await _coalition(request, coalition_id, Failed())

    for verb, path_end, action in (
        ("join", "members", "outreach.coalition_joined"),
        ("leave", "members/leave", "outreach.coalition_left"),
    ):
        _member_route(pages, verb, path_end, action)

    return pages


def _member_route(pages: APIRouter, verb: str, path_end: str, action: str) -> None:
    @pages.post(f"/outreach/coalitions/{{coalition_id}}/{path_end}", name=f"coalition_{verb}")
    async def member(
        request: Request, coalition_id: str, staff: Annotated[Staff, require("outreach.edit")]
    ) -> Response:
        values = await form_values(request)
        body = {
            "member_kind": values.get("member_kind", ""),
            "member_id": values.get("member_id", ""),
            "on": values.get("on", ""),
        }
        command = Command(verb, f"/coalitions/{coalition_id}/{path_end}", body, action)
        back = f"/outreach/coalitions/{coalition_id}"
        return await item_command(request, staff, command, values, _coalition, coalition_id, back)


async def _partner(request: Request, organisation_id: str, failed: Failed) -> Response:
    found = await gateway_of(request).services.outreach.get(f"/partners/{organisation_id}")
    cities = await _cities(request)
    names = {c["id"]: c["name"] for c in cities}
    return render(
        request,
        "outreach_actions/partner.html",
        failed.status,
        partner=found,
        city_options=options(cities),
        names=names,
        **failed.context(),
    )


async def _coalition(request: Request, coalition_id: str, failed: Failed) -> Response:
    api = gateway_of(request).services.outreach
    found = await api.get(f"/coalitions/{coalition_id}")
    cities = await _cities(request)
    partners = (await api.get("/partners", limit=100))["items"]
    names = {c["id"]: c["name"] for c in cities} | {p["id"]: p["name"] for p in partners}
    return render(
        request,
        "outreach_actions/coalition.html",
        failed.status,
        coalition=found,
        member_options={"city": options(cities), "organisation": options(partners)},
        names=names,
        member_kinds=list(MemberKind),
        **failed.context(),
    )
