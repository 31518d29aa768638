"""The life cycle of the MMC's partnership with a city.

Allowed moves and why:

* ``prospect → engaged``: the first real work with the city (a call, a workshop, a request).
* ``prospect → inactive``: outreach stopped before anything started.
* ``engaged → partner``: the city formally joined (agreement signed, network membership).
* ``engaged → prospect``: the engagement fizzled out; the city goes back to the pipeline.
* ``engaged → inactive`` and ``partner → inactive``: the relationship ended or lapsed.
* ``inactive → engaged``: re-engagement. A returning city is engaged again first; it becomes a
  partner again through ``engaged → partner``, so the return is visible in the history.

Everything else is refused with :class:`InvalidTransition` (naming the allowed next statuses);
asking for the status the city already has is a :class:`RuleViolation`. Every change needs a
reason: non-empty after trimming, at most :data:`REASON_MAX_LENGTH` characters.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from mmc_cities.domain.errors import InvalidTransition, InvalidValue, RuleViolation
from mmc_contracts.cities import PartnershipStatus

__all__ = [
    "REASON_MAX_LENGTH",
    "TRANSITIONS",
    "PartnershipChange",
    "allowed_next",
    "check_reason",
    "check_transition",
]

REASON_MAX_LENGTH = 1000
"""The longest reason accepted for a status change (partnership or assistance request)."""

_P = PartnershipStatus

TRANSITIONS: Mapping[PartnershipStatus, frozenset[PartnershipStatus]] = MappingProxyType(
    {
        _P.PROSPECT: frozenset({_P.ENGAGED, _P.INACTIVE}),
        _P.ENGAGED: frozenset({_P.PARTNER, _P.PROSPECT, _P.INACTIVE}),
        _P.PARTNER: frozenset({_P.INACTIVE}),
        _P.INACTIVE: frozenset({_P.ENGAGED}),
    }
)
"""Partnership status -> the statuses it may move to."""


class PartnershipChange(BaseModel):
    """One entry of a city's partnership history."""

    model_config = ConfigDict(frozen=True)

    from_status: PartnershipStatus
    to_status: PartnershipStatus
    actor: str = Field(min_length=1)
    reason: str
    at: AwareDatetime


def allowed_next(status: PartnershipStatus) -> frozenset[PartnershipStatus]:
    """The statuses a partnership in ``status`` may move to."""
    return TRANSITIONS[PartnershipStatus(status)]


def check_transition(from_status: PartnershipStatus, to_status: PartnershipStatus) -> None:
    """Raise unless a partnership may move from ``from_status`` to ``to_status``.

    :raises RuleViolation: ``to_status`` is the current status.
    :raises InvalidTransition: the life cycle does not allow the move.
    """
    if from_status == to_status:
        raise RuleViolation(f"the partnership status is already {str(to_status)!r}")
    allowed = allowed_next(from_status)
    if to_status not in allowed:
        raise InvalidTransition(
            from_status,
            to_status,
            [status for status in PartnershipStatus if status in allowed],
            subject="partnership status",
        )


def check_reason(reason: str | None, *, field: str = "reason") -> str:
    """The trimmed ``reason``; :class:`InvalidValue` when missing, blank or too long."""
    text = (reason or "").strip()
    if not text:
        raise InvalidValue(field, "a reason is required")
    if len(text) > REASON_MAX_LENGTH:
        raise InvalidValue(field, f"must be at most {REASON_MAX_LENGTH} characters")
    return text
