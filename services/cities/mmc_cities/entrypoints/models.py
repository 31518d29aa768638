"""The HTTP API's request and response bodies.

Requests reject unknown fields and bound every string, number and list, so junk gets a 422
before it reaches the domain; the domain then checks the business rules (a real country, a
known language, migrants not above the population) and answers 422 for the field at fault.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from mmc_chassis.http_models import Day, Page, Printable, Strict, Text, Version
from mmc_cities.domain.city import NETWORK_MAX_LENGTH, City
from mmc_cities.domain.partnership import REASON_MAX_LENGTH, PartnershipChange, allowed_next
from mmc_contracts.cities import (
    BoardRole,
    Contact,
    ContactRole,
    MigrationContext,
    PartnershipStatus,
    SizeClass,
)

MAX_POPULATION = 10_000_000_000
MAX_LIST = 50


# Python's white space (what `str.strip()` and its `\s` take) and ECMAScript's, spelled out so
# that the schema's patterns mean the same to every client as to this service.
_SPACES = r"\u0020\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_NOT_IN_ADDRESS = rf"@\u0000-\u001f\u007f{_SPACES}\ufeff"
EMAIL_PATTERN = rf"^[^{_NOT_IN_ADDRESS}]+@[^.{_NOT_IN_ADDRESS}]+(\.[^.{_NOT_IN_ADDRESS}]+)+$"
"""The contracts' e-mail rule (`mmc_contracts.cities.EMAIL_PATTERN`): one `@`, a dot in the
domain, no white space (nor control characters)."""
_PRINTABLE = r"[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]"
_BLANK = rf"[\t\n\r{_SPACES}]"
WEBSITE_PATTERN = rf"^({_BLANK}*|{_BLANK}*[Hh][Tt][Tt][Pp][Ss]?://{_PRINTABLE}*)$"
"""An `http://` or `https://` address (any case), or nothing."""

# Bounded strings: printable, and not blank where the registry needs a value.
CityNameText = Annotated[str, StringConstraints(min_length=1, max_length=120), Text]
CountryCodeText = Annotated[str, StringConstraints(pattern=r"^[A-Za-z]{2}$")]
PersonNameText = Annotated[str, StringConstraints(min_length=1, max_length=200), Text]
TitleText = Annotated[str, StringConstraints(min_length=0, max_length=200), Printable]
EmailText = Annotated[str, StringConstraints(max_length=254, pattern=EMAIL_PATTERN)]
PhoneText = Annotated[str, StringConstraints(min_length=0, max_length=50), Printable]
WebsiteText = Annotated[str, StringConstraints(max_length=500, pattern=WEBSITE_PATTERN)]
NetworkText = Annotated[str, StringConstraints(min_length=1, max_length=NETWORK_MAX_LENGTH), Text]
LanguageText = Annotated[str, StringConstraints(pattern=r"^[A-Za-z]{2}$")]
ReasonText = Annotated[str, StringConstraints(min_length=1, max_length=REASON_MAX_LENGTH), Text]
OptionalReasonText = Annotated[
    str, StringConstraints(min_length=0, max_length=REASON_MAX_LENGTH), Printable
]


# --------------------------------------------------------------------------------------------
# Requests
# --------------------------------------------------------------------------------------------


class ContactIn(Strict):
    name: PersonNameText = Field(description="Full name.", examples=["Amina Diallo"])
    role: ContactRole = Field(description="Role in the city administration.")
    title: TitleText | None = Field(default=None, examples=["Head of Migration Office"])
    email: EmailText | None = Field(default=None, examples=["a.diallo@city.example.org"])
    phone: PhoneText | None = Field(default=None, examples=["+232 00 000000"])


class MayorIn(Strict):
    name: PersonNameText = Field(description="Full name.", examples=["Yvonne Aki-Sawyerr"])
    title: TitleText | None = Field(default=None, examples=["Mayor"])
    email: EmailText | None = Field(default=None, examples=["mayor@fcc.example.org"])
    phone: PhoneText | None = None

    def contact(self) -> Contact:
        return Contact(role=ContactRole.MAYOR, **self.model_dump())


class RegisterCityIn(Strict):
    """A new city's profile. Region and sub-region follow from the country."""

    name: CityNameText = Field(description="The city's usual English name.", examples=["Freetown"])
    country_code: CountryCodeText = Field(
        description="ISO 3166-1 alpha-2 code of the country.", examples=["SL"]
    )
    population: int | None = Field(default=None, ge=0, le=MAX_POPULATION, examples=[1_050_000])
    migrant_population: int | None = Field(
        default=None,
        ge=0,
        le=MAX_POPULATION,
        description="Migrant population; at most the population.",
        examples=[150_000],
    )
    migration_contexts: list[MigrationContext] = Field(
        default_factory=list, max_length=20, examples=[["destination", "climate_mobility"]]
    )
    size_class: SizeClass = Field(examples=["primary"])
    networks: list[NetworkText] = Field(
        default_factory=list, max_length=MAX_LIST, examples=[["C40 Cities"]]
    )
    languages: list[LanguageText] = Field(
        default_factory=list,
        max_length=20,
        description="ISO 639-1 codes, main one first.",
        examples=[["en"]],
    )
    mayor: MayorIn | None = None
    contacts: list[ContactIn] = Field(default_factory=list, max_length=MAX_LIST)
    website: WebsiteText | None = Field(
        default=None, description="An http(s) address.", examples=["https://fcc.gov.sl"]
    )
    partnership_status: PartnershipStatus = Field(
        default=PartnershipStatus.PROSPECT, description="The status the city starts with."
    )

    def profile(self) -> dict[str, Any]:
        return self.model_dump(exclude={"partnership_status"})


