"""The advocacy service's domain model: pure rules, no I/O.

Aggregates (`Campaign`, `Material` with its co-signatures, `PolicyMoment`, `Pledge`,
`Resource`) validate commands, change their state and record events; ids, days and the
`EventContext` come in as arguments. `search` ranks the knowledge repository; `calendar` holds
the real policy calendar the service is seeded with.
"""

from mmc_advocacy.domain.campaign import Campaign, CampaignStatus, campaign_status
from mmc_advocacy.domain.cities import KnownCity
from mmc_advocacy.domain.material import (
    APPROVER_ROLE,
    MATERIAL_TRANSITIONS,
    AmplificationTotals,
    Material,
    Measurement,
    Publication,
)
from mmc_advocacy.domain.moment import INPUT_TRANSITIONS, CityInput, PolicyMoment
from mmc_advocacy.domain.pledge import PLEDGE_TRANSITIONS, Pledge, ProgressReport
from mmc_advocacy.domain.resource import RESEARCH_TRANSITIONS, Resource, search_fields_of
from mmc_advocacy.domain.rules import NotPermitted
from mmc_advocacy.domain.signatures import (
    Consent,
    PublicSignatory,
    Signature,
    co_sign,
    public_signatories,
    withdraw,
)
from mmc_contracts.rules import DomainError, InvalidTransition, InvalidValue, RuleViolation

__all__ = [
    "APPROVER_ROLE",
    "INPUT_TRANSITIONS",
    "MATERIAL_TRANSITIONS",
    "PLEDGE_TRANSITIONS",
    "RESEARCH_TRANSITIONS",
    "AmplificationTotals",
    "Campaign",
    "CampaignStatus",
    "CityInput",
    "Consent",
    "DomainError",
    "InvalidTransition",
    "InvalidValue",
    "KnownCity",
    "Material",
    "Measurement",
    "NotPermitted",
    "Pledge",
    "PolicyMoment",
    "ProgressReport",
    "PublicSignatory",
    "Publication",
    "Resource",
    "RuleViolation",
    "Signature",
    "campaign_status",
    "co_sign",
    "public_signatories",
    "search_fields_of",
    "withdraw",
]
