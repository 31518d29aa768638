"""Events of the cities service and the value types they carry.

Two aggregates, two topics:

* `city` on `mmc.cities.city.v2`: a city the MMC works with, its profile and partnership.
* `assistance_request` on `mmc.cities.assistance-request.v1`: a city's request for technical
  assistance and its follow-up. Every assistance event carries `city_id`, so a consumer can route
  it to the city without a lookup.

The models validate the *shape* of the facts (types, formats, sizes); business rules (a real ISO
country code, allowed status transitions) are the cities service's job and are not re-checked
here, so consumers never reject an event the service accepted.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated, Any, ClassVar

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from mmc_contracts.envelope import Event
from mmc_contracts.topics import CITIES_ASSISTANCE_REQUEST, CITIES_CITY

# --------------------------------------------------------------------------------------------
# Enumerations. New values may be added in a compatible release; consumers should treat an
# unknown value as "other" where they can (the Python models reject it until upgraded).
# --------------------------------------------------------------------------------------------


class MigrationContext(StrEnum):
    """How migration shows in a city; a city usually has several."""

    DESTINATION = "destination"
    TRANSIT = "transit"
    ORIGIN = "origin"
    RETURN = "return"
    REFUGEE_HOSTING = "refugee_hosting"
    INTERNAL_DISPLACEMENT = "internal_displacement"
    CLIMATE_MOBILITY = "climate_mobility"


class SizeClass(StrEnum):
    """The city's size class as used by MMC programmes."""

    GLOBAL = "global"
    PRIMARY = "primary"
    SECONDARY = "secondary"


class PartnershipStatus(StrEnum):
    """Where the MMC's relationship with a city stands."""

    PROSPECT = "prospect"
    ENGAGED = "engaged"
    PARTNER = "partner"
    INACTIVE = "inactive"


class AssistanceKind(StrEnum):
    """The kind of technical assistance a city asks for."""

    STRATEGY_DEVELOPMENT = "strategy_development"
    COALITION_BUILDING = "coalition_building"
    POLICY_ENGAGEMENT = "policy_engagement"
    FUNDING_ACCESS = "funding_access"
    ADVOCACY_SUPPORT = "advocacy_support"


class AssistanceStatus(StrEnum):
    """The life cycle of an assistance request."""

    RECEIVED = "received"
    TRIAGED = "triaged"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    IN_PROGRESS = "in_progress"
    DELIVERED = "delivered"
    CLOSED = "closed"


class ContactRole(StrEnum):
    """A contact's role in the city administration."""

    MAYOR = "mayor"
    DEPUTY_MAYOR = "deputy_mayor"
    SENIOR_STAFF = "senior_staff"
    FOCAL_POINT = "focal_point"


# --------------------------------------------------------------------------------------------
# Value types
# --------------------------------------------------------------------------------------------

EMAIL_PATTERN = r"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$"
"""One `@`, a non-empty local part, and a domain with at least one dot (deliberately simple)."""

COUNTRY_CODE_PATTERN = r"^[A-Z]{2}$"
LANGUAGE_CODE_PATTERN = r"^[a-z]{2}$"

NonEmptyStr = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
CityName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
PersonName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Email = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=254, pattern=EMAIL_PATTERN)
]
CountryCode = Annotated[str, StringConstraints(pattern=COUNTRY_CODE_PATTERN)]
LanguageCode = Annotated[str, StringConstraints(pattern=LANGUAGE_CODE_PATTERN)]
NetworkName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


def _plain(value: Any) -> Any:
    """Another model's fields as a dict, so a full record validates into its public view."""
    return value.model_dump() if isinstance(value, BaseModel) else value


class PublicContact(BaseModel):
    """A person in a city administration as events carry them: name and office, never contacts.

    Validating a full `Contact` into this drops its e-mail and phone (they stay in the cities
    service, behind its API, where they can be exported or erased).
    """

    model_config = ConfigDict(frozen=True)

    name: PersonName = Field(description="Full name.", examples=["Amina Diallo"])
    role: ContactRole = Field(description="Role in the city administration.", examples=["mayor"])
    title: str | None = Field(
        default=None, description="Official title, as the city writes it.", examples=["Mayor"]
    )

    @model_validator(mode="before")
    @classmethod
    def _from_record(cls, value: Any) -> Any:
        return _plain(value)


