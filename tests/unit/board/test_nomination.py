"""The Nomination aggregate: receiving, the nominee's city, the status life cycle, storage."""

from __future__ import annotations

import json
from dataclasses import replace
from itertools import product
from typing import Any

import pytest

from mmc_board.domain.errors import InvalidTransition, InvalidValue, RuleViolation
from mmc_board.domain.nomination import (
    ERASED,
    NOMINATION_TRANSITIONS,
    STATEMENT_MAX_LENGTH,
    STATEMENT_MIN_LENGTH,
    Nomination,
    check_nomination_transition,
    check_nominee_city,
)
from mmc_chassis.person_keys import open_with, seal_with
from mmc_contracts.board import (
    NominationReceived,
    NominationStatus,
    NominationStatusChanged,
    NominatorErased,
)
from mmc_contracts.cities import PartnershipStatus
from mmc_contracts.sealed import Sealed
from tests.unit.board.helpers import FREETOWN, ctx, mayor

N = NominationStatus
STATEMENT = "Twenty years of work on the inclusion of migrants and refugees in the city."
ALLOWED = {
    (N.RECEIVED, N.CANDIDATE),
    (N.RECEIVED, N.WITHDRAWN),
    (N.CANDIDATE, N.SELECTED),
    (N.CANDIDATE, N.NOT_SELECTED),
    (N.CANDIDATE, N.WITHDRAWN),
}


KEY = bytes(range(32))
KEY_ID = "key-of-nominator-1"


def seal(text: str) -> Sealed:
    return seal_with(KEY, KEY_ID, text)


def received(**overrides: Any) -> Nomination:
    arguments: dict[str, Any] = {
        "nomination_id": "nomination-17",
        "mayor": mayor("Samuel Koroma", "city-accra"),
        "nominated_by_name": "Amina  Diallo ",
        "nominated_by_role": "Deputy Mayor",
        "nominated_by_city_id": "city-accra",
        "statement": STATEMENT,
        "context": ctx(),
        "vacancy_id": "vacancy-5",
        "seal": seal,
        "nominator_id": "nominator-1",
        "nominated_by_email": " amina.diallo@example.org ",
    }
    arguments.update(overrides)
    return Nomination.receive(**arguments)


# --- receiving ----------------------------------------------------------------------------------


def test_receive_records_nomination_received() -> None:
    nomination = received()

    assert nomination.status is N.RECEIVED
    assert nomination.nominated_by_name == "Amina Diallo"
    [event] = nomination.pull_events()
    assert isinstance(event, NominationReceived)
    assert event.aggregate_id == "nomination-17"
    assert event.mayor == mayor("Samuel Koroma", "city-accra")
    # The nominator's texts travel sealed with their key; the nominee and cities in clear.
    assert open_with(KEY, event.nominated_by_name) == "Amina Diallo"
    assert open_with(KEY, event.nominated_by_role) == "Deputy Mayor"
    assert open_with(KEY, event.statement) == STATEMENT
    assert "Amina" not in event.model_dump_json()
    assert "amina.diallo" not in event.model_dump_json()
    assert event.nominated_by_city_id == "city-accra"
    assert nomination.nominated_by_email == "amina.diallo@example.org"
    assert nomination.nominator_id == "nominator-1"
    assert event.vacancy_id == "vacancy-5"


def test_statement_keeps_its_lines() -> None:
    text = "First paragraph about the mayor.\n\nSecond paragraph, with more."
    assert received(statement=f"  {text}  ").statement == text


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"nomination_id": " "}, "nomination_id"),
        ({"mayor": None}, "mayor"),
        ({"nominated_by_name": ""}, "nominated_by_name"),
        ({"nominated_by_name": "x" * 201}, "nominated_by_name"),
        ({"nominated_by_role": "  "}, "nominated_by_role"),
        ({"nominated_by_city_id": ""}, "nominated_by_city_id"),
        ({"statement": "x" * (STATEMENT_MIN_LENGTH - 1)}, "statement"),
        ({"statement": "   " + "x" * (STATEMENT_MIN_LENGTH - 1) + "   "}, "statement"),
        ({"statement": "x" * (STATEMENT_MAX_LENGTH + 1)}, "statement"),
        ({"statement": None}, "statement"),
        ({"vacancy_id": ""}, "vacancy_id"),
    ],
)
def test_receive_rejects(overrides: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidValue) as exc:
        received(**overrides)
    assert exc.value.field == field


def test_statement_limits_are_inclusive() -> None:
    assert received(statement="x" * STATEMENT_MIN_LENGTH).statement
    assert received(statement="x" * STATEMENT_MAX_LENGTH).statement


# --- the nominee's city -------------------------------------------------------------------------


def test_check_nominee_city_accepts_a_partner() -> None:
    assert check_nominee_city(FREETOWN, "city-freetown") is FREETOWN


def test_unknown_city_is_refused() -> None:
    with pytest.raises(RuleViolation, match=r"^city city-atlantis is not known to the registry$"):
        check_nominee_city(None, "city-atlantis")


@pytest.mark.parametrize(
    "status", [PartnershipStatus.PROSPECT, PartnershipStatus.ENGAGED, PartnershipStatus.INACTIVE]
)
def test_city_must_be_a_partner(status: PartnershipStatus) -> None:
    city = replace(FREETOWN, partnership_status=status)
    with pytest.raises(
        RuleViolation, match=rf"^city city-freetown is not a partner \(status: {status.value}\)$"
    ):
        check_nominee_city(city, "city-freetown")


