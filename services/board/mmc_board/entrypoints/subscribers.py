"""The board service's Kafka subscribers: which topics feed which event handler.

* the registry's city events keep the board's read model of the cities, and a new mayor of a
  Board city ends that membership (`left_office`);
* the board's own membership events open the vacancy a departing mayor leaves (the command
  opens it too; this makes sure a crash between the two writes leaves it open);
* the board's own selection-round events seat the selected nominee and fill the vacancy.

Each handler is idempotent, so a redelivery, or a replay of a whole topic, changes nothing.
"""

from __future__ import annotations

from mmc_board import handlers
from mmc_board.adapters.cities_view import KnownCities
from mmc_board.adapters.repository import (
    MembershipRepository,
    NominationRepository,
    VacancyRepository,
)
from mmc_chassis.consumer import EventConsumer
from mmc_chassis.locks import DocumentLocks
from mmc_contracts import Event
from mmc_contracts.topics import BOARD_MEMBERSHIP, BOARD_SELECTION_ROUND, CITIES_CITY

CONSUMED_TOPICS: tuple[str, ...] = (CITIES_CITY, BOARD_MEMBERSHIP, BOARD_SELECTION_ROUND)
"""Every topic the board service reads."""


def register(
    consumer: EventConsumer,
    *,
    cities: KnownCities,
    memberships: MembershipRepository,
    vacancies: VacancyRepository,
    nominations: NominationRepository,
    locks: DocumentLocks,
) -> None:
    async def follow_cities(event: Event) -> None:
        await handlers.follow_city_event(
            event, cities=cities, memberships=memberships, vacancies=vacancies
        )

    async def follow_memberships(event: Event) -> None:
        await handlers.follow_membership_event(event, memberships=memberships, vacancies=vacancies)

    async def follow_rounds(event: Event) -> None:
        await handlers.follow_round_event(
            event,
            memberships=memberships,
            vacancies=vacancies,
            nominations=nominations,
            locks=locks,
        )

    consumer.subscribe(CITIES_CITY, group="cities", handler=follow_cities)
    consumer.subscribe(BOARD_MEMBERSHIP, group="vacancies", handler=follow_memberships)
    consumer.subscribe(BOARD_SELECTION_ROUND, group="selection", handler=follow_rounds)
