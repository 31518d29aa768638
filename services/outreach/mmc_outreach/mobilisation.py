"""Mobilising partner cities for policy moments: outreach's reactions to advocacy's policy-moment
events, and their subscription.

Advocacy's moment events share one topic keyed by the moment, so a moment's city inputs reach
outreach before its approach: the list opened on `PolicyMomentApproaching` leaves out the cities
whose input came first. A list's id derives from that event's id, so a redelivery or a replay
changes nothing; an input that arrives later marks its city on the moment's lists.
"""

from __future__ import annotations

from pymongo import ASCENDING, IndexModel

from mmc_chassis.commands import change_aggregate
from mmc_chassis.consumer import EventConsumer
from mmc_chassis.errors import AlreadyExists
from mmc_contracts import Event
from mmc_contracts.advocacy import CityInputSubmitted, PolicyMomentApproaching
from mmc_contracts.topics import ADVOCACY_POLICY_MOMENT
from mmc_outreach.adapters.cities_view import KnownCities
from mmc_outreach.adapters.moment_inputs import MomentInputs
from mmc_outreach.adapters.repository import Repository
from mmc_outreach.domain.mobilisation import MobilisationList, rank_for_mobilisation
from mmc_outreach.handlers import derived_id

LIST_INDEXES = [IndexModel([("moment_id", ASCENDING)], name="by_moment")]

Lists = Repository[MobilisationList]


def list_id(advocacy_event_id: str) -> str:
    """One list per announcement."""
    return derived_id("mobilisation-list", advocacy_event_id)


async def follow_moment_event(
    event: Event, *, cities: KnownCities, inputs: MomentInputs, lists: Lists
) -> MobilisationList | None:
    """Keep the inputs' read model; an approaching moment opens a list (the one it opened is
    returned); an input arriving later marks its city on the moment's open lists."""
    await inputs.apply(event)
    if isinstance(event, CityInputSubmitted):
        for waiting in await lists.list({"moment_id": event.aggregate_id}):  # one per moment
            if any(c.city_id == event.city_id and not c.input_received for c in waiting.cities):
                await change_aggregate(
                    lists,
                    waiting.id,
                    None,
                    lambda m: m.input_arrived(event.city_id, event.caused("outreach")),
                )
        return None
    if not isinstance(event, PolicyMomentApproaching):
        return None
    new_id = list_id(str(event.event_id))
    if await lists.find(new_id) is not None:
        return None
    ranked = rank_for_mobilisation(
        await cities.all(), await inputs.cities_with_input(event.aggregate_id)
    )
    opened = MobilisationList.open(
        new_id,
        moment_id=event.aggregate_id,
        moment_name=event.name,
        starts_on=event.starts_on,
        advocacy_event_id=str(event.event_id),
        ranked=ranked,
        context=event.caused("outreach"),
    )
    try:
        await lists.add(opened)
    except AlreadyExists:
        return None
    return opened


def register(
    consumer: EventConsumer, *, cities: KnownCities, inputs: MomentInputs, lists: Lists
) -> None:
    async def follow_moments(event: Event) -> None:
        await follow_moment_event(event, cities=cities, inputs=inputs, lists=lists)

    consumer.subscribe(ADVOCACY_POLICY_MOMENT, group="mobilisation", handler=follow_moments)