class Contact(BaseModel):
    """A person the MMC works with in a city administration, with their contact details.

    The cities service's record (its API and database); events carry `PublicContact`.
    """

    model_config = ConfigDict(frozen=True)

    name: PersonName = Field(description="Full name.", examples=["Amina Diallo"])
    role: ContactRole = Field(description="Role in the city administration.", examples=["mayor"])
    title: str | None = Field(
        default=None, description="Official title, as the city writes it.", examples=["Mayor"]
    )
    email: Email | None = Field(
        default=None,
        description="E-mail address (checked only for one '@' and a dot in the domain).",
        examples=["a.diallo@city.example.org"],
    )
    phone: str | None = Field(
        default=None, description="Phone number, free form.", examples=["+232 00 000000"]
    )


class _CityFacts(BaseModel):
    """The public facts of a city's profile (everything but its people)."""

    model_config = ConfigDict(frozen=True)

    name: CityName = Field(description="The city's usual English name.", examples=["Freetown"])
    country_code: CountryCode = Field(
        description="ISO 3166-1 alpha-2 code of the country.", examples=["SL"]
    )
    region: NonEmptyStr = Field(description="UN M49 region.", examples=["Africa"])
    sub_region: NonEmptyStr = Field(
        description="UN M49 sub-region.", examples=["Sub-Saharan Africa"]
    )
    population: int | None = Field(
        default=None, ge=0, description="Population, if known.", examples=[1_200_000]
    )
    migrant_population: int | None = Field(
        default=None, ge=0, description="Migrant population, if known.", examples=[150_000]
    )
    migration_contexts: list[MigrationContext] = Field(
        default_factory=list,
        description="The city's migration contexts: a set, sent without duplicates and sorted.",
        examples=[["destination", "transit"]],
        json_schema_extra={"uniqueItems": True},
    )
    size_class: SizeClass = Field(description="Size class.", examples=["primary"])
    networks: list[NetworkName] = Field(
        default_factory=list,
        description="City networks the city belongs to: without duplicates, sorted.",
        examples=[["C40", "Mayors Mechanism"]],
        json_schema_extra={"uniqueItems": True},
    )
    languages: list[LanguageCode] = Field(
        default_factory=list,
        description="Working languages as ISO 639-1 codes, without duplicates, main one first.",
        examples=[["en", "fr"]],
        json_schema_extra={"uniqueItems": True},
    )
    website: str | None = Field(
        default=None, description="The city's website.", examples=["https://city.example.org"]
    )

    @field_validator("migration_contexts", "networks")
    @classmethod
    def _as_sorted_set(cls, values: list[str]) -> list[str]:
        return sorted(set(values))

    @field_validator("languages")
    @classmethod
    def _unique_in_order(cls, values: list[str]) -> list[str]:
        return list(dict.fromkeys(values))


class PublicCityProfile(_CityFacts):
    """A city's profile as events carry it: its people by name and office only.

    Validating a full `CityProfile` into this drops the people's e-mails and phones.
    """

    mayor: PublicContact | None = Field(default=None, description="The current mayor, if known.")
    contacts: list[PublicContact] = Field(
        default_factory=list, description="Other people the MMC works with in the city."
    )

    @model_validator(mode="before")
    @classmethod
    def _from_record(cls, value: Any) -> Any:
        return _plain(value)


class CityProfile(_CityFacts):
    """What the MMC knows about a city, its people's contact details included (the cities
    service's record; events carry `PublicCityProfile`)."""

    mayor: Contact | None = Field(default=None, description="The current mayor, if known.")
    contacts: list[Contact] = Field(
        default_factory=list, description="Other people the MMC works with in the city."
    )


class Deliverable(BaseModel):
    """Something the MMC delivered to a city in answer to an assistance request."""

    model_config = ConfigDict(frozen=True)

    title: Title = Field(description="What was delivered.", examples=["Inclusion strategy draft"])
    url: str | None = Field(
        default=None,
        description="Where to find it.",
        examples=["https://docs.example.org/freetown-strategy"],
    )
    delivered_on: date | None = Field(
        default=None, description="When it was delivered.", examples=["2026-11-28"]
    )


# --------------------------------------------------------------------------------------------
# City events: topic mmc.cities.city.v2, key = aggregate_id = the city id. Version 2 carries
# people by name and office only (`PublicContact`): v1 carried their e-mails and phones.
# --------------------------------------------------------------------------------------------


class CityEvent(Event):
    """Base of the events of the `city` aggregate; `aggregate_id` is the city id."""

    service: ClassVar[str] = "cities"
    aggregate: ClassVar[str] = "city"
    topic: ClassVar[str] = CITIES_CITY
    major_version: ClassVar[int] = 2


class CityRegistered(CityEvent):
    """A city was registered with the MMC."""

    profile: PublicCityProfile = Field(description="The city's profile (its people by name).")
    partnership_status: PartnershipStatus = Field(
        description="The partnership status the city starts with.", examples=["prospect"]
    )


