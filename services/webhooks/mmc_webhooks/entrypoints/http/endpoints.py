"""Partners' endpoints: register, read, rotate the secret, pause, resume."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Query

from mmc_chassis.http import Actor
from mmc_chassis.http_links import links_to
from mmc_chassis.http_paging import Paging, paged
from mmc_contracts.webhooks import PauseReason
from mmc_webhooks.adapters.repository import EndpointFilter
from mmc_webhooks.commands import (
    RegisterEndpoint,
    pause_endpoint,
    register_endpoint,
    resume_endpoint,
    rotate_secret,
)
from mmc_webhooks.domain.endpoint import Endpoint, EndpointStatus
from mmc_webhooks.entrypoints.http.deps import (
    INVALID,
    INVALID_PARAMS,
    NO_ENDPOINT,
    STALE,
    EndpointId,
    Webhooks,
)
from mmc_webhooks.entrypoints.models import (
    ChangeIn,
    EndpointOut,
    EndpointPage,
    EndpointWithSecretOut,
    RegisterEndpointIn,
    RotateSecretIn,
)

router = APIRouter(tags=["endpoints"])


def with_secret(endpoint: Endpoint) -> EndpointWithSecretOut:
    return EndpointWithSecretOut(
        **EndpointOut.of(endpoint).model_dump(), secret=endpoint.secrets[0].secret
    )


@router.post(
    "/endpoints",
    status_code=201,
    summary="Register a partner's endpoint (the answer holds its secret, shown once)",
    response_model=EndpointWithSecretOut,
    responses={
        **links_to(
            "endpoint_id",
            "get /endpoints/{endpoint_id}",
            "get /endpoints/{endpoint_id}/deliveries",
        ),
        **INVALID,
    },
)
async def register(
    body: RegisterEndpointIn, context: Actor, parts: Webhooks
) -> EndpointWithSecretOut:
    endpoint = await register_endpoint(
        RegisterEndpoint(
            url=body.url,
            topics=body.topics,
            event_types=body.event_types,
            content_mode=body.content_mode,
            owner_contact=body.owner_contact,
            description=body.description,
            context=context,
        ),
        parts.endpoints,
        parts.allowlist,
    )
    parts.dispatcher.start(endpoint)
    return with_secret(endpoint)


@router.get(
    "/endpoints",
    summary="List the endpoints",
    response_model=EndpointPage,
    responses=INVALID_PARAMS,
)
async def list_endpoints(
    parts: Webhooks,
    paging: Paging,
    status: EndpointStatus | None = None,
    topic: Annotated[str | None, Query(max_length=100, pattern=r"^[a-z0-9.-]+$")] = None,
) -> EndpointPage:
    return await paged(
        EndpointPage, parts.endpoints, EndpointFilter(status, topic), paging, EndpointOut.of
    )


@router.get(
    "/endpoints/{endpoint_id}",
    summary="One endpoint (never its secrets)",
    response_model=EndpointOut,
    responses={**NO_ENDPOINT, **INVALID_PARAMS},
)
async def get_endpoint(endpoint_id: EndpointId, parts: Webhooks) -> EndpointOut:
    return EndpointOut.of(await parts.endpoints.get(endpoint_id))


@router.post(
    "/endpoints/{endpoint_id}/secret",
    summary="Rotate the signing secret; the old one signs too while the grace period lasts",
    response_model=EndpointWithSecretOut,
    responses={**NO_ENDPOINT, **INVALID, **STALE},
)
async def rotate(
    endpoint_id: EndpointId, body: RotateSecretIn, context: Actor, parts: Webhooks
) -> EndpointWithSecretOut:
    seconds = body.grace_seconds
    if seconds is None:
        seconds = parts.settings.webhook_secret_grace_seconds
    endpoint = await rotate_secret(
        parts.endpoints, endpoint_id, timedelta(seconds=seconds), body.expected_version, context
    )
    return with_secret(endpoint)


@router.post(
    "/endpoints/{endpoint_id}/pause",
    summary="Stop deliveries (they resume where they stopped)",
    response_model=EndpointOut,
    responses={**NO_ENDPOINT, **INVALID, **STALE},
)
async def pause(
    endpoint_id: EndpointId, body: ChangeIn, context: Actor, parts: Webhooks
) -> EndpointOut:
    endpoint = await pause_endpoint(
        parts.endpoints,
        endpoint_id,
        PauseReason.STAFF,
        context,
        expected_version=body.expected_version,
    )
    await parts.dispatcher.stop(endpoint_id)
    return EndpointOut.of(endpoint)


@router.post(
    "/endpoints/{endpoint_id}/resume",
    summary="Resume deliveries where they stopped",
    response_model=EndpointOut,
    responses={**NO_ENDPOINT, **INVALID, **STALE},
)
async def resume(
    endpoint_id: EndpointId, body: ChangeIn, context: Actor, parts: Webhooks
) -> EndpointOut:
    endpoint = await resume_endpoint(
        parts.endpoints, endpoint_id, context, expected_version=body.expected_version
    )
    await parts.dispatcher.stop(endpoint_id)  # a worker paused by the service may still end
    parts.dispatcher.start(endpoint)
    return EndpointOut.of(endpoint)