def test_nominee_must_be_the_citys_mayor_when_asked() -> None:
    assert check_nominee_city(FREETOWN, "city-freetown", mayor_name=" yvonne  aki-sawyerr")
    with pytest.raises(RuleViolation, match="registry has Yvonne Aki-Sawyerr as the mayor"):
        check_nominee_city(FREETOWN, "city-freetown", mayor_name="Someone Else")
    unknown_mayor = replace(FREETOWN, mayor_name=None)
    assert check_nominee_city(unknown_mayor, "city-freetown", mayor_name="Someone Else")


def test_check_nominee_city_catches_a_wrong_lookup() -> None:
    with pytest.raises(ValueError, match="looked up city city-accra"):
        check_nominee_city(FREETOWN, "city-accra")


# --- life cycle ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("start", "target"), list(product(N, N)))
def test_transition_matrix(start: NominationStatus, target: NominationStatus) -> None:
    if start == target:
        with pytest.raises(RuleViolation, match="already"):
            check_nomination_transition(start, target)
    elif (start, target) in ALLOWED:
        check_nomination_transition(start, target)
        assert target in NOMINATION_TRANSITIONS[start]
    else:
        with pytest.raises(InvalidTransition) as exc:
            check_nomination_transition(start, target)
        assert exc.value.allowed == tuple(s.value for s in N if s in NOMINATION_TRANSITIONS[start])


def test_final_statuses_say_so() -> None:
    with pytest.raises(InvalidTransition, match="'selected' is final"):
        check_nomination_transition(N.SELECTED, N.CANDIDATE)


def test_selected_path() -> None:
    nomination = received()
    nomination.pull_events()

    nomination.make_candidate(ctx(1), "Put forward for seat 3.")
    nomination.mark_selected(ctx(2))

    assert nomination.status is N.SELECTED
    assert nomination.version == 3
    events = [e for e in nomination.pull_events() if isinstance(e, NominationStatusChanged)]
    assert [e.aggregate_version for e in events] == [2, 3]
    assert [(e.from_status, e.to_status, e.reason) for e in events] == [
        (N.RECEIVED, N.CANDIDATE, "Put forward for seat 3."),
        (N.CANDIDATE, N.SELECTED, None),
    ]
    assert [(c.from_status, c.to_status) for c in nomination.status_history] == [
        (N.RECEIVED, N.CANDIDATE),
        (N.CANDIDATE, N.SELECTED),
    ]


def test_not_selected() -> None:
    nomination = received()
    nomination.make_candidate(ctx())
    nomination.mark_not_selected(ctx(), "Another nominee was selected.")
    assert nomination.status is N.NOT_SELECTED


@pytest.mark.parametrize("as_candidate", [False, True])
def test_withdrawal_needs_a_reason(as_candidate: bool) -> None:
    nomination = received()
    if as_candidate:
        nomination.make_candidate(ctx())
    version = nomination.version
    with pytest.raises(InvalidValue) as exc:
        nomination.withdraw("  ", ctx())
    assert exc.value.field == "reason"
    assert nomination.version == version

    nomination.withdraw("The mayor withdrew for health reasons.", ctx())
    assert nomination.status is N.WITHDRAWN
    assert nomination.status_history[-1].reason == "The mayor withdrew for health reasons."


def test_refused_moves_change_nothing() -> None:
    nomination = received()
    nomination.pull_events()
    with pytest.raises(InvalidTransition):
        nomination.mark_selected(ctx())
    with pytest.raises(RuleViolation):
        nomination.change_status(N.RECEIVED, None, ctx())
    with pytest.raises(InvalidValue) as exc:
        nomination.change_status("elected", None, ctx())  # type: ignore[arg-type]
    assert exc.value.field == "to_status"
    assert nomination.version == 1
    assert nomination.pull_events() == []


def test_erase_nominator_anonymises_once() -> None:
    nomination = received()
    nomination.make_candidate(ctx(1))
    nomination.pull_events()

    assert nomination.erase_nominator(ctx(2))
    [event] = nomination.pull_events()
    assert isinstance(event, NominatorErased)
    assert (event.aggregate_id, event.aggregate_version) == ("nomination-17", 3)
    assert nomination.nominated_by_name == nomination.nominated_by_role == ERASED
    assert nomination.statement == ERASED
    assert nomination.nominated_by_email is None
    assert nomination.nominator_erased
    # Public facts stay: the nominee, the cities, the status and its history.
    assert nomination.mayor == mayor("Samuel Koroma", "city-accra")
    assert nomination.status is N.CANDIDATE
    assert nomination.nominated_by_city_id == "city-accra"
    # Asking again changes nothing.
    assert not nomination.erase_nominator(ctx(3))
    assert nomination.pull_events() == []
    assert nomination.version == 3
    restored = Nomination.from_document(json.loads(json.dumps(nomination.to_document())))
    assert restored == nomination


def test_document_round_trip() -> None:
    nomination = received()
    nomination.make_candidate(ctx(1))
    nomination.withdraw("Withdrawn by the city.", ctx(2))
    nomination.pull_events()
    document = nomination.to_document()
    assert document["_id"] == "nomination-17"
    restored = Nomination.from_document(json.loads(json.dumps(document)))
    assert restored == nomination
    assert restored.pending_events == []
