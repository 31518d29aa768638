"""The cities service's Kafka subscribers: which topics feed which reaction (`reactions.py`)."""

from __future__ import annotations

from mmc_chassis.consumer import EventConsumer
from mmc_cities import inquiries, reactions
from mmc_cities.parts import CitiesParts
from mmc_contracts import Event
from mmc_contracts.topics import (
    ADVOCACY_MATERIAL,
    ADVOCACY_PLEDGE,
    ADVOCACY_POLICY_MOMENT,
    BOARD_MEMBERSHIP,
    BOARD_NOMINATION,
    CITIES_ASSISTANCE_REQUEST,
    CITIES_CITY,
    GATEWAY_AUDIT,
    OUTREACH_FUNDING_CONNECTION,
    OUTREACH_INQUIRY,
)

TIMELINE_TOPICS: tuple[str, ...] = (
    CITIES_CITY,
    CITIES_ASSISTANCE_REQUEST,
    BOARD_MEMBERSHIP,
    BOARD_NOMINATION,
    ADVOCACY_MATERIAL,
    ADVOCACY_POLICY_MOMENT,
    ADVOCACY_PLEDGE,
    OUTREACH_INQUIRY,
    OUTREACH_FUNDING_CONNECTION,
)
"""The topics whose events make up a city's engagement timeline."""


def register(consumer: EventConsumer, parts: CitiesParts) -> None:
    async def project_timeline(event: Event) -> None:
        await reactions.project_timeline(event, timeline=parts.timeline)

    async def follow_board_membership(event: Event) -> None:
        await reactions.follow_board_membership(event, cities=parts.cities)

    consumer.subscribe(*TIMELINE_TOPICS, group="timeline", handler=project_timeline)

    async def follow_inquiry(event: Event) -> None:
        await inquiries.follow_inquiry(event, cities=parts.cities, requests=parts.requests)

    async def forget_erased(event: Event) -> None:
        await reactions.forget_erased(event, timeline=parts.timeline)

    # The gateway's audit trail says when a staff account was erased (`accounts.erase`).
    consumer.subscribe(GATEWAY_AUDIT, group="erased-people", handler=forget_erased)
    consumer.subscribe(BOARD_MEMBERSHIP, group="board-role", handler=follow_board_membership)
    consumer.subscribe(OUTREACH_INQUIRY, group="outreach-inquiries", handler=follow_inquiry)
