"""The Board's diversity and each candidate's effect on it."""

from __future__ import annotations

from mmc_board.domain.diversity import DiversityView, board_diversity, with_candidate
from mmc_contracts.cities import MigrationContext, SizeClass
from tests.unit.board.helpers import AMMAN, BRISTOL, FREETOWN, KAMPALA, MILAN, city

M = MigrationContext
BOARD = [FREETOWN, KAMPALA, MILAN]


def test_board_diversity_counts() -> None:
    view = board_diversity([*BOARD, FREETOWN])  # each city counts once

    assert view == DiversityView(
        cities=3,
        regions={"Africa": 2, "Europe": 1},
        sub_regions={"Southern Europe": 1, "Sub-Saharan Africa": 2},
        countries={"IT": 1, "SL": 1, "UG": 1},
        migration_contexts={
            M.DESTINATION: 2,
            M.TRANSIT: 1,
            M.REFUGEE_HOSTING: 1,
            M.CLIMATE_MOBILITY: 1,
        },
        size_classes={SizeClass.PRIMARY: 3},
    )
    assert list(view.migration_contexts) == [
        M.DESTINATION,
        M.TRANSIT,
        M.REFUGEE_HOSTING,
        M.CLIMATE_MOBILITY,
    ]


def test_empty_board() -> None:
    view = board_diversity([])
    assert view.cities == 0
    assert view.regions == {} == view.size_classes


def test_candidate_from_a_new_region() -> None:
    effect = with_candidate(BOARD, AMMAN)

    assert effect.changes == ["adds a new region: Asia", "adds a new country: JO"]
    assert effect.adds_diversity
    assert effect.view.cities == 4
    assert effect.view.regions == {"Africa": 2, "Asia": 1, "Europe": 1}
    assert effect.view.migration_contexts[M.REFUGEE_HOSTING] == 2
    assert effect.city is AMMAN


def test_first_secondary_city_and_new_sub_region() -> None:
    effect = with_candidate(BOARD, BRISTOL)

    assert effect.changes == [
        "adds a new sub-region: Northern Europe",
        "adds a new country: GB",
        "first secondary city",
    ]
    assert effect.view.size_classes == {SizeClass.PRIMARY: 3, SizeClass.SECONDARY: 1}


def test_new_migration_contexts_are_listed_each() -> None:
    dhaka = city(
        "city-dhaka",
        "Dhaka",
        "BD",
        "Asia",
        "Southern Asia",
        (M.INTERNAL_DISPLACEMENT, M.CLIMATE_MOBILITY, M.ORIGIN),
        size=SizeClass.GLOBAL,
    )
    effect = with_candidate(BOARD, dhaka)
    assert effect.changes == [
        "adds a new region: Asia",
        "adds a new country: BD",
        "adds a new migration context: origin",
        "adds a new migration context: internal displacement",
        "first global city",
    ]


def test_a_candidate_adding_nothing_new() -> None:
    accra_like = city("city-kumasi", "Kumasi", "UG", "Africa", "Sub-Saharan Africa")
    effect = with_candidate(BOARD, accra_like)
    assert effect.changes == []
    assert not effect.adds_diversity
    assert effect.view.cities == 4


def test_a_city_already_on_the_board_adds_nothing() -> None:
    effect = with_candidate(BOARD, FREETOWN)
    assert effect.changes == []
    assert effect.view == board_diversity(BOARD)


def test_candidates_side_by_side() -> None:
    """Each candidate is measured against the same Board, not against each other."""
    effects = {c.name: with_candidate(BOARD, c).changes for c in (AMMAN, BRISTOL)}
    assert "adds a new region: Asia" in effects["Amman"]
    assert "first secondary city" in effects["Bristol"]
    assert board_diversity(BOARD).cities == 3
