"""A city's engagement timeline: one document per event that concerns the city, from any service.

The document's `_id` is the event id, so a redelivered or replayed event is inserted once
(`insert_once`). Which events appear, and how they read, is decided by the summary functions
below: to show a new event type, add one function decorated with `@summary(TheEvent)`. An event
names its city by a `city_id` field, or is itself about a city (the `city` aggregate).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from pymongo import DESCENDING
from pymongo.asynchronous.collection import AsyncCollection

from mmc_chassis.mongo import Document
from mmc_chassis.projection import ErasedPeople, insert_once
from mmc_chassis.repository import Listing, find_page
from mmc_cities.domain.geography import find_country
from mmc_contracts import Event
from mmc_contracts.advocacy import (
    CityFeaturedInMaterial,
    CityInputStatusChanged,
    CityInputSubmitted,
    PledgeMade,
    PledgeProgressReported,
    StatementCoSigned,
    StatementSignatureWithdrawn,
)
from mmc_contracts.board import (
    Mayor,
    MayorLeftBoard,
    MayorSeated,
    NominationReceived,
    TermEndingAnnounced,
    TermRenewed,
)
from mmc_contracts.cities import (
    AssistanceDeliverableRecorded,
    AssistanceRequestAssigned,
    AssistanceRequestOpened,
    AssistanceRequestStatusChanged,
    CityMayorChanged,
    CityPartnershipStatusChanged,
    CityProfileUpdated,
    CityRegistered,
)
from mmc_contracts.cloudevents import format_time
from mmc_contracts.outreach import (
    FundingAwarded,
    FundingConnectionMade,
    InquiryAnswered,
    InquiryLinkedToCity,
    InquiryReceived,
    InquiryTriaged,
)

__all__ = ["Timeline", "city_of", "summarise", "summary", "timeline_entry"]

E = TypeVar("E", bound=Event)
Describe = Callable[[Any], str]

_SUMMARIES: dict[type[Event], Describe] = {}
NEWEST_FIRST = (("occurred_at", DESCENDING), ("aggregate_version", DESCENDING), ("_id", 1))


def summary(event_type: type[E]) -> Callable[[Callable[[E], str]], Callable[[E], str]]:
    """Register the function that describes `event_type` on the timeline, in one sentence."""

    def register(describe: Callable[[E], str]) -> Callable[[E], str]:
        _SUMMARIES[event_type] = describe
        return describe

    return register


def city_of(event: Event) -> str | None:
    """The id of the city an event concerns, or None."""
    city_id = getattr(event, "city_id", None)
    if isinstance(city_id, str) and city_id:
        return city_id
    mayor = getattr(event, "mayor", None)  # board events name the mayor and their city
    if isinstance(mayor, Mayor):
        return mayor.city_id
    if event.aggregate == "city":
        return event.aggregate_id
    return None


def summarise(event: Event) -> str | None:
    """The timeline sentence for `event`; None for events the timeline does not show."""
    describe = _SUMMARIES.get(type(event))
    return describe(event) if describe is not None else None


def timeline_entry(event: Event) -> Document | None:
    """The timeline document of `event`, or None if it does not belong on a timeline."""
    city_id = city_of(event)
    sentence = summarise(event)
    if city_id is None or sentence is None:
        return None
    return {
        "_id": str(event.event_id),
        "city_id": city_id,
        # Fixed-width UTC text with microseconds: sorts like the instants it names.
        "occurred_at": format_time(event.occurred_at),
        "kind": type(event).__name__,
        "event_type": event.event_type(),
        "summary": sentence,
        "actor": event.actor,
        "source": event.source(),
        "service": event.service,
        "aggregate": event.aggregate,
        "aggregate_id": event.aggregate_id,
        "aggregate_version": event.aggregate_version,
        "correlation_id": event.correlation_id,
    }


class Timeline:
    """The `timeline` collection; `erased`, the people erased from it (who acted, by id)."""

    def __init__(
        self, collection: AsyncCollection[Document], erased: ErasedPeople | None = None
    ) -> None:
        self.collection = collection
        self.erased = erased

    async def add(self, entry: Document) -> bool:
        """Insert the entry unless it is there already (same event); an erased person's id
        is not written again (a replay of the events before their erasure)."""
        return await insert_once(self.collection, entry, erased=self.erased)

    async def forget(self, person_id: str, tombstone: Event) -> int:
        """The person was erased: entries name them as `[erased]`, now and on any replay."""
        if self.erased is None:
            return 0
        return await self.erased.forget(person_id, tombstone, self.collection, ["actor"])

    async def page(self, city_id: str, *, limit: int, offset: int) -> Listing[Document]:
        """The city's entries, newest first."""
        return await find_page(
            self.collection, {"city_id": city_id}, NEWEST_FIRST, limit=limit, offset=offset
        )


# --------------------------------------------------------------------------------------------
# Summaries: one function per event type shown on the timeline.
# --------------------------------------------------------------------------------------------


def _words(value: object) -> str:
    return str(value).replace("_", " ")


def _with_reason(sentence: str, reason: str | None) -> str:
    return f"{sentence}: {reason}" if reason else sentence


@summary(CityRegistered)
def _registered(event: CityRegistered) -> str:
    profile = event.profile
    found = find_country(profile.country_code)
    where = found.name if found is not None else profile.country_code
    return (
        f"{profile.name}, {where}, registered with partnership status "
        f"{_words(event.partnership_status)}"
    )


@summary(CityProfileUpdated)
def _profile_updated(event: CityProfileUpdated) -> str:
    fields = ", ".join(_words(name) for name in event.changed_fields)
    return f"Profile updated: {fields}" if fields else "Profile updated"


