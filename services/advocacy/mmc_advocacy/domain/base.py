"""What every advocacy aggregate shares: an id, a version, the events recorded since the last
save, and a document form for the store.

Aggregates are pydantic models (their state is validated data, stored as JSON-like documents);
commands change the state and record past-tense events with `_record`, which bumps the version.
Nothing here reads a clock or makes an id: both come in with the command.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from enum import StrEnum
from typing import Any, Self, TypeVar

from pydantic import BaseModel, PrivateAttr

from mmc_contracts.envelope import Event, EventContext
from mmc_contracts.rules import InvalidTransition, InvalidValue, RuleViolation

__all__ = ["AggregateRoot", "NotPermitted", "check_move", "required_text"]

E = TypeVar("E", bound=Event)
S = TypeVar("S", bound=StrEnum)

STORAGE_ONLY = ("outbox", "_id")


class NotPermitted(RuleViolation):
    """The person acting lacks the role, or the rule forbids them in person (HTTP 403)."""


class AggregateRoot(BaseModel):
    """Base of the advocacy aggregates."""

    id: str
    version: int = 0
    created_at: datetime
    updated_at: datetime

    _pending: list[Event] = PrivateAttr(default_factory=list)

    def _record(self, event_type: type[E], context: EventContext, **payload: Any) -> E:
        self.version += 1
        event = event_type.stamp(
            context, aggregate_id=self.id, aggregate_version=self.version, **payload
        )
        self._pending.append(event)
        self.updated_at = context.at
        return event

    def pull_events(self) -> list[Event]:
        """The events recorded since the last pull, oldest first; clears them."""
        events, self._pending = self._pending, []
        return events

    def to_document(self) -> dict[str, Any]:
        document = self.model_dump(mode="json")
        document["_id"] = document.pop("id")
        return document

    @classmethod
    def from_document(cls, document: Mapping[str, Any]) -> Self:
        data = {k: v for k, v in document.items() if k not in STORAGE_ONLY}
        return cls.model_validate({**data, "id": document["_id"]})


def check_move(
    transitions: Mapping[S, Iterable[S]], current: S, wanted: S, *, subject: str = "status"
) -> None:
    """Refuse a move the life cycle does not allow (409, naming what is allowed)."""
    allowed = tuple(transitions.get(current, ()))
    if wanted not in allowed:
        raise InvalidTransition(current, wanted, allowed, subject=subject)


def required_text(value: str, field: str, max_length: int = 200) -> str:
    text = value.strip()
    if not text:
        raise InvalidValue(field, "must not be blank")
    if len(text) > max_length:
        raise InvalidValue(field, f"must be at most {max_length} characters")
    return text


def not_after(day: date, limit: date, field: str, what: str = "today") -> date:
    if day > limit:
        raise InvalidValue(field, f"must not be after {what} ({limit.isoformat()})")
    return day
