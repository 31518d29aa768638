"""The AssistanceRequest aggregate: opening, life cycle, assignment, deliverables, storage."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from itertools import product
from typing import Any

import pytest

from mmc_cities.domain.assistance import (
    ASSISTANCE_TRANSITIONS,
    DESCRIPTION_MAX_LENGTH,
    REASON_REQUIRED,
    TITLE_MAX_LENGTH,
    AssistanceRequest,
    AssistanceStatusChange,
    allowed_next_statuses,
    check_status_transition,
)
from mmc_cities.domain.errors import InvalidTransition, InvalidValue, RuleViolation
from mmc_contracts.cities import (
    AssistanceDeliverableRecorded,
    AssistanceKind,
    AssistanceRequestAssigned,
    AssistanceRequestOpened,
    AssistanceRequestStatusChanged,
    AssistanceStatus,
    Deliverable,
)
from mmc_contracts.envelope import EventContext

S = AssistanceStatus
T0 = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)

ALLOWED: set[tuple[AssistanceStatus, AssistanceStatus]] = {
    (S.RECEIVED, S.TRIAGED),
    (S.RECEIVED, S.DECLINED),
    (S.TRIAGED, S.ACCEPTED),
    (S.TRIAGED, S.DECLINED),
    (S.ACCEPTED, S.IN_PROGRESS),
    (S.IN_PROGRESS, S.DELIVERED),
    (S.DELIVERED, S.CLOSED),
    (S.DECLINED, S.CLOSED),
    # reopening
    (S.DELIVERED, S.IN_PROGRESS),
    (S.DECLINED, S.TRIAGED),
}
NEEDS_REASON = {
    (S.RECEIVED, S.DECLINED),
    (S.TRIAGED, S.DECLINED),
    (S.DELIVERED, S.IN_PROGRESS),
    (S.DECLINED, S.TRIAGED),
}
MATRIX = list(product(AssistanceStatus, AssistanceStatus))
DRAFT = Deliverable(title="Inclusion strategy draft", url="https://docs.example.org/d1")


def ctx(minutes: int = 0, actor: str = "staff-1042") -> EventContext:
    return EventContext(actor=actor, at=T0 + timedelta(minutes=minutes), correlation_id="corr-9")


def opened(**overrides: Any) -> AssistanceRequest:
    arguments: dict[str, Any] = {
        "request_id": "req-1",
        "city_id": "city-freetown",
        "kind": AssistanceKind.FUNDING_ACCESS,
        "title": "Access to the Global Cities Fund",
        "description": "We would like help with the application.",
        "requested_by": "Amina Diallo",
        "due_on": date(2026, 6, 30),
        "context": ctx(),
    }
    arguments.update(overrides)
    return AssistanceRequest.open(**arguments)


def request_in(status: AssistanceStatus, *, deliverables: bool = False) -> AssistanceRequest:
    """A stored request in ``status`` (as the repository would load it), nothing pending."""
    document = opened().to_document()
    document["status"] = status.value
    document["version"] = 4
    document["deliverables"] = [DRAFT.model_dump(mode="json")] if deliverables else []
    return AssistanceRequest.from_document(document)


def invalid_field(call: Any, *args: Any, **kwargs: Any) -> str:
    with pytest.raises(InvalidValue) as caught:
        call(*args, **kwargs)
    return caught.value.field


# --- opening ---------------------------------------------------------------------------------


def test_open_records_the_request_at_version_1() -> None:
    request = opened(title="  Access to the   Global Cities Fund ")

    assert request.id == "req-1"
    assert request.version == 1
    assert request.status is S.RECEIVED
    assert request.title == "Access to the Global Cities Fund"
    assert request.assignee is None
    assert request.deliverables == []
    assert request.status_history == []
    assert request.opened_at == T0
    assert request.updated_at == T0

    [event] = request.pull_events()
    assert isinstance(event, AssistanceRequestOpened)
    assert event.aggregate_id == "req-1"
    assert event.aggregate_version == 1
    assert event.city_id == "city-freetown"
    assert event.kind is AssistanceKind.FUNDING_ACCESS
    assert event.title == "Access to the Global Cities Fund"
    assert event.description == "We would like help with the application."
    assert event.requested_by == "Amina Diallo"
    assert event.due_on == date(2026, 6, 30)
    assert event.occurred_at == T0
    assert event.correlation_id == "corr-9"
    assert request.pull_events() == []


def test_ids_are_trimmed_but_otherwise_kept() -> None:
    request = opened(request_id=" req  1 ", city_id="city-freetown ")
    assert (request.id, request.city_id) == ("req  1", "city-freetown")


def test_kind_as_plain_string() -> None:
    assert opened(kind="advocacy_support").kind is AssistanceKind.ADVOCACY_SUPPORT


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"request_id": " "}, "request_id"),
        ({"city_id": ""}, "city_id"),
        ({"kind": "money"}, "kind"),
        ({"title": ""}, "title"),
        ({"title": "   "}, "title"),
        ({"title": "x" * (TITLE_MAX_LENGTH + 1)}, "title"),
        ({"description": "x" * (DESCRIPTION_MAX_LENGTH + 1)}, "description"),
        ({"requested_by": " "}, "requested_by"),
        ({"requested_by": "x" * 201}, "requested_by"),
        ({"due_on": date(2026, 3, 1)}, "due_on"),
    ],
)
def test_open_refuses_bad_values(overrides: dict[str, Any], field: str) -> None:
    assert invalid_field(opened, **overrides) == field


def test_open_accepts_limits() -> None:
    request = opened(
        title="x" * TITLE_MAX_LENGTH,
        description="  " + "y" * DESCRIPTION_MAX_LENGTH + "  ",
        due_on=date(2026, 3, 2),
    )
    assert len(request.title) == TITLE_MAX_LENGTH
    assert len(request.description) == DESCRIPTION_MAX_LENGTH
    assert opened(description="", due_on=None).description == ""


# --- life cycle ------------------------------------------------------------------------------


def test_table_covers_every_status() -> None:
    assert set(ASSISTANCE_TRANSITIONS) == set(AssistanceStatus)
    assert {(a, b) for a, nexts in ASSISTANCE_TRANSITIONS.items() for b in nexts} == ALLOWED
    assert REASON_REQUIRED == NEEDS_REASON
    assert allowed_next_statuses(S.CLOSED) == frozenset()


@pytest.mark.parametrize(("from_status", "to_status"), MATRIX)
def test_check_status_transition_matrix(
    from_status: AssistanceStatus, to_status: AssistanceStatus
) -> None:
    if from_status == to_status:
        with pytest.raises(RuleViolation, match="already"):
            check_status_transition(from_status, to_status)
    elif (from_status, to_status) in ALLOWED:
        check_status_transition(from_status, to_status)
    else:
        with pytest.raises(InvalidTransition) as caught:
            check_status_transition(from_status, to_status)
        expected = [s.value for s in AssistanceStatus if (from_status, s) in ALLOWED]
        assert list(caught.value.allowed) == expected


@pytest.mark.parametrize(("from_status", "to_status"), MATRIX)
def test_change_status_matrix(from_status: AssistanceStatus, to_status: AssistanceStatus) -> None:
    request = request_in(from_status, deliverables=True)
    if (from_status, to_status) not in ALLOWED:
        expected_error = RuleViolation if from_status == to_status else InvalidTransition
        with pytest.raises(expected_error):
            request.change_status(to_status, "because", ctx(1))
        assert request.status is from_status
        assert request.version == 4
        assert request.pending_events == []
        assert request.status_history == []
        return

    request.change_status(to_status, " because ", ctx(1, actor="lead"))
    assert request.status is to_status
    assert request.version == 5
    assert request.status_history == [
        AssistanceStatusChange(
            from_status=from_status,
            to_status=to_status,
            actor="lead",
            reason="because",
            at=T0 + timedelta(minutes=1),
        )
    ]
    [event] = request.pull_events()
    assert isinstance(event, AssistanceRequestStatusChanged)
    assert (event.from_status, event.to_status) == (from_status, to_status)
    assert event.reason == "because"
    assert event.city_id == "city-freetown"
    assert event.aggregate_id == "req-1"
    assert event.aggregate_version == 5


def test_invalid_transition_message_lists_the_allowed_statuses() -> None:
    request = opened()
    with pytest.raises(InvalidTransition) as caught:
        request.change_status(S.IN_PROGRESS, None, ctx(1))
    assert caught.value.message == (
        "cannot change assistance request status from 'received' to 'in_progress'; "
        "allowed next: triaged, declined"
    )


def test_closed_is_final() -> None:
    request = request_in(S.CLOSED)
    with pytest.raises(InvalidTransition, match="'closed' is final"):
        request.change_status(S.TRIAGED, "reopen", ctx())


@pytest.mark.parametrize(("from_status", "to_status"), sorted(NEEDS_REASON))
@pytest.mark.parametrize("reason", [None, "", "   "])
def test_declining_and_reopening_need_a_reason(
    from_status: AssistanceStatus, to_status: AssistanceStatus, reason: str | None
) -> None:
    request = request_in(from_status, deliverables=True)
    assert invalid_field(request.change_status, to_status, reason, ctx()) == "reason"
    assert request.status is from_status
    assert request.version == 4


@pytest.mark.parametrize(("from_status", "to_status"), sorted(ALLOWED - NEEDS_REASON))
def test_other_moves_take_an_optional_reason(
    from_status: AssistanceStatus, to_status: AssistanceStatus
) -> None:
    request = request_in(from_status, deliverables=True)
    request.change_status(to_status, "   ", ctx())
    [event] = request.pull_events()
    assert isinstance(event, AssistanceRequestStatusChanged)
    assert event.reason is None
    assert request.status_history[0].reason is None


def test_reason_length_is_limited() -> None:
    request = opened()
    assert invalid_field(request.change_status, S.TRIAGED, "x" * 1001, ctx()) == "reason"
    assert invalid_field(request.change_status, S.DECLINED, "x" * 1001, ctx()) == "reason"
    request.change_status(S.TRIAGED, "x" * 1000, ctx())
    assert request.status is S.TRIAGED


def test_delivering_needs_a_deliverable() -> None:
    request = request_in(S.IN_PROGRESS)
    with pytest.raises(RuleViolation, match="deliverable"):
        request.change_status(S.DELIVERED, None, ctx())
    assert request.status is S.IN_PROGRESS
    assert request.version == 4


def test_unknown_status_is_refused() -> None:
    request = opened()
    field = invalid_field(request.change_status, "lost", None, ctx())
    assert field == "to_status"


def test_status_as_plain_string() -> None:
    request = opened()
    request.change_status("triaged", None, ctx())  # type: ignore[arg-type]
    assert request.status is S.TRIAGED


def test_the_whole_journey_gives_consecutive_versions() -> None:
    request = opened()
    request.assign("staff-1042", ctx(1))
    request.change_status(S.TRIAGED, None, ctx(2))
    request.change_status(S.ACCEPTED, "Fits the fund's criteria.", ctx(3))
    request.change_status(S.IN_PROGRESS, None, ctx(4))
    request.record_deliverable(DRAFT, ctx(5))
    request.change_status(S.DELIVERED, None, ctx(6))
    request.change_status(S.IN_PROGRESS, "City asked for a second section.", ctx(7))
    second = Deliverable(title="Revised draft", delivered_on=date(2026, 4, 1))
    request.record_deliverable(second, ctx(8))
    request.change_status(S.DELIVERED, None, ctx(9))
    request.change_status(S.CLOSED, None, ctx(10))

    events = request.pull_events()
    assert [e.aggregate_version for e in events] == list(range(1, 12))
    assert [type(e).__name__ for e in events] == [
        "AssistanceRequestOpened",
        "AssistanceRequestAssigned",
        *["AssistanceRequestStatusChanged"] * 3,
        "AssistanceDeliverableRecorded",
        *["AssistanceRequestStatusChanged"] * 2,
        "AssistanceDeliverableRecorded",
        *["AssistanceRequestStatusChanged"] * 2,
    ]
    assert request.version == 11
    assert request.status is S.CLOSED
    assert request.deliverables == [DRAFT, second]
    assert request.updated_at == T0 + timedelta(minutes=10)
    assert [c.to_status for c in request.status_history] == [
        S.TRIAGED,
        S.ACCEPTED,
        S.IN_PROGRESS,
        S.DELIVERED,
        S.IN_PROGRESS,
        S.DELIVERED,
        S.CLOSED,
    ]


# --- assignment ------------------------------------------------------------------------------


def test_assign_records_the_assignee() -> None:
    request = opened()
    request.pull_events()
    request.assign("  staff-1042 ", ctx(1))
    assert request.assignee == "staff-1042"
    assert request.version == 2
    [event] = request.pull_events()
    assert isinstance(event, AssistanceRequestAssigned)
    assert event.assignee == "staff-1042"
    assert event.city_id == "city-freetown"
    assert event.aggregate_version == 2


def test_assigning_the_same_person_again_records_nothing() -> None:
    request = opened()
    request.assign("staff-a", ctx(1))
    request.pull_events()
    request.assign("staff-a", ctx(2))
    assert request.pending_events == []
    assert request.version == 2
    request.assign("b@mmc.example.org", ctx(3))
    [event] = request.pull_events()
    assert isinstance(event, AssistanceRequestAssigned)
    assert event.aggregate_version == 3


@pytest.mark.parametrize("assignee", ["", "  ", "x" * 201])
def test_assignee_must_be_given(assignee: str) -> None:
    assert invalid_field(opened().assign, assignee, ctx()) == "assignee"


def test_closed_request_cannot_be_assigned() -> None:
    with pytest.raises(RuleViolation):
        request_in(S.CLOSED).assign("staff-a", ctx())


@pytest.mark.parametrize("status", [s for s in AssistanceStatus if s is not S.CLOSED])
def test_open_requests_can_be_assigned(status: AssistanceStatus) -> None:
    request = request_in(status)
    request.assign("staff-a", ctx())
    assert request.assignee == "staff-a"


# --- deliverables ----------------------------------------------------------------------------


@pytest.mark.parametrize("status", [s for s in AssistanceStatus if s not in {S.CLOSED, S.DECLINED}])
def test_record_deliverable(status: AssistanceStatus) -> None:
    request = request_in(status)
    request.record_deliverable(DRAFT, ctx(1))
    assert request.deliverables == [DRAFT]
    assert request.version == 5
    [event] = request.pull_events()
    assert isinstance(event, AssistanceDeliverableRecorded)
    assert event.deliverable == DRAFT
    assert event.city_id == "city-freetown"
    assert event.aggregate_version == 5


@pytest.mark.parametrize("status", [S.CLOSED, S.DECLINED])
def test_no_deliverable_once_closed_or_declined(status: AssistanceStatus) -> None:
    request = request_in(status)
    with pytest.raises(RuleViolation, match=status.value):
        request.record_deliverable(DRAFT, ctx())
    assert request.deliverables == []
    assert request.version == 4


def test_recording_the_same_deliverable_again_records_nothing() -> None:
    request = request_in(S.IN_PROGRESS, deliverables=True)
    request.record_deliverable(DRAFT, ctx())
    assert request.deliverables == [DRAFT]
    assert request.pending_events == []
    request.record_deliverable(DRAFT.model_copy(update={"url": None}), ctx())
    assert len(request.deliverables) == 2


# --- storage form ----------------------------------------------------------------------------


def busy_request() -> AssistanceRequest:
    request = opened()
    request.assign("staff-a", ctx(1))
    request.change_status(S.TRIAGED, None, ctx(2))
    request.change_status(S.ACCEPTED, "ok", ctx(3))
    request.change_status(S.IN_PROGRESS, None, ctx(4))
    request.record_deliverable(
        Deliverable(title="Draft", url="https://x.example", delivered_on=date(2026, 3, 20)),
        ctx(5),
    )
    return request


def test_document_is_plain_json() -> None:
    document = busy_request().to_document()
    assert json.loads(json.dumps(document)) == document
    assert document["_id"] == "req-1"
    assert document["version"] == 6
    assert document["city_id"] == "city-freetown"
    assert document["kind"] == "funding_access"
    assert document["status"] == "in_progress"
    assert document["assignee"] == "staff-a"
    assert document["due_on"] == "2026-06-30"
    assert document["deliverables"][0]["delivered_on"] == "2026-03-20"
    assert [c["to_status"] for c in document["status_history"]] == [
        "triaged",
        "accepted",
        "in_progress",
    ]
    assert document["status_history"][1]["reason"] == "ok"
    assert "pending_events" not in document


def test_document_round_trip_is_lossless() -> None:
    request = busy_request()
    document = request.to_document()
    loaded = AssistanceRequest.from_document(document)
    assert loaded == request
    assert loaded.to_document() == document
    assert loaded.pending_events == []


def test_fresh_request_round_trip() -> None:
    request = opened(due_on=None)
    assert AssistanceRequest.from_document(request.to_document()) == request


def test_loaded_request_continues_with_the_next_version() -> None:
    loaded = AssistanceRequest.from_document(busy_request().to_document())
    loaded.change_status(S.DELIVERED, None, ctx(9))
    [event] = loaded.pull_events()
    assert event.aggregate_version == 7


def test_from_document_ignores_unknown_keys() -> None:
    document = busy_request().to_document()
    document["_class"] = "legacy"
    assert AssistanceRequest.from_document(document) == busy_request()
