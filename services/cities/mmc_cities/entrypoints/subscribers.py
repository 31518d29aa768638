"""The cities service's Kafka subscribers: which topics feed which event handler."""

from __future__ import annotations

from mmc_chassis.consumer import EventConsumer
from mmc_cities import handlers
from mmc_cities.adapters.timeline import Timeline
from mmc_contracts import Event
from mmc_contracts.topics import CITIES_ASSISTANCE_REQUEST, CITIES_CITY

TIMELINE_TOPICS: tuple[str, ...] = (CITIES_CITY, CITIES_ASSISTANCE_REQUEST)
"""The topics whose events make up a city's engagement timeline (other services' to come)."""


def register(consumer: EventConsumer, *, timeline: Timeline) -> None:
    async def project_timeline(event: Event) -> None:
        await handlers.project_timeline(event, timeline=timeline)

    consumer.subscribe(*TIMELINE_TOPICS, group="timeline", handler=project_timeline)
