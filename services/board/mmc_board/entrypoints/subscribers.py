"""The board service's Kafka subscribers: which topics feed which reaction (`reactions.py`).

Each reaction is idempotent, so a redelivery, or a replay of a whole topic, changes nothing.
"""

from __future__ import annotations

from mmc_board import reactions
from mmc_board.parts import BoardParts
from mmc_chassis.consumer import EventConsumer
from mmc_contracts import Event
from mmc_contracts.topics import BOARD_MEMBERSHIP, BOARD_SELECTION_ROUND, CITIES_CITY

CONSUMED_TOPICS: tuple[str, ...] = (CITIES_CITY, BOARD_MEMBERSHIP, BOARD_SELECTION_ROUND)
"""Every topic the board service reads."""


def register(consumer: EventConsumer, board: BoardParts) -> None:
    async def follow_cities(event: Event) -> None:
        await reactions.follow_city_event(event, board)

    async def follow_memberships(event: Event) -> None:
        await reactions.follow_membership_event(event, board)

    async def follow_rounds(event: Event) -> None:
        await reactions.follow_round_event(event, board)

    consumer.subscribe(CITIES_CITY, group="cities", handler=follow_cities)
    consumer.subscribe(BOARD_MEMBERSHIP, group="vacancies", handler=follow_memberships)
    consumer.subscribe(BOARD_SELECTION_ROUND, group="selection", handler=follow_rounds)
