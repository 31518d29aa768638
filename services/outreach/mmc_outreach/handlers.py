"""The outreach service's use cases (one async function per command) and event handlers.

Handlers load, let the domain decide, and save state and events in one write
(`change_aggregate` holds the aggregate's lock from load to save). Reactions to other services'
events derive their ids from the event id, so a redelivery or a replay changes nothing.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from mmc_chassis.commands import change_aggregate
from mmc_contracts import EventContext
from mmc_contracts.cities import (
    AssistanceKind,
    SizeClass,
)
from mmc_contracts.outreach import (
    ActivityKind,
    FundingStage,
    InquiryChannel,
    InquiryKind,
    MemberKind,
    OutreachStage,
)
from mmc_contracts.rules import InvalidValue
from mmc_outreach.adapters.cities_view import KnownCities
from mmc_outreach.adapters.repository import Repository
from mmc_outreach.domain.funding import FundingConnection, Opportunity
from mmc_outreach.domain.inquiry import Inquiry, Sender
from mmc_outreach.domain.names import city_key
from mmc_outreach.domain.nomination_call import NominationCall
from mmc_outreach.domain.partners import Coalition, PartnerOrganisation
from mmc_outreach.domain.pipeline import OutreachTarget

log = logging.getLogger("mmc.outreach")

_IDS = uuid.UUID("6b1f3c52-8f0e-4c55-9a57-4f1c2d6e8a90")


def new_id() -> str:
    return uuid.uuid4().hex


def derived_id(*parts: str) -> str:
    """The same id for the same inputs: a replay makes the same aggregate, not a second one."""
    return uuid.uuid5(_IDS, "\n".join(parts)).hex


def target_id(city_id: str) -> str:
    """One outreach target per city."""
    return derived_id("target", city_id)


Inquiries = Repository[Inquiry]
Targets = Repository[OutreachTarget]
Calls = Repository[NominationCall]
Opportunities = Repository[Opportunity]
Connections = Repository[FundingConnection]
Partners = Repository[PartnerOrganisation]
Coalitions = Repository[Coalition]


async def known_city(city_id: str, *, cities: KnownCities, field: str = "city_id") -> None:
    """Refuse (422) a city the registry does not know."""
    if await cities.get(city_id) is None:
        raise InvalidValue(field, "the registry does not know this city")


async def known_member(
    kind: MemberKind, member_id: str, cities: KnownCities, partners: Partners
) -> None:
    if kind is MemberKind.CITY:
        await known_city(member_id, cities=cities, field="member_id")
    elif await partners.find(member_id) is None:
        raise InvalidValue("member_id", "no such partner organisation")


# --------------------------------------------------------------------------------------------
# Inquiries
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Intake:
    """What a city writes in the web form."""

    sender: Sender
    subject: str
    body: str
    context: EventContext
    city_id: str | None = None
    city_name: str | None = None
    country_code: str | None = None
    size_class: SizeClass | None = None
    kind: InquiryKind | None = None


async def receive_inquiry(command: Intake, *, inquiries: Inquiries, cities: KnownCities) -> Inquiry:
    """Record an inquiry from the web form; the city is matched with the registry if it can be."""
    city_id, name, code = await _resolve_city(
        cities, command.city_id, command.city_name, command.country_code
    )
    inquiry = Inquiry.receive(
        new_id(),
        channel=InquiryChannel.WEB_FORM,
        received_at=command.context.at,
        context=command.context,
        sender=command.sender,
        subject=command.subject,
        body=command.body,
        city_id=city_id,
        city_name=name,
        country_code=code,
        size_class=command.size_class,
        chosen_kind=command.kind,
    )
    await inquiries.add(inquiry)
    return inquiry


async def _resolve_city(
    cities: KnownCities, city_id: str | None, name: str | None, code: str | None
) -> tuple[str | None, str | None, str | None]:
    if city_id is not None:
        city = await cities.get(city_id)
        if city is None:
            raise InvalidValue("city_id", "the registry does not know this city")
        return city.id, city.name, city.country_code
    if (name is None) != (code is None):
        raise InvalidValue("country_code" if code is None else "city_name", "name both or neither")
    if name is not None and code is not None:
        known = await cities.by_key(city_key(name, code))
        if known is not None:
            return known.id, known.name, known.country_code
    return None, name, code


async def triage_inquiry(
    inquiry_id: str,
    context: EventContext,
    *,
    inquiries: Inquiries,
    kind: InquiryKind | None = None,
    assistance_kind: AssistanceKind | None = None,
    expected_version: int | None = None,
) -> Inquiry:
    return await change_aggregate(
        inquiries,
        inquiry_id,
        expected_version,
        lambda inquiry: inquiry.triage(context, kind, assistance_kind),
    )


async def assign_inquiry(
    inquiry_id: str,
    assignee: str,
    context: EventContext,
    *,
    inquiries: Inquiries,
    expected_version: int | None = None,
) -> Inquiry:
    return await change_aggregate(
        inquiries, inquiry_id, expected_version, lambda i: i.assign(assignee, context)
    )


async def answer_inquiry(
    inquiry_id: str,
    text: str,
    context: EventContext,
    *,
    inquiries: Inquiries,
    target_hours: float,
    expected_version: int | None = None,
) -> Inquiry:
    return await change_aggregate(
        inquiries, inquiry_id, expected_version, lambda i: i.answer(text, context, target_hours)
    )


async def close_inquiry(
    inquiry_id: str,
    context: EventContext,
    *,
    inquiries: Inquiries,
    expected_version: int | None = None,
) -> Inquiry:
    return await change_aggregate(
        inquiries, inquiry_id, expected_version, lambda i: i.close(context)
    )


async def link_inquiry(
    inquiry_id: str,
    city_id: str,
    context: EventContext,
    *,
    inquiries: Inquiries,
    cities: KnownCities,
) -> Inquiry:
    city = await cities.get(city_id)
    if city is None:
        raise InvalidValue("city_id", "the registry does not know this city")
    return await change_aggregate(
        inquiries, inquiry_id, None, lambda i: i.link_city(city.id, context)
    )


# --------------------------------------------------------------------------------------------
# Outreach targets
# --------------------------------------------------------------------------------------------


async def open_target(
    city_id: str, context: EventContext, *, targets: Targets, cities: KnownCities, owner: str | None
) -> OutreachTarget:
    city = await cities.get(city_id)
    if city is None:
        raise InvalidValue("city_id", "the registry does not know this city")
    target = OutreachTarget.open(target_id(city_id), city_id, context, owner)
    if city.is_partner:
        target.convert(context, "already a partner")
    await targets.add(target)
    return target


async def move_target(
    target: str,
    to: OutreachStage,
    reason: str | None,
    context: EventContext,
    *,
    targets: Targets,
    expected_version: int | None = None,
) -> OutreachTarget:
    return await change_aggregate(
        targets, target, expected_version, lambda t: t.move(to, context, reason)
    )


async def record_activity(
    target: str,
    kind: ActivityKind,
    on: date,
    notes: str,
    context: EventContext,
    *,
    targets: Targets,
) -> OutreachTarget:
    return await change_aggregate(
        targets, target, None, lambda t: t.record_activity(kind, on, notes, context)
    )


# --------------------------------------------------------------------------------------------
# Funding
# --------------------------------------------------------------------------------------------


async def connect_funding(
    city_id: str,
    opportunity_id: str,
    context: EventContext,
    *,
    cities: KnownCities,
    opportunities: Opportunities,
    connections: Connections,
) -> FundingConnection:
    if await cities.get(city_id) is None:
        raise InvalidValue("city_id", "the registry does not know this city")
    opportunity = await opportunities.find(opportunity_id)
    if opportunity is None:
        raise InvalidValue("opportunity_id", "no such funding opportunity")
    connection = FundingConnection.make(new_id(), city_id, opportunity, context)
    await connections.add(connection)
    return connection


async def move_funding(
    connection_id: str, to: FundingStage, context: EventContext, *, connections: Connections
) -> FundingConnection:
    return await change_aggregate(connections, connection_id, None, lambda c: c.move(to, context))


async def award_funding(
    connection_id: str,
    amount: Decimal,
    on: date,
    context: EventContext,
    *,
    connections: Connections,
) -> FundingConnection:
    return await change_aggregate(
        connections, connection_id, None, lambda c: c.award(amount, on, context)
    )
