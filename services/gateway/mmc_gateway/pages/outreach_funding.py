"""Outreach's funding work, as staff record it: funding opportunities, a city connected with one,
and on a connection its award and its reports (due, then received). Outreach writes; everyone
else reads."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

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


def router() -> APIRouter:
    pages = APIRouter()

    @pages.get("/outreach/funding/opportunities", response_class=HTMLResponse)
    async def opportunities(
        request: Request, staff: Annotated[Staff, require("outreach.view")]
    ) -> Response:
        return await _opportunities(request, Failed())

    @pages.post("/outreach/funding/opportunities")
    async def add_opportunity(
        request: Request, staff: Annotated[Staff, require("outreach.edit")]
    ) -> Response:
        values = await form_values(request)
        body = {
            "funder": values.get("funder", ""),
            "title": values.get("title", ""),
            "amount": optional(values.get("amount")),
            "currency": (values.get("currency") or "USD").strip().upper(),
            "eligibility": values.get("eligibility", "").strip(),
            "deadline": optional(values.get("deadline")),
            "partner_id": optional(values.get("partner_id")),
        }
        command = Command(
            "opportunity", "/funding/opportunities", body, "outreach.opportunity_added"
        )

        async def reshow(failed: Failed) -> Response:
            return await _opportunities(request, failed)

        return await outreach_command(
            request, staff, command, values, reshow, lambda _: "/outreach/funding/opportunities"
        )

    @pages.post("/outreach/funding/connections")
    async def connect(
        request: Request, staff: Annotated[Staff, require("outreach.edit")]
    ) -> Response:
        values = await form_values(request)
        body = {
            "city_id": values.get("city_id", ""),
            "opportunity_id": values.get("opportunity_id", ""),
        }
        command = Command("connect", "/funding/connections", body, "outreach.funding_connected")

        async def reshow(failed: Failed) -> Response:
            return await _opportunities(request, failed)

        return await outreach_command(
            request,
            staff,
            command,
            values,
            reshow,
            lambda a: f"/outreach/funding/connections/{a['id']}",
        )

    @pages.get("/outreach/funding/connections/{connection_id}", response_class=HTMLResponse)
    async def connection(
        request: Request, connection_id: str, staff: Annotated[Staff, require("outreach.view")]
    ) -> Response:
        return await _connection(request, connection_id, Failed())

    for form, path_end, fields, action in (
        ("award", "award", ("amount", "awarded_on"), "outreach.funding_awarded"),
        ("report", "reports", ("due_on",), "outreach.report_expected"),
        ("received", "reports/received", ("due_on", "received_on"), "outreach.report_received"),
    ):
        _connection_route(pages, form, path_end, fields, action)

    return pages


def _connection_route(
    pages: APIRouter, form: str, path_end: str, fields: tuple[str, ...], action: str
) -> None:
    @pages.post(f"/outreach/funding/connections/{{connection_id}}/{path_end}", name=form)
    async def change(
        request: Request, connection_id: str, staff: Annotated[Staff, require("outreach.edit")]
    ) -> Response:
        values = await form_values(request)
        body = {name: optional(values.get(name)) for name in fields}
        path = f"/funding/connections/{connection_id}/{path_end}"
        command = Command(form, path, body, action)
        back = f"/outreach/funding/connections/{connection_id}"
        return await item_command(request, staff, command, values, _connection, connection_id, back)


async def _opportunities(request: Request, failed: Failed) -> Response:
    services = gateway_of(request).services
    found = await services.outreach.get("/funding/opportunities", limit=100)
    partners = await services.outreach.get("/partners", limit=100)
    cities = await services.cities.get("/cities", limit=200)
    return render(
        request,
        "outreach_actions/opportunities.html",
        failed.status,
        opportunities=found,
        partner_options=options(partners["items"]),
        city_options=options(cities["items"]),
        opportunity_options=[(o["id"], f"{o['funder']}: {o['title']}") for o in found["items"]],
        **failed.context(),
    )


async def _connection(request: Request, connection_id: str, failed: Failed) -> Response:
    services = gateway_of(request).services
    found = await services.outreach.get(f"/funding/connections/{connection_id}")
    try:
        city = await services.cities.get(f"/cities/{found['city_id']}")
    except ServiceError:  # the connection is shown even if the registry is away
        city = {"id": found["city_id"], "name": found["city_id"]}
    return render(
        request,
        "outreach_actions/connection.html",
        failed.status,
        connection=found,
        city=city,
        **failed.context(),
    )
