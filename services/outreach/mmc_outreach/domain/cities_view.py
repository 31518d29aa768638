"""What outreach knows about a city of the registry: its read model's entry, as the domain
sees it (built from `mmc.cities.city.v2`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from mmc_contracts.cities import MigrationContext, PartnershipStatus, SizeClass


@dataclass(frozen=True)
class KnownCity:
    id: str
    name: str
    country_code: str
    region: str
    sub_region: str
    size_class: SizeClass
    partnership_status: PartnershipStatus
    migration_contexts: frozenset[MigrationContext] = field(default_factory=frozenset)
    on_board: bool = False

    def __post_init__(self) -> None:
        # Documents hold plain strings; the domain compares enums.
        object.__setattr__(self, "size_class", SizeClass(self.size_class))
        object.__setattr__(self, "partnership_status", PartnershipStatus(self.partnership_status))
        contexts = frozenset(MigrationContext(c) for c in self.migration_contexts)
        object.__setattr__(self, "migration_contexts", contexts)

    @property
    def is_partner(self) -> bool:
        return self.partnership_status is PartnershipStatus.PARTNER
