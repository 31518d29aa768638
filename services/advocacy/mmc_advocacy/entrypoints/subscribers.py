"""The advocacy service's Kafka subscribers: the registry's city events keep advocacy's read
model of the cities (idempotent per fact, so a redelivery or a replay changes nothing)."""

from __future__ import annotations

from mmc_advocacy import handlers
from mmc_advocacy.adapters.cities_view import KnownCities
from mmc_chassis.consumer import EventConsumer
from mmc_contracts import Event
from mmc_contracts.topics import CITIES_CITY

CONSUMED_TOPICS: tuple[str, ...] = (CITIES_CITY,)


def register(consumer: EventConsumer, *, cities: KnownCities) -> None:
    async def follow_cities(event: Event) -> None:
        await handlers.follow_city_event(event, cities=cities)

    consumer.subscribe(CITIES_CITY, group="cities", handler=follow_cities)
