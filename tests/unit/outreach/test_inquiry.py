"""The inquiry's life cycle, the triage rules and the first-response time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from mmc_contracts import EventContext
from mmc_contracts.cities import AssistanceKind
from mmc_contracts.outreach import (
    InquiryAnswered,
    InquiryChannel,
    InquiryKind,
    InquiryReceived,
    InquiryStatus,
    InquiryTriaged,
)
from mmc_contracts.rules import InvalidTransition, InvalidValue
from mmc_outreach.domain.inquiry import Inquiry, Sender, response_hours, suggest_kind

T0 = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


def at(hours: float) -> EventContext:
    return EventContext(actor="staff-1", at=T0 + timedelta(hours=hours))


def received(**fields: object) -> Inquiry:
    values: dict[str, object] = {
        "channel": InquiryChannel.EMAIL,
        "received_at": T0,
        "context": at(0),
        "sender": Sender(name="A. Person", email="a.person@city.example.org"),
        "subject": "Our city",
        "body": "Can you help us with a strategy?",
        "city_name": " Gaziantep ",
        "country_code": "tr",
    }
    values.update(fields)
    return Inquiry.receive("inq-1", **values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("subject", "body", "kind"),
    [
        ("Nomination", "We would like to nominate our mayor", InquiryKind.NOMINATION_INTEREST),
        ("Help", "Could you offer technical support on inclusion?", InquiryKind.ASSISTANCE_REQUEST),
        ("Joining", "How can we become a partner city?", InquiryKind.PARTNERSHIP_INTEREST),
        ("An idea", "We propose a regional exchange of mayors", InquiryKind.IDEA),
        ("Dates", "When is the next forum?", InquiryKind.QUESTION),
        ("Hello", "Greetings from our city hall", InquiryKind.IDEA),
        # a request for help that mentions partners is still a request for help
        ("Partners", "Please help us reach funding partners", InquiryKind.ASSISTANCE_REQUEST),
    ],
)
def test_triage_rules(subject: str, body: str, kind: InquiryKind) -> None:
    assert suggest_kind(subject, body) is kind


def test_the_senders_choice_wins_over_the_words() -> None:
    assert suggest_kind("x", "nominate", InquiryKind.IDEA) is InquiryKind.IDEA


def test_received_event_carries_no_personal_data() -> None:
    inquiry = received()
    (event,) = inquiry.pull_events()
    assert isinstance(event, InquiryReceived)
    wire = event.model_dump_json()
    assert "a.person" not in wire
    assert "strategy" not in wire
    assert "Our city" not in wire
    assert event.city_name == "Gaziantep"
    assert event.country_code == "TR"
    assert inquiry.city_key == "TR:gaziantep"


def test_full_life_cycle_and_first_response_within_target() -> None:
    inquiry = received()
    inquiry.triage(at(1))
    assert inquiry.kind is InquiryKind.ASSISTANCE_REQUEST
    assert inquiry.assistance_kind is AssistanceKind.STRATEGY_DEVELOPMENT
    inquiry.assign("staff-2", at(2))
    inquiry.answer("Yes: let us talk on Monday.", at(30), target_hours=48)
    inquiry.answer("Here is the agenda.", at(80), target_hours=48)
    inquiry.close(at(90))
    events = inquiry.pull_events()
    assert [type(e).__name__ for e in events] == [
        "InquiryReceived",
        "InquiryTriaged",
        "InquiryAssigned",
        "InquiryAnswered",
        "InquiryAnswered",
        "InquiryClosed",
    ]
    assert [e.aggregate_version for e in events] == [1, 2, 3, 4, 5, 6]
    assert inquiry.status is InquiryStatus.CLOSED
    assert inquiry.first_response_hours == 30.0
    assert inquiry.within_target is True
    answered = events[3]
    assert isinstance(answered, InquiryAnswered)
    assert "Monday" not in answered.model_dump_json()
    assert isinstance(events[1], InquiryTriaged)


def test_first_response_late_against_target() -> None:
    inquiry = received()
    inquiry.triage(at(1), InquiryKind.QUESTION)
    inquiry.assign("staff-2", at(2))
    inquiry.answer("Late answer", at(72.5), target_hours=48)
    assert inquiry.first_response_hours == 72.5
    assert inquiry.within_target is False


def test_cannot_answer_before_assignment_nor_change_a_closed_inquiry() -> None:
    inquiry = received()
    with pytest.raises(InvalidTransition):
        inquiry.answer("Too early", at(1), target_hours=48)
    inquiry.close(at(2))
    with pytest.raises(InvalidTransition):
        inquiry.triage(at(3))


def test_assistance_kind_only_for_assistance_requests() -> None:
    inquiry = received()
    with pytest.raises(InvalidValue):
        inquiry.triage(at(1), InquiryKind.IDEA, AssistanceKind.FUNDING_ACCESS)


def test_bad_country_code_is_refused() -> None:
    with pytest.raises(InvalidValue) as error:
        received(country_code="Turkey")
    assert error.value.field == "country_code"


def test_response_hours_never_negative() -> None:
    assert response_hours(T0, T0 - timedelta(hours=1)) == 0.0
    assert response_hours(T0, T0 + timedelta(minutes=90)) == 1.5


def test_link_city_once() -> None:
    inquiry = received()
    inquiry.pull_events()
    assert inquiry.link_city("city-1", at(1)) is True
    assert inquiry.link_city("city-1", at(2)) is False
    assert len(inquiry.pull_events()) == 1


def test_document_round_trip() -> None:
    inquiry = received()
    inquiry.triage(at(1))
    inquiry.pull_events()
    copy = Inquiry.from_document(inquiry.to_document())
    assert copy == inquiry
    assert copy.to_document()["_id"] == "inq-1"
