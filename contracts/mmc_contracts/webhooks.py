"""Events of the webhooks service: partners' endpoints, on `mmc.webhooks.endpoint.v1`.

They carry the endpoint's id and public facts only (what it subscribes to, why it was paused):
never its address, its owner's contact or a secret, which stay in the service's database.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, ClassVar

from pydantic import AwareDatetime, Field, StringConstraints

from mmc_contracts.envelope import Event
from mmc_contracts.topics import WEBHOOKS_ENDPOINT

TopicName = Annotated[str, StringConstraints(pattern=r"^mmc\.[a-z-]+\.[a-z-]+\.v[0-9]+$")]
EventTypeName = Annotated[str, StringConstraints(min_length=1, max_length=200)]


class ContentMode(StrEnum):
    """How the CloudEvents HTTP binding carries an event: attributes in `ce-*` headers and the
    event as the body (binary), or everything in one `application/cloudevents+json` body."""

    BINARY = "binary"
    STRUCTURED = "structured"


class PauseReason(StrEnum):
    FAILING = "failing"
    """Every delivery failed for longer than the service's `pause_after_seconds`."""
    STAFF = "staff"
    """Paused by a staff member."""


class _EndpointEvent(Event):
    service: ClassVar[str] = "webhooks"
    aggregate: ClassVar[str] = "endpoint"
    topic: ClassVar[str] = WEBHOOKS_ENDPOINT


class WebhookEndpointRegistered(_EndpointEvent):
    """A partner's endpoint was registered; deliveries start with the events after this one."""

    topics: list[TopicName] = Field(max_length=50, description="The topics it receives.")
    event_types: list[EventTypeName] = Field(
        max_length=200, description="The CloudEvents types it wants; empty: every type."
    )
    content_mode: ContentMode


class WebhookSecretRotated(_EndpointEvent):
    """The endpoint got a new signing secret; the old ones sign too until `grace_until`."""

    grace_until: AwareDatetime


class WebhookEndpointPaused(_EndpointEvent):
    """Deliveries to the endpoint stopped (nothing is lost: they resume where they stopped);
    when `reason` is `failing`, its owner is told."""

    reason: PauseReason
    failing_since: AwareDatetime | None = Field(
        default=None, description="When the failures began (reason `failing`)."
    )


class WebhookEndpointResumed(_EndpointEvent):
    """Deliveries to the endpoint resumed where they stopped."""


class WebhookOwnerContactErased(_EndpointEvent):
    """The endpoint owner's contact was erased on their request (a tombstone: whose it was is
    not said). The endpoint keeps receiving; it has no owner to tell until staff name one."""
