"""Events of the outreach service: inquiries, outreach targets, nomination calls, funding.

Four aggregates, four topics (key = the aggregate id):

* `inquiry` on `mmc.outreach.inquiry.v1`: a city's idea or question, from receipt to closing.
* `outreach_target` on `mmc.outreach.target.v1`: a city the MMC reaches out to, by stage.
* `nomination_call` on `mmc.outreach.nomination-call.v1`: partner cities invited to nominate a
  mayor for a Board seat.
* `funding_connection` on `mmc.outreach.funding-connection.v1`: a city put in touch with a
  funding opportunity, from intake to award and reporting.
* `mobilisation_list` on `mmc.outreach.mobilisation-list.v1`: partner cities with no input yet
  for a policy moment advocacy announced as approaching, to mobilise.

Privacy: an inquiry's sender (name, e-mail, phone), its subject and its body are personal data
that stay in the outreach database. Events carry ids, kinds, the city (id, name, country) and
other public facts only.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, ClassVar

from pydantic import Field, StringConstraints

from mmc_contracts.cities import AssistanceKind, CityName, CountryCode, NonEmptyStr, SizeClass
from mmc_contracts.envelope import Event
from mmc_contracts.topics import (
    OUTREACH_COALITION,
    OUTREACH_FUNDING_CONNECTION,
    OUTREACH_INQUIRY,
    OUTREACH_MOBILISATION_LIST,
    OUTREACH_NOMINATION_CALL,
    OUTREACH_PARTNER,
    OUTREACH_TARGET,
)

CurrencyCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]


class InquiryKind(StrEnum):
    """What an inquiry is about, once triaged."""

    IDEA = "idea"
    QUESTION = "question"
    ASSISTANCE_REQUEST = "assistance_request"
    NOMINATION_INTEREST = "nomination_interest"
    PARTNERSHIP_INTEREST = "partnership_interest"


class InquiryStatus(StrEnum):
    RECEIVED = "received"
    TRIAGED = "triaged"
    ASSIGNED = "assigned"
    ANSWERED = "answered"
    CLOSED = "closed"


class InquiryChannel(StrEnum):
    """How the inquiry reached the MMC."""

    WEB_FORM = "web_form"
    EMAIL = "email"


class OutreachStage(StrEnum):
    IDENTIFIED = "identified"
    CONTACTED = "contacted"
    IN_CONVERSATION = "in_conversation"
    ENGAGED = "engaged"
    CONVERTED = "converted"
    PAUSED = "paused"


class ActivityKind(StrEnum):
    EMAIL = "email"
    CALL = "call"
    MEETING = "meeting"
    EVENT = "event"


class FundingStage(StrEnum):
    INTAKE = "intake"
    CONCEPT_NOTE = "concept_note"
    REVIEW = "review"
    AWARDED = "awarded"
    DECLINED = "declined"
    REPORTING = "reporting"


# --------------------------------------------------------------------------------------------
# Inquiries: mmc.outreach.inquiry.v1
# --------------------------------------------------------------------------------------------


class InquiryEvent(Event):
    """Base of the inquiry events. Each names the city as far as it is known: its registry id
    once linked, else its name and country (a city the registry does not know yet)."""

    service: ClassVar[str] = "outreach"
    aggregate: ClassVar[str] = "inquiry"
    topic: ClassVar[str] = OUTREACH_INQUIRY

    city_id: str | None = Field(
        default=None, max_length=64, description="The registry's city, once linked."
    )
    city_name: CityName | None = Field(
        default=None, description="The city's name as given.", examples=["Gaziantep"]
    )
    country_code: CountryCode | None = Field(default=None, description="ISO 3166-1 alpha-2.")


class InquiryReceived(InquiryEvent):
    """An inquiry reached the MMC (sender and text stay in outreach)."""

    channel: InquiryChannel = Field(description="How it came.", examples=["email"])
    kind: InquiryKind | None = Field(
        default=None, description="The kind the sender chose on the form, if any."
    )
    size_class: SizeClass | None = Field(
        default=None, description="The city's size class, if the sender said."
    )


class InquiryTriaged(InquiryEvent):
    """Staff decided what the inquiry is about."""

    kind: InquiryKind = Field(description="What it is about.", examples=["assistance_request"])
    assistance_kind: AssistanceKind | None = Field(
        default=None, description="For an assistance request: the kind of assistance."
    )


class InquiryAssigned(InquiryEvent):
    assignee: NonEmptyStr = Field(description="The MMC staff member who answers it.")


class InquiryAnswered(InquiryEvent):
    """The inquiry got its first (or a further) answer; the answer's text stays in outreach."""

    first_response_hours: float = Field(ge=0, description="Hours from receipt to first answer.")
    within_target: bool = Field(description="Whether the first answer met the response target.")


