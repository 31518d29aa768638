"""The `Meeting` aggregate: a Leadership Board meeting put on record.

"Leadership Board Mayors provide strategic guidance to the MMC": a meeting records who of the
Board attended, what the Board recommended and what it decided. It is recorded once, after the
meeting; the command passes the ids of the memberships serving on the day it was held
(:func:`mmc_board.domain.history.board_on`), and every attendee must be one of them.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from mmc_board.domain.checks import calendar_day, required_id, required_text, text_list
from mmc_board.domain.errors import InvalidValue
from mmc_chassis.aggregate import Aggregate
from mmc_contracts.board import BoardMeetingRecorded
from mmc_contracts.envelope import EventContext

__all__ = ["TITLE_MAX_LENGTH", "Meeting"]

TITLE_MAX_LENGTH = 200


@dataclass
class Meeting(Aggregate):
    """A Board meeting on record. Create with :meth:`record` or :meth:`from_document`."""

    held_on: date
    title: str
    attendees: list[str]
    recommendations: list[str]
    decisions: list[str]
    recorded_at: datetime

    @classmethod
    def record(
        cls,
        meeting_id: str,
        held_on: date,
        title: str,
        attendees: Iterable[str],
        recommendations: Iterable[str],
        decisions: Iterable[str],
        serving_member_ids: Collection[str],
        context: EventContext,
    ) -> Meeting:
        """The meeting on record at version 1, `BoardMeetingRecorded` pending.

        ``attendees`` are membership ids, kept in the order given without repeats.
        Recommendations and decisions are trimmed texts of 1 to 2000 characters.

        :raises InvalidValue: a blank id or title; ``held_on`` after the day it is recorded; no
            attendee, or one not serving on ``held_on`` (``attendees.<i>``); an empty or too
            long recommendation or decision (``decisions.<i>``).
        """
        meeting_id = required_id(meeting_id, "meeting_id")
        calendar_day(held_on, "held_on")
        if held_on > context.at.date():
            raise InvalidValue("held_on", "a meeting is recorded once it has been held")
        title = required_text(title, "title", TITLE_MAX_LENGTH)
        if isinstance(attendees, str):
            raise InvalidValue("attendees", "must be a list of membership ids")
        present: list[str] = []
        for index, attendee in enumerate(attendees):
            attendee = required_id(attendee, f"attendees.{index}")
            if attendee not in serving_member_ids:
                raise InvalidValue(
                    f"attendees.{index}",
                    f"{attendee} was not serving on the Board on {held_on.isoformat()}",
                )
            if attendee not in present:
                present.append(attendee)
        if not present:
            raise InvalidValue("attendees", "at least one Board mayor attends a Board meeting")
        recommended = text_list(recommendations, "recommendations")
        decided = text_list(decisions, "decisions")
        at = context.at.astimezone(UTC)
        meeting = cls(
            id=meeting_id,
            version=1,
            held_on=held_on,
            title=title,
            attendees=present,
            recommendations=recommended,
            decisions=decided,
            recorded_at=at,
            updated_at=at,
        )
        meeting._record_first(
            BoardMeetingRecorded,
            context,
            held_on=held_on,
            title=title,
            attendees=present,
            recommendations=recommended,
            decisions=decided,
        )
        return meeting

    def to_document(self) -> dict[str, Any]:
        """The meeting as a JSON-able dict, the MongoDB document."""
        return _MeetingDocument(
            id=self.id,
            version=self.version,
            held_on=self.held_on,
            title=self.title,
            attendees=list(self.attendees),
            recommendations=list(self.recommendations),
            decisions=list(self.decisions),
            recorded_at=self.recorded_at,
            updated_at=self.updated_at,
        ).model_dump(mode="json", by_alias=True)

    @classmethod
    def from_document(cls, document: Mapping[str, Any]) -> Meeting:
        """The meeting stored as ``document``; nothing pending."""
        stored = _MeetingDocument.model_validate(dict(document))
        return cls(
            id=stored.id,
            version=stored.version,
            held_on=stored.held_on,
            title=stored.title,
            attendees=list(stored.attendees),
            recommendations=list(stored.recommendations),
            decisions=list(stored.decisions),
            recorded_at=stored.recorded_at,
            updated_at=stored.updated_at,
        )


class _MeetingDocument(BaseModel):
    """The stored form of a meeting."""

    model_config = ConfigDict(frozen=True, extra="ignore", populate_by_name=True)

    id: str = Field(alias="_id", min_length=1)
    version: int = Field(ge=1)
    held_on: date
    title: str
    attendees: list[str]
    recommendations: list[str] = Field(default_factory=list)
    decisions: list[str] = Field(default_factory=list)
    recorded_at: AwareDatetime
    updated_at: AwareDatetime
