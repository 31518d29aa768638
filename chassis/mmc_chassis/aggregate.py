"""What every aggregate shares: its id and version, and the events its changes record. Pure.

An aggregate is a dataclass deriving from `Aggregate`. A command method checks the rules, then
records one event with `_record(EventType, context, **payload)`, which stamps it with the
aggregate's id and the next version, bumps `version` and `updated_at`, and keeps it pending
until the repository stores it with the new state (`pull_events`). A creation method records
the first event (version 1) with `_record_first`. Fields every event of the aggregate repeats
(the city it concerns, say) come from `_event_fields`.

`ModelAggregate` is the same for an aggregate that is a pydantic model (its state validated
data, its stored form `model_dump` and back, no hand-written mapping to keep in step).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, ClassVar, Self, TypeVar

from pydantic import BaseModel, Field, PrivateAttr

from mmc_contracts.envelope import Event, EventContext

__all__ = ["Aggregate", "ModelAggregate", "TimedModelAggregate"]

E = TypeVar("E", bound=Event)


@dataclass
class Aggregate:
    """The base of an aggregate dataclass: `id` and `version` first, then its own fields;
    `updated_at` and `pending_events` are keyword-only."""

    id: str
    version: int
    updated_at: datetime = field(kw_only=True)
    pending_events: list[Event] = field(
        default_factory=list, compare=False, repr=False, kw_only=True
    )

    def pull_events(self) -> list[Event]:
        """The events recorded since the last pull, oldest first; clears them."""
        events, self.pending_events = self.pending_events, []
        return events

    def _event_fields(self) -> dict[str, Any]:
        """Fields every event of this aggregate carries besides the payload (none here)."""
        return {}

    def _record_first(self, event_type: type[E], context: EventContext, **payload: Any) -> E:
        """Record the event that created the aggregate, at its current version (1)."""
        event = event_type.stamp(
            context,
            aggregate_id=self.id,
            aggregate_version=self.version,
            **{**self._event_fields(), **payload},
        )
        self.pending_events.append(event)
        return event

    def _record(self, event_type: type[E], context: EventContext, **payload: Any) -> E:
        """Stamp the event with the next version, then bump the version (the new state is the
        caller's to set)."""
        event = event_type.stamp(
            context,
            aggregate_id=self.id,
            aggregate_version=self.version + 1,
            **{**self._event_fields(), **payload},
        )
        self.version += 1
        self.updated_at = context.at.astimezone(UTC)
        self.pending_events.append(event)
        return event


class ModelAggregate(BaseModel):
    """The base of an aggregate that is a pydantic model: `id` and `version` (0 until its
    first event), stored with the id as `_id`."""

    # What the store adds to the state: the outbox, and the id under Mongo's name.
    STORAGE_ONLY: ClassVar[tuple[str, ...]] = ("outbox", "_id")

    id: str = Field(min_length=1)
    version: int = Field(default=0, ge=0)

    _pending: list[Event] = PrivateAttr(default_factory=list)

    def pull_events(self) -> list[Event]:
        """The events recorded since the last pull, oldest first; clears them."""
        events, self._pending = self._pending, []
        return events

    def _record(self, event_type: type[E], context: EventContext, **payload: Any) -> E:
        """Stamp the event with the next version, then bump the version (the new state is the
        caller's to set)."""
        version = self.version + 1
        event = event_type.stamp(
            context, aggregate_id=self.id, aggregate_version=version, **payload
        )
        self.version = version
        self._touched(context)
        self._pending.append(event)
        return event

    def _touched(self, context: EventContext) -> None:
        """What a change does besides its event and version (nothing here)."""

    def to_document(self) -> dict[str, Any]:
        """The stored form: the JSON form of the state, its id as `_id`."""
        document: dict[str, Any] = self.model_dump(mode="json")
        document["_id"] = document.pop("id")
        return document

    @classmethod
    def from_document(cls, document: Mapping[str, Any]) -> Self:
        """The aggregate a stored document holds (its outbox left out)."""
        data = {k: v for k, v in document.items() if k not in cls.STORAGE_ONLY}
        return cls.model_validate({**data, "id": document["_id"]})


class TimedModelAggregate(ModelAggregate):
    """A `ModelAggregate` that keeps when it was created and last changed (the time of its last
    event, as the command's context gives it)."""

    created_at: datetime
    updated_at: datetime

    def _touched(self, context: EventContext) -> None:
        self.updated_at = context.at
