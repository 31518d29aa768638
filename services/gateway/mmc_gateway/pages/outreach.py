"""Pages over the outreach service: inquiries (triage, assign, answer, close; the first response
against its target), the pipeline with its priority reasons, nomination calls with the cities to
mobilise, partner organisations, funding connections with their stages and sums, coalitions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, Response

from mmc_contracts.outreach import FundingStage, InquiryKind, InquiryStatus, OutreachStage
from mmc_gateway.services import ServiceError
from mmc_gateway.web import Staff, audit_action, gateway_of, render, require, see_other

RESPONSE_TARGET_HOURS = 48
"""The outreach service's first-response target (its `MMC_RESPONSE_TARGET_HOURS` default); the
service records whether each first answer met it, the gateway flags open ones past it."""

SHOWN_ERRORS = (404, 409, 422)
Version = Annotated[int | None, Form(ge=1)]
Filter = Annotated[str | None, Query(max_length=40)]
OPEN = (InquiryStatus.RECEIVED, InquiryStatus.TRIAGED, InquiryStatus.ASSIGNED)


def response_due(inquiry: dict[str, Any]) -> datetime:
    received = datetime.fromisoformat(inquiry["received_at"])
    return received + timedelta(hours=RESPONSE_TARGET_HOURS)


def past_target(inquiry: dict[str, Any], now: datetime | None = None) -> bool:
    """Not answered yet, and its first answer was due before now."""
    if inquiry["answers"] or inquiry["status"] not in OPEN:
        return False
    return response_due(inquiry) < (now or datetime.now(UTC))


def router() -> APIRouter:
    pages = APIRouter()

    @pages.get("/outreach", response_class=HTMLResponse)
    async def inquiries(
        request: Request,
        staff: Annotated[Staff, require("outreach.view")],
        status: Filter = None,
    ) -> Response:
        page = await gateway_of(request).services.outreach.get(
            "/inquiries", status=status or None, limit=100
        )
        for item in page["items"]:
            item["past_target"] = past_target(item)
        return render(
            request,
            "outreach/inquiries.html",
            page=page,
            status=status,
            statuses=list(InquiryStatus),
            target=RESPONSE_TARGET_HOURS,
        )

    @pages.get("/outreach/inquiries/{inquiry_id}", response_class=HTMLResponse)
    async def inquiry(
        request: Request, inquiry_id: str, staff: Annotated[Staff, require("outreach.view")]
    ) -> Response:
        return await _inquiry(request, inquiry_id)

    @pages.post("/outreach/inquiries/{inquiry_id}/triage")
    async def triage(
        request: Request,
        inquiry_id: str,
        staff: Annotated[Staff, require("outreach.edit")],
        kind: Annotated[str, Form(max_length=40)] = "",
        expected_version: Version = None,
    ) -> Response:
        body = {"kind": kind or None, "expected_version": expected_version}
        return await _command(request, staff, inquiry_id, "triage", body)

    @pages.post("/outreach/inquiries/{inquiry_id}/assign")
    async def assign(
        request: Request,
        inquiry_id: str,
        staff: Annotated[Staff, require("outreach.edit")],
        assignee: Annotated[str, Form(min_length=1, max_length=200)],
        expected_version: Version = None,
    ) -> Response:
        body = {"assignee": assignee, "expected_version": expected_version}
        return await _command(request, staff, inquiry_id, "assign", body)

    @pages.post("/outreach/inquiries/{inquiry_id}/answer")
    async def answer(
        request: Request,
        inquiry_id: str,
        staff: Annotated[Staff, require("outreach.edit")],
        text: Annotated[str, Form(min_length=1, max_length=5000)],
        expected_version: Version = None,
    ) -> Response:
        body = {"text": text, "expected_version": expected_version}
        return await _command(request, staff, inquiry_id, "answer", body)

    @pages.post("/outreach/inquiries/{inquiry_id}/close")
    async def close(
        request: Request,
        inquiry_id: str,
        staff: Annotated[Staff, require("outreach.edit")],
        expected_version: Version = None,
    ) -> Response:
        body = {"expected_version": expected_version}
        return await _command(request, staff, inquiry_id, "close", body)

    @pages.get("/outreach/pipeline", response_class=HTMLResponse)
    async def pipeline(
        request: Request, staff: Annotated[Staff, require("outreach.view")]
    ) -> Response:
        return await _pipeline(request)

    @pages.post("/outreach/targets/{target_id}/stage")
    async def target_stage(
        request: Request,
        target_id: str,
        staff: Annotated[Staff, require("outreach.edit")],
        to_stage: Annotated[str, Form(max_length=20)],
        reason: Annotated[str, Form(max_length=500)] = "",
        expected_version: Version = None,
    ) -> Response:
        body = {
            "to_stage": to_stage,
            "reason": reason or None,
            "expected_version": expected_version,
        }
        try:
            await gateway_of(request).services.outreach.call(
                "POST", f"/targets/{target_id}/stage", actor=staff.staff_id, json=body
            )
        except ServiceError as error:
            if error.status not in SHOWN_ERRORS:
                raise
            return await _pipeline(request, error.status, error.messages)
        await audit_action(request, staff, f"outreach.target_{to_stage}", target_id)
        return see_other("/outreach/pipeline")

    @pages.post("/outreach/funding/{connection_id}/stage")
    async def funding_stage(
        request: Request,
        connection_id: str,
        staff: Annotated[Staff, require("outreach.edit")],
        to_stage: Annotated[str, Form(max_length=20)],
    ) -> Response:
        try:
            await gateway_of(request).services.outreach.call(
                "POST",
                f"/funding/connections/{connection_id}/stage",
                actor=staff.staff_id,
                json={"to_stage": to_stage},
            )
        except ServiceError as error:
            if error.status not in SHOWN_ERRORS:
                raise
            return await _funding(request, "funder", error.status, error.messages)
        await audit_action(request, staff, f"outreach.funding_{to_stage}", connection_id)
        return see_other("/outreach/funding")

    @pages.get("/outreach/nomination-calls", response_class=HTMLResponse)
    async def calls(
        request: Request, staff: Annotated[Staff, require("outreach.view")]
    ) -> Response:
        page = await gateway_of(request).services.outreach.get("/nomination-calls", limit=20)
        return render(request, "outreach/calls.html", page=page)

    @pages.get("/outreach/partners", response_class=HTMLResponse)
    async def partners(
        request: Request, staff: Annotated[Staff, require("outreach.view")]
    ) -> Response:
        api = gateway_of(request).services.outreach
        found = await api.get("/partners", limit=100)
        coalitions = await api.get("/coalitions", limit=100)
        return render(request, "outreach/partners.html", partners=found, coalitions=coalitions)

    @pages.get("/outreach/funding", response_class=HTMLResponse)
    async def funding(
        request: Request,
        staff: Annotated[Staff, require("outreach.view")],
        by: Annotated[str, Query(pattern="^(city|funder|year)$")] = "funder",
    ) -> Response:
        api = gateway_of(request).services.outreach
        connections = await api.get("/funding/connections", limit=100)
        sums = await api.get("/funding/sums", by=by)
        return render(request, "outreach/funding.html", connections=connections, sums=sums, by=by)

    return pages


async def _pipeline(request: Request, code: int = 200, errors: list[str] | None = None) -> Response:
    api = gateway_of(request).services.outreach
    targets = await api.get("/targets", limit=100)
    priorities = await api.get("/priorities", limit=20)
    return render(
        request,
        "outreach/pipeline.html",
        code,
        targets=targets,
        priorities=priorities,
        stages=list(OutreachStage),
        errors=errors or [],
    )


async def _funding(
    request: Request, by: str, code: int = 200, errors: list[str] | None = None
) -> Response:
    api = gateway_of(request).services.outreach
    connections = await api.get("/funding/connections", limit=100)
    sums = await api.get("/funding/sums", by=by)
    return render(
        request,
        "outreach/funding.html",
        code,
        connections=connections,
        sums=sums,
        by=by,
        stages=list(FundingStage),
        errors=errors or [],
    )


async def _command(
    request: Request, staff: Staff, inquiry_id: str, verb: str, body: dict[str, Any]
) -> Response:
    try:
        await gateway_of(request).services.outreach.call(
            "POST", f"/inquiries/{inquiry_id}/{verb}", actor=staff.staff_id, json=body
        )
    except ServiceError as error:
        if error.status not in SHOWN_ERRORS:
            raise
        return await _inquiry(request, inquiry_id, error.status, error.messages)
    await audit_action(request, staff, f"outreach.inquiry_{verb}", inquiry_id)
    return see_other(f"/outreach/inquiries/{inquiry_id}")


async def _inquiry(
    request: Request, inquiry_id: str, code: int = 200, errors: list[str] | None = None
) -> Response:
    found = await gateway_of(request).services.outreach.get(f"/inquiries/{inquiry_id}")
    found["past_target"] = past_target(found)
    return render(
        request,
        "outreach/inquiry.html",
        code,
        inquiry=found,
        due=response_due(found),
        kinds=list(InquiryKind),
        target=RESPONSE_TARGET_HOURS,
        errors=errors or [],
    )
