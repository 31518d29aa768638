"""Which cities to reach out to first, and why: secondary cities, and regions and migration
contexts the partners and the Leadership Board lack.

Points (each with the sentence that explains it):

* a secondary city: 3 ("largely underrepresented", says the founding text);
* a region with no partner city: 3; a region with partners but no Board seat: 1;
* each of the city's migration contexts no partner city has: 1.

Cities rank by points, then by name. `rank_for_nomination` orders partner cities for a Board
seat call: a region without a Board seat first (it outweighs everything else), then contexts the
Board lacks, then secondary cities.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from mmc_contracts.cities import MigrationContext, SizeClass
from mmc_outreach.domain.cities_view import KnownCity

SECONDARY_POINTS = 3
REGION_WITHOUT_PARTNER_POINTS = 3
REGION_WITHOUT_BOARD_POINTS = 1
CONTEXT_POINTS = 1


@dataclass(frozen=True)
class Coverage:
    """The regions and migration contexts that partner cities and Board cities cover."""

    partner_regions: frozenset[str]
    partner_contexts: frozenset[MigrationContext]
    board_regions: frozenset[str]
    board_contexts: frozenset[MigrationContext]

    @classmethod
    def of(cls, cities: Iterable[KnownCity]) -> Coverage:
        partners = [city for city in cities if city.is_partner or city.on_board]
        board = [city for city in partners if city.on_board]
        return cls(
            partner_regions=frozenset(city.region for city in partners if city.is_partner),
            partner_contexts=frozenset(
                c for city in partners if city.is_partner for c in city.migration_contexts
            ),
            board_regions=frozenset(city.region for city in board),
            board_contexts=frozenset(c for city in board for c in city.migration_contexts),
        )


@dataclass(frozen=True)
class Priority:
    city_id: str
    city_name: str
    points: int
    reasons: tuple[str, ...]


def _words(value: str) -> str:
    return value.replace("_", " ")


def priority(city: KnownCity, coverage: Coverage) -> Priority:
    """The city's outreach priority against what partners and the Board already cover."""
    points = 0
    reasons: list[str] = []
    if city.size_class is SizeClass.SECONDARY:
        points += SECONDARY_POINTS
        reasons.append(f"secondary city (+{SECONDARY_POINTS})")
    if city.region not in coverage.partner_regions:
        points += REGION_WITHOUT_PARTNER_POINTS
        reasons.append(f"no partner city in {city.region} (+{REGION_WITHOUT_PARTNER_POINTS})")
    elif city.region not in coverage.board_regions:
        points += REGION_WITHOUT_BOARD_POINTS
        reasons.append(f"no Board seat in {city.region} (+{REGION_WITHOUT_BOARD_POINTS})")
    for context in sorted(city.migration_contexts - coverage.partner_contexts):
        points += CONTEXT_POINTS
        reasons.append(f"{_words(context)} context no partner city has (+{CONTEXT_POINTS})")
    return Priority(city.id, city.name, points, tuple(reasons))


def rank(cities: Iterable[KnownCity], coverage: Coverage) -> list[Priority]:
    """Highest priority first; equal points by name, then id."""
    ranked = [priority(city, coverage) for city in cities]
    return sorted(ranked, key=lambda p: (-p.points, p.city_name.casefold(), p.city_id))


def rank_for_nomination(cities: Iterable[KnownCity]) -> list[Priority]:
    """Partner cities not on the Board, for a nomination call: underrepresented regions first.

    A region without a Board seat scores 100 (so it always comes first), each migration context
    the Board lacks 10, a secondary city 1.
    """
    all_cities = list(cities)
    coverage = Coverage.of(all_cities)
    ranked: list[Priority] = []
    for city in all_cities:
        if not city.is_partner or city.on_board:
            continue
        points, reasons = 0, []
        if city.region not in coverage.board_regions:
            points += 100
            reasons.append(f"no Board seat in {city.region}")
        missing = sorted(city.migration_contexts - coverage.board_contexts)
        if missing:
            points += 10 * len(missing)
            reasons.append("contexts the Board lacks: " + ", ".join(_words(c) for c in missing))
        if city.size_class is SizeClass.SECONDARY:
            points += 1
            reasons.append("secondary city")
        ranked.append(Priority(city.id, city.name, points, tuple(reasons)))
    return sorted(ranked, key=lambda p: (-p.points, p.city_name.casefold(), p.city_id))
