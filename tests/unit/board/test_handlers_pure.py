"""The board service's pure helpers: derived ids, the read model's documents, the API's bounds."""

from __future__ import annotations

from datetime import timedelta

import pytest
from pydantic import ValidationError

from mmc_board.adapters.cities_view import CityFilter, known_city, search_name
from mmc_board.domain import term_end
from mmc_board.entrypoints.models.common import LATEST
from mmc_board.entrypoints.models.memberships import RenewIn, SeatMayorIn
from mmc_board.entrypoints.models.nominations import VoterIn
from mmc_board.ids import membership_id_for_round, vacancy_id_for
from mmc_chassis.ids import derived_id, new_id
from mmc_contracts.cities import MigrationContext, PartnershipStatus, SizeClass


def test_derived_ids_are_stable_distinct_and_valid_path_ids() -> None:
    membership = new_id()
    assert vacancy_id_for(membership) == vacancy_id_for(membership)
    assert vacancy_id_for(membership) != vacancy_id_for(new_id())
    assert membership_id_for_round("r") != vacancy_id_for("r")  # the kind is part of the id
    assert derived_id("vacancy", "m") == vacancy_id_for("m")
    assert len(vacancy_id_for(membership)) == 32
    assert vacancy_id_for(membership).isalnum()


@pytest.mark.parametrize(
    ("name", "key"),
    [("Zürich", "zurich"), ("São  Paulo", "sao paulo"), ("Saint-Denis", "saint denis")],
)
def test_search_names_ignore_case_accents_and_punctuation(name: str, key: str) -> None:
    assert search_name(name) == key


def test_a_document_without_its_registration_is_not_a_known_city() -> None:
    partial = {"_id": "c1", "version": 4, "partnership_status": "partner"}
    assert known_city(partial) is None
    full = {
        **partial,
        "name": "Freetown",
        "country_code": "SL",
        "region": "Africa",
        "sub_region": "Sub-Saharan Africa",
        "migration_contexts": ["destination"],
        "size_class": "primary",
        "mayor_name": None,
    }
    city = known_city(full)
    assert city is not None
    assert city.migration_contexts == frozenset({MigrationContext.DESTINATION})
    assert (city.size_class, city.is_partner) == (SizeClass.PRIMARY, True)


def test_the_city_filter_matches_part_of_the_name_literally() -> None:
    query = CityFilter(partnership_status=PartnershipStatus.PARTNER, q="Zü.r").query()
    assert query["partnership_status"] == "partner"
    assert query["search_name"] == {"$regex": r"zu\ r"}


def test_the_latest_day_the_api_takes_still_has_a_term_end() -> None:
    assert term_end(LATEST) > LATEST
    with pytest.raises(ValidationError):
        RenewIn.model_validate({"start": (LATEST + timedelta(days=1)).isoformat()})


@pytest.mark.parametrize(
    "body",
    [
        {"city_id": "c", "term_start": "2026-01-01", "via": "selection"},
        {"city_id": "c", "term_start": "2026-01-01", "mayor_name": "   "},
        {"city_id": "c", "term_start": "2026-01-01", "mayor_name": "A\x00B"},
        {"city_id": "../c", "term_start": "2026-01-01"},
        {"city_id": "c", "term_start": "2026-01-01", "extra": 1},
    ],
)
def test_seating_requests_refuse_junk(body: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        SeatMayorIn.model_validate(body)


def test_voter_ids_are_slugs() -> None:
    assert VoterIn.model_validate({"id": "c40-cities", "name": "C40"}).id == "c40-cities"
    with pytest.raises(ValidationError):
        VoterIn.model_validate({"id": "C40 Cities", "name": "C40"})
