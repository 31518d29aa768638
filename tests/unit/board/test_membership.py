"""The Membership aggregate: seating, renewal, once-per-term announcement, ending, storage."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import pytest
from pydantic import ValidationError

from mmc_board.domain.errors import InvalidValue, RuleViolation
from mmc_board.domain.membership import Membership, MembershipStatus, Term
from mmc_contracts.board import (
    MayorLeftBoard,
    MayorSeated,
    MembershipEndReason,
    SeatedVia,
    TermEndingAnnounced,
    TermRenewed,
)
from tests.unit.board.helpers import ctx, ctx_on, mayor, seated

START = date(2026, 12, 1)
END = date(2028, 11, 30)
R = MembershipEndReason


# --- seating ------------------------------------------------------------------------------------


def test_seat_mayor_records_mayor_seated() -> None:
    membership = Membership.seat_mayor(
        " membership-1 ",
        mayor(),
        3,
        START,
        SeatedVia.SELECTION,
        ctx(),
        nomination_id="nomination-17",
        round_id="round-4",
    )

    assert membership.id == "membership-1"
    assert membership.version == 1
    assert membership.seat == 3
    assert membership.status is MembershipStatus.SERVING
    assert membership.terms == [Term(start=START, end=END, via=SeatedVia.SELECTION)]
    assert membership.current_term.end == END
    assert membership.announced_term_ends == []
    [event] = membership.pull_events()
    assert isinstance(event, MayorSeated)
    assert event.aggregate_id == "membership-1"
    assert event.aggregate_version == 1
    assert event.mayor == mayor()
    assert (event.seat, event.term_start, event.term_end) == (3, START, END)
    assert event.via is SeatedVia.SELECTION
    assert (event.nomination_id, event.round_id) == ("nomination-17", "round-4")
    assert event.actor == ctx().actor
    assert event.correlation_id == "corr-1"
    assert membership.pull_events() == []


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"membership_id": "  "}, "membership_id"),
        ({"seat": 0}, "seat"),
        ({"seat": True}, "seat"),
        ({"term_start": "2026-12-01"}, "term_start"),
        ({"via": "coup"}, "via"),
        ({"via": SeatedVia.RENEWAL}, "via"),
        ({"via": SeatedVia.SELECTION, "round_id": None}, "round_id"),
        ({"via": SeatedVia.SELECTION, "nomination_id": None}, "nomination_id"),
        ({"mayor": "Yvonne"}, "mayor"),
    ],
)
def test_seat_mayor_rejects(overrides: dict[str, Any], field: str) -> None:
    arguments: dict[str, Any] = {
        "membership_id": "membership-1",
        "mayor": mayor(),
        "seat": 1,
        "term_start": START,
        "via": SeatedVia.SELECTION,
        "context": ctx(),
        "nomination_id": "nomination-17",
        "round_id": "round-4",
    }
    arguments.update(overrides)
    with pytest.raises(InvalidValue) as exc:
        Membership.seat_mayor(**arguments)
    assert exc.value.field == field


def test_appointment_needs_no_nomination() -> None:
    membership = seated(via=SeatedVia.APPOINTMENT)
    assert membership.nomination_id is None
    assert membership.round_id is None


# --- renewal ------------------------------------------------------------------------------------


def test_renew_starts_the_day_after_the_current_end() -> None:
    membership = seated()

    term = membership.renew(None, ctx())

    assert term == Term(start=date(2028, 12, 1), end=date(2030, 11, 30), via=SeatedVia.RENEWAL)
    assert membership.terms[-1] == term
    assert membership.version == 2
    [event] = membership.pull_events()
    assert isinstance(event, TermRenewed)
    assert (event.term_start, event.term_end, event.seat) == (term.start, term.end, 1)
    assert event.mayor == membership.mayor
    assert event.aggregate_version == 2


def test_renew_with_a_later_start_leaves_a_gap() -> None:
    membership = seated()
    membership.renew(date(2029, 2, 1), ctx())

    assert membership.serving_on(END)
    assert not membership.serving_on(date(2029, 1, 31))
    assert membership.serving_on(date(2029, 2, 1))
    assert membership.current_term.end == date(2031, 1, 31)


def test_renew_cannot_overlap_the_current_term() -> None:
    membership = seated()
    with pytest.raises(InvalidValue) as exc:
        membership.renew(END, ctx())
    assert exc.value.field == "start"
    assert "2028-12-01" in exc.value.message
    assert membership.version == 1
    assert len(membership.terms) == 1


def test_an_ended_membership_cannot_be_renewed() -> None:
    membership = seated()
    membership.end(R.RESIGNED, date(2027, 5, 1), None, ctx())
    with pytest.raises(RuleViolation, match="ended on 2027-05-01 and cannot be renewed"):
        membership.renew(None, ctx())


# --- announcing the end of a term ---------------------------------------------------------------


def test_term_ending_is_announced_once_per_term() -> None:
    membership = seated()
    notice = 90

    assert not membership.announce_term_ending(END - timedelta(days=91), notice, ctx())
    assert membership.announce_term_ending(END - timedelta(days=90), notice, ctx())
    [event] = membership.pull_events()
    assert isinstance(event, TermEndingAnnounced)
    assert (event.term_end, event.days_left) == (END, 90)
    assert membership.announced_term_ends == [END]
    version = membership.version

    # later checks in the same term (another day, another announcer) change nothing
    assert not membership.announce_term_ending(END - timedelta(days=30), notice, ctx())
    assert not membership.announce_term_ending(END, notice, ctx())
    assert membership.pull_events() == []
    assert membership.version == version


def test_announced_once_even_after_a_restart() -> None:
    """The flag lives in the stored document: a reloaded aggregate does not announce again."""
    membership = seated()
    assert membership.announce_term_ending(END - timedelta(days=10), 30, ctx())

    reloaded = Membership.from_document(json.loads(json.dumps(membership.to_document())))

    assert not reloaded.announce_term_ending(END - timedelta(days=5), 30, ctx())
    assert reloaded.pending_events == []


def test_concurrent_announcers_second_one_loses_on_version() -> None:
    """Two announcers load version 1; both would announce, the store keeps the first.

    The second's compare-and-set on version 1 fails; it reloads and finds the day announced.
    """
    stored = seated().to_document()
    first = Membership.from_document(stored)
    second = Membership.from_document(stored)
    assert first.announce_term_ending(END, 30, ctx())
    assert second.announce_term_ending(END, 30, ctx())
    assert first.version == second.version == 2  # same expected version: only one write wins

    stored = first.to_document()  # the winner's write
    retried = Membership.from_document(stored)
    assert not retried.announce_term_ending(END, 30, ctx())


def test_each_term_is_announced() -> None:
    membership = seated()
    assert membership.announce_term_ending(END - timedelta(days=20), 60, ctx())
    membership.renew(None, ctx())
    new_end = membership.current_term.end

    assert not membership.announce_term_ending(END - timedelta(days=10), 60, ctx())
    assert membership.announce_term_ending(new_end - timedelta(days=59), 60, ctx())
    assert membership.announced_term_ends == [END, new_end]
    events = membership.pull_events()
    assert [type(e).__name__ for e in events] == [
        "TermEndingAnnounced",
        "TermRenewed",
        "TermEndingAnnounced",
    ]
    assert [e.aggregate_version for e in events] == [2, 3, 4]


def test_no_announcement_after_the_term_is_over_or_once_ended() -> None:
    membership = seated()
    assert not membership.announce_term_ending(END + timedelta(days=1), 30, ctx())
    membership.end(R.RESIGNED, date(2028, 11, 1), None, ctx())
    assert not membership.announce_term_ending(END - timedelta(days=5), 30, ctx())


def test_notice_days_zero_announces_on_the_last_day() -> None:
    membership = seated()
    assert not membership.announce_term_ending(END - timedelta(days=1), 0, ctx())
    assert membership.announce_term_ending(END, 0, ctx())


@pytest.mark.parametrize("notice", [-1, 1.5, True])
def test_notice_days_must_be_a_whole_number(notice: Any) -> None:
    with pytest.raises(InvalidValue) as exc:
        seated().announce_term_ending(END, notice, ctx())
    assert exc.value.field == "notice_days"


# --- ending -------------------------------------------------------------------------------------


def test_end_by_resignation() -> None:
    membership = seated()

    membership.end(R.RESIGNED, date(2027, 3, 14), "  Running for national office.  ", ctx())

    assert membership.status is MembershipStatus.ENDED
    assert not membership.is_serving
    assert membership.end_reason is R.RESIGNED
    assert membership.ended_on == date(2027, 3, 14)
    assert membership.end_note == "Running for national office."
    assert membership.vacant_from == date(2027, 3, 15)
    [event] = membership.pull_events()
    assert isinstance(event, MayorLeftBoard)
    assert (event.reason, event.left_on, event.note) == (
        R.RESIGNED,
        date(2027, 3, 14),
        "Running for national office.",
    )
    assert event.mayor == membership.mayor
    assert event.seat == membership.seat


def test_end_of_term_defaults_to_the_terms_last_day() -> None:
    membership = seated()
    membership.end(R.TERM_ENDED, None, None, ctx())
    assert membership.ended_on == END
    assert membership.vacant_from == date(2028, 12, 1)
    assert membership.last_day == END


def test_end_of_term_must_be_on_the_terms_last_day() -> None:
    membership = seated()
    with pytest.raises(InvalidValue) as exc:
        membership.end(R.TERM_ENDED, date(2028, 6, 1), None, ctx())
    assert exc.value.field == "on"
    assert membership.is_serving


@pytest.mark.parametrize(
    ("on", "field"),
    [
        (None, "on"),
        (START - timedelta(days=1), "on"),
        (END + timedelta(days=1), "on"),
    ],
)
def test_leaving_day_must_be_in_the_membership(on: date | None, field: str) -> None:
    membership = seated()
    with pytest.raises(InvalidValue) as exc:
        membership.end(R.LEFT_OFFICE, on, None, ctx())
    assert exc.value.field == field
    assert membership.version == 1


def test_end_rejects_unknown_reason_and_long_notes() -> None:
    membership = seated()
    with pytest.raises(InvalidValue) as exc:
        membership.end("fired", date(2027, 1, 1), None, ctx())  # type: ignore[arg-type]
    assert exc.value.field == "reason"
    with pytest.raises(InvalidValue) as exc:
        membership.end(R.RESIGNED, date(2027, 1, 1), "x" * 1001, ctx())
    assert exc.value.field == "note"


def test_ends_only_once() -> None:
    membership = seated()
    membership.end(R.LEFT_OFFICE, date(2027, 6, 30), None, ctx())
    with pytest.raises(RuleViolation, match="ended on 2027-06-30"):
        membership.end(R.RESIGNED, date(2027, 7, 1), None, ctx())
    assert membership.version == 2


# --- serving on a day ---------------------------------------------------------------------------


def test_serving_on_follows_terms_and_the_end() -> None:
    membership = seated(start=date(2018, 12, 1))
    membership.renew(None, ctx())  # 2020-12-01 .. 2022-11-30
    membership.renew(None, ctx())  # 2022-12-01 .. 2024-11-30
    membership.end(R.LEFT_OFFICE, date(2023, 6, 30), None, ctx())

    assert not membership.serving_on(date(2018, 11, 30))
    assert membership.serving_on(date(2018, 12, 1))
    assert membership.serving_on(date(2020, 11, 30))
    assert membership.serving_on(date(2020, 12, 1))
    assert membership.term_on(date(2021, 5, 5)) == membership.terms[1]
    assert membership.serving_on(date(2023, 6, 30))
    assert not membership.serving_on(date(2023, 7, 1))
    assert not membership.serving_on(date(2024, 11, 30))
    assert membership.service_periods() == [(date(2018, 12, 1), date(2023, 6, 30))]


def test_service_periods_keep_gaps() -> None:
    membership = seated()
    membership.renew(date(2029, 6, 1), ctx())
    assert membership.service_periods() == [
        (START, END),
        (date(2029, 6, 1), date(2031, 5, 31)),
    ]


# --- storage ------------------------------------------------------------------------------------


def test_document_round_trip() -> None:
    membership = Membership.seat_mayor(
        "membership-1",
        mayor(),
        2,
        START,
        SeatedVia.SELECTION,
        ctx(),
        nomination_id="nomination-17",
        round_id="round-4",
    )
    membership.announce_term_ending(END - timedelta(days=3), 30, ctx(1))
    membership.renew(None, ctx(2))
    membership.end(R.RESIGNED, date(2029, 4, 1), "Moved on.", ctx(3))
    membership.pull_events()

    document = membership.to_document()
    assert document["_id"] == "membership-1"
    assert document["announced_term_ends"] == ["2028-11-30"]
    assert "pending_events" not in document
    restored = Membership.from_document(json.loads(json.dumps(document)))

    assert restored == membership
    assert restored.version == 4
    assert restored.pending_events == []
    assert Membership.from_document({**document, "_mongo": 1, "later_field": "x"}) == membership


def test_from_document_rejects_corrupt_documents() -> None:
    document = seated().to_document()
    with pytest.raises(ValidationError):
        Membership.from_document({**document, "terms": []})
    with pytest.raises(ValidationError):
        Membership.from_document({**document, "status": "retired"})


def test_events_use_the_context() -> None:
    day = date(2027, 1, 1)
    membership = seated()
    membership.end(R.RESIGNED, day, None, ctx_on(day, actor="secretariat"))
    [event] = membership.pull_events()
    assert event.actor == "secretariat"
    assert event.occurred_at.date() == day
