"""The advocacy HTTP API's request and response bodies.

Requests reject unknown fields and bound every string, number, date and list, so junk gets a 422
before it reaches the domain; the domain then checks the business rules (its field paths are the
body's). Responses are the aggregates' own state, or views of it.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints

from mmc_advocacy.domain import (
    AmplificationTotals,
    Campaign,
    CampaignStatus,
    KnownCity,
    Material,
    PublicSignatory,
    Signature,
)
from mmc_advocacy.domain.resource import StoredFile
from mmc_chassis.http_models import Id, NotBlank, Printable, Strict, Version
from mmc_contracts.advocacy import (
    ConsentMethod,
    GcrArea,
    InputKind,
    InputStatus,
    MaterialKind,
    MaterialStatus,
    MomentScope,
    MomentSeries,
    PledgeStatus,
    ResearchStatus,
    ResourceKind,
)
from mmc_contracts.cities import PartnershipStatus

EARLIEST = date(1990, 1, 1)
LATEST = date(2199, 12, 31)

Day = Annotated[date, Field(ge=EARLIEST, le=LATEST)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=200), Printable, NotBlank]
ShortText = Annotated[str, StringConstraints(min_length=1, max_length=80), Printable, NotBlank]
LongText = Annotated[str, StringConstraints(min_length=1, max_length=5000), Printable, NotBlank]
BodyText = Annotated[str, StringConstraints(min_length=1, max_length=50_000), Printable, NotBlank]
Language = Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")]
Url = Annotated[str, StringConstraints(pattern=r"^https?://[^ \x00-\x1f\x7f]{1,2000}$")]
Count = Annotated[int, Field(ge=0, le=10**12)]
Figure = Annotated[float, Field(ge=-(10**12), le=10**12, allow_inf_nan=False)]
FigureName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,39}$")]


class Versioned(Strict):
    expected_version: Version | None = Field(
        default=None, description="The version you saw; 409 if it changed meanwhile."
    )


# --- campaigns ---------------------------------------------------------------------------------


class CampaignIn(Strict):
    name: Text = Field(examples=["Cities at the GFMD Summit"])
    goal: LongText
    audiences: list[Text] = Field(default_factory=list, max_length=20)
    starts_on: Day
    ends_on: Day
    policy_moment_id: Id | None = None
    owner: Text = Field(description="The staff member who leads it.")


class CampaignOut(Campaign):
    """The campaign, the status its materials give it, and their summed amplification."""

    status: CampaignStatus
    material_ids: list[str]
    amplification: AmplificationTotals


# --- materials ---------------------------------------------------------------------------------


class MaterialIn(Strict):
    campaign_id: Id | None = None
    kind: MaterialKind
    title: Text
    language: Language = "en"
    text: BodyText
    named_city_ids: list[Id] = Field(
        default_factory=list, max_length=100, description="Cities the text names."
    )


class RevisionIn(Versioned):
    text: BodyText


class CommentIn(Versioned):
    text: LongText


class PublicationIn(Strict):
    channel: Text = Field(examples=["op-ed"])
    outlet: Text | None = Field(default=None, examples=["The Guardian"])
    language: Language = "en"
    published_on: Day
    url: Url | None = None


class MaterialStatusIn(Versioned):
    to_status: MaterialStatus
    publication: PublicationIn | None = Field(
        default=None, description="Publishing needs the first publication."
    )


class AmplificationIn(Strict):
    channel: Text
    measured_on: Day
    reach: Count = 0
    shares: Count = 0
    pickups: Count = 0


class AmplificationOut(BaseModel):
    total: AmplificationTotals
    by_channel: dict[str, AmplificationTotals]


class ConsentIn(Strict):
    given_by: Text = Field(description="Who gave the city's consent.")
    given_on: Day
    method: ConsentMethod


class SignatureIn(Strict):
    city_id: Id
    mayor_name: Text
    mayor_title: Text = "Mayor"
    consent: ConsentIn


class WithdrawalIn(Strict):
    reason: LongText | None = None


class SignaturesOut(BaseModel):
    active: list[Signature]
    history: list[Signature] = Field(description="Every signature, withdrawn ones included.")


class PublicSignatoriesOut(BaseModel):
    statement_id: str
    title: str
    signatories: list[PublicSignatory]


class MaterialPage(BaseModel):
    items: list[Material]
    total: int
    limit: int
    offset: int


class CampaignPage(BaseModel):
    items: list[CampaignOut]
    total: int
    limit: int
    offset: int


# --- policy moments ----------------------------------------------------------------------------


class MomentIn(Strict):
    name: Text
    series: MomentSeries
    scope: MomentScope
    region: Text | None = None
    starts_on: Day
    ends_on: Day
    venue: Text
    description: LongText | None = None
    url: Url | None = None
    dates_confirmed: bool = True


class InputIn(Strict):
    city_id: Id
    kind: InputKind
    title: Text
    status: InputStatus = InputStatus.PLANNED


class InputStatusIn(Versioned):
    to_status: InputStatus


# --- pledges -----------------------------------------------------------------------------------


class PledgeIn(Strict):
    city_id: Id
    title: Text
    description: LongText
    made_on: Day
    gcm_objectives: list[Annotated[int, Field(ge=1, le=23)]] = Field(
        default_factory=list, max_length=23
    )
    gcr_areas: list[GcrArea] = Field(default_factory=list, max_length=12)
    policy_moment_id: Id | None = None


class ProgressIn(Versioned):
    reported_on: Day
    status: PledgeStatus
    narrative: LongText
    figures: dict[FigureName, Figure] = Field(default_factory=dict, max_length=20)


# --- resources ---------------------------------------------------------------------------------


class ResourceIn(Strict):
    kind: ResourceKind
    title: Annotated[str, StringConstraints(min_length=1, max_length=300), Printable, NotBlank]
    summary: LongText
    topics: list[ShortText] = Field(default_factory=list, max_length=20)
    region: Text | None = None
    language: Language = "en"
    url: Url | None = None
    authors: list[Text] = Field(default_factory=list, max_length=20)
    funder: Text | None = None
    commissioned_on: Day | None = None
    published_on: Day | None = None


class ResearchStatusIn(Versioned):
    to_status: ResearchStatus
    published_on: Day | None = None


class ResourceOut(BaseModel):
    id: str
    version: int
    kind: ResourceKind
    title: str
    summary: str
    topics: list[str]
    region: str | None
    language: str
    url: str | None
    authors: list[str]
    funder: str | None
    commissioned_on: date | None
    published_on: date | None
    research_status: ResearchStatus | None
    file: StoredFile | None = None
    created_at: datetime
    updated_at: datetime
    score: float | None = Field(default=None, description="The search score, when searched.")


# --- cities ------------------------------------------------------------------------------------


class KnownCityOut(BaseModel):
    id: str
    name: str
    country_code: str
    region: str
    partnership_status: PartnershipStatus
    mayor_name: str | None

    @classmethod
    def of(cls, city: KnownCity) -> KnownCityOut:
        return cls(
            id=city.id,
            name=city.name,
            country_code=city.country_code,
            region=city.region,
            partnership_status=city.partnership_status,
            mayor_name=city.mayor_name,
        )
