"""Cities' technical assistance requests: the list (by status, city, or past their due date),
a request's page with its status history and deliverables, and the actions cities' API offers:
open a request for a city, move it through its life cycle, assign it, record a deliverable.
The secretariat acts (`cities.edit`); everyone reads (`cities.view`)."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from mmc_contracts.cities import AssistanceKind, AssistanceStatus
from mmc_gateway.pages.outreach_forms import (
    Failed,
    Reshow,
    form_values,
    optional,
    split_messages,
)
from mmc_gateway.pages.service_commands import REFUSALS, send_command
from mmc_gateway.services import ServiceClient, ServiceError
from mmc_gateway.web import (
    Staff,
    gateway_of,
    render,
    require,
    see_other,
)

OPEN = (
    AssistanceStatus.RECEIVED,
    AssistanceStatus.TRIAGED,
    AssistanceStatus.ACCEPTED,
    AssistanceStatus.IN_PROGRESS,
)
"""Statuses of a request still waiting on the MMC: past its due date, it is overdue."""
Filter = Annotated[str | None, Query(max_length=64)]


def overdue(request: dict[str, Any], today: date) -> bool:
    due = request.get("due_on")
    return isinstance(due, str) and request["status"] in OPEN and date.fromisoformat(due) < today


async def overdue_requests(
    cities: ServiceClient, city_id: str | None = None, today: date | None = None
) -> list[dict[str, Any]]:
    """Open requests past their due date, earliest due first (the API has no such filter: the
    open statuses are asked at once and filtered here)."""
    today = today or datetime.now(UTC).date()
    pages = await asyncio.gather(
        *(
            cities.get("/assistance-requests", status=str(s), city_id=city_id, limit=200)
            for s in OPEN
        )
    )
    found = [r for page in pages for r in page["items"] if overdue(r, today)]
    return sorted(found, key=lambda r: (r["due_on"], r["id"]))


def router() -> APIRouter:
    pages = APIRouter()

    @pages.get("/assistance", response_class=HTMLResponse)
    async def requests(
        request: Request,
        staff: Annotated[Staff, require("cities.view")],
        status: Filter = None,
        city_id: Filter = None,
        overdue_only: Annotated[str | None, Query(alias="overdue", max_length=10)] = None,
    ) -> Response:
        # An empty filter (the form sent as is) filters nothing; an unknown status neither.
        status = status if status in set(AssistanceStatus) else None
        late = overdue_only in ("true", "on", "1")
        cities = gateway_of(request).services.cities
        today = datetime.now(UTC).date()
        if late:
            items = await overdue_requests(cities, city_id or None, today)
            if status is not None:
                items = [r for r in items if r["status"] == status]
            total = len(items)
        else:
            page = await cities.get(
                "/assistance-requests",
                status=str(status) if status else None,
                city_id=city_id or None,
                limit=200,
            )
            items, total = page["items"], page["total"]
        for item in items:
            item["overdue"] = overdue(item, today)
        known = await cities.get("/cities", limit=200)
        return render(
            request,
            "assistance/list.html",
            items=items,
            total=total,
            status=status or "",
            city_id=city_id or "",
            late=late,
            statuses=list(AssistanceStatus),
            names={c["id"]: c["name"] for c in known["items"]},
            city_options=[(c["id"], c["name"]) for c in known["items"]],
        )

    @pages.get("/assistance/new", response_class=HTMLResponse)
    async def new(
        request: Request,
        staff: Annotated[Staff, require("cities.edit")],
        city_id: Filter = None,
    ) -> Response:
        return await _new(request, Failed(form="open", values={"city_id": city_id or ""}))

    @pages.post("/assistance")
    async def open_request(
        request: Request, staff: Annotated[Staff, require("cities.edit")]
    ) -> Response:
        values = await form_values(request)
        city_id = values.get("city_id", "")
        body = {
            "kind": values.get("kind", ""),
            "title": values.get("title", ""),
            "description": values.get("description", "").strip(),
            "requested_by": values.get("requested_by", ""),
            "due_on": optional(values.get("due_on")),
        }

        async def reshow(failed: Failed) -> Response:
            return await _new(request, failed)

        if not city_id:
            return await reshow(Failed("open", 422, values, {"city_id": ["required"]}))
        path = f"/cities/{city_id}/assistance-requests"
        return await _command(request, staff, "open", path, body, values, reshow, None)

    @pages.get("/assistance/{request_id}", response_class=HTMLResponse)
    async def one(
        request: Request, request_id: str, staff: Annotated[Staff, require("cities.view")]
    ) -> Response:
        return await _request(request, request_id, Failed())

    for form, path_end, fields in (
        ("status", "status", ("to_status", "reason", "expected_version")),
        ("assignee", "assignee", ("assignee", "expected_version")),
        ("deliverable", "deliverables", ("title", "url", "delivered_on", "expected_version")),
    ):
        _change_route(pages, form, path_end, fields)

    return pages


def _change_route(pages: APIRouter, form: str, path_end: str, fields: tuple[str, ...]) -> None:
    @pages.post(f"/assistance/{{request_id}}/{path_end}", name=f"assistance_{form}")
    async def change(
        request: Request, request_id: str, staff: Annotated[Staff, require("cities.edit")]
    ) -> Response:
        values = await form_values(request)
        body: dict[str, Any] = {name: optional(values.get(name)) for name in fields}
        if (body.get("expected_version") or "").isdigit():
            body["expected_version"] = int(body["expected_version"])

        async def reshow(failed: Failed) -> Response:
            return await _request(request, request_id, failed)

        path = f"/assistance-requests/{request_id}/{path_end}"
        return await _command(request, staff, form, path, body, values, reshow, request_id)


async def _command(
    request: Request,
    staff: Staff,
    form: str,
    path: str,
    body: dict[str, Any],
    values: dict[str, str],
    reshow: Reshow,
    target: str | None,
) -> Response:
    """One command to cities as `staff`: done, audited, back to the request's page; refused,
    audited (`failed`) and the form shown again with the messages by field."""
    action = f"cities.assistance_{form}"
    if form == "status":
        action = f"cities.assistance_{values.get('to_status', '')[:20]}"
    cities = gateway_of(request).services.cities
    try:
        answer = await send_command(
            request, staff, cities, ("POST", path, body), action=action, target=target
        )
    except ServiceError as error:
        if error.status not in REFUSALS:
            raise
        aliases = {"deliverable.title": "title", "deliverable.url": "url"}
        aliases["deliverable.delivered_on"] = "delivered_on"
        names = set(values) | set(body)
        by_field, general = split_messages(error.messages, names, aliases)
        return await reshow(Failed(form, error.status, values, by_field, general))
    return see_other(f"/assistance/{answer['id']}")


async def _new(request: Request, failed: Failed) -> Response:
    known = await gateway_of(request).services.cities.get("/cities", limit=200)
    return render(
        request,
        "assistance/new.html",
        failed.status,
        city_options=[(c["id"], f"{c['name']} ({c['country_code']})") for c in known["items"]],
        kinds=list(AssistanceKind),
        **failed.context(),
    )


async def _request(request: Request, request_id: str, failed: Failed) -> Response:
    cities = gateway_of(request).services.cities
    found = await cities.get(f"/assistance-requests/{request_id}")
    try:
        city = await cities.get(f"/cities/{found['city_id']}")
    except ServiceError:  # the request is shown even if its city cannot be read
        city = {"id": found["city_id"], "name": found["city_id"]}
    found["overdue"] = overdue(found, datetime.now(UTC).date())
    return render(
        request,
        "assistance/request.html",
        failed.status,
        item=found,
        city=city,
        **failed.context(),
    )
