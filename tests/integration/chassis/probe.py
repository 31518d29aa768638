"""A minimal service on the chassis for its own tests: city events in, a projection out."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from opentelemetry.sdk.trace import TracerProvider

from mmc_chassis.outbox import AggregateStore
from mmc_chassis.projection import apply_if_newer, insert_once
from mmc_chassis.runtime import ServiceRuntime
from mmc_chassis.settings import ServiceSettings
from mmc_contracts import Event, EventContext
from mmc_contracts.cities import (
    CityProfile,
    CityProfileUpdated,
    CityRegistered,
    PartnershipStatus,
    SizeClass,
)
from mmc_contracts.topics import CITIES_CITY

CONTEXT = EventContext(actor="test")


def profile(name: str, population: int = 1000) -> CityProfile:
    return CityProfile(
        name=name,
        country_code="SL",
        region="Africa",
        sub_region="Western Africa",
        population=population,
        size_class=SizeClass.SECONDARY,
    )


def registered(city_id: str, name: str = "Bo") -> CityRegistered:
    return CityRegistered.stamp(
        CONTEXT,
        aggregate_id=city_id,
        aggregate_version=1,
        profile=profile(name),
        partnership_status=PartnershipStatus.PROSPECT,
    )


def updated(city_id: str, version: int, population: int) -> CityProfileUpdated:
    return CityProfileUpdated.stamp(
        CONTEXT,
        aggregate_id=city_id,
        aggregate_version=version,
        profile=profile("Bo", population),
        changed_fields=["population"],
    )


class Probe:
    """Stores city documents with their outbox and projects their events into `projection`."""

    def __init__(
        self,
        settings: ServiceSettings,
        failing: set[str] | None = None,
        provider: TracerProvider | None = None,
    ) -> None:
        self.runtime = ServiceRuntime(
            settings, title="probe", description="chassis probe", provider=provider
        )
        self.store: AggregateStore = self.runtime.store("cities", "city")
        self.projection = self.runtime.database["projection"]
        self.effects = self.runtime.database["effects"]
        self.failing = failing or set()
        self.attempts = 0
        self.runtime.declare_topics(CITIES_CITY)
        self.runtime.consumer.subscribe(CITIES_CITY, group="projection", handler=self.project)

    async def project(self, event: Event) -> None:
        self.attempts += 1
        if event.aggregate_id in self.failing:
            raise RuntimeError(f"cannot project {event.aggregate_id}")
        assert isinstance(event, CityRegistered | CityProfileUpdated)
        applied = await apply_if_newer(
            self.projection,
            event.aggregate_id,
            event.aggregate_version,
            {"population": event.profile.population},
        )
        if applied:
            # One document per applied event: a second application would be a duplicate key.
            await insert_once(self.effects, {"_id": str(event.event_id)})

    async def save_new(self, event: Event) -> None:
        await self.store.create({"_id": event.aggregate_id, "version": 1}, [event])

    async def save_update(self, event: Event) -> None:
        await self.store.update(
            {"_id": event.aggregate_id, "version": event.aggregate_version}, [event]
        )

    @asynccontextmanager
    async def running(self) -> AsyncIterator[Probe]:
        async with self.runtime.http.router.lifespan_context(self.runtime.http):
            yield self
