"""The board's events and topics in the contracts package."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from mmc_contracts import ALL_EVENTS, Event, decode, encode, events_on, topics
from mmc_contracts.board import (
    BallotCast,
    BoardMeetingRecorded,
    Mayor,
    MayorLeftBoard,
    MayorSeated,
    NominationReceived,
    NominationStatusChanged,
    NominatorErased,
    NomineeSelected,
    SeatVacated,
    SelectionRoundClosedWithoutSelection,
    SelectionRoundOpened,
    TermEndingAnnounced,
    TermRenewed,
    VacancyFilled,
)
from mmc_contracts.sealed import Sealed
from tests.unit.contracts.samples import CONTEXT, SAMPLES

BOARD_EVENTS = [cls for cls in ALL_EVENTS if cls.service == "board"]


def test_topics() -> None:
    assert topics.BOARD_MEMBERSHIP == "mmc.board.membership.v1"
    assert topics.BOARD_VACANCY == "mmc.board.vacancy.v1"
    assert topics.BOARD_NOMINATION == "mmc.board.nomination.v2"
    assert topics.BOARD_SELECTION_ROUND == "mmc.board.selection-round.v1"
    assert topics.BOARD_MEETING == "mmc.board.meeting.v1"
    for topic in (
        topics.BOARD_MEMBERSHIP,
        topics.BOARD_VACANCY,
        topics.BOARD_NOMINATION,
        topics.BOARD_SELECTION_ROUND,
        topics.BOARD_MEETING,
    ):
        assert topic in topics.ALL_TOPICS


def test_events_on_board_topics() -> None:
    assert events_on(topics.BOARD_MEMBERSHIP) == (
        MayorSeated,
        TermRenewed,
        TermEndingAnnounced,
        MayorLeftBoard,
    )
    assert events_on(topics.BOARD_VACANCY) == (SeatVacated, VacancyFilled)
    assert events_on(topics.BOARD_NOMINATION) == (
        NominationReceived,
        NominationStatusChanged,
        NominatorErased,
    )
    assert events_on(topics.BOARD_SELECTION_ROUND) == (
        SelectionRoundOpened,
        BallotCast,
        NomineeSelected,
        SelectionRoundClosedWithoutSelection,
    )
    assert events_on(topics.BOARD_MEETING) == (BoardMeetingRecorded,)
    assert len(BOARD_EVENTS) == 14


@pytest.mark.parametrize("cls", BOARD_EVENTS, ids=lambda cls: cls.__name__)
def test_every_field_is_described(cls: type[Event]) -> None:
    assert cls.__doc__
    major = 2 if cls.topic == topics.BOARD_NOMINATION else 1
    assert cls.event_type() == f"org.mayorsmigrationcouncil.board.{cls.__name__}.v{major}"
    for name, info in cls.model_fields.items():
        assert info.description, f"{cls.__name__}.{name} has no description"


@pytest.mark.parametrize("cls", BOARD_EVENTS, ids=lambda cls: cls.__name__)
def test_round_trip(cls: type[Event]) -> None:
    record = encode(SAMPLES[cls])
    assert decode(record.value, record.headers) == SAMPLES[cls]
    assert record.topic == cls.topic


def test_membership_events_name_mayor_and_seat() -> None:
    for cls in events_on(topics.BOARD_MEMBERSHIP):
        assert cls.model_fields["mayor"].is_required()
        assert cls.model_fields["seat"].is_required()
    for cls in events_on(topics.BOARD_SELECTION_ROUND):
        assert cls.model_fields["vacancy_id"].is_required()


def test_ballots_stay_secret() -> None:
    assert set(BallotCast.model_fields) - set(Event.model_fields) == {
        "vacancy_id",
        "voter_id",
        "voter_kind",
    }


def test_nominators_travel_sealed() -> None:
    """What the nominator wrote and who they are is sealed with their key at board."""
    for name in ("nominated_by_name", "nominated_by_role", "statement"):
        assert NominationReceived.model_fields[name].annotation is Sealed
    assert set(NominatorErased.model_fields) == set(Event.model_fields)


def test_mayor_shape() -> None:
    mayor = Mayor(name=" Yvonne ", city_id="city-1", city_name="Freetown", country_code="SL")
    assert mayor.name == "Yvonne"
    with pytest.raises(ValidationError):
        Mayor(name="Y", city_id="city-1", city_name="Freetown", country_code="sl")
    with pytest.raises(ValidationError):
        Mayor(name="Y", city_id=" ", city_name="Freetown", country_code="SL")


def test_shape_rules() -> None:
    sample = SAMPLES[MayorSeated]
    assert isinstance(sample, MayorSeated)
    with pytest.raises(ValidationError):
        MayorSeated.stamp(
            CONTEXT,
            aggregate_id="m-1",
            aggregate_version=1,
            mayor=sample.mayor,
            seat=0,
            term_start=date(2026, 1, 1),
            term_end=date(2027, 12, 31),
            via="founding",
        )
    with pytest.raises(ValidationError):
        TermEndingAnnounced.stamp(
            CONTEXT,
            aggregate_id="m-1",
            aggregate_version=2,
            mayor=sample.mayor,
            seat=1,
            term_end=date(2026, 1, 1),
            days_left=-1,
        )
    assert VacancyFilled.model_fields["round_id"].default is None
