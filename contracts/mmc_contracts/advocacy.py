"""Events of the advocacy service and the value types they carry.

Five aggregates, five topics:

* `campaign` on `mmc.advocacy.campaign.v1`: an advocacy campaign, its goal and the policy moment
  it aims at. Its status is not an event: it follows its materials.
* `material` on `mmc.advocacy.material.v1`: a public statement, op-ed, social media campaign or
  policy brief, from draft to publication, its dissemination and amplification, and (for a
  statement) the cities that co-sign it. The events about one city (`StatementCoSigned`,
  `StatementSignatureWithdrawn`, `CityFeaturedInMaterial`) carry `city_id`.
* `policy_moment` on `mmc.advocacy.policy-moment.v1`: a global or regional policy discussion and
  the city inputs submitted to it (`CityInputSubmitted`, `CityInputStatusChanged` carry
  `city_id`); `PolicyMomentApproaching` is announced once ahead of its start.
* `pledge` on `mmc.advocacy.pledge.v1`: a city's public commitment and its progress reports
  (both carry `city_id`).
* `resource` on `mmc.advocacy.resource.v1`: the knowledge repository: commissioned research and
  tools, guides and reports.

Events carry ids and public facts only: a mayor's name and title on a public statement are
public; who gave a city's consent, reviewers' comments and material texts stay in the service.
When a person's data is erased on request, each aggregate that held some announces it once with
a tombstone (`...PersonalDataErased`, one per topic): it says what kind of data went, never whose
(a staff id at most, which the events name anyway); a subscriber that copied any of it deletes it.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import ClassVar

from pydantic import Field

from mmc_contracts.advocacy_erasure import ErasedPart as ErasedPart
from mmc_contracts.advocacy_erasure import PersonalDataErasedFacts as PersonalDataErasedFacts
from mmc_contracts.cities import CityName, LanguageCode, NonEmptyStr, PersonName, Title
from mmc_contracts.envelope import Event
from mmc_contracts.topics import (
    ADVOCACY_CAMPAIGN,
    ADVOCACY_MATERIAL,
    ADVOCACY_PLEDGE,
    ADVOCACY_POLICY_MOMENT,
    ADVOCACY_RESOURCE,
)

# --------------------------------------------------------------------------------------------
# Enumerations. New values may be added in a compatible release.
# --------------------------------------------------------------------------------------------


class MaterialKind(StrEnum):
    PUBLIC_STATEMENT = "public_statement"
    OP_ED = "op_ed"
    SOCIAL_MEDIA_CAMPAIGN = "social_media_campaign"
    POLICY_BRIEF = "policy_brief"


class MaterialStatus(StrEnum):
    """draft -> in review -> approved -> published -> archived (changes send a review back)."""

    DRAFT = "draft"
    IN_REVIEW = "in_review"
    APPROVED = "approved"
    PUBLISHED = "published"
    ARCHIVED = "archived"


class ConsentMethod(StrEnum):
    """How a city gave its consent to co-sign."""

    SIGNED_LETTER = "signed_letter"
    EMAIL = "email"
    VERBAL = "verbal"
    ONLINE_FORM = "online_form"


class MomentScope(StrEnum):
    GLOBAL = "global"
    REGIONAL = "regional"


class MomentSeries(StrEnum):
    """The recurring discussion a policy moment belongs to."""

    GFMD = "gfmd"
    """The Global Forum on Migration and Development (with its Mayors Mechanism)."""
    IMRF = "imrf"
    """The International Migration Review Forum (the Global Compact for Migration's review)."""
    GRF = "grf"
    """The Global Refugee Forum (the Global Compact on Refugees)."""
    UNFCCC_COP = "unfccc_cop"
    """The UN climate change conferences."""
    OTHER = "other"


class InputKind(StrEnum):
    POSITION_PAPER = "position_paper"
    SPEAKING_SLOT = "speaking_slot"
    STATEMENT = "statement"


class InputStatus(StrEnum):
    PLANNED = "planned"
    SUBMITTED = "submitted"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    DELIVERED = "delivered"


class PledgeStatus(StrEnum):
    ANNOUNCED = "announced"
    IN_PROGRESS = "in_progress"
    ACHIEVED = "achieved"
    DISCONTINUED = "discontinued"


class GcrArea(StrEnum):
    """The areas in need of support of the Global Compact on Refugees."""

    EDUCATION = "education"
    JOBS_AND_LIVELIHOODS = "jobs_and_livelihoods"
    HEALTH = "health"
    WOMEN_AND_GIRLS = "women_and_girls"
    CHILDREN_AND_YOUTH = "children_and_youth"
    ACCOMMODATION_ENERGY_AND_NATURAL_RESOURCES = "accommodation_energy_and_natural_resources"
    FOOD_SECURITY_AND_NUTRITION = "food_security_and_nutrition"
    CIVIL_REGISTRIES = "civil_registries"
    STATELESSNESS = "statelessness"
    FOSTERING_GOOD_RELATIONS = "fostering_good_relations"
    DURABLE_SOLUTIONS = "durable_solutions"
    RECEPTION_AND_ADMISSION = "reception_and_admission"


class ResourceKind(StrEnum):
    RESEARCH = "research"
    """Commissioned research: commissioned -> in progress -> published."""
    TOOL = "tool"
    GUIDE = "guide"
    REPORT = "report"


class ResearchStatus(StrEnum):
    COMMISSIONED = "commissioned"
    IN_PROGRESS = "in_progress"
    PUBLISHED = "published"


GCM_OBJECTIVES = 23
"""The Global Compact for Migration has 23 objectives, numbered 1 to 23."""

CITY_ID = Field(description="Id of the city (the cities service's city aggregate_id).")

# --------------------------------------------------------------------------------------------
# Campaign: topic mmc.advocacy.campaign.v1, key = the campaign id
# --------------------------------------------------------------------------------------------


class CampaignEvent(Event):
    service: ClassVar[str] = "advocacy"
    aggregate: ClassVar[str] = "campaign"
    topic: ClassVar[str] = ADVOCACY_CAMPAIGN


class CampaignLaunched(CampaignEvent):
    """An advocacy campaign was set up."""

    name: Title = Field(examples=["Cities at the GFMD Summit"])
    starts_on: date
    ends_on: date
    policy_moment_id: str | None = Field(default=None, description="The moment it aims at.")
    audiences: list[Title] = Field(default_factory=list, examples=[["national governments"]])


class CampaignPersonalDataErased(CampaignEvent, PersonalDataErasedFacts):
    """A person's data was erased from the campaign on request (a tombstone)."""


# --------------------------------------------------------------------------------------------
# Material: topic mmc.advocacy.material.v1, key = the material id
# --------------------------------------------------------------------------------------------


class MaterialEvent(Event):
    service: ClassVar[str] = "advocacy"
    aggregate: ClassVar[str] = "material"
    topic: ClassVar[str] = ADVOCACY_MATERIAL


class MaterialDrafted(MaterialEvent):
    """A material was started as a draft (its first version)."""

    campaign_id: str | None = None
    kind: MaterialKind
    title: Title
    language: LanguageCode = Field(examples=["en"])


class MaterialRevised(MaterialEvent):
    """A new version of a draft's text was saved (the text stays in the service)."""

    text_version: int = Field(ge=1)


class MaterialReviewCommented(MaterialEvent):
    """A reviewer commented on a material in review (the comment stays in the service)."""

    reviewer: NonEmptyStr
    text_version: int = Field(ge=1)


class MaterialStatusChanged(MaterialEvent):
    """A material moved in its life cycle; `approved_by` names the approver of an approval."""

    from_status: MaterialStatus
    to_status: MaterialStatus
    approved_by: str | None = None


class MaterialDisseminated(MaterialEvent):
    """A published material appeared in a channel or outlet."""

    channel: Title = Field(examples=["op-ed"])
    outlet: Title | None = Field(default=None, examples=["The Guardian"])
    language: LanguageCode
    published_on: date
    url: str | None = Field(default=None, max_length=2000)


class MaterialAmplificationRecorded(MaterialEvent):
    """Reach, shares and pick-ups of a published material in one channel, as measured on a day."""

    channel: Title
    measured_on: date
    reach: int = Field(ge=0)
    shares: int = Field(ge=0)
    pickups: int = Field(ge=0)


class StatementCoSigned(MaterialEvent):
    """A city co-signed a public statement, its mayor by name and title, with consent on record."""

    city_id: NonEmptyStr = CITY_ID
    city_name: CityName
    mayor_name: PersonName
    mayor_title: Title
    consent_method: ConsentMethod
    consent_given_on: date
    statement_title: Title


class StatementSignatureWithdrawn(MaterialEvent):
    """A city withdrew its consent: its signature leaves the published list."""

    city_id: NonEmptyStr = CITY_ID
    city_name: CityName
    statement_title: Title


class CityFeaturedInMaterial(MaterialEvent):
    """A published material names the city (as a signatory or in its text)."""

    city_id: NonEmptyStr = CITY_ID
    kind: MaterialKind
    title: Title
    as_signatory: bool


class MaterialPersonalDataErased(MaterialEvent, PersonalDataErasedFacts):
    """A person's data was erased from the material on request (a tombstone): a reviewer's
    words, who gave a city's consent, a staff address. Signing cities and mayors stay public."""


# --------------------------------------------------------------------------------------------
# Policy moment: topic mmc.advocacy.policy-moment.v1, key = the moment id
# --------------------------------------------------------------------------------------------


class PolicyMomentEvent(Event):
    service: ClassVar[str] = "advocacy"
    aggregate: ClassVar[str] = "policy_moment"
    topic: ClassVar[str] = ADVOCACY_POLICY_MOMENT


class PolicyMomentScheduled(PolicyMomentEvent):
    name: Title
    series: MomentSeries
    scope: MomentScope
    starts_on: date
    ends_on: date
    venue: Title


class PolicyMomentApproaching(PolicyMomentEvent):
    """Announced once, when the moment comes within the notice period."""

    name: Title
    starts_on: date
    days_left: int = Field(ge=0)


class CityInputSubmitted(PolicyMomentEvent):
    """A city's input to a policy moment was put on record."""

    city_id: NonEmptyStr = CITY_ID
    input_id: NonEmptyStr
    kind: InputKind
    title: Title
    moment_name: Title
    status: InputStatus


class CityInputStatusChanged(PolicyMomentEvent):
    city_id: NonEmptyStr = CITY_ID
    input_id: NonEmptyStr
    moment_name: Title
    from_status: InputStatus
    to_status: InputStatus


class PolicyMomentPersonalDataErased(PolicyMomentEvent, PersonalDataErasedFacts):
    """A person's data was erased from the moment's inputs on request (a tombstone)."""


# --------------------------------------------------------------------------------------------
# Pledge: topic mmc.advocacy.pledge.v1, key = the pledge id
# --------------------------------------------------------------------------------------------


class PledgeEvent(Event):
    service: ClassVar[str] = "advocacy"
    aggregate: ClassVar[str] = "pledge"
    topic: ClassVar[str] = ADVOCACY_PLEDGE

    city_id: NonEmptyStr = CITY_ID


class PledgeMade(PledgeEvent):
    title: Title
    made_on: date
    gcm_objectives: list[int] = Field(description="Objectives of the GCM (1-23).")
    gcr_areas: list[GcrArea] = Field(default_factory=list)


class PledgeProgressReported(PledgeEvent):
    title: Title
    reported_on: date
    status: PledgeStatus
    figures: dict[str, float] = Field(default_factory=dict, examples=[{"people_reached": 1200}])


class PledgePersonalDataErased(PledgeEvent, PersonalDataErasedFacts):
    """A person's data was erased from the pledge's reports on request (a tombstone)."""


# --------------------------------------------------------------------------------------------
# Resource: topic mmc.advocacy.resource.v1, key = the resource id
# --------------------------------------------------------------------------------------------


class ResourceEvent(Event):
    service: ClassVar[str] = "advocacy"
    aggregate: ClassVar[str] = "resource"
    topic: ClassVar[str] = ADVOCACY_RESOURCE


class ResourceAdded(ResourceEvent):
    kind: ResourceKind
    title: Title
    language: LanguageCode
    topics: list[Title] = Field(default_factory=list)
    region: str | None = None
    research_status: ResearchStatus | None = None


class ResearchStatusChanged(ResourceEvent):
    from_status: ResearchStatus
    to_status: ResearchStatus


class ResourceFileAttached(ResourceEvent):
    """The resource's file was stored with it (in the service's GridFS bucket)."""

    file_name: Title
    content_type: str = Field(max_length=200, examples=["application/pdf"])
    size: int = Field(ge=0, description="Bytes.")


class ResourcePersonalDataErased(ResourceEvent, PersonalDataErasedFacts):
    """An author was erased from the resource on request (a tombstone)."""
