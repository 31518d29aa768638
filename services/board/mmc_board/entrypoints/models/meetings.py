"""Bodies of the Board meetings API."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, Field

from mmc_board.domain import Meeting
from mmc_board.entrypoints.models.common import Day, LongText, TitleText
from mmc_chassis.http_models import Id, Page, Strict


class MeetingIn(Strict):
    held_on: Day = Field(examples=["2027-02-10"])
    title: TitleText = Field(examples=["Annual strategy meeting"])
    attendees: list[Id] = Field(
        min_length=1, max_length=50, description="Membership ids of the Board mayors present."
    )
    recommendations: list[LongText] = Field(default_factory=list, max_length=50)
    decisions: list[LongText] = Field(default_factory=list, max_length=50)


class MeetingOut(BaseModel):
    id: str
    version: int
    held_on: date
    title: str
    attendees: list[str]
    recommendations: list[str]
    decisions: list[str]
    recorded_at: datetime

    @classmethod
    def of(cls, meeting: Meeting) -> MeetingOut:
        return cls(
            id=meeting.id,
            version=meeting.version,
            held_on=meeting.held_on,
            title=meeting.title,
            attendees=list(meeting.attendees),
            recommendations=list(meeting.recommendations),
            decisions=list(meeting.decisions),
            recorded_at=meeting.recorded_at,
        )


class MeetingPage(Page[MeetingOut]):
    """A page of Board meetings."""
