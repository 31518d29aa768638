"""KnownCity: the board's view of a registry city."""

from __future__ import annotations

from mmc_board.domain.cities_view import KnownCity
from mmc_contracts.cities import (
    ContactRole,
    MigrationContext,
    PartnershipStatus,
    PublicCityProfile,
    PublicContact,
    SizeClass,
)

PROFILE = PublicCityProfile(
    name="Bristol",
    country_code="GB",
    region="Europe",
    sub_region="Northern Europe",
    migration_contexts=[MigrationContext.REFUGEE_HOSTING, MigrationContext.DESTINATION],
    size_class=SizeClass.SECONDARY,
    mayor=PublicContact(name="Marvin Rees", role=ContactRole.MAYOR),
)


def test_from_profile() -> None:
    city = KnownCity.from_profile("city-bristol", PROFILE, PartnershipStatus.PARTNER)

    assert city == KnownCity(
        id="city-bristol",
        name="Bristol",
        country_code="GB",
        region="Europe",
        sub_region="Northern Europe",
        migration_contexts=frozenset(
            {MigrationContext.DESTINATION, MigrationContext.REFUGEE_HOSTING}
        ),
        size_class=SizeClass.SECONDARY,
        partnership_status=PartnershipStatus.PARTNER,
        mayor_name="Marvin Rees",
    )
    assert city.is_partner


def test_values_are_normalised() -> None:
    city = KnownCity(
        id="city-x",
        name="X",
        country_code="FR",
        region="Europe",
        sub_region="Western Europe",
        migration_contexts=["transit", "transit"],  # type: ignore[arg-type]
        size_class="secondary",  # type: ignore[arg-type]
        partnership_status="engaged",  # type: ignore[arg-type]
    )
    assert city.migration_contexts == frozenset({MigrationContext.TRANSIT})
    assert city.size_class is SizeClass.SECONDARY
    assert city.partnership_status is PartnershipStatus.ENGAGED
    assert not city.is_partner
    assert city.mayor_name is None
    assert (
        KnownCity.from_profile(
            "city-x", PROFILE.model_copy(update={"mayor": None}), PartnershipStatus.PROSPECT
        ).mayor_name
        is None
    )
