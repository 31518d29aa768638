"""Put a Board meeting on record."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from mmc_board.domain import Meeting, board_on
from mmc_board.parts import BoardParts
from mmc_chassis.ids import new_id
from mmc_contracts import EventContext


@dataclass(frozen=True)
class RecordMeeting:
    held_on: date
    title: str
    attendees: Sequence[str]
    recommendations: Sequence[str]
    decisions: Sequence[str]
    context: EventContext


async def record_meeting(command: RecordMeeting, board: BoardParts) -> Meeting:
    """Put a Board meeting on record; every attendee served on the Board that day."""
    serving = [m.id for m in board_on(command.held_on, await board.memberships.all())]
    meeting = Meeting.record(
        new_id(),
        command.held_on,
        command.title,
        command.attendees,
        command.recommendations,
        command.decisions,
        serving,
        command.context,
    )
    await board.meetings.add(meeting)
    return meeting
