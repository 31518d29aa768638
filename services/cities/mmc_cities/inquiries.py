"""The cities service's reactions to outreach's inquiries (idempotent: ids derive from the event).

A city the registry does not know becomes a prospect: one city, however many inquiries name it
(the unique name key refuses a second). An inquiry triaged as an assistance request opens a
technical assistance request. The inquiry's sender and text stay in outreach: the request points
to the inquiry.
"""

from __future__ import annotations

import logging
from typing import Any

from mmc_chassis.errors import AlreadyExists
from mmc_chassis.ids import derived_id
from mmc_cities.adapters.repository import (
    AssistanceRequestRepository,
    CityRepository,
    DuplicateCity,
)
from mmc_cities.commands import (
    OpenAssistanceRequest,
    RegisterCity,
    open_assistance_request,
    register_city,
)
from mmc_cities.domain.names import name_key
from mmc_contracts import Event
from mmc_contracts.cities import AssistanceKind
from mmc_contracts.outreach import InquiryKind, InquiryReceived, InquiryTriaged
from mmc_contracts.rules import InvalidValue

log = logging.getLogger("mmc.cities")


async def follow_inquiry(
    event: Event, *, cities: CityRepository, requests: AssistanceRequestRepository
) -> None:
    if isinstance(event, InquiryReceived) and event.city_id is None:
        await _register_prospect(event, cities=cities)
    elif isinstance(event, InquiryTriaged) and event.kind is InquiryKind.ASSISTANCE_REQUEST:
        await _open_request(event, cities=cities, requests=requests)


async def _register_prospect(event: InquiryReceived, *, cities: CityRepository) -> None:
    if not (event.city_name and event.country_code):
        return
    profile: dict[str, Any] = {
        "name": event.city_name,
        "country_code": event.country_code,
        "size_class": str(event.size_class or "secondary"),
    }
    try:
        await register_city(
            RegisterCity(
                profile=profile,
                context=event.caused("cities"),
                city_id=derived_id("prospect", str(event.event_id)),
            ),
            cities=cities,
        )
    except (DuplicateCity, AlreadyExists):
        return  # registered already (by an earlier inquiry, or this one's redelivery)
    except InvalidValue as error:
        log.warning("inquiry %s names no valid city: %s", event.aggregate_id, error)


async def _open_request(
    event: InquiryTriaged, *, cities: CityRepository, requests: AssistanceRequestRepository
) -> None:
    city_id = event.city_id
    if city_id is None and event.city_name and event.country_code:
        key = name_key(event.city_name, event.country_code)
        city_id = (await cities.ids_by_name_key([key])).get(key)
    if city_id is None or not await cities.exists(city_id):
        log.warning("assistance inquiry %s names no registered city", event.aggregate_id)
        return
    try:
        await open_assistance_request(
            OpenAssistanceRequest(
                city_id=city_id,
                kind=event.assistance_kind or AssistanceKind.STRATEGY_DEVELOPMENT,
                title="Assistance requested through an inquiry to the MMC",
                description=(
                    f"Opened from outreach inquiry {event.aggregate_id}; "
                    "the city's message is kept with the inquiry."
                ),
                requested_by=f"inquiry {event.aggregate_id}",
                context=event.caused("cities"),
                request_id=derived_id("assistance", str(event.event_id)),
            ),
            cities=cities,
            requests=requests,
        )
    except AlreadyExists:
        return