REQUIRED_IN_PROFILE = (
    "name",
    "country_code",
    "migration_contexts",
    "size_class",
    "networks",
    "languages",
    "contacts",
)
"""Fields every profile has: a change may leave them out, never clear them with `null`."""


def _not_nullable(schema: dict[str, Any]) -> None:
    """The schema says what `_refuse_null` does: these fields take no `null`."""
    for name in REQUIRED_IN_PROFILE:
        field = schema["properties"][name]
        kept = [choice for choice in field.pop("anyOf", []) if choice.get("type") != "null"]
        field.pop("default", None)
        if kept:
            field.update(kept[0])


class UpdateCityIn(Strict):
    """The fields to change, with the version the client saw (409 if the city moved on).

    Fields left out keep their value; `null` clears an optional one (population, migrant
    population, website). The mayor changes through `POST /cities/{id}/mayor`; region and
    sub-region follow the country.
    """

    model_config = ConfigDict(extra="forbid", json_schema_extra=_not_nullable)

    expected_version: Version = Field(examples=[1])
    name: CityNameText | None = Field(default=None, examples=["Freetown"])
    country_code: CountryCodeText | None = Field(default=None, examples=["SL"])
    population: int | None = Field(default=None, ge=0, le=MAX_POPULATION, examples=[1_200_000])
    migrant_population: int | None = Field(default=None, ge=0, le=MAX_POPULATION)
    migration_contexts: list[MigrationContext] | None = Field(default=None, max_length=20)
    size_class: SizeClass | None = None
    networks: list[NetworkText] | None = Field(default=None, max_length=MAX_LIST)
    languages: list[LanguageText] | None = Field(default=None, max_length=20)
    contacts: list[ContactIn] | None = Field(default=None, max_length=MAX_LIST)
    website: WebsiteText | None = None

    @field_validator(*REQUIRED_IN_PROFILE, mode="before")
    @classmethod
    def _refuse_null(cls, value: object) -> object:
        if value is None:
            raise ValueError("leave the field out to keep it; it cannot be cleared")
        return value

    def changes(self) -> dict[str, Any]:
        given = self.model_fields_set - {"expected_version"}
        return self.model_dump(include=given)


