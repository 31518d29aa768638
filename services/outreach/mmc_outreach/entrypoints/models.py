"""Request and response bodies of the outreach API. Every string, number and list is bounded."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, PlainValidator, StringConstraints, WithJsonSchema

from mmc_chassis.http_models import Id, NotBlank, Page, Printable, Strict, Version
from mmc_contracts.cities import (
    EMAIL_PATTERN,
    AssistanceKind,
    MigrationContext,
    PartnershipStatus,
    SizeClass,
)
from mmc_contracts.outreach import (
    ActivityKind,
    FundingStage,
    InquiryKind,
    MemberKind,
    OrganisationKind,
    OutreachStage,
)
from mmc_outreach.domain.funding import FundingConnection, Opportunity
from mmc_outreach.domain.inquiry import Inquiry
from mmc_outreach.domain.nomination_call import NominationCall
from mmc_outreach.domain.partners import Coalition, OrganisationContact, PartnerOrganisation
from mmc_outreach.domain.pipeline import OutreachTarget


def text(max_length: int, min_length: int = 1) -> object:
    return StringConstraints(min_length=min_length, max_length=max_length)


AMOUNT_PATTERN = r"^(0|[1-9][0-9]{0,11})(\.[0-9]{1,2})?$"
POSITIVE_AMOUNT_PATTERN = r"^([1-9][0-9]{0,11}(\.[0-9]{1,2})?|0\.(0[1-9]|[1-9][0-9]?))$"


def _amount_parser(pattern: str, lowest: str) -> Callable[[object], Decimal]:
    """An amount of money, exact: a whole number, or text with at most two decimals
    (`"1250.50"`); never a JSON fraction, which no binary float holds exactly."""

    def parse(value: object) -> Decimal:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not re.fullmatch(pattern, value):
            raise ValueError(
                f"must be an amount {lowest}, below 10^12: a whole number, or text with at"
                " most two decimals ('1250.50')"
            )
        return Decimal(value)

    return parse


def _amount_schema(pattern: str, minimum: int) -> dict[str, Any]:
    return {
        "anyOf": [
            {"type": "integer", "minimum": minimum, "maximum": 10**12 - 1},
            {"type": "string", "pattern": pattern},
        ],
        "examples": ["250000", "1250.50"],
    }


Amount = Annotated[
    Decimal,
    PlainValidator(_amount_parser(AMOUNT_PATTERN, "of 0 or more")),
    WithJsonSchema(_amount_schema(AMOUNT_PATTERN, 0)),
]
PositiveAmount = Annotated[
    Decimal,
    PlainValidator(_amount_parser(POSITIVE_AMOUNT_PATTERN, "more than 0")),
    WithJsonSchema(_amount_schema(POSITIVE_AMOUNT_PATTERN, 1)),
]

Short = Annotated[str, text(200), Printable, NotBlank]
Long = Annotated[str, text(20_000), Printable, NotBlank]
Note = Annotated[str, text(5000, 0), Printable]
CountryCode = Annotated[str, StringConstraints(pattern=r"^[A-Za-z]{2}$")]
Url = Annotated[str, StringConstraints(max_length=300, pattern=r"^https?://[^\s\x00-\x1f]+$")]
Phone = Annotated[str, StringConstraints(max_length=50, pattern=r"^[0-9+() .-]{3,50}$")]


class IntakeIn(Strict):
    """The web form a city fills in."""

    sender_name: Short = Field(examples=["Amina Diallo"])
    sender_email: Annotated[str, StringConstraints(max_length=254, pattern=EMAIL_PATTERN)] = Field(
        examples=["a.diallo@city.example.org"]
    )
    sender_phone: Phone | None = None
    sender_role: Short | None = Field(default=None, examples=["Deputy mayor"])
    subject: Short = Field(examples=["Support for a migrant inclusion strategy"])
    message: Long = Field(examples=["Could the MMC help us draft our inclusion strategy?"])
    city_id: Id | None = Field(default=None, max_length=64, description="A registry city.")
    city_name: Annotated[str, text(120), Printable, NotBlank] | None = Field(
        default=None, examples=["Gaziantep"]
    )
    country_code: CountryCode | None = Field(default=None, examples=["TR"])
    size_class: SizeClass | None = None
    kind: InquiryKind | None = Field(default=None, description="What the sender says it is.")


class TriageIn(Strict):
    kind: InquiryKind | None = Field(
        default=None, description="Leave out to take the triage rules' suggestion."
    )
    assistance_kind: AssistanceKind | None = None
    expected_version: Version | None = None


class AssignIn(Strict):
    assignee: Short
    expected_version: Version | None = None


class AnswerIn(Strict):
    text: Long
    expected_version: Version | None = None


class CloseIn(Strict):
    expected_version: Version | None = None


class LinkIn(Strict):
    city_id: Annotated[Id, StringConstraints(max_length=64)]


class MalformedOut(BaseModel):
    position: int = Field(description="The message's place in its file (1 = first).")
    reason: str


class ImportReportOut(BaseModel):
    messages: int
    imported: int
    duplicates: int
    malformed: list[MalformedOut]
    inquiry_ids: list[str]


class TargetIn(Strict):
    city_id: Annotated[Id, StringConstraints(max_length=64)]
    owner: Short | None = None


class StageIn(Strict):
    to_stage: OutreachStage
    reason: Annotated[str, text(500), Printable, NotBlank] | None = None
    expected_version: Version | None = None


class ActivityIn(Strict):
    kind: ActivityKind
    on: date
    notes: Note = ""


class PriorityOut(BaseModel):
    city_id: str
    city_name: str
    points: int
    reasons: list[str]


class TargetOut(BaseModel):
    target: OutreachTarget
    priority: PriorityOut | None


class InviteIn(Strict):
    city_id: Annotated[Id, StringConstraints(max_length=64)]


class CallAnswerIn(Strict):
    city_id: Annotated[Id, StringConstraints(max_length=64)]
    will_nominate: bool


class OpportunityIn(Strict):
    funder: Short = Field(examples=["Open Society Foundations"])
    title: Short = Field(examples=["Global Cities Fund for Inclusive Pandemic Recovery"])
    amount: Amount | None = None
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")] = "USD"
    eligibility: Note = ""
    deadline: date | None = None
    partner_id: Id | None = Field(default=None, max_length=64)


class ConnectionIn(Strict):
    city_id: Annotated[Id, StringConstraints(max_length=64)]
    opportunity_id: Annotated[Id, StringConstraints(max_length=64)]


class FundingStageIn(Strict):
    to_stage: FundingStage


class AwardIn(Strict):
    amount: PositiveAmount
    awarded_on: date


class ReportDueIn(Strict):
    due_on: date


class ReportReceivedIn(Strict):
    due_on: date
    received_on: date


class AwardSumOut(BaseModel):
    key: str
    currency: str
    amount: Decimal
    awards: int


InquiryPage = Page[Inquiry]
TargetPage = Page[TargetOut]
PriorityPage = Page[PriorityOut]
CallPage = Page[NominationCall]
OpportunityPage = Page[Opportunity]
ConnectionPage = Page[FundingConnection]


class KnownCityOut(BaseModel):
    id: str
    name: str
    country_code: str
    region: str
    size_class: SizeClass
    partnership_status: PartnershipStatus
    migration_contexts: list[MigrationContext]
    on_board: bool


# An e-mail address and a link hold no white space nor control character (NUL cannot even be
# stored). The excluded characters are listed, not `\s`, whose meaning differs between the
# JSON Schema (ECMAScript) and Python regex engines.
NO_SPACES = "\\x00-\\x20\\x7f-\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff"
CONTACT_EMAIL = f"^[^@{NO_SPACES}]+@[^@.{NO_SPACES}]+(\\.[^@.{NO_SPACES}]+)+$"
WEBSITE = f"^https?://[^{NO_SPACES}]+$"


class ContactIn(Strict):
    model_config = ConfigDict(extra="forbid", regex_engine="python-re")

    name: Short
    role: Short | None = None
    email: Annotated[str, StringConstraints(max_length=254, pattern=CONTACT_EMAIL)] | None = None


class PartnerIn(Strict):
    model_config = ConfigDict(extra="forbid", regex_engine="python-re")

    name: Short = Field(examples=["C40 Cities"])
    kinds: list[OrganisationKind] = Field(min_length=1, max_length=4)
    website: Annotated[str, StringConstraints(max_length=300, pattern=WEBSITE)] | None = None
    relationship_to_mmc: Note = ""
    contacts: list[ContactIn] = Field(default_factory=list, max_length=50)

    def contact_models(self) -> list[OrganisationContact]:
        return [OrganisationContact(**c.model_dump()) for c in self.contacts]


class CityRelationIn(Strict):
    city_id: Annotated[Id, StringConstraints(max_length=64)]
    relationship: Short = Field(examples=["member of the network"])


class CoalitionIn(Strict):
    name: Short
    goal: Annotated[str, text(1000), Printable, NotBlank]
    requested_by_city_id: Annotated[Id, StringConstraints(max_length=64)] | None = None


class MemberIn(Strict):
    member_kind: MemberKind
    member_id: Annotated[Id, StringConstraints(max_length=64)]
    on: date


PartnerPage = Page[PartnerOrganisation]
CoalitionPage = Page[Coalition]


T = TypeVar("T")


def as_is(item: T) -> T:
    """A list item that is its own response model (an aggregate)."""
    return item
