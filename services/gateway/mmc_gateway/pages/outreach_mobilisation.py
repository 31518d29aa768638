"""Outreach's mobilisation lists, as staff work them: for a policy moment approaching, the partner
cities to mobilise in order and why; each city's contact and its answer (will it contribute an
input?) recorded. Outreach opens the lists itself; outreach staff record; everyone reads."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from mmc_gateway.pages.outreach_forms import Command, Failed, form_values, item_command
from mmc_gateway.web import Staff, gateway_of, render, require

ANSWERS = {"yes": True, "no": False}


def router() -> APIRouter:
    pages = APIRouter()

    @pages.get("/outreach/mobilisation", response_class=HTMLResponse)
    async def lists(
        request: Request, staff: Annotated[Staff, require("outreach.view")]
    ) -> Response:
        page = await gateway_of(request).services.outreach.get("/mobilisation-lists", limit=50)
        return render(request, "outreach_actions/mobilisation_lists.html", page=page)

    @pages.get("/outreach/mobilisation/{list_id}", response_class=HTMLResponse)
    async def one(
        request: Request, list_id: str, staff: Annotated[Staff, require("outreach.view")]
    ) -> Response:
        return await _list(request, list_id, Failed())

    @pages.post("/outreach/mobilisation/{list_id}/contacts")
    async def contacted(
        request: Request, list_id: str, staff: Annotated[Staff, require("outreach.edit")]
    ) -> Response:
        values = await form_values(request)
        body = {"city_id": values.get("city_id", "")}
        path = f"/mobilisation-lists/{list_id}/contacts"
        command = Command("contact", path, body, "outreach.mobilisation_contacted")
        return await _command(request, staff, list_id, command, values)

    @pages.post("/outreach/mobilisation/{list_id}/answers")
    async def answered(
        request: Request, list_id: str, staff: Annotated[Staff, require("outreach.edit")]
    ) -> Response:
        values = await form_values(request)
        given = values.get("will_contribute", "")
        body = {"city_id": values.get("city_id", ""), "will_contribute": ANSWERS.get(given, given)}
        path = f"/mobilisation-lists/{list_id}/answers"
        command = Command("answer", path, body, "outreach.mobilisation_answered")
        return await _command(request, staff, list_id, command, values)

    return pages


async def _command(
    request: Request, staff: Staff, list_id: str, command: Command, values: dict[str, str]
) -> Response:
    back = f"/outreach/mobilisation/{list_id}"
    return await item_command(request, staff, command, values, _list, list_id, back)


async def _list(request: Request, list_id: str, failed: Failed) -> Response:
    found = await gateway_of(request).services.outreach.get(f"/mobilisation-lists/{list_id}")
    return render(
        request,
        "outreach_actions/mobilisation.html",
        failed.status,
        mobilisation=found,
        city_options=[(c["city_id"], c["city_name"]) for c in found["cities"]],
        **failed.context(),
    )
