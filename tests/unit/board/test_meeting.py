"""The Meeting aggregate: attendees serving that day, recommendations and decisions."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from mmc_board.domain.errors import InvalidValue
from mmc_board.domain.history import board_on
from mmc_board.domain.meeting import Meeting
from mmc_contracts.board import BoardMeetingRecorded, MembershipEndReason
from tests.unit.board.helpers import ctx, ctx_on, seated

HELD_ON = date(2027, 2, 10)
SERVING = {"membership-1", "membership-2", "membership-4"}


def recorded(**overrides: Any) -> Meeting:
    arguments: dict[str, Any] = {
        "meeting_id": "meeting-1",
        "held_on": HELD_ON,
        "title": "  Annual   strategy meeting ",
        "attendees": ["membership-1", "membership-4", "membership-1"],
        "recommendations": [" Prioritise secondary cities in outreach. "],
        "decisions": ["Open a selection round for seat 3.", "Meet again in June."],
        "serving_member_ids": SERVING,
        "context": ctx_on(date(2027, 2, 12)),
    }
    arguments.update(overrides)
    return Meeting.record(**arguments)


def test_record() -> None:
    meeting = recorded()

    assert meeting.title == "Annual strategy meeting"
    assert meeting.attendees == ["membership-1", "membership-4"]
    [event] = meeting.pull_events()
    assert isinstance(event, BoardMeetingRecorded)
    assert event.aggregate_id == "meeting-1"
    assert event.held_on == HELD_ON
    assert event.title == "Annual strategy meeting"
    assert event.attendees == ["membership-1", "membership-4"]
    assert event.recommendations == ["Prioritise secondary cities in outreach."]
    assert event.decisions == ["Open a selection round for seat 3.", "Meet again in June."]


def test_recommendations_and_decisions_may_be_empty() -> None:
    meeting = recorded(recommendations=[], decisions=())
    assert meeting.recommendations == meeting.decisions == []


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"meeting_id": ""}, "meeting_id"),
        ({"title": "   "}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"held_on": date(2027, 2, 13)}, "held_on"),
        ({"held_on": "2027-02-10"}, "held_on"),
        ({"attendees": []}, "attendees"),
        ({"attendees": "membership-1"}, "attendees"),
        ({"attendees": ["membership-1", "membership-3"]}, "attendees.1"),
        ({"attendees": ["membership-1", ""]}, "attendees.1"),
        ({"decisions": ["Fine.", "  "]}, "decisions.1"),
        ({"decisions": "Decided."}, "decisions"),
        ({"recommendations": ["x" * 2001]}, "recommendations.0"),
        ({"recommendations": [None]}, "recommendations.0"),
    ],
)
def test_record_rejects(overrides: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidValue) as exc:
        recorded(**overrides)
    assert exc.value.field == field


def test_attendee_not_serving_says_so() -> None:
    with pytest.raises(InvalidValue, match="membership-3 was not serving on the Board on 2027-02"):
        recorded(attendees=["membership-3"])


def test_serving_set_from_the_history() -> None:
    """The handler passes who served on the meeting day; someone who left before is refused."""
    one = seated("membership-1", date(2026, 12, 1), 1)
    two = seated("membership-2", date(2026, 12, 1), 2)
    two.end(MembershipEndReason.RESIGNED, date(2027, 1, 31), None, ctx())
    serving = {m.id for m in board_on(HELD_ON, [one, two])}

    assert recorded(attendees=["membership-1"], serving_member_ids=serving)
    with pytest.raises(InvalidValue) as exc:
        recorded(attendees=["membership-1", "membership-2"], serving_member_ids=serving)
    assert exc.value.field == "attendees.1"


def test_document_round_trip() -> None:
    meeting = recorded()
    meeting.pull_events()
    document = meeting.to_document()
    assert document["_id"] == "meeting-1"
    assert Meeting.from_document(json.loads(json.dumps(document))) == meeting
