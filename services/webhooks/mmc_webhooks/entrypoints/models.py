"""Request and response bodies of the webhooks API."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Self

from pydantic import AwareDatetime, BaseModel, Field, StringConstraints, model_validator

from mmc_chassis.http_models import Page, Printable, Strict, Text, Version
from mmc_contracts.cities import EMAIL_PATTERN
from mmc_contracts.webhooks import ContentMode, PauseReason
from mmc_webhooks.adapters.deliveries import DeliveryStatus
from mmc_webhooks.domain.endpoint import URL_MAX_LENGTH, Endpoint, EndpointStatus

EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
LATEST = datetime(2200, 1, 1, tzinfo=UTC)

UrlText = Annotated[
    str,
    StringConstraints(min_length=1, max_length=URL_MAX_LENGTH, pattern=r"^https?://"),
    Printable,
]
TopicText = Annotated[str, StringConstraints(min_length=1, max_length=100), Printable]
TypeText = Annotated[str, StringConstraints(min_length=1, max_length=200), Printable]
EmailText = Annotated[str, StringConstraints(max_length=254, pattern=EMAIL_PATTERN)]
DescriptionText = Annotated[str, StringConstraints(min_length=1, max_length=500), Text]
Moment = Annotated[AwareDatetime, Field(description="A moment from 2000 to 2199, with its offset.")]


def _bounded(value: datetime) -> datetime:
    if not EARLIEST <= value < LATEST:
        raise ValueError("must be from 2000-01-01 to 2199-12-31")
    return value


class RegisterEndpointIn(Strict):
    url: UrlText = Field(
        description="Where to POST; its host must resolve to addresses an admin allowed.",
        examples=["https://hooks.partner.example.org/mmc"],
    )
    topics: list[TopicText] = Field(min_length=1, max_length=50, examples=[["mmc.cities.city.v2"]])
    event_types: list[TypeText] = Field(
        default_factory=list,
        max_length=200,
        description="CloudEvents types wanted; empty: every event of the topics.",
        examples=[["org.mayorsmigrationcouncil.cities.CityRegistered.v1"]],
    )
    content_mode: ContentMode = Field(default=ContentMode.BINARY)
    owner_contact: EmailText = Field(
        description="Who to tell when the endpoint is paused; kept in this service only.",
        examples=["webhooks@partner.example.org"],
    )
    description: DescriptionText | None = Field(default=None, examples=["Partner network feed"])


class RotateSecretIn(Strict):
    grace_seconds: int | None = Field(
        default=None,
        ge=0,
        le=30 * 86400,
        description="How long the old secret still signs (default: the service's setting).",
    )
    expected_version: Version | None = None


class ChangeIn(Strict):
    expected_version: Version | None = None


class ReplayIn(Strict):
    since: Moment
    until: Moment

    @model_validator(mode="after")
    def _window(self) -> Self:
        _bounded(self.since)
        _bounded(self.until)
        if self.until <= self.since:
            raise ValueError("until must be after since")
        return self


class EndpointOut(BaseModel):
    id: str
    version: int
    url: str
    topics: list[str]
    event_types: list[str]
    content_mode: ContentMode
    owner_contact: str
    description: str | None
    status: EndpointStatus
    pause_reason: PauseReason | None
    registered_at: datetime
    updated_at: datetime
    secrets_live: int = Field(description="How many secrets sign deliveries now.")

    @classmethod
    def of(cls, endpoint: Endpoint) -> EndpointOut:
        return cls(
            id=endpoint.id,
            version=endpoint.version,
            url=endpoint.url,
            topics=endpoint.topics,
            event_types=endpoint.event_types,
            content_mode=endpoint.content_mode,
            owner_contact=endpoint.owner_contact,
            description=endpoint.description,
            status=endpoint.status,
            pause_reason=endpoint.pause_reason,
            registered_at=endpoint.registered_at,
            updated_at=endpoint.updated_at,
            secrets_live=len(endpoint.live_secrets(datetime.now(UTC))),
        )


class EndpointWithSecretOut(EndpointOut):
    secret: str = Field(
        description="The new signing secret (`whsec_...`): shown once, keep it safe.",
        examples=["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"],
    )


class AttemptOut(BaseModel):
    at: datetime
    status_code: int | None
    error: str | None
    duration_ms: int


class DeliveryOut(BaseModel):
    event_id: str
    event_type: str
    topic: str
    aggregate_id: str
    aggregate_version: int
    occurred_at: datetime
    replay_id: str | None
    status: DeliveryStatus
    attempt_count: int
    attempts: list[AttemptOut]
    first_attempt_at: datetime
    last_attempt_at: datetime | None
    next_attempt_at: datetime | None
    finished_at: datetime | None
    parked_reason: str | None

    @classmethod
    def of(cls, entry: dict[str, Any]) -> DeliveryOut:
        return cls.model_validate(entry)


class ReplayOut(BaseModel):
    id: str
    endpoint_id: str
    since: datetime
    until: datetime
    requested_at: datetime
    status: str = Field(examples=["running", "finished", "stopped: endpoint paused", "failed"])
    delivered: int
    finished_at: datetime | None

    @classmethod
    def of(cls, entry: dict[str, Any]) -> ReplayOut:
        return cls.model_validate({**entry, "id": entry["_id"]})


class EndpointPage(Page[EndpointOut]):
    pass


class DeliveryPage(Page[DeliveryOut]):
    pass
