"""The partnership life cycle and the domain errors."""

from __future__ import annotations

from itertools import product

import pytest

from mmc_cities.domain.errors import DomainError, InvalidTransition, InvalidValue, RuleViolation
from mmc_cities.domain.partnership import (
    REASON_MAX_LENGTH,
    TRANSITIONS,
    allowed_next,
    check_reason,
    check_transition,
)
from mmc_contracts.cities import PartnershipStatus

P = PartnershipStatus

ALLOWED: set[tuple[PartnershipStatus, PartnershipStatus]] = {
    (P.PROSPECT, P.ENGAGED),
    (P.PROSPECT, P.INACTIVE),
    (P.ENGAGED, P.PARTNER),
    (P.ENGAGED, P.PROSPECT),
    (P.ENGAGED, P.INACTIVE),
    (P.PARTNER, P.INACTIVE),
    (P.INACTIVE, P.ENGAGED),
}

MATRIX = list(product(PartnershipStatus, PartnershipStatus))


def test_table_covers_every_status() -> None:
    assert set(TRANSITIONS) == set(PartnershipStatus)
    assert {(a, b) for a, nexts in TRANSITIONS.items() for b in nexts} == ALLOWED


@pytest.mark.parametrize("status", list(PartnershipStatus))
def test_allowed_next(status: PartnershipStatus) -> None:
    expected = frozenset(b for a, b in ALLOWED if a == status)
    assert allowed_next(status) == expected
    assert isinstance(allowed_next(status), frozenset)
    assert allowed_next(status), "no partnership status is a dead end"


def test_allowed_next_accepts_the_plain_value() -> None:
    assert allowed_next("prospect") == {P.ENGAGED, P.INACTIVE}  # type: ignore[arg-type]


@pytest.mark.parametrize(("from_status", "to_status"), MATRIX)
def test_transition_matrix(from_status: PartnershipStatus, to_status: PartnershipStatus) -> None:
    if from_status == to_status:
        with pytest.raises(RuleViolation, match="already"):
            check_transition(from_status, to_status)
    elif (from_status, to_status) in ALLOWED:
        check_transition(from_status, to_status)
    else:
        with pytest.raises(InvalidTransition) as caught:
            check_transition(from_status, to_status)
        error = caught.value
        assert error.from_status == from_status.value
        assert error.to_status == to_status.value
        assert set(error.allowed) == {b.value for a, b in ALLOWED if a == from_status}
        for allowed in error.allowed:
            assert allowed in error.message


def test_invalid_transition_message() -> None:
    with pytest.raises(InvalidTransition) as caught:
        check_transition(P.PROSPECT, P.PARTNER)
    assert caught.value.allowed == ("engaged", "inactive")
    assert caught.value.message == (
        "cannot change partnership status from 'prospect' to 'partner'; "
        "allowed next: engaged, inactive"
    )
    assert isinstance(caught.value, DomainError)


@pytest.mark.parametrize("reason", [None, "", "   ", "\n\t"])
def test_reason_is_required(reason: str | None) -> None:
    with pytest.raises(InvalidValue) as caught:
        check_reason(reason)
    assert caught.value.field == "reason"


def test_reason_is_trimmed_and_limited() -> None:
    assert check_reason("  signed the agreement \n") == "signed the agreement"
    assert check_reason("x" * REASON_MAX_LENGTH) == "x" * REASON_MAX_LENGTH
    with pytest.raises(InvalidValue, match="1000"):
        check_reason("x" * (REASON_MAX_LENGTH + 1))


def test_reason_field_name_can_be_chosen() -> None:
    with pytest.raises(InvalidValue) as caught:
        check_reason("", field="body.reason")
    assert caught.value.field == "body.reason"


# --- the error classes ---------------------------------------------------------------------


def test_invalid_value_carries_field_and_message() -> None:
    error = InvalidValue("profile.country_code", "unknown code")
    assert error.field == "profile.country_code"
    assert error.message == "unknown code"
    assert str(error) == "profile.country_code: unknown code"
    assert isinstance(error, DomainError)


def test_invalid_transition_from_a_final_status() -> None:
    error = InvalidTransition("closed", "triaged", [])
    assert error.allowed == ()
    assert "'closed' is final" in error.message


def test_rule_violation_message() -> None:
    error = RuleViolation("nope")
    assert error.message == "nope"
    assert str(error) == "nope"
    assert isinstance(error, DomainError)
