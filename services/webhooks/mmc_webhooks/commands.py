"""The endpoint commands: register, rotate the secret, pause, resume (load, change, save)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from mmc_chassis.commands import change_aggregate
from mmc_chassis.ids import new_id
from mmc_contracts.envelope import EventContext
from mmc_contracts.rules import InvalidValue
from mmc_contracts.webhooks import ContentMode, PauseReason
from mmc_webhooks.adapters.repository import EndpointRepository
from mmc_webhooks.domain.allowlist import Allowlist
from mmc_webhooks.domain.endpoint import Endpoint, check_url
from mmc_webhooks.domain.signing import SECRET_BYTES, secret_from
from mmc_webhooks.sender import refusal


def draw_secret() -> str:
    return secret_from(secrets.token_bytes(SECRET_BYTES))


@dataclass(frozen=True)
class RegisterEndpoint:
    url: str
    topics: list[str]
    event_types: list[str]
    content_mode: ContentMode
    owner_contact: str
    description: str | None
    context: EventContext


async def register_endpoint(
    command: RegisterEndpoint, endpoints: EndpointRepository, allowlist: Allowlist
) -> Endpoint:
    """A new endpoint with a fresh secret; its URL must resolve to allowed addresses now."""
    check_url(command.url)
    refused = await refusal(allowlist, command.url)
    if refused:
        raise InvalidValue("url", f"not an allowed target: {refused}")
    endpoint = Endpoint.register(
        new_id(),
        url=command.url,
        topics=command.topics,
        event_types=command.event_types,
        content_mode=command.content_mode,
        owner_contact=command.owner_contact,
        description=command.description,
        secret=draw_secret(),
        context=command.context,
    )
    await endpoints.add(endpoint)
    return endpoint


async def rotate_secret(
    endpoints: EndpointRepository,
    endpoint_id: str,
    grace: timedelta,
    expected_version: int | None,
    context: EventContext,
) -> Endpoint:
    secret = draw_secret()
    return await change_aggregate(
        endpoints,
        endpoint_id,
        expected_version,
        lambda endpoint: endpoint.rotate_secret(secret, context.at + grace, context),
    )


async def pause_endpoint(
    endpoints: EndpointRepository,
    endpoint_id: str,
    reason: PauseReason,
    context: EventContext,
    failing_since: datetime | None = None,
    expected_version: int | None = None,
) -> Endpoint:
    return await change_aggregate(
        endpoints,
        endpoint_id,
        expected_version,
        lambda endpoint: endpoint.pause(reason, context, failing_since),
    )


async def resume_endpoint(
    endpoints: EndpointRepository,
    endpoint_id: str,
    context: EventContext,
    expected_version: int | None = None,
) -> Endpoint:
    return await change_aggregate(
        endpoints, endpoint_id, expected_version, lambda endpoint: endpoint.resume(context)
    )
