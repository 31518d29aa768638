"""The delivery log of an endpoint, and replays of a time range."""

from __future__ import annotations

from fastapi import APIRouter

from mmc_chassis.errors import NotFound
from mmc_chassis.http_paging import Paging, paged
from mmc_chassis.http_params import not_found
from mmc_webhooks.adapters.deliveries import DeliveryFilter, DeliveryStatus
from mmc_webhooks.entrypoints.http.deps import (
    INVALID,
    INVALID_PARAMS,
    NO_ENDPOINT,
    EndpointId,
    ReplayId,
    Webhooks,
)
from mmc_webhooks.entrypoints.models import DeliveryOut, DeliveryPage, ReplayIn, ReplayOut

router = APIRouter(tags=["deliveries"])


@router.get(
    "/endpoints/{endpoint_id}/deliveries",
    summary="The endpoint's delivery log, newest first: event, attempts, status codes, times",
    response_model=DeliveryPage,
    responses={**NO_ENDPOINT, **INVALID_PARAMS},
)
async def deliveries(
    endpoint_id: EndpointId,
    parts: Webhooks,
    paging: Paging,
    status: DeliveryStatus | None = None,
) -> DeliveryPage:
    await parts.endpoints.get(endpoint_id)  # 404 for an unknown endpoint
    return await paged(
        DeliveryPage,
        parts.deliveries,
        DeliveryFilter(endpoint_id, status),
        paging,
        DeliveryOut.of,
    )


@router.post(
    "/endpoints/{endpoint_id}/replays",
    status_code=202,
    summary="Deliver again the endpoint's events that occurred in [since, until)",
    response_model=ReplayOut,
    responses={**NO_ENDPOINT, **INVALID},
)
async def replay(endpoint_id: EndpointId, body: ReplayIn, parts: Webhooks) -> ReplayOut:
    endpoint = await parts.endpoints.get(endpoint_id)
    return ReplayOut.of(await parts.dispatcher.replay(endpoint, body.since, body.until))


@router.get(
    "/endpoints/{endpoint_id}/replays/{replay_id}",
    summary="A replay's progress",
    response_model=ReplayOut,
    responses={**not_found("No such endpoint or replay."), **INVALID_PARAMS},
)
async def get_replay(endpoint_id: EndpointId, replay_id: ReplayId, parts: Webhooks) -> ReplayOut:
    found = await parts.dispatcher.find_replay(endpoint_id, replay_id)
    if found is None:
        raise NotFound("replay", replay_id)
    return ReplayOut.of(found)
