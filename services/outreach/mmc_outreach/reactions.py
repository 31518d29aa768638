"""Outreach's reactions to other services' events: the cities read model, targets converted,
inquiries linked to a newly registered city, nomination calls opened by the board's events.
Ids derive from the event id, so a redelivery or a replay changes nothing."""

from __future__ import annotations

from mmc_chassis.commands import change_aggregate
from mmc_chassis.errors import AlreadyExists
from mmc_contracts import Event
from mmc_contracts.board import SeatVacated, TermEndingAnnounced
from mmc_contracts.cities import CityPartnershipStatusChanged, CityRegistered, PartnershipStatus
from mmc_outreach.adapters.cities_view import KnownCities
from mmc_outreach.domain.names import city_key
from mmc_outreach.domain.nomination_call import NominationCall
from mmc_outreach.domain.priority import rank_for_nomination
from mmc_outreach.handlers import Calls, Inquiries, Targets, derived_id, target_id


async def follow_city_event(
    event: Event, *, cities: KnownCities, targets: Targets, inquiries: Inquiries, calls: Calls
) -> None:
    """Keep the read model; a city turned partner closes its target as converted; inquiries
    waiting for a newly registered city are linked to it."""
    await cities.apply(event)
    became_partner = (
        isinstance(event, CityPartnershipStatusChanged)
        and event.to_status is PartnershipStatus.PARTNER
    ) or (
        isinstance(event, CityRegistered) and event.partnership_status is PartnershipStatus.PARTNER
    )
    if became_partner:
        await _add_to_open_calls(event, cities=cities, calls=calls)
        tid = target_id(event.aggregate_id)
        if await targets.find(tid) is not None:
            await change_aggregate(
                targets,
                tid,
                None,
                lambda t: t.convert(event.caused("outreach"), "became a partner"),
            )
    if isinstance(event, CityRegistered):
        city = await cities.get(event.aggregate_id)
        if city is None:
            return
        key = city_key(city.name, city.country_code)
        for waiting in await inquiries.list({"city_key": key, "city_id": None}):
            await change_aggregate(
                inquiries,
                waiting.id,
                None,
                lambda i: i.link_city(city.id, event.caused("outreach")),
            )


async def follow_board_event(
    event: Event, *, cities: KnownCities, calls: Calls
) -> NominationCall | None:
    """A vacated seat or a term ending opens a nomination call (one per board event)."""
    if isinstance(event, SeatVacated):
        seat, reason = event.seat, f"seat {event.seat} vacated ({event.reason})"
    elif isinstance(event, TermEndingAnnounced):
        seat, reason = event.seat, f"term of seat {event.seat} ends on {event.term_end.isoformat()}"
    else:
        return None
    call_id = derived_id("nomination-call", str(event.event_id))
    if await calls.find(call_id) is not None:
        return None
    ranked = rank_for_nomination(await cities.all())
    call = NominationCall.open(
        call_id,
        seat=seat,
        reason=reason,
        board_event_id=str(event.event_id),
        ranked=ranked,
        context=event.caused("outreach"),
    )
    try:
        await calls.add(call)
    except AlreadyExists:
        return None
    return call


async def _add_to_open_calls(event: Event, *, cities: KnownCities, calls: Calls) -> None:
    """A new partner joins the lists of the nomination calls (also when the call was opened
    before outreach's read model had caught up with the registry)."""
    city_id = event.aggregate_id
    listed = [
        call
        for call in await calls.list({})  # a few per year
        if all(invitee.city_id != city_id for invitee in call.invitees)
    ]
    if not listed:
        return
    ranked = rank_for_nomination(await cities.all())
    for call in listed:
        await change_aggregate(
            calls, call.id, None, lambda c: c.add_city(ranked, city_id, event.caused("outreach"))
        )
