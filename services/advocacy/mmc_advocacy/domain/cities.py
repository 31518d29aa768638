"""What advocacy knows about a city: the slice of the registry's city it needs (to check that a
signatory, a city input or a pledge names a city the registry knows, and to file pledges by
region). Advocacy keeps its own read model of the cities, built from `mmc.cities.city.v2`."""

from __future__ import annotations

from dataclasses import dataclass

from mmc_contracts.cities import PartnershipStatus

__all__ = ["KnownCity"]


@dataclass(frozen=True)
class KnownCity:
    id: str
    name: str
    country_code: str
    region: str
    partnership_status: PartnershipStatus
    mayor_name: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "partnership_status", PartnershipStatus(self.partnership_status))

    @property
    def may_engage(self) -> bool:
        """A city that left the partnership (inactive) keeps its past but engages no more."""
        return self.partnership_status is not PartnershipStatus.INACTIVE