class InquiryClosed(InquiryEvent):
    pass


class InquiryLinkedToCity(InquiryEvent):
    """The inquiry now names a city of the registry (`city_id`)."""


class AnonymisedBecause(StrEnum):
    """Why an inquiry's personal data went."""

    ERASURE_REQUEST = "erasure_request"
    RETENTION = "retention"


class InquiryAnonymised(InquiryEvent):
    """The inquiry's sender details, subject, text and answers were erased (a tombstone: a
    subscriber that copied anything of them deletes it). Announced once per inquiry."""

    reason: AnonymisedBecause = Field(
        description="An erasure request, or the retention period after closing ran out.",
        examples=["retention"],
    )


# --------------------------------------------------------------------------------------------
# Outreach targets: mmc.outreach.target.v1
# --------------------------------------------------------------------------------------------


class TargetEvent(Event):
    service: ClassVar[str] = "outreach"
    aggregate: ClassVar[str] = "outreach_target"
    topic: ClassVar[str] = OUTREACH_TARGET

    city_id: NonEmptyStr = Field(description="The registry's city.")


class OutreachTargetOpened(TargetEvent):
    stage: OutreachStage = Field(description="The stage it starts in.", examples=["identified"])


class OutreachStageChanged(TargetEvent):
    from_stage: OutreachStage
    to_stage: OutreachStage
    reason: str | None = Field(default=None, max_length=500)


class OutreachActivityRecorded(TargetEvent):
    """An email, call, meeting or event with the city (its notes stay in outreach)."""

    activity: ActivityKind
    on: date


# --------------------------------------------------------------------------------------------
# Nomination calls: mmc.outreach.nomination-call.v1
# --------------------------------------------------------------------------------------------


class NominationCallEvent(Event):
    service: ClassVar[str] = "outreach"
    aggregate: ClassVar[str] = "nomination_call"
    topic: ClassVar[str] = OUTREACH_NOMINATION_CALL


class NominationCallOpened(NominationCallEvent):
    """Partner cities are invited to nominate a mayor for a Board seat."""

    seat: int = Field(ge=1)
    board_event_id: NonEmptyStr = Field(description="The board event that opened the call.")
    invited_city_ids: list[NonEmptyStr] = Field(
        description="The partner cities to invite, underrepresented regions and contexts first."
    )


class NominationCallCityAdded(NominationCallEvent):
    """A city became a partner (or became known) while the call was open: it is added."""

    city_id: NonEmptyStr


class NominationCallInvitationSent(NominationCallEvent):
    city_id: NonEmptyStr


class NominationCallAnswered(NominationCallEvent):
    city_id: NonEmptyStr
    will_nominate: bool


# --------------------------------------------------------------------------------------------
# Mobilisation lists: mmc.outreach.mobilisation-list.v1
# --------------------------------------------------------------------------------------------


class MobilisationListEvent(Event):
    service: ClassVar[str] = "outreach"
    aggregate: ClassVar[str] = "mobilisation_list"
    topic: ClassVar[str] = OUTREACH_MOBILISATION_LIST


class MobilisationListOpened(MobilisationListEvent):
    """Advocacy announced a policy moment approaching: the partner cities with no input for it
    yet are listed to mobilise, regions and contexts with no input first."""

    moment_id: NonEmptyStr = Field(description="The advocacy service's policy moment.")
    moment_name: NonEmptyStr = Field(examples=["Global Refugee Forum 2027"])
    starts_on: date
    advocacy_event_id: NonEmptyStr = Field(
        description="The `PolicyMomentApproaching` event that opened the list."
    )
    listed_city_ids: list[NonEmptyStr] = Field(
        description="The partner cities to mobilise, underrepresented regions and contexts first."
    )


