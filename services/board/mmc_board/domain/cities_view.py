"""What the board knows about a city: the slice of the registry's city it needs.

The board keeps its own read model of the cities, built from the cities service's events
(`CityRegistered`, `CityProfileUpdated`, `CityPartnershipStatusChanged`, `CityMayorChanged`);
:class:`KnownCity` is one entry of it, as the domain sees it. It is used to check nominees'
cities and to show the Board's diversity.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from mmc_contracts.cities import MigrationContext, PartnershipStatus, PublicCityProfile, SizeClass

__all__ = ["KnownCity"]


@dataclass(frozen=True)
class KnownCity:
    """A city of the registry, as the board sees it."""

    id: str
    name: str
    country_code: str
    region: str
    sub_region: str
    migration_contexts: frozenset[MigrationContext]
    size_class: SizeClass
    partnership_status: PartnershipStatus
    mayor_name: str | None = None

    def __post_init__(self) -> None:
        # Accept any iterable of contexts (a list from a document) and keep a frozenset.
        contexts: Iterable[MigrationContext | str] = self.migration_contexts
        object.__setattr__(
            self, "migration_contexts", frozenset(MigrationContext(c) for c in contexts)
        )
        object.__setattr__(self, "size_class", SizeClass(self.size_class))
        object.__setattr__(self, "partnership_status", PartnershipStatus(self.partnership_status))

    @classmethod
    def from_profile(
        cls, city_id: str, profile: PublicCityProfile, partnership_status: PartnershipStatus
    ) -> KnownCity:
        """The city as carried by the cities service's events."""
        return cls(
            id=city_id,
            name=profile.name,
            country_code=profile.country_code,
            region=profile.region,
            sub_region=profile.sub_region,
            migration_contexts=frozenset(profile.migration_contexts),
            size_class=profile.size_class,
            partnership_status=partnership_status,
            mayor_name=profile.mayor.name if profile.mayor is not None else None,
        )

    @property
    def is_partner(self) -> bool:
        """Whether the city is a partner of the MMC."""
        return self.partnership_status is PartnershipStatus.PARTNER
