"""Mobilisation lists for an approaching policy moment: who is listed, in which order and why;
contacts and answers; inputs that arrive after the list was opened."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from mmc_contracts import EventContext
from mmc_contracts.cities import MigrationContext as M
from mmc_contracts.cities import PartnershipStatus as P
from mmc_contracts.cities import SizeClass
from mmc_contracts.rules import InvalidValue, RuleViolation
from mmc_outreach.domain.cities_view import KnownCity
from mmc_outreach.domain.mobilisation import MobilisationList, rank_for_mobilisation

CTX = EventContext(actor="staff-1", at=datetime(2026, 12, 2, tzinfo=UTC))


def city(
    name: str,
    region: str,
    status: P = P.PARTNER,
    size: SizeClass = SizeClass.PRIMARY,
    contexts: tuple[M, ...] = (M.DESTINATION,),
) -> KnownCity:
    return KnownCity(
        id=name.lower(),
        name=name,
        country_code="XX",
        region=region,
        sub_region=region,
        size_class=size,
        partnership_status=status,
        migration_contexts=frozenset(contexts),
    )


CITIES = [
    city("Milan", "Europe", contexts=(M.DESTINATION, M.TRANSIT)),  # has an input
    city("Lyon", "Europe", size=SizeClass.SECONDARY),
    city("Athens", "Europe", contexts=(M.REFUGEE_HOSTING,)),
    city("Accra", "Africa"),
    city("Kampala", "Africa", status=P.PROSPECT),  # not a partner: not listed
]


def test_cities_with_an_input_are_left_out_and_uncovered_regions_come_first() -> None:
    ranked = rank_for_mobilisation(CITIES, {"milan"})
    assert [p.city_name for p in ranked] == ["Accra", "Athens", "Lyon"]
    assert ranked[0].reasons == ("no city input yet from Africa",)
    assert ranked[1].reasons == ("contexts no input speaks for: refugee hosting",)
    assert ranked[2].reasons == ("secondary city",)
    assert [p.points for p in ranked] == [100, 10, 1]


def test_with_no_input_at_all_every_region_is_uncovered() -> None:
    ranked = rank_for_mobilisation(CITIES, set())
    assert {p.city_id for p in ranked} == {"milan", "lyon", "athens", "accra"}
    assert all(p.reasons[0].startswith("no city input yet from") for p in ranked)


def opened() -> MobilisationList:
    return MobilisationList.open(
        "list-1",
        moment_id="moment-1",
        moment_name="Global Refugee Forum",
        starts_on=date(2027, 1, 31),
        advocacy_event_id="event-1",
        ranked=rank_for_mobilisation(CITIES, {"milan"}),
        context=CTX,
    )


def test_staff_record_contacts_and_answers() -> None:
    mobilisation = opened()
    with pytest.raises(RuleViolation):
        mobilisation.answered("accra", True, CTX)  # not contacted yet
    mobilisation.contacted("accra", CTX)
    with pytest.raises(RuleViolation):
        mobilisation.contacted("accra", CTX)
    mobilisation.answered("accra", True, CTX)
    with pytest.raises(InvalidValue):
        mobilisation.contacted("milan", CTX)  # it gave its input: not on the list
    first = mobilisation.cities[0]
    assert (first.city_id, first.contacted, first.answered, first.will_contribute) == (
        "accra",
        True,
        True,
        True,
    )
    assert [type(e).__name__ for e in mobilisation.pull_events()] == [
        "MobilisationListOpened",
        "MobilisationCityContacted",
        "MobilisationCityAnswered",
    ]
    assert mobilisation.version == 3


def test_an_input_arriving_later_marks_its_city_once() -> None:
    mobilisation = opened()
    mobilisation.pull_events()
    assert mobilisation.input_arrived("lyon", CTX) is True
    assert mobilisation.input_arrived("lyon", CTX) is False
    assert mobilisation.input_arrived("milan", CTX) is False  # not listed
    assert [c.city_id for c in mobilisation.cities if c.input_received] == ["lyon"]
    assert [type(e).__name__ for e in mobilisation.pull_events()] == ["MobilisationInputReceived"]
