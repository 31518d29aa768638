"""Technical assistance requests: opened for a city, moved through their life cycle."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from mmc_chassis.http import Actor
from mmc_chassis.http_links import links_to
from mmc_chassis.http_paging import Paging, paged
from mmc_chassis.http_params import FilterText, IdFilter
from mmc_cities.adapters.repository import AssistanceFilter
from mmc_cities.commands import (
    AssignAssistance,
    ChangeAssistanceStatus,
    OpenAssistanceRequest,
    RecordDeliverable,
    assign_assistance,
    change_assistance_status,
    open_assistance_request,
    record_deliverable,
)
from mmc_cities.entrypoints.assistance_models import (
    AssignIn,
    AssistancePage,
    AssistanceRequestOut,
    ChangeAssistanceStatusIn,
    DeliverableIn,
    OpenAssistanceIn,
)
from mmc_cities.entrypoints.http.deps import (
    INVALID,
    INVALID_PARAMS,
    NO_CITY,
    NO_REQUEST,
    Cities,
    CityId,
    RequestId,
    build_value,
    conflicts,
)
from mmc_contracts.cities import AssistanceKind, AssistanceStatus

router = APIRouter(tags=["technical assistance"])

STALE = "`expected_version` is stale (the request changed since it was read)"


@router.post(
    "/cities/{city_id}/assistance-requests",
    status_code=201,
    summary="Open a technical assistance request for a city",
    response_model=AssistanceRequestOut,
    responses={
        **links_to(
            "request_id",
            "get /assistance-requests/{request_id}",
            "post /assistance-requests/{request_id}/status",
            "post /assistance-requests/{request_id}/assignee",
            "post /assistance-requests/{request_id}/deliverables",
        ),
        **NO_CITY,
        **INVALID,
    },
)
async def open_request(
    city_id: CityId, body: OpenAssistanceIn, context: Actor, parts: Cities
) -> AssistanceRequestOut:
    request = await open_assistance_request(
        OpenAssistanceRequest(
            city_id=city_id,
            kind=body.kind,
            title=body.title,
            description=body.description,
            requested_by=body.requested_by,
            due_on=body.due_on,
            context=context,
        ),
        cities=parts.cities,
        requests=parts.requests,
    )
    return AssistanceRequestOut.of(request)


@router.get(
    "/assistance-requests",
    summary="List assistance requests",
    description="Newest first; filters combine with AND.",
    response_model=AssistancePage,
    responses=INVALID_PARAMS,
)
async def list_requests(
    parts: Cities,
    paging: Paging,
    city_id: IdFilter = None,
    status: AssistanceStatus | None = None,
    kind: AssistanceKind | None = None,
    assignee: Annotated[FilterText, Query(max_length=200)] = None,
) -> AssistancePage:
    where = AssistanceFilter(city_id=city_id, status=status, kind=kind, assignee=assignee)
    return await paged(AssistancePage, parts.requests, where, paging, AssistanceRequestOut.of)


@router.get(
    "/assistance-requests/{request_id}",
    summary="An assistance request",
    response_model=AssistanceRequestOut,
    responses={**NO_REQUEST, **INVALID_PARAMS},
)
async def get_request(request_id: RequestId, parts: Cities) -> AssistanceRequestOut:
    return AssistanceRequestOut.of(await parts.requests.get(request_id))


@router.post(
    "/assistance-requests/{request_id}/status",
    summary="Move a request through its life cycle",
    description=(
        "received → triaged | declined; triaged → accepted | declined; accepted → "
        "in_progress; in_progress → delivered (needs a deliverable); delivered → closed | "
        "in_progress; declined → closed | triaged. Declining and reopening need a reason."
    ),
    response_model=AssistanceRequestOut,
    responses={
        **NO_REQUEST,
        **INVALID,
        **conflicts(
            "the life cycle does not allow the move, the request has that status, or it is "
            "delivered without a deliverable",
            STALE,
        ),
    },
)
async def change_status(
    request_id: RequestId, body: ChangeAssistanceStatusIn, context: Actor, parts: Cities
) -> AssistanceRequestOut:
    request = await change_assistance_status(
        ChangeAssistanceStatus(
            request_id=request_id,
            to_status=body.to_status,
            reason=body.reason,
            context=context,
            expected_version=body.expected_version,
        ),
        requests=parts.requests,
    )
    return AssistanceRequestOut.of(request)


@router.post(
    "/assistance-requests/{request_id}/assignee",
    summary="Assign a request to a staff member",
    response_model=AssistanceRequestOut,
    responses={
        **NO_REQUEST,
        **INVALID,
        **conflicts("the request is closed", STALE),
    },
)
async def assign(
    request_id: RequestId, body: AssignIn, context: Actor, parts: Cities
) -> AssistanceRequestOut:
    request = await assign_assistance(
        AssignAssistance(
            request_id=request_id,
            assignee=body.assignee,
            context=context,
            expected_version=body.expected_version,
        ),
        requests=parts.requests,
    )
    return AssistanceRequestOut.of(request)


@router.post(
    "/assistance-requests/{request_id}/deliverables",
    summary="Record a deliverable",
    response_model=AssistanceRequestOut,
    responses={**NO_REQUEST, **INVALID, **conflicts("the request is closed or declined", STALE)},
)
async def add_deliverable(
    request_id: RequestId, body: DeliverableIn, context: Actor, parts: Cities
) -> AssistanceRequestOut:
    deliverable = build_value(body.deliverable)
    request = await record_deliverable(
        RecordDeliverable(
            request_id=request_id,
            deliverable=deliverable,
            context=context,
            expected_version=body.expected_version,
        ),
        requests=parts.requests,
    )
    return AssistanceRequestOut.of(request)
