"""Shared builders for the board domain tests."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from mmc_board.domain.cities_view import KnownCity
from mmc_board.domain.membership import Membership
from mmc_contracts.board import Mayor, SeatedVia
from mmc_contracts.cities import MigrationContext, PartnershipStatus, SizeClass
from mmc_contracts.envelope import EventContext

T0 = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
M = MigrationContext


def ctx(minutes: int = 0, actor: str = "staff@mmc.example.org") -> EventContext:
    return EventContext(
        actor=actor,
        at=T0 + timedelta(minutes=minutes),
        correlation_id="corr-1",
        causation_id="cmd-1",
    )


def ctx_on(day: date, actor: str = "staff@mmc.example.org") -> EventContext:
    """A context at noon UTC of ``day``."""
    return EventContext(actor=actor, at=datetime.combine(day, time(12), tzinfo=UTC))


def mayor(name: str = "Yvonne Aki-Sawyerr", city_id: str = "city-freetown") -> Mayor:
    city_name, code = {
        "city-freetown": ("Freetown", "SL"),
        "city-accra": ("Accra", "GH"),
        "city-amman": ("Amman", "JO"),
        "city-bristol": ("Bristol", "GB"),
    }.get(city_id, ("Somewhere", "FR"))
    return Mayor(name=name, city_id=city_id, city_name=city_name, country_code=code)


def seated(
    membership_id: str = "membership-1",
    start: date = date(2026, 12, 1),
    seat: int = 1,
    who: Mayor | None = None,
    via: SeatedVia = SeatedVia.APPOINTMENT,
) -> Membership:
    """A membership seated from ``start``, events pulled."""
    membership = Membership.seat_mayor(
        membership_id, who or mayor(), seat, start, via, ctx_on(start)
    )
    membership.pull_events()
    return membership


def city(
    city_id: str,
    name: str,
    country_code: str,
    region: str,
    sub_region: str,
    contexts: tuple[MigrationContext, ...] = (M.DESTINATION,),
    size: SizeClass = SizeClass.PRIMARY,
    status: PartnershipStatus = PartnershipStatus.PARTNER,
    mayor_name: str | None = None,
) -> KnownCity:
    return KnownCity(
        id=city_id,
        name=name,
        country_code=country_code,
        region=region,
        sub_region=sub_region,
        migration_contexts=frozenset(contexts),
        size_class=size,
        partnership_status=status,
        mayor_name=mayor_name,
    )


FREETOWN = city(
    "city-freetown",
    "Freetown",
    "SL",
    "Africa",
    "Sub-Saharan Africa",
    (M.DESTINATION, M.CLIMATE_MOBILITY),
    mayor_name="Yvonne Aki-Sawyerr",
)
KAMPALA = city(
    "city-kampala", "Kampala", "UG", "Africa", "Sub-Saharan Africa", (M.REFUGEE_HOSTING,)
)
MILAN = city("city-milan", "Milan", "IT", "Europe", "Southern Europe", (M.DESTINATION, M.TRANSIT))
BRISTOL = city(
    "city-bristol",
    "Bristol",
    "GB",
    "Europe",
    "Northern Europe",
    (M.DESTINATION,),
    size=SizeClass.SECONDARY,
)
AMMAN = city(
    "city-amman", "Amman", "JO", "Asia", "Western Asia", (M.DESTINATION, M.REFUGEE_HOSTING)
)
