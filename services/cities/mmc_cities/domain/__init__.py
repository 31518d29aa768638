"""The cities service's domain model: pure rules, no I/O.

Aggregates (`City`, `AssistanceRequest`) validate commands, change their state and record what
happened as events in ``pending_events``; the service layer stores them and publishes the
events. Reference geography lives in :mod:`mmc_cities.domain.geography`.
"""

from mmc_cities.domain.assistance import (
    ASSISTANCE_TRANSITIONS,
    AssistanceRequest,
    AssistanceStatusChange,
    allowed_next_statuses,
    check_status_transition,
)
from mmc_cities.domain.city import UPDATABLE_PROFILE_FIELDS, City, validate_profile
from mmc_cities.domain.errors import DomainError, InvalidTransition, InvalidValue, RuleViolation
from mmc_cities.domain.names import name_key, normalize_name
from mmc_cities.domain.partnership import (
    REASON_MAX_LENGTH,
    TRANSITIONS,
    PartnershipChange,
    allowed_next,
    check_reason,
    check_transition,
)

__all__ = [
    "ASSISTANCE_TRANSITIONS",
    "REASON_MAX_LENGTH",
    "TRANSITIONS",
    "UPDATABLE_PROFILE_FIELDS",
    "AssistanceRequest",
    "AssistanceStatusChange",
    "City",
    "DomainError",
    "InvalidTransition",
    "InvalidValue",
    "PartnershipChange",
    "RuleViolation",
    "allowed_next",
    "allowed_next_statuses",
    "check_reason",
    "check_status_transition",
    "check_transition",
    "name_key",
    "normalize_name",
    "validate_profile",
]
