"""The `MobilisationList` aggregate: partner cities to mobilise for an approaching policy moment.

Opened when advocacy announces that a policy moment approaches (`PolicyMomentApproaching`). It
lists the partner cities with no input for the moment yet, the regions and migration contexts
that no city input covers first (so the cities' voice at the moment is not one region's), each
with its reason. Staff then record who was contacted and who answered, like a nomination call.
A city whose input reaches advocacy after the list was opened is marked, not removed: the list
keeps the history of the mobilisation.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from datetime import date

from pydantic import AwareDatetime, BaseModel, Field

from mmc_chassis.aggregate import ModelAggregate
from mmc_contracts.cities import SizeClass
from mmc_contracts.envelope import EventContext
from mmc_contracts.outreach import (
    MobilisationCityAnswered,
    MobilisationCityContacted,
    MobilisationInputReceived,
    MobilisationListOpened,
)
from mmc_contracts.rules import InvalidValue, RuleViolation
from mmc_outreach.domain.cities_view import KnownCity
from mmc_outreach.domain.priority import Priority

REGION_WITHOUT_INPUT_POINTS = 100
CONTEXT_WITHOUT_INPUT_POINTS = 10
SECONDARY_POINTS = 1


def _words(value: str) -> str:
    return value.replace("_", " ")


def rank_for_mobilisation(
    cities: Iterable[KnownCity], with_input: Collection[str]
) -> list[Priority]:
    """Partner cities with no input for the moment (ids not in `with_input`), to mobilise.

    A region no city input comes from scores 100 (so it always comes first), each migration
    context no city input speaks for 10, a secondary city 1; equal points by name, then id.
    """
    all_cities = list(cities)
    contributing = [city for city in all_cities if city.id in with_input]
    covered_regions = {city.region for city in contributing}
    covered_contexts = {c for city in contributing for c in city.migration_contexts}
    ranked: list[Priority] = []
    for city in all_cities:
        if not city.is_partner or city.id in with_input:
            continue
        points, reasons = 0, []
        if city.region not in covered_regions:
            points += REGION_WITHOUT_INPUT_POINTS
            reasons.append(f"no city input yet from {city.region}")
        missing = sorted(city.migration_contexts - covered_contexts)
        if missing:
            points += CONTEXT_WITHOUT_INPUT_POINTS * len(missing)
            reasons.append("contexts no input speaks for: " + ", ".join(_words(c) for c in missing))
        if city.size_class is SizeClass.SECONDARY:
            points += SECONDARY_POINTS
            reasons.append("secondary city")
        ranked.append(Priority(city.id, city.name, points, tuple(reasons)))
    return sorted(ranked, key=lambda p: (-p.points, p.city_name.casefold(), p.city_id))


class Mobilised(BaseModel):
    city_id: str
    city_name: str
    points: int
    reasons: list[str]
    contacted: bool = False
    answered: bool = False
    will_contribute: bool | None = None
    input_received: bool = False


class MobilisationList(ModelAggregate):
    moment_id: str
    moment_name: str
    starts_on: date
    advocacy_event_id: str
    opened_at: AwareDatetime
    cities: list[Mobilised] = Field(default_factory=list)

    @classmethod
    def open(
        cls,
        list_id: str,
        *,
        moment_id: str,
        moment_name: str,
        starts_on: date,
        advocacy_event_id: str,
        ranked: Sequence[Priority],
        context: EventContext,
    ) -> MobilisationList:
        opened = cls(
            id=list_id,
            moment_id=moment_id,
            moment_name=moment_name,
            starts_on=starts_on,
            advocacy_event_id=advocacy_event_id,
            opened_at=context.at,
            cities=[
                Mobilised(
                    city_id=p.city_id, city_name=p.city_name, points=p.points, reasons=[*p.reasons]
                )
                for p in ranked
            ],
        )
        opened._record(
            MobilisationListOpened,
            context,
            moment_id=moment_id,
            moment_name=moment_name,
            starts_on=starts_on,
            advocacy_event_id=advocacy_event_id,
            listed_city_ids=[p.city_id for p in ranked],
        )
        return opened

    def contacted(self, city_id: str, context: EventContext) -> None:
        city = self._city(city_id)
        if city.contacted:
            raise RuleViolation("that city was already contacted")
        city.contacted = True
        self._record(MobilisationCityContacted, context, city_id=city_id)

    def answered(self, city_id: str, will_contribute: bool, context: EventContext) -> None:
        city = self._city(city_id)
        if not city.contacted:
            raise RuleViolation("that city was not contacted yet")
        city.answered, city.will_contribute = True, will_contribute
        self._record(
            MobilisationCityAnswered, context, city_id=city_id, will_contribute=will_contribute
        )

    def input_arrived(self, city_id: str, context: EventContext) -> bool:
        """Mark a listed city whose input arrived; False when it is not listed or marked."""
        city = next((c for c in self.cities if c.city_id == city_id), None)
        if city is None or city.input_received:
            return False
        city.input_received = True
        self._record(MobilisationInputReceived, context, city_id=city_id)
        return True

    def _city(self, city_id: str) -> Mobilised:
        for city in self.cities:
            if city.city_id == city_id:
                return city
        raise InvalidValue("city_id", "the city is not on this list")
