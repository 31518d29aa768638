"""The founding Leadership Board and the supporting partners: seed and demo data.

The founding text names ten mayors and their cities (:data:`FOUNDING_BOARD`, seats 1 to 10 in
the text's order). It gives no date: we take the founding Board as seated on
:data:`FOUNDED_ON`, 1 December 2018, for a first term of
:data:`~mmc_board.domain.terms.TERM_YEARS` years (to 30 November 2020). That date is our
assumption, not a recorded fact; change it here if records show another.

City names are spelled as in the cities service's demo data (``Zürich``, ``Montréal``, ...)
so that a founding member is matched to its registry city by name and country. City ids are
the registry's, known only at run time: :func:`seat_founding_member` takes the matched city.

The supporting partners (:data:`SUPPORTING_PARTNERS`) vote in selection rounds alongside the
Board mayors: the city networks, the UN agencies and the funders of the founding text.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from mmc_board.domain.cities_view import KnownCity
from mmc_board.domain.errors import InvalidValue
from mmc_board.domain.membership import Membership
from mmc_contracts.board import Mayor, SeatedVia
from mmc_contracts.envelope import EventContext

__all__ = [
    "FOUNDED_ON",
    "FOUNDING_BOARD",
    "SUPPORTING_PARTNERS",
    "SUPPORTING_PARTNER_IDS",
    "FoundingMember",
    "SupportingPartner",
    "find_founding_city",
    "seat_founding_member",
]

FOUNDED_ON = date(2018, 12, 1)
"""The day the founding Board is taken as seated (an assumption: the founding text has none)."""


@dataclass(frozen=True)
class FoundingMember:
    """A mayor of the founding Board, on their seat."""

    seat: int
    mayor_name: str
    city_name: str
    country_code: str

    def mayor(self, city_id: str) -> Mayor:
        """The mayor, with the registry's id of their city."""
        return Mayor(
            name=self.mayor_name,
            city_id=city_id,
            city_name=self.city_name,
            country_code=self.country_code,
        )

    def matches(self, city: KnownCity) -> bool:
        """Whether ``city`` is this member's city: same country, same name ignoring case."""
        return city.country_code.upper() == self.country_code and _key(city.name) == _key(
            self.city_name
        )


FOUNDING_BOARD: tuple[FoundingMember, ...] = (
    FoundingMember(1, "Yvonne Aki-Sawyerr", "Freetown", "SL"),
    FoundingMember(2, "Bruno Covas", "São Paulo", "BR"),
    FoundingMember(3, "Eric Garcetti", "Los Angeles", "US"),
    FoundingMember(4, "Georgios Kaminis", "Athens", "GR"),
    FoundingMember(5, "Erias Lukwago", "Kampala", "UG"),
    FoundingMember(6, "Corine Mauch", "Zürich", "CH"),
    FoundingMember(7, "Valérie Plante", "Montréal", "CA"),
    FoundingMember(8, "Marvin Rees", "Bristol", "GB"),
    FoundingMember(9, "Giuseppe Sala", "Milan", "IT"),
    FoundingMember(10, "Yousef Shawarbeh", "Amman", "JO"),
)
"""The ten mayors of the founding Leadership Board, seats 1 to 10."""


@dataclass(frozen=True)
class SupportingPartner:
    """An organisation that votes in selection rounds; ``id`` is its voter id."""

    id: str
    name: str


SUPPORTING_PARTNERS: tuple[SupportingPartner, ...] = (
    SupportingPartner("c40-cities", "C40 Cities"),
    SupportingPartner("uclg", "UCLG"),
    SupportingPartner("global-taskforce", "Global Task Force of Local and Regional Governments"),
    SupportingPartner("iom", "International Organization for Migration"),
    SupportingPartner("unhcr", "UN Refugee Agency (UNHCR)"),
    SupportingPartner("government-of-switzerland", "Government of Switzerland"),
    SupportingPartner("open-society-foundations", "Open Society Foundations"),
)
"""The MMC's supporting partners named in the founding text."""

SUPPORTING_PARTNER_IDS: frozenset[str] = frozenset(partner.id for partner in SUPPORTING_PARTNERS)


def find_founding_city(member: FoundingMember, cities: Iterable[KnownCity]) -> KnownCity | None:
    """The registry city of a founding member, if the registry has it."""
    return next((city for city in cities if member.matches(city)), None)


def seat_founding_member(
    member: FoundingMember, membership_id: str, city: KnownCity, context: EventContext
) -> Membership:
    """The founding member's membership from :data:`FOUNDED_ON`, `MayorSeated` (``founding``)
    pending.

    :raises InvalidValue: ``city`` is not the member's city.
    """
    if not member.matches(city):
        raise InvalidValue(
            "city",
            f"{city.name} ({city.country_code}) is not {member.mayor_name}'s city, "
            f"{member.city_name} ({member.country_code})",
        )
    return Membership.seat_mayor(
        membership_id,
        member.mayor(city.id),
        member.seat,
        FOUNDED_ON,
        SeatedVia.FOUNDING,
        context,
    )


def _key(name: str) -> str:
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())
