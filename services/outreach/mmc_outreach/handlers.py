"""The outreach service's use cases (one async function per command) and event handlers.

Handlers load, let the domain decide, and save state and events in one write
(`change_aggregate` holds the aggregate's lock from load to save). Reactions to other services'
events derive their ids from the event id, so a redelivery or a replay changes nothing.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from mmc_chassis.commands import change_aggregate
from mmc_chassis.errors import AlreadyExists
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
from mmc_outreach.mail import Malformed, ParsedMessage, parse_mbox, parse_message

log = logging.getLogger("mmc.outreach")

IMPORT_BATCH = 200
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


@dataclass
class ImportReport:
    messages: int = 0
    imported: int = 0
    duplicates: int = 0
    malformed: list[Malformed] = field(default_factory=list)
    inquiry_ids: list[str] = field(default_factory=list)


async def import_messages(
    files: Iterable[tuple[str, bytes]],
    context: EventContext,
    *,
    inquiries: Inquiries,
    cities: KnownCities,
) -> ImportReport:
    """Import mbox files and `.eml` files: one inquiry per message, a message seen before (same
    key, in the database or earlier in the import) skipped, a malformed one reported."""
    report = ImportReport()
    seen: set[str] = set()
    fresh: list[ParsedMessage] = []
    for name, data in files:
        if name.lower().endswith(".eml"):
            parsed: Iterable[ParsedMessage | Malformed] = [parse_message(data, 1)]
        else:
            parsed = parse_mbox(data)
        for message in parsed:
            report.messages += 1
            if isinstance(message, Malformed):
                report.malformed.append(Malformed(message.position, f"{name}: {message.reason}"))
            elif message.key in seen:
                report.duplicates += 1
            else:
                seen.add(message.key)
                fresh.append(message)
    for start in range(0, len(fresh), IMPORT_BATCH):
        batch = fresh[start : start + IMPORT_BATCH]
        ids = [derived_id("message", message.key) for message in batch]
        cursor = inquiries.collection.find({"_id": {"$in": ids}}, {"_id": 1})
        known = {str(document["_id"]) async for document in cursor}
        for message, inquiry_id in zip(batch, ids, strict=True):
            if inquiry_id in known:
                report.duplicates += 1
            elif await _import_one(
                message, inquiry_id, context, inquiries=inquiries, cities=cities, report=report
            ):
                report.imported += 1
            else:
                report.duplicates += 1
    return report


async def _import_one(
    message: ParsedMessage,
    inquiry_id: str,
    context: EventContext,
    *,
    inquiries: Inquiries,
    cities: KnownCities,
    report: ImportReport,
) -> bool:
    try:
        city_id, name, code = await _resolve_city(
            cities, None, message.city_name, message.country_code
        )
    except InvalidValue:
        city_id, name, code = None, None, None
    try:
        inquiry = Inquiry.receive(
            inquiry_id,
            channel=InquiryChannel.EMAIL,
            received_at=message.date,
            context=context,
            sender=Sender(name=message.sender_name, email=message.sender_email),
            subject=message.subject,
            body=message.body,
            attachments=message.attachments,
            message_key=message.key,
            city_id=city_id,
            city_name=name,
            country_code=code,
        )
    except InvalidValue as error:
        report.malformed.append(Malformed(0, f"{message.key}: {error}"))
        return False
    try:
        await inquiries.add(inquiry)
    except AlreadyExists:  # imported meanwhile by a concurrent import
        return False
    report.inquiry_ids.append(inquiry.id)
    return True


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