class ChangePartnershipIn(Strict):
    to_status: PartnershipStatus = Field(examples=["partner"])
    reason: ReasonText = Field(examples=["Signed the MoU"])
    expected_version: Version | None = None


class ChangeMayorIn(MayorIn):
    took_office_on: Day | None = Field(default=None, examples=["2026-06-01"])
    expected_version: Version | None = None

    def contact(self) -> Contact:
        return Contact(
            role=ContactRole.MAYOR,
            **self.model_dump(exclude={"took_office_on", "expected_version"}),
        )


# --------------------------------------------------------------------------------------------
# Responses
# --------------------------------------------------------------------------------------------


class CityOut(BaseModel):
    """A city: its profile, partnership status and version (send it back as
    `expected_version` to change the city)."""

    id: str = Field(examples=["3f1c9a0d2b4e4f6a8c1d2e3f4a5b6c7d"])
    version: int = Field(examples=[1])
    name: str = Field(examples=["Freetown"])
    country_code: str = Field(examples=["SL"])
    region: str = Field(examples=["Africa"])
    sub_region: str = Field(examples=["Western Africa"])
    population: int | None = Field(examples=[1_050_000])
    migrant_population: int | None = Field(examples=[None])
    migration_contexts: list[MigrationContext]
    size_class: SizeClass
    networks: list[str]
    languages: list[str]
    mayor: Contact | None
    contacts: list[Contact]
    website: str | None
    partnership_status: PartnershipStatus
    next_partnership_statuses: list[PartnershipStatus] = Field(
        description="The statuses the partnership may move to from here."
    )
    board_role: BoardRole | None = Field(
        default=None, description="The city's seat on the MMC Leadership Board, if it holds one."
    )
    registered_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, city: City) -> CityOut:
        return cls(
            id=city.id,
            version=city.version,
            **city.profile.model_dump(),
            partnership_status=city.partnership_status,
            next_partnership_statuses=[
                s for s in PartnershipStatus if s in allowed_next(city.partnership_status)
            ],
            board_role=city.board_role,
            registered_at=city.registered_at,
            updated_at=city.updated_at,
        )


class CityPage(Page[CityOut]):
    """A page of cities."""


class PartnershipHistoryOut(BaseModel):
    city_id: str
    partnership_status: PartnershipStatus
    history: list[PartnershipChange] = Field(description="Every change, oldest first.")


class TimelineEntryOut(BaseModel):
    id: str = Field(description="The event's id.")
    city_id: str
    occurred_at: datetime
    kind: str = Field(examples=["CityPartnershipStatusChanged"])
    summary: str = Field(
        examples=["Partnership status changed from engaged to partner: signed MoU"]
    )
    actor: str = Field(examples=["staff@mmc.example.org"])
    service: str = Field(examples=["cities"])
    aggregate: str = Field(examples=["city"])
    aggregate_id: str
    aggregate_version: int

    @classmethod
    def of(cls, document: dict[str, Any]) -> TimelineEntryOut:
        return cls.model_validate({**document, "id": document["_id"]})


class TimelinePage(Page[TimelineEntryOut]):
    """A page of timeline entries."""


class RejectedRowOut(BaseModel):
    row: int = Field(description="Spreadsheet row number (the header is row 1).", examples=[4])
    name: str = Field(examples=["Atlantis"])
    reason: str = Field(examples=["country_code: 'Atlantis' is not a country code or name"])


class DuplicateRowOut(BaseModel):
    row: int = Field(examples=[7])
    name: str = Field(examples=["Zurich"])
    existing_id: str | None = Field(description="The registered city it repeats.")
    first_row: int | None = Field(description="Or the earlier row of the file it repeats.")


class ImportReportOut(BaseModel):
    total: int = Field(description="City rows in the file.", examples=[50])
    imported: int = Field(examples=[48])
    duplicates: int = Field(examples=[1])
    rejected: list[RejectedRowOut]
    duplicate_rows: list[DuplicateRowOut]
