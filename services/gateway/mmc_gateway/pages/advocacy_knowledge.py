"""Pages over the advocacy service's knowledge side: the policy calendar with the cities'
inputs (move an input along planned → submitted → accepted | declined → delivered), the pledge
registry with progress reports, the knowledge repository with search."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, Response

from mmc_contracts.advocacy import GcrArea, InputStatus, PledgeStatus, ResourceKind
from mmc_gateway.pages.advocacy import SHOWN_ERRORS, Day, Filter, LongText, Version
from mmc_gateway.services import ServiceError
from mmc_gateway.web import Staff, audit_action, gateway_of, render, require, see_other


def router() -> APIRouter:
    pages = APIRouter()

    @pages.get("/advocacy/moments", response_class=HTMLResponse)
    async def moments(
        request: Request, staff: Annotated[Staff, require("advocacy.view")]
    ) -> Response:
        page = await gateway_of(request).services.advocacy.get("/policy-moments", limit=200)
        return render(request, "advocacy/moments.html", page=page)

    @pages.get("/advocacy/moments/{moment_id}", response_class=HTMLResponse)
    async def moment(
        request: Request, moment_id: str, staff: Annotated[Staff, require("advocacy.view")]
    ) -> Response:
        return await _moment(request, moment_id)

    @pages.post("/advocacy/moments/{moment_id}/inputs/{input_id}/status")
    async def input_status(
        request: Request,
        moment_id: str,
        input_id: str,
        staff: Annotated[Staff, require("advocacy.edit")],
        to_status: Annotated[str, Form(max_length=20)],
        expected_version: Version = None,
    ) -> Response:
        body = {"to_status": to_status, "expected_version": expected_version}
        try:
            await gateway_of(request).services.advocacy.call(
                "POST",
                f"/policy-moments/{moment_id}/inputs/{input_id}/status",
                actor=staff.staff_id,
                json=body,
            )
        except ServiceError as error:
            if error.status not in SHOWN_ERRORS:
                raise
            return await _moment(request, moment_id, error.status, error.messages)
        await audit_action(request, staff, f"advocacy.input_{to_status}", input_id)
        return see_other(f"/advocacy/moments/{moment_id}")

    @pages.get("/advocacy/pledges", response_class=HTMLResponse)
    async def pledges(
        request: Request,
        staff: Annotated[Staff, require("advocacy.view")],
        objective: Filter = None,
        region: Filter = None,
        status: Filter = None,
        gcr_area: Filter = None,
    ) -> Response:
        filters = {"objective": objective, "region": region, "status": status, "gcr_area": gcr_area}
        page = await gateway_of(request).services.advocacy.get("/pledges", limit=200, **filters)
        return render(
            request,
            "advocacy/pledges.html",
            page=page,
            filters=filters,
            statuses=list(PledgeStatus),
            areas=list(GcrArea),
        )

    @pages.post("/advocacy/pledges/{pledge_id}/progress")
    async def progress(
        request: Request,
        pledge_id: str,
        staff: Annotated[Staff, require("advocacy.edit")],
        reported_on: Day,
        status: Annotated[str, Form(max_length=20)],
        narrative: LongText,
        expected_version: Version = None,
    ) -> Response:
        body = {
            "reported_on": reported_on,
            "status": status,
            "narrative": narrative,
            "expected_version": expected_version,
        }
        api = gateway_of(request).services.advocacy
        try:
            await api.call(
                "POST", f"/pledges/{pledge_id}/progress", actor=staff.staff_id, json=body
            )
        except ServiceError as error:
            if error.status not in SHOWN_ERRORS:
                raise
            page = await api.get("/pledges", limit=200)
            return render(
                request,
                "advocacy/pledges.html",
                error.status,
                page=page,
                filters={},
                statuses=list(PledgeStatus),
                areas=list(GcrArea),
                errors=error.messages,
            )
        await audit_action(request, staff, "advocacy.pledge_progress", pledge_id)
        return see_other("/advocacy/pledges")

    @pages.get("/advocacy/knowledge", response_class=HTMLResponse)
    async def knowledge(
        request: Request,
        staff: Annotated[Staff, require("advocacy.view")],
        q: Annotated[str | None, Query(max_length=200)] = None,
        kind: Filter = None,
    ) -> Response:
        page = await gateway_of(request).services.advocacy.get(
            "/resources", q=q, kind=kind, limit=50
        )
        return render(
            request, "advocacy/knowledge.html", page=page, q=q, kind=kind, kinds=list(ResourceKind)
        )

    return pages


async def _moment(
    request: Request, moment_id: str, code: int = 200, errors: list[str] | None = None
) -> Response:
    found = await gateway_of(request).services.advocacy.get(f"/policy-moments/{moment_id}")
    return render(
        request,
        "advocacy/moment.html",
        code,
        moment=found,
        statuses=list(InputStatus),
        errors=errors or [],
    )
