"""The `Endpoint` aggregate: a partner's URL, what it receives, how, and its signing secrets.

Life cycle: `active` ⇄ `paused` (by staff, or by the service when every delivery failed for
long). The URL, the owner's contact and the secrets live in this aggregate's document only;
its events carry none of them. Like every aggregate, it never reads a clock or draws random
bytes: the command hands it the new secret and the context's time.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any
from urllib.parse import urlsplit

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from mmc_chassis.aggregate import Aggregate
from mmc_contracts.envelope import EventContext
from mmc_contracts.registry import events_on
from mmc_contracts.rules import InvalidTransition, InvalidValue
from mmc_contracts.topics import ALL_TOPICS
from mmc_contracts.webhooks import (
    ContentMode,
    PauseReason,
    WebhookEndpointPaused,
    WebhookEndpointRegistered,
    WebhookEndpointResumed,
    WebhookOwnerContactErased,
    WebhookSecretRotated,
)

URL_MAX_LENGTH = 2000
MAX_SECRETS = 3


class EndpointStatus(StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"


class SigningSecret(BaseModel):
    secret: str
    created_at: AwareDatetime
    expires_at: AwareDatetime | None = None  # None: the current secret

    def live(self, now: datetime) -> bool:
        return self.expires_at is None or now < self.expires_at


def check_url(url: str) -> str:
    """An absolute http(s) URL without credentials or fragment; its host, lower-case."""
    if len(url) > URL_MAX_LENGTH:
        raise InvalidValue("url", f"at most {URL_MAX_LENGTH} characters")
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError:
        raise InvalidValue("url", "not a valid URL") from None
    if parts.scheme not in ("http", "https"):
        raise InvalidValue("url", "must be an http or https URL")
    if not parts.hostname:
        raise InvalidValue("url", "must name a host")
    if parts.username or parts.password:
        raise InvalidValue("url", "must not carry credentials")
    if parts.fragment:
        raise InvalidValue("url", "must not carry a fragment")
    return parts.hostname.lower()


def check_subscription(topics: Sequence[str], event_types: Sequence[str]) -> None:
    """Known topics, and event types that are published on one of them."""
    if not topics:
        raise InvalidValue("topics", "name at least one topic")
    for index, topic in enumerate(topics):
        if topic not in ALL_TOPICS:
            raise InvalidValue(f"topics.{index}", "not a topic of the platform")
    known = {cls.event_type() for topic in topics for cls in events_on(topic)}
    for index, event_type in enumerate(event_types):
        if event_type not in known:
            raise InvalidValue(f"event_types.{index}", "not an event type of the chosen topics")


ERASED = "[erased]"
"""The owner's contact once erased on request."""


@dataclass
class Endpoint(Aggregate):
    url: str
    topics: list[str]
    event_types: list[str]
    content_mode: ContentMode
    owner_contact: str
    description: str | None
    registered_at: datetime
    status: EndpointStatus = EndpointStatus.ACTIVE
    pause_reason: PauseReason | None = None
    secrets: list[SigningSecret] = field(default_factory=list)

    @classmethod
    def register(
        cls,
        endpoint_id: str,
        *,
        url: str,
        topics: Sequence[str],
        event_types: Sequence[str],
        content_mode: ContentMode,
        owner_contact: str,
        description: str | None,
        secret: str,
        context: EventContext,
    ) -> Endpoint:
        check_url(url)
        topics = list(dict.fromkeys(topics))
        event_types = list(dict.fromkeys(event_types))
        check_subscription(topics, event_types)
        endpoint = cls(
            id=endpoint_id,
            version=1,
            updated_at=context.at,
            url=url,
            topics=topics,
            event_types=event_types,
            content_mode=content_mode,
            owner_contact=owner_contact,
            description=description,
            registered_at=context.at,
            secrets=[SigningSecret(secret=secret, created_at=context.at)],
        )
        endpoint._record_first(
            WebhookEndpointRegistered,
            context,
            topics=topics,
            event_types=event_types,
            content_mode=content_mode,
        )
        return endpoint

    def live_secrets(self, now: datetime) -> list[str]:
        """The secrets that sign a delivery made at `now`, newest first."""
        return [kept.secret for kept in self.secrets if kept.live(now)]

    def rotate_secret(self, secret: str, grace_until: datetime, context: EventContext) -> None:
        """A new current secret; the live ones keep signing until `grace_until` (at most)."""
        if grace_until < context.at:
            raise InvalidValue("grace_seconds", "must not be negative")
        kept = [
            old.model_copy(update={"expires_at": min(grace_until, old.expires_at or grace_until)})
            for old in self.secrets
            if old.live(context.at)
        ]
        self.secrets = [SigningSecret(secret=secret, created_at=context.at), *kept][:MAX_SECRETS]
        self._record(WebhookSecretRotated, context, grace_until=grace_until)

    def pause(
        self, reason: PauseReason, context: EventContext, failing_since: datetime | None = None
    ) -> None:
        if self.status is EndpointStatus.PAUSED:
            raise InvalidTransition(self.status, EndpointStatus.PAUSED, [EndpointStatus.ACTIVE])
        self.status = EndpointStatus.PAUSED
        self.pause_reason = reason
        self._record(WebhookEndpointPaused, context, reason=reason, failing_since=failing_since)

    def resume(self, context: EventContext) -> None:
        if self.status is EndpointStatus.ACTIVE:
            raise InvalidTransition(self.status, EndpointStatus.ACTIVE, [EndpointStatus.PAUSED])
        self.status = EndpointStatus.ACTIVE
        self.pause_reason = None
        self._record(WebhookEndpointResumed, context)

    def erase_owner_contact(self, context: EventContext) -> bool:
        """The owner's contact goes on their request; False when it went before."""
        if self.owner_contact == ERASED:
            return False
        self.owner_contact = ERASED
        self._record(WebhookOwnerContactErased, context)
        return True

    def to_document(self) -> dict[str, Any]:
        return _Document(
            id=self.id,
            version=self.version,
            updated_at=self.updated_at,
            url=self.url,
            topics=self.topics,
            event_types=self.event_types,
            content_mode=self.content_mode,
            owner_contact=self.owner_contact,
            description=self.description,
            registered_at=self.registered_at,
            status=self.status,
            pause_reason=self.pause_reason,
            secrets=self.secrets,
        ).model_dump(mode="json", by_alias=True)

    @classmethod
    def from_document(cls, document: Mapping[str, Any]) -> Endpoint:
        stored = _Document.model_validate(dict(document))
        return cls(
            id=stored.id,
            version=stored.version,
            updated_at=stored.updated_at,
            url=stored.url,
            topics=stored.topics,
            event_types=stored.event_types,
            content_mode=stored.content_mode,
            owner_contact=stored.owner_contact,
            description=stored.description,
            registered_at=stored.registered_at,
            status=stored.status,
            pause_reason=stored.pause_reason,
            secrets=stored.secrets,
        )


class _Document(BaseModel):
    model_config = ConfigDict(populate_by_name=True, extra="ignore")

    id: str = Field(alias="_id")
    version: int
    updated_at: AwareDatetime
    url: str
    topics: list[str]
    event_types: list[str]
    content_mode: ContentMode
    owner_contact: str
    description: str | None
    registered_at: AwareDatetime
    status: EndpointStatus
    pause_reason: PauseReason | None
    secrets: list[SigningSecret]
