"""The Board's diversity, and what each nominee would change in it.

Nominees are selected "with consideration made to preserving the diversity in cities and
migration contexts represented on the Board". :func:`board_diversity` counts the Board's cities
by region, sub-region, country, migration context and size class; :func:`with_candidate` shows,
for one nominee's city, the counts after the nominee joins and a short list of what that adds
("adds a new region: Asia", "first secondary city"), so staff and voters see each nominee's
effect side by side.

Each city counts once, however many of its mayors sit on the Board. To show the effect of
filling a vacancy, pass the Board *without* the seat being filled.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from mmc_board.domain.cities_view import KnownCity
from mmc_contracts.cities import MigrationContext, SizeClass

__all__ = ["CandidateEffect", "DiversityView", "board_diversity", "with_candidate"]


@dataclass(frozen=True)
class DiversityView:
    """How many of a set of cities fall in each region, sub-region, country, migration
    context and size class. Only what is present is listed; regions, sub-regions and countries
    are sorted by name, contexts and size classes in their enumeration's order."""

    cities: int
    regions: dict[str, int]
    sub_regions: dict[str, int]
    countries: dict[str, int]
    migration_contexts: dict[MigrationContext, int]
    size_classes: dict[SizeClass, int]


@dataclass(frozen=True)
class CandidateEffect:
    """The Board's diversity with a nominee's city added, and what that changes."""

    city: KnownCity
    view: DiversityView
    """The counts after the city joins."""
    changes: list[str]
    """What the city adds, in a few words each; empty when it adds nothing new."""

    @property
    def adds_diversity(self) -> bool:
        return bool(self.changes)


def board_diversity(serving: Iterable[KnownCity]) -> DiversityView:
    """The diversity of the cities of ``serving`` (each city once)."""
    cities = list({city.id: city for city in serving}.values())
    contexts = Counter(context for city in cities for context in city.migration_contexts)
    sizes = Counter(city.size_class for city in cities)
    return DiversityView(
        cities=len(cities),
        regions=_sorted_counts(city.region for city in cities),
        sub_regions=_sorted_counts(city.sub_region for city in cities),
        countries=_sorted_counts(city.country_code for city in cities),
        migration_contexts={c: contexts[c] for c in MigrationContext if contexts[c]},
        size_classes={s: sizes[s] for s in SizeClass if sizes[s]},
    )


def with_candidate(serving: Iterable[KnownCity], candidate_city: KnownCity) -> CandidateEffect:
    """The diversity of ``serving`` plus ``candidate_city``, and what the candidate adds.

    ``changes`` lists, in this order: a new region (or, within a region already present, a new
    sub-region), a new country, each new migration context, a first city of its size class.
    A city already on the Board adds nothing.
    """
    board = list({city.id: city for city in serving}.values())
    before = board_diversity(board)
    after = board_diversity([*board, candidate_city])
    changes: list[str] = []
    if any(city.id == candidate_city.id for city in board):
        return CandidateEffect(city=candidate_city, view=after, changes=changes)
    if candidate_city.region not in before.regions:
        changes.append(f"adds a new region: {candidate_city.region}")
    elif candidate_city.sub_region not in before.sub_regions:
        changes.append(f"adds a new sub-region: {candidate_city.sub_region}")
    if candidate_city.country_code not in before.countries:
        changes.append(f"adds a new country: {candidate_city.country_code}")
    changes.extend(
        f"adds a new migration context: {_words(context)}"
        for context in MigrationContext
        if context in candidate_city.migration_contexts and context not in before.migration_contexts
    )
    if candidate_city.size_class not in before.size_classes:
        changes.append(f"first {candidate_city.size_class.value} city")
    return CandidateEffect(city=candidate_city, view=after, changes=changes)


def _sorted_counts(values: Iterable[str]) -> dict[str, int]:
    return dict(sorted(Counter(values).items()))


def _words(context: MigrationContext) -> str:
    return context.value.replace("_", " ")