class CityProfileUpdated(CityEvent):
    """A city's profile changed. Carries the full profile after the change."""

    profile: PublicCityProfile = Field(description="The full profile after the change.")
    changed_fields: list[str] = Field(
        description=(
            "Names of the top-level profile fields that changed, sorted. May name fields a "
            "consumer's version of this contract does not know yet."
        ),
        examples=[["mayor", "population"]],
        json_schema_extra={"uniqueItems": True},
    )

    @field_validator("changed_fields")
    @classmethod
    def _as_sorted_set(cls, values: list[str]) -> list[str]:
        return sorted(set(values))


class CityPartnershipStatusChanged(CityEvent):
    """The MMC's partnership with a city moved to another status."""

    from_status: PartnershipStatus = Field(description="Status before.", examples=["engaged"])
    to_status: PartnershipStatus = Field(description="Status after.", examples=["partner"])
    reason: NonEmptyStr = Field(
        description="Why it changed.", examples=["Signed the partnership agreement."]
    )


class CityMayorChanged(CityEvent):
    """A city has a new mayor (the profile's `mayor` changes accordingly)."""

    previous_mayor: PublicContact | None = Field(description="The mayor before, if one was known.")
    new_mayor: PublicContact = Field(description="The new mayor.")
    took_office_on: date | None = Field(
        default=None, description="When the new mayor took office.", examples=["2026-06-01"]
    )


class BoardRoleChange(StrEnum):
    """What happened to a city's seat on the Leadership Board."""

    SEATED = "seated"
    RENEWED = "renewed"
    LEFT = "left"


class BoardRole(BaseModel):
    """A city's seat on the MMC Leadership Board, as the board service reported it."""

    model_config = ConfigDict(frozen=True)

    membership_id: str = Field(min_length=1, max_length=64, description="The board membership.")
    seat: int = Field(ge=1, description="Seat number on the Board.", examples=[3])
    mayor_name: str = Field(
        min_length=1, max_length=200, description="The mayor who holds the seat."
    )
    term_start: date = Field(description="First day of the current term.")
    term_end: date = Field(description="Last day of the current term.")


class CityBoardRoleChanged(CityEvent):
    """The city's mayor took, renewed or left a seat on the Leadership Board."""

    board_role: BoardRole | None = Field(
        description="The seat the city now holds, or null when it holds none."
    )
    change: BoardRoleChange = Field(description="What happened.", examples=["seated"])
    board_event_id: str = Field(
        min_length=1, max_length=64, description="The board event this change follows."
    )


# --------------------------------------------------------------------------------------------
# Assistance request events: topic mmc.cities.assistance-request.v1, key = the request id
# --------------------------------------------------------------------------------------------


class AssistanceRequestEvent(Event):
    """Base of the events of the `assistance_request` aggregate; `aggregate_id` is the request id.

    Every event names the city (`city_id`) so consumers can route it without a lookup.
    """

    service: ClassVar[str] = "cities"
    aggregate: ClassVar[str] = "assistance_request"
    topic: ClassVar[str] = CITIES_ASSISTANCE_REQUEST

    city_id: NonEmptyStr = Field(
        description="Id of the city the request is for (the city events' aggregate_id).",
        examples=["city-freetown"],
    )


class AssistanceRequestOpened(AssistanceRequestEvent):
    """A city asked the MMC for technical assistance."""

    kind: AssistanceKind = Field(description="Kind of assistance.", examples=["funding_access"])
    title: Title = Field(description="Short title.", examples=["Access to the Global Cities Fund"])
    description: str = Field(description="What the city asks for, in its words.")
    requested_by: NonEmptyStr = Field(
        description=(
            "Who asked, by name or role (never an e-mail address: contact details stay in the "
            "cities service)."
        ),
        examples=["Amina Diallo"],
    )
    due_on: date | None = Field(
        default=None, description="When the city needs it, if it said.", examples=["2027-01-31"]
    )


class AssistanceRequestStatusChanged(AssistanceRequestEvent):
    """An assistance request moved to another status."""

    from_status: AssistanceStatus = Field(description="Status before.", examples=["triaged"])
    to_status: AssistanceStatus = Field(description="Status after.", examples=["accepted"])
    reason: str | None = Field(default=None, description="Why, if given.")


class AssistanceRequestAssigned(AssistanceRequestEvent):
    """An assistance request was assigned to an MMC staff member."""

    assignee: NonEmptyStr = Field(
        description="The MMC staff member now responsible, by staff id (never an e-mail address).",
        examples=["staff-1042"],
    )


class AssistanceDeliverableRecorded(AssistanceRequestEvent):
    """Something was delivered to the city for an assistance request."""

    deliverable: Deliverable = Field(description="What was delivered.")
