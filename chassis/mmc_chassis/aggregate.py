"""What every aggregate shares: its id and version, and the events its changes record. Pure.

An aggregate is a dataclass deriving from `Aggregate`. A command method checks the rules, then
records one event with `_record(EventType, context, **payload)`, which stamps it with the
aggregate's id and the next version, bumps `version` and `updated_at`, and keeps it pending
until the repository stores it with the new state (`pull_events`). A creation method records
the first event (version 1) with `_record_first`. Fields every event of the aggregate repeats
(the city it concerns, say) come from `_event_fields`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar

from mmc_contracts.envelope import Event, EventContext

__all__ = ["Aggregate"]

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
