"""The Vacancy aggregate: opened once, filled once."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from mmc_board.domain.errors import InvalidValue, RuleViolation
from mmc_board.domain.vacancy import Vacancy, VacancyStatus
from mmc_contracts.board import MembershipEndReason, SeatVacated, VacancyFilled
from tests.unit.board.helpers import ctx, mayor, seated

R = MembershipEndReason


def opened() -> Vacancy:
    membership = seated()
    membership.end(R.RESIGNED, date(2027, 3, 14), None, ctx())
    assert membership.vacant_from is not None
    vacancy = Vacancy.open(
        "vacancy-5",
        membership.seat,
        R.RESIGNED,
        membership.vacant_from,
        ctx(),
        previous_membership_id=membership.id,
        previous_mayor=membership.mayor,
    )
    return vacancy


def test_open_records_seat_vacated() -> None:
    vacancy = opened()

    assert vacancy.status is VacancyStatus.OPEN
    assert vacancy.is_open
    assert vacancy.opened_on == date(2027, 3, 15)
    [event] = vacancy.pull_events()
    assert isinstance(event, SeatVacated)
    assert event.aggregate_id == "vacancy-5"
    assert event.seat == 1
    assert event.reason is R.RESIGNED
    assert event.vacated_on == date(2027, 3, 15)
    assert event.membership_id == "membership-1"
    assert event.previous_mayor == mayor()


def test_open_without_a_previous_membership() -> None:
    vacancy = Vacancy.open("vacancy-6", 11, R.TERM_ENDED, date(2027, 1, 1), ctx())
    [event] = vacancy.pull_events()
    assert isinstance(event, SeatVacated)
    assert event.previous_mayor is None
    assert event.membership_id is None


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"vacancy_id": ""}, "vacancy_id"),
        ({"seat": -1}, "seat"),
        ({"reason": "boredom"}, "reason"),
        ({"vacated_on": None}, "vacated_on"),
        ({"previous_membership_id": "membership-1"}, "previous_mayor"),
        ({"previous_mayor": mayor()}, "previous_membership_id"),
    ],
)
def test_open_rejects(overrides: dict[str, Any], field: str) -> None:
    arguments: dict[str, Any] = {
        "vacancy_id": "vacancy-5",
        "seat": 1,
        "reason": R.RESIGNED,
        "vacated_on": date(2027, 1, 1),
        "context": ctx(),
    }
    arguments.update(overrides)
    with pytest.raises(InvalidValue) as exc:
        Vacancy.open(**arguments)
    assert exc.value.field == field


def test_fill() -> None:
    vacancy = opened()
    vacancy.pull_events()

    vacancy.fill("membership-11", "round-4", ctx())

    assert vacancy.status is VacancyStatus.FILLED
    assert (vacancy.filled_by, vacancy.round_id, vacancy.version) == (
        "membership-11",
        "round-4",
        2,
    )
    [event] = vacancy.pull_events()
    assert isinstance(event, VacancyFilled)
    assert (event.seat, event.membership_id, event.round_id) == (1, "membership-11", "round-4")
    assert event.aggregate_version == 2


def test_fill_by_appointment_has_no_round() -> None:
    vacancy = opened()
    vacancy.fill("membership-12", None, ctx())
    assert vacancy.round_id is None


def test_filled_vacancy_refuses_another_mayor() -> None:
    vacancy = opened()
    vacancy.fill("membership-11", "round-4", ctx())
    vacancy.pull_events()

    with pytest.raises(RuleViolation, match="already filled"):
        vacancy.fill("membership-12", "round-5", ctx())
    with pytest.raises(RuleViolation, match="already filled"):
        vacancy.fill("membership-11", "round-5", ctx())
    assert vacancy.filled_by == "membership-11"
    assert vacancy.version == 2


def test_filling_again_with_the_same_membership_changes_nothing() -> None:
    vacancy = opened()
    vacancy.fill("membership-11", "round-4", ctx())
    vacancy.pull_events()

    vacancy.fill("membership-11", "round-4", ctx())

    assert vacancy.pull_events() == []
    assert vacancy.version == 2


def test_fill_rejects_blank_ids() -> None:
    with pytest.raises(InvalidValue) as exc:
        opened().fill(" ", None, ctx())
    assert exc.value.field == "membership_id"


def test_document_round_trip() -> None:
    vacancy = opened()
    vacancy.fill("membership-11", "round-4", ctx(1))
    vacancy.pull_events()
    document = vacancy.to_document()
    assert document["_id"] == "vacancy-5"
    assert Vacancy.from_document(json.loads(json.dumps(document))) == vacancy
