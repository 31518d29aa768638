"""Partner organisations and coalitions.

A `PartnerOrganisation` (strategic partner, city network, international organisation, funder:
one organisation may be several) keeps its contacts here (personal data, never in an event)
and its relationships to cities. A `Coalition` gathers cities and organisations around a
shared goal, often at a city's request; members join and leave over time, and the record of
who was a member when is kept.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from mmc_chassis.aggregate import ModelAggregate
from mmc_contracts.envelope import EventContext
from mmc_contracts.outreach import (
    CoalitionFormed,
    CoalitionMemberJoined,
    CoalitionMemberLeft,
    MemberKind,
    OrganisationKind,
    PartnerContactErased,
    PartnerOrganisationCityRelated,
    PartnerOrganisationRegistered,
)
from mmc_contracts.rules import InvalidValue, RuleViolation


class OrganisationContact(BaseModel):
    name: str
    role: str | None = None
    email: str | None = None


class CityRelationship(BaseModel):
    city_id: str
    relationship: str


class PartnerOrganisation(ModelAggregate):
    name: str
    kinds: list[OrganisationKind]
    website: str | None = None
    relationship_to_mmc: str = ""
    contacts: list[OrganisationContact] = Field(default_factory=list)
    cities: list[CityRelationship] = Field(default_factory=list)

    @classmethod
    def register(
        cls,
        organisation_id: str,
        *,
        name: str,
        kinds: list[OrganisationKind],
        context: EventContext,
        website: str | None = None,
        relationship_to_mmc: str = "",
        contacts: list[OrganisationContact] | None = None,
    ) -> PartnerOrganisation:
        name = " ".join(name.split())
        if not name:
            raise InvalidValue("name", "must not be blank")
        if not kinds:
            raise InvalidValue("kinds", "name at least one relationship to the MMC")
        unique = sorted(set(kinds))
        organisation = cls(
            id=organisation_id,
            name=name,
            kinds=unique,
            website=website,
            relationship_to_mmc=relationship_to_mmc,
            contacts=list(contacts or []),
        )
        organisation._record(PartnerOrganisationRegistered, context, name=name, kinds=unique)
        return organisation

    def relate_city(self, city_id: str, relationship: str, context: EventContext) -> None:
        relationship = relationship.strip()
        if not relationship:
            raise InvalidValue("relationship", "must not be blank")
        if any(r.city_id == city_id and r.relationship == relationship for r in self.cities):
            raise RuleViolation("that relationship is already recorded")
        self.cities.append(CityRelationship(city_id=city_id, relationship=relationship))
        self._record(
            PartnerOrganisationCityRelated, context, city_id=city_id, relationship=relationship
        )

    def erase_contacts(self, email_key: str, context: EventContext) -> int:
        """Remove every contact with this e-mail (compared without case); how many went."""
        kept = [c for c in self.contacts if (c.email or "").casefold() != email_key]
        erased = len(self.contacts) - len(kept)
        if erased:
            self.contacts = kept
            self._record(PartnerContactErased, context, contacts_erased=erased)
        return erased


class Membership(BaseModel):
    member_kind: MemberKind
    member_id: str
    joined_on: date
    left_on: date | None = None


class Coalition(ModelAggregate):
    name: str
    goal: str
    requested_by_city_id: str | None = None
    memberships: list[Membership] = Field(default_factory=list)

    @classmethod
    def form(
        cls,
        coalition_id: str,
        *,
        name: str,
        goal: str,
        context: EventContext,
        requested_by_city_id: str | None = None,
    ) -> Coalition:
        name, goal = " ".join(name.split()), goal.strip()
        if not name:
            raise InvalidValue("name", "must not be blank")
        if not goal:
            raise InvalidValue("goal", "must not be blank")
        coalition = cls(
            id=coalition_id, name=name, goal=goal, requested_by_city_id=requested_by_city_id
        )
        coalition._record(
            CoalitionFormed,
            context,
            name=name,
            goal=goal,
            requested_by_city_id=requested_by_city_id,
        )
        return coalition

    def members_on(self, day: date) -> list[Membership]:
        """Who was a member on `day`."""
        return [
            m
            for m in self.memberships
            if m.joined_on <= day and (m.left_on is None or day < m.left_on)
        ]

    def join(self, kind: MemberKind, member_id: str, on: date, context: EventContext) -> None:
        if self._current(kind, member_id) is not None:
            raise RuleViolation(f"{member_id} is a member already")
        last = [m for m in self.memberships if m.member_id == member_id and m.member_kind == kind]
        if last and last[-1].left_on is not None and on < last[-1].left_on:
            raise InvalidValue("joined_on", "before the day it last left")
        self.memberships.append(Membership(member_kind=kind, member_id=member_id, joined_on=on))
        self._record(
            CoalitionMemberJoined, context, member_kind=kind, member_id=member_id, joined_on=on
        )

    def leave(self, kind: MemberKind, member_id: str, on: date, context: EventContext) -> None:
        membership = self._current(kind, member_id)
        if membership is None:
            raise RuleViolation(f"{member_id} is not a member")
        if on < membership.joined_on:
            raise InvalidValue("left_on", "before the day it joined")
        membership.left_on = on
        self._record(
            CoalitionMemberLeft, context, member_kind=kind, member_id=member_id, left_on=on
        )

    def _current(self, kind: MemberKind, member_id: str) -> Membership | None:
        for membership in self.memberships:
            if (
                membership.member_kind == kind
                and membership.member_id == member_id
                and membership.left_on is None
            ):
                return membership
        return None