@summary(CityPartnershipStatusChanged)
def _partnership_changed(event: CityPartnershipStatusChanged) -> str:
    return _with_reason(
        f"Partnership status changed from {_words(event.from_status)} to {_words(event.to_status)}",
        event.reason,
    )


@summary(CityMayorChanged)
def _mayor_changed(event: CityMayorChanged) -> str:
    new = event.new_mayor.name
    if event.previous_mayor is None:
        sentence = f"New mayor: {new}"
    else:
        sentence = f"Mayor changed from {event.previous_mayor.name} to {new}"
    if event.took_office_on is not None:
        sentence += f" (took office on {event.took_office_on.isoformat()})"
    return sentence


@summary(AssistanceRequestOpened)
def _assistance_opened(event: AssistanceRequestOpened) -> str:
    return (
        f"Assistance requested ({_words(event.kind)}): {event.title}, "
        f"requested by {event.requested_by}"
    )


@summary(AssistanceRequestStatusChanged)
def _assistance_status(event: AssistanceRequestStatusChanged) -> str:
    return _with_reason(
        f"Assistance request status changed from {_words(event.from_status)} to "
        f"{_words(event.to_status)}",
        event.reason,
    )


@summary(AssistanceRequestAssigned)
def _assistance_assigned(event: AssistanceRequestAssigned) -> str:
    return f"Assistance request assigned to {event.assignee}"


@summary(AssistanceDeliverableRecorded)
def _deliverable(event: AssistanceDeliverableRecorded) -> str:
    return f"Deliverable recorded: {event.deliverable.title}"


@summary(MayorSeated)
def _seated(event: MayorSeated) -> str:
    return (
        f"{event.mayor.name} seated on the MMC Leadership Board (seat {event.seat},"
        f" term {event.term_start.isoformat()} to {event.term_end.isoformat()},"
        f" via {_words(event.via)})"
    )


@summary(TermRenewed)
def _renewed(event: TermRenewed) -> str:
    return f"{event.mayor.name}'s Leadership Board term renewed to {event.term_end.isoformat()}"


@summary(TermEndingAnnounced)
def _term_ending(event: TermEndingAnnounced) -> str:
    return (
        f"{event.mayor.name}'s Leadership Board term ends on {event.term_end.isoformat()}"
        f" ({event.days_left} days left)"
    )


@summary(MayorLeftBoard)
def _left(event: MayorLeftBoard) -> str:
    return _with_reason(
        f"{event.mayor.name} left the MMC Leadership Board ({_words(event.reason)})", event.note
    )


@summary(NominationReceived)
def _nominated(event: NominationReceived) -> str:
    # Who nominated is sealed with the nominator's key at board (their personal data): the
    # timeline names the nominating city only.
    if event.nominated_by_city_id == event.mayor.city_id:
        return f"{event.mayor.name} nominated to the Leadership Board by the city's leadership"
    return (
        f"{event.mayor.name} nominated to the Leadership Board by the leadership of city "
        f"{event.nominated_by_city_id}"
    )


@summary(StatementCoSigned)
def _co_signed(event: StatementCoSigned) -> str:
    return (
        f"{event.mayor_name} ({event.mayor_title}) co-signed the statement"
        f' "{event.statement_title}"'
    )


@summary(StatementSignatureWithdrawn)
def _signature_withdrawn(event: StatementSignatureWithdrawn) -> str:
    return f'Signature withdrawn from the statement "{event.statement_title}"'


@summary(CityFeaturedInMaterial)
def _featured(event: CityFeaturedInMaterial) -> str:
    role = "as a signatory" if event.as_signatory else "naming the city"
    return f"Published {_words(event.kind)} {role}: {event.title}"


@summary(CityInputSubmitted)
def _input_submitted(event: CityInputSubmitted) -> str:
    return (
        f"Input to {event.moment_name} ({_words(event.kind)}, {_words(event.status)}):"
        f" {event.title}"
    )


@summary(CityInputStatusChanged)
def _input_status(event: CityInputStatusChanged) -> str:
    return f"Input to {event.moment_name} {_words(event.to_status)}"


@summary(PledgeMade)
def _pledge(event: PledgeMade) -> str:
    objectives = ", ".join(str(n) for n in event.gcm_objectives)
    tagged = f" (GCM objectives {objectives})" if objectives else ""
    return f"Pledge made: {event.title}{tagged}"


@summary(PledgeProgressReported)
def _pledge_progress(event: PledgeProgressReported) -> str:
    return f"Pledge progress reported ({_words(event.status)}): {event.title}"


@summary(InquiryReceived)
def _inquiry_received(event: InquiryReceived) -> str:
    return f"Inquiry received by {_words(event.channel)}"


@summary(InquiryLinkedToCity)
def _inquiry_linked(event: InquiryLinkedToCity) -> str:
    return "Inquiry linked to the city"


@summary(InquiryTriaged)
def _inquiry_triaged(event: InquiryTriaged) -> str:
    return f"Inquiry triaged as {_words(event.kind)}"


@summary(InquiryAnswered)
def _inquiry_answered(event: InquiryAnswered) -> str:
    on_time = "within" if event.within_target else "outside"
    return f"Inquiry answered ({event.first_response_hours:g} h, {on_time} the response target)"


@summary(FundingConnectionMade)
def _funding_connected(event: FundingConnectionMade) -> str:
    return f"Connected with {event.funder}: {event.opportunity_title}"


@summary(FundingAwarded)
def _funding_awarded(event: FundingAwarded) -> str:
    return (
        f"Awarded {event.amount:,.0f} {event.currency} by {event.funder}"
        f" ({event.opportunity_title}) on {event.awarded_on.isoformat()}"
    )
