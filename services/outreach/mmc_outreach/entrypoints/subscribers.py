"""The outreach service's Kafka subscribers.

* the registry's city events keep outreach's read model of the cities; a city turned partner
  closes its outreach target as converted; a newly registered city is linked to the inquiries
  that named it;
* the board's vacancy and membership events (a seat vacated, a term ending) open a nomination
  call.
"""

from __future__ import annotations

from mmc_chassis.consumer import EventConsumer
from mmc_contracts import Event
from mmc_contracts.topics import BOARD_MEMBERSHIP, BOARD_VACANCY, CITIES_CITY
from mmc_outreach import handlers, reactions
from mmc_outreach.adapters.cities_view import KnownCities


def register(
    consumer: EventConsumer,
    *,
    cities: KnownCities,
    targets: handlers.Targets,
    inquiries: handlers.Inquiries,
    calls: handlers.Calls,
) -> None:
    async def follow_cities(event: Event) -> None:
        await reactions.follow_city_event(
            event, cities=cities, targets=targets, inquiries=inquiries, calls=calls
        )

    async def follow_board(event: Event) -> None:
        await reactions.follow_board_event(event, cities=cities, calls=calls)

    consumer.subscribe(CITIES_CITY, group="cities", handler=follow_cities)
    consumer.subscribe(
        BOARD_VACANCY, BOARD_MEMBERSHIP, group="nomination-calls", handler=follow_board
    )
