"""The cities service's Kafka subscribers: which topics feed which event handler."""

from __future__ import annotations

from mmc_chassis.consumer import EventConsumer
from mmc_cities import handlers
from mmc_cities.adapters.repository import AssistanceRequestRepository, CityRepository
from mmc_cities.adapters.timeline import Timeline
from mmc_contracts import Event
from mmc_contracts.topics import (
    BOARD_MEMBERSHIP,
    BOARD_NOMINATION,
    CITIES_ASSISTANCE_REQUEST,
    CITIES_CITY,
    OUTREACH_FUNDING_CONNECTION,
    OUTREACH_INQUIRY,
)

TIMELINE_TOPICS: tuple[str, ...] = (
    CITIES_CITY,
    CITIES_ASSISTANCE_REQUEST,
    BOARD_MEMBERSHIP,
    BOARD_NOMINATION,
    OUTREACH_INQUIRY,
    OUTREACH_FUNDING_CONNECTION,
)
"""The topics whose events make up a city's engagement timeline."""


def register(
    consumer: EventConsumer,
    *,
    timeline: Timeline,
    cities: CityRepository,
    requests: AssistanceRequestRepository,
) -> None:
    async def project_timeline(event: Event) -> None:
        await handlers.project_timeline(event, timeline=timeline)

    async def follow_board_membership(event: Event) -> None:
        await handlers.follow_board_membership(event, cities=cities)

    async def follow_inquiry(event: Event) -> None:
        await handlers.follow_inquiry(event, cities=cities, requests=requests)

    consumer.subscribe(*TIMELINE_TOPICS, group="timeline", handler=project_timeline)
    consumer.subscribe(BOARD_MEMBERSHIP, group="board-role", handler=follow_board_membership)
    consumer.subscribe(OUTREACH_INQUIRY, group="outreach-inquiries", handler=follow_inquiry)