class MobilisationCityContacted(MobilisationListEvent):
    city_id: NonEmptyStr


class MobilisationCityAnswered(MobilisationListEvent):
    city_id: NonEmptyStr
    will_contribute: bool


class MobilisationInputReceived(MobilisationListEvent):
    """A listed city's input to the moment reached advocacy after the list was opened."""

    city_id: NonEmptyStr


# --------------------------------------------------------------------------------------------
# Funding connections: mmc.outreach.funding-connection.v1
# --------------------------------------------------------------------------------------------


class FundingConnectionEvent(Event):
    service: ClassVar[str] = "outreach"
    aggregate: ClassVar[str] = "funding_connection"
    topic: ClassVar[str] = OUTREACH_FUNDING_CONNECTION

    city_id: NonEmptyStr = Field(description="The registry's city.")


class FundingConnectionMade(FundingConnectionEvent):
    opportunity_id: NonEmptyStr
    funder: NonEmptyStr = Field(examples=["Open Society Foundations"])
    opportunity_title: NonEmptyStr


class FundingStageChanged(FundingConnectionEvent):
    from_stage: FundingStage
    to_stage: FundingStage


class FundingAwarded(FundingConnectionEvent):
    funder: NonEmptyStr
    opportunity_title: NonEmptyStr
    amount: Decimal = Field(ge=0, description="Amount awarded.", examples=["250000"])
    currency: CurrencyCode = Field(examples=["USD"])
    awarded_on: date


class FundingReportDue(FundingConnectionEvent):
    """The city owes the funder a report on `due_on`."""

    due_on: date


class FundingReportReceived(FundingConnectionEvent):
    due_on: date
    received_on: date


# --------------------------------------------------------------------------------------------
# Partner organisations: mmc.outreach.partner-organisation.v1 (their contacts stay in outreach)
# --------------------------------------------------------------------------------------------


class OrganisationKind(StrEnum):
    STRATEGIC_PARTNER = "strategic_partner"
    CITY_NETWORK = "city_network"
    INTERNATIONAL_ORGANISATION = "international_organisation"
    FUNDER = "funder"


class PartnerEvent(Event):
    service: ClassVar[str] = "outreach"
    aggregate: ClassVar[str] = "partner_organisation"
    topic: ClassVar[str] = OUTREACH_PARTNER


class PartnerOrganisationRegistered(PartnerEvent):
    name: NonEmptyStr = Field(max_length=200, examples=["C40 Cities"])
    kinds: list[OrganisationKind] = Field(description="Its relationships to the MMC.")


class PartnerOrganisationCityRelated(PartnerEvent):
    """The organisation works with a city (a member of its network, a grantee...)."""

    city_id: NonEmptyStr
    relationship: NonEmptyStr = Field(max_length=200, examples=["member"])


class PartnerContactErased(PartnerEvent):
    """A person's contact details at the organisation were erased on their request (a
    tombstone: who it was is not said; the organisation's record holds no trace of them)."""

    contacts_erased: int = Field(ge=1, description="How many contact entries went.")


# --------------------------------------------------------------------------------------------
# Coalitions: mmc.outreach.coalition.v1
# --------------------------------------------------------------------------------------------


class MemberKind(StrEnum):
    CITY = "city"
    ORGANISATION = "organisation"


class CoalitionEvent(Event):
    service: ClassVar[str] = "outreach"
    aggregate: ClassVar[str] = "coalition"
    topic: ClassVar[str] = OUTREACH_COALITION


class CoalitionFormed(CoalitionEvent):
    name: NonEmptyStr = Field(max_length=200)
    goal: NonEmptyStr = Field(max_length=1000)
    requested_by_city_id: str | None = Field(
        default=None, max_length=64, description="The city that asked for it, if one did."
    )


class CoalitionMemberJoined(CoalitionEvent):
    member_kind: MemberKind
    member_id: NonEmptyStr
    joined_on: date


class CoalitionMemberLeft(CoalitionEvent):
    member_kind: MemberKind
    member_id: NonEmptyStr
    left_on: date
