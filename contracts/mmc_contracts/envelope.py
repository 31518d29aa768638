"""The event envelope every MMC event carries, whatever its service."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar, Self
from uuid import UUID, uuid4

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator
from pydantic.config import JsonDict

# CloudEvents `type` attributes are reverse-DNS names of the facts, versioned with the topic.
TYPE_PREFIX = "org.mayorsmigrationcouncil"


class EventContext(BaseModel):
    """Who caused a change, when, and in answer to what: stamped onto every event it produces."""

    model_config = ConfigDict(frozen=True)

    actor: str = Field(min_length=1, description="Staff member, service or system that acted.")
    at: AwareDatetime = Field(default_factory=lambda: datetime.now(UTC))
    correlation_id: str | None = Field(
        default=None, description="Shared by every message of one business flow."
    )
    causation_id: str | None = Field(
        default=None, description="Id of the command or event that caused this one."
    )


def _wire_schema(schema: JsonDict, model: type[Any]) -> None:
    """`event_id` has a default for producers, but every published event carries it."""
    required = schema.setdefault("required", [])
    if isinstance(required, list) and "event_id" not in required:
        required.insert(0, "event_id")


class Event(BaseModel):
    """Base of every domain event published on Kafka.

    Subclasses declare `service`, `aggregate` and `topic`; the class name is the fact's name in
    the past tense (`CityRegistered`). Consumers ignore fields they do not know (tolerant reader),
    so adding an optional field is a compatible change.
    """

    model_config = ConfigDict(frozen=True, extra="ignore", json_schema_extra=_wire_schema)

    service: ClassVar[str] = ""
    aggregate: ClassVar[str] = ""
    topic: ClassVar[str] = ""
    major_version: ClassVar[int] = 1

    event_id: UUID = Field(default_factory=uuid4, description="Unique id of this event.")
    aggregate_id: str = Field(min_length=1, description="Id of the aggregate; the Kafka key.")
    aggregate_version: int = Field(
        ge=1, description="The aggregate's version after this change; consumers apply in order."
    )
    occurred_at: AwareDatetime = Field(description="When the change happened (UTC).")
    actor: str = Field(min_length=1, description="Who made the change.")
    correlation_id: str | None = Field(default=None, description="The business flow it belongs to.")
    causation_id: str | None = Field(default=None, description="What caused it.")

    @field_validator("occurred_at")
    @classmethod
    def _in_utc(cls, value: datetime) -> datetime:
        return value.astimezone(UTC)

    @classmethod
    def event_type(cls) -> str:
        """The CloudEvents `type`, e.g. `org.mayorsmigrationcouncil.cities.CityRegistered.v1`."""
        return f"{TYPE_PREFIX}.{cls.service}.{cls.__name__}.v{cls.major_version}"

    @classmethod
    def source(cls) -> str:
        """The CloudEvents `source`: the producing service."""
        return f"/mmc/{cls.service}"

    @classmethod
    def stamp(
        cls, context: EventContext, *, aggregate_id: str, aggregate_version: int, **payload: Any
    ) -> Self:
        """Build the event from a command's context and the aggregate's new version."""
        return cls(
            aggregate_id=aggregate_id,
            aggregate_version=aggregate_version,
            occurred_at=context.at,
            actor=context.actor,
            correlation_id=context.correlation_id,
            causation_id=context.causation_id,
            **payload,
        )

    def caused(self, actor: str | None = None) -> EventContext:
        """The context for changes made in reaction to this event (keeps the correlation)."""
        return EventContext(
            actor=actor or self.source(),
            correlation_id=self.correlation_id or str(self.event_id),
            causation_id=str(self.event_id),
        )
