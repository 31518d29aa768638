"""The cities service's parts: its settings and stores, built once by `app.py` and handed to
the routes and the reactions."""

from __future__ import annotations

from dataclasses import dataclass

from mmc_chassis.projection import ERASED_PEOPLE, ErasedPeople
from mmc_chassis.runtime import ServiceRuntime
from mmc_cities.adapters.repository import (
    ASSISTANCE_REQUESTS,
    CITIES,
    TIMELINE,
    AssistanceRequestRepository,
    CityRepository,
)
from mmc_cities.adapters.timeline import Timeline
from mmc_cities.settings import CitiesSettings


@dataclass(frozen=True)
class CitiesParts:
    settings: CitiesSettings
    cities: CityRepository
    requests: AssistanceRequestRepository
    timeline: Timeline

    @classmethod
    def of(cls, runtime: ServiceRuntime, settings: CitiesSettings) -> CitiesParts:
        return cls(
            settings=settings,
            cities=CityRepository(runtime.store(CITIES, "city")),
            requests=AssistanceRequestRepository(
                runtime.store(ASSISTANCE_REQUESTS, "assistance request")
            ),
            timeline=Timeline(
                runtime.database[TIMELINE], ErasedPeople(runtime.database[ERASED_PEOPLE])
            ),
        )
