"""What every outreach aggregate shares: an id, a version, events recorded as they happen.

An aggregate is a pydantic model, so its stored form is `model_dump` and back: no hand-written
mapping to keep in step. Events are stamped with the next version, then the version is bumped.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, PrivateAttr

from mmc_contracts.envelope import Event, EventContext


class Aggregate(BaseModel):
    model_config = ConfigDict(extra="ignore")

    # Stored as `_id`, shown as `id`.
    id: str = Field(validation_alias=AliasChoices("_id", "id"), min_length=1)
    version: int = Field(default=0, ge=0)
    _pending: list[Event] = PrivateAttr(default_factory=list)

    def record(self, event_type: type[Event], context: EventContext, **payload: Any) -> None:
        event = event_type.stamp(
            context, aggregate_id=self.id, aggregate_version=self.version + 1, **payload
        )
        self.version += 1
        self._pending.append(event)

    def pull_events(self) -> list[Event]:
        """The events recorded since the last pull, oldest first; clears them."""
        events, self._pending = self._pending, []
        return events

    def to_document(self) -> dict[str, Any]:
        document: dict[str, Any] = self.model_dump(mode="json")
        document["_id"] = document.pop("id")
        return document

    @classmethod
    def from_document(cls, document: Mapping[str, Any]) -> Self:
        return cls.model_validate({k: v for k, v in document.items() if k != "outbox"})
