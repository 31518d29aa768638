"""Outreach's contacts with cities, as staff record them: a city made an outreach target and each
e-mail, call, meeting or visit with it; a nomination call's invitations and the cities' answers.
Outreach writes; everyone else reads."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from mmc_contracts.outreach import ActivityKind
from mmc_gateway.pages.outreach_forms import (
    Command,
    Failed,
    form_values,
    item_command,
    optional,
    outreach_command,
)
from mmc_gateway.pages.outreach_partners import options
from mmc_gateway.services import ServiceError
from mmc_gateway.web import Staff, gateway_of, render, require

ANSWERS = {"yes": True, "no": False}
"""A city's answer to a nomination call, as the form sends it."""


def router() -> APIRouter:
    pages = APIRouter()

    @pages.get("/outreach/targets/new", response_class=HTMLResponse)
    async def new_target(
        request: Request, staff: Annotated[Staff, require("outreach.edit")]
    ) -> Response:
        return await _new_target(request, Failed())

    @pages.post("/outreach/targets")
    async def open_target(
        request: Request, staff: Annotated[Staff, require("outreach.edit")]
    ) -> Response:
        values = await form_values(request)
        body = {"city_id": values.get("city_id", ""), "owner": optional(values.get("owner"))}
        command = Command("target", "/targets", body, "outreach.target_opened")

        async def reshow(failed: Failed) -> Response:
            return await _new_target(request, failed)

        return await outreach_command(
            request, staff, command, values, reshow, lambda a: f"/outreach/targets/{a['id']}"
        )

    @pages.get("/outreach/targets/{target_id}", response_class=HTMLResponse)
    async def target(
        request: Request, target_id: str, staff: Annotated[Staff, require("outreach.view")]
    ) -> Response:
        return await _target(request, target_id, Failed())

    @pages.post("/outreach/targets/{target_id}/activities")
    async def activity(
        request: Request, target_id: str, staff: Annotated[Staff, require("outreach.edit")]
    ) -> Response:
        values = await form_values(request)
        body = {
            "kind": values.get("kind", ""),
            "on": values.get("on", ""),
            "notes": values.get("notes", "").strip(),
        }
        path = f"/targets/{target_id}/activities"
        command = Command("activity", path, body, "outreach.activity_recorded")
        back = f"/outreach/targets/{target_id}"
        return await item_command(request, staff, command, values, _target, target_id, back)

    @pages.get("/outreach/inquiries/{inquiry_id}/link", response_class=HTMLResponse)
    async def link_form(
        request: Request, inquiry_id: str, staff: Annotated[Staff, require("outreach.edit")]
    ) -> Response:
        return await _link(request, inquiry_id, Failed())

    @pages.post("/outreach/inquiries/{inquiry_id}/link")
    async def link(
        request: Request, inquiry_id: str, staff: Annotated[Staff, require("outreach.edit")]
    ) -> Response:
        values = await form_values(request)
        body = {"city_id": values.get("city_id", "")}
        path = f"/inquiries/{inquiry_id}/city"
        command = Command("link", path, body, "outreach.inquiry_linked")
        back = f"/outreach/inquiries/{inquiry_id}"
        return await item_command(request, staff, command, values, _link, inquiry_id, back)

    @pages.get("/outreach/nomination-calls/{call_id}", response_class=HTMLResponse)
    async def call(
        request: Request, call_id: str, staff: Annotated[Staff, require("outreach.view")]
    ) -> Response:
        return await _call(request, call_id, Failed())

    @pages.post("/outreach/nomination-calls/{call_id}/invitations")
    async def invite(
        request: Request, call_id: str, staff: Annotated[Staff, require("outreach.edit")]
    ) -> Response:
        values = await form_values(request)
        body = {"city_id": values.get("city_id", "")}
        path = f"/nomination-calls/{call_id}/invitations"
        command = Command("invite", path, body, "outreach.call_invited")
        return await _call_command(request, staff, call_id, command, values)

    @pages.post("/outreach/nomination-calls/{call_id}/answers")
    async def answer(
        request: Request, call_id: str, staff: Annotated[Staff, require("outreach.edit")]
    ) -> Response:
        values = await form_values(request)
        given = values.get("will_nominate", "")
        body = {"city_id": values.get("city_id", ""), "will_nominate": ANSWERS.get(given, given)}
        path = f"/nomination-calls/{call_id}/answers"
        command = Command("answer", path, body, "outreach.call_answered")
        return await _call_command(request, staff, call_id, command, values)

    return pages


async def _call_command(
    request: Request, staff: Staff, call_id: str, command: Command, values: dict[str, str]
) -> Response:
    back = f"/outreach/nomination-calls/{call_id}"
    return await item_command(request, staff, command, values, _call, call_id, back)


async def _link(request: Request, inquiry_id: str, failed: Failed) -> Response:
    services = gateway_of(request).services
    found = await services.outreach.get(f"/inquiries/{inquiry_id}")
    cities = await services.cities.get("/cities", limit=200)
    return render(
        request,
        "outreach_actions/inquiry_link.html",
        failed.status,
        inquiry=found,
        city_options=options(cities["items"]),
        **failed.context(),
    )


async def _new_target(request: Request, failed: Failed) -> Response:
    cities = await gateway_of(request).services.cities.get("/cities", limit=200)
    return render(
        request,
        "outreach_actions/target_new.html",
        failed.status,
        city_options=options(cities["items"]),
        **failed.context(),
    )


async def _target(request: Request, target_id: str, failed: Failed) -> Response:
    services = gateway_of(request).services
    found = await services.outreach.get(f"/targets/{target_id}")
    try:
        city = await services.cities.get(f"/cities/{found['city_id']}")
    except ServiceError:  # the target is shown even if the registry is away
        city = {"id": found["city_id"], "name": found["city_id"]}
    return render(
        request,
        "outreach_actions/target.html",
        failed.status,
        target=found,
        city=city,
        kinds=list(ActivityKind),
        **failed.context(),
    )


async def _call(request: Request, call_id: str, failed: Failed) -> Response:
    found = await gateway_of(request).services.outreach.get(f"/nomination-calls/{call_id}")
    return render(
        request,
        "outreach_actions/call.html",
        failed.status,
        call=found,
        city_options=[(i["city_id"], i["city_name"]) for i in found["invitees"]],
        **failed.context(),
    )
