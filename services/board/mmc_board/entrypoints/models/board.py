"""Bodies of the Board's own views (today, a past day, its diversity) and of the board's read
model of the cities."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, Field

from mmc_board.domain import DiversityView, Membership
from mmc_board.entrypoints.models.memberships import VacancyOut
from mmc_chassis.http_models import Page
from mmc_contracts.board import Mayor, SeatedVia
from mmc_contracts.cities import MigrationContext, PartnershipStatus, SizeClass


class DiversityOut(BaseModel):
    """How many of the cities fall in each region, sub-region, country, migration context and
    size class (only what is present)."""

    cities: int
    regions: dict[str, int]
    sub_regions: dict[str, int]
    countries: dict[str, int]
    migration_contexts: dict[MigrationContext, int]
    size_classes: dict[SizeClass, int]

    @classmethod
    def of(cls, view: DiversityView) -> DiversityOut:
        return cls(
            cities=view.cities,
            regions=dict(view.regions),
            sub_regions=dict(view.sub_regions),
            countries=dict(view.countries),
            migration_contexts=dict(view.migration_contexts),
            size_classes=dict(view.size_classes),
        )


class BoardDiversityOut(BaseModel):
    day: date
    diversity: DiversityOut
    members_without_known_city: list[str] = Field(
        description="Memberships whose city the board's read model does not have (not counted)."
    )


class BoardMemberOut(BaseModel):
    membership_id: str
    seat: int
    mayor: Mayor
    term_start: date = Field(description="First day of the term served on the day asked.")
    term_end: date
    via: SeatedVia


class BoardAsOfOut(BaseModel):
    day: date
    members: list[BoardMemberOut] = Field(description="The mayors serving that day, by seat.")


class BoardOut(BoardAsOfOut):
    seats: int
    free_seats: list[int] = Field(description="Seats nobody holds today.")
    vacancies: list[VacancyOut] = Field(description="The open vacancies.")


def board_member(membership: Membership, day: date) -> BoardMemberOut:
    term = membership.term_on(day) or membership.current_term
    return BoardMemberOut(
        membership_id=membership.id,
        seat=membership.seat,
        mayor=membership.mayor,
        term_start=term.start,
        term_end=term.end,
        via=term.via,
    )


class CityFactsOut(BaseModel):
    """A city as the board knows it from the registry's events."""

    id: str
    name: str
    country_code: str
    region: str
    sub_region: str
    migration_contexts: list[MigrationContext]
    size_class: SizeClass
    partnership_status: PartnershipStatus
    mayor_name: str | None


class KnownCityOut(CityFactsOut):
    version: int = Field(description="The registry's version of the city last applied.")

    @classmethod
    def of(cls, document: dict[str, Any]) -> KnownCityOut:
        return cls.model_validate(
            {
                **document,
                "id": document["_id"],
                "migration_contexts": sorted(document.get("migration_contexts") or []),
                # Each fact keeps its own version; the city's is the newest applied.
                "version": max((document.get("versions") or {}).values(), default=0),
            }
        )


class KnownCityPage(Page[KnownCityOut]):
    """A page of the cities the board knows."""
