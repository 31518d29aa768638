"""Events of the gateway (the staff UI): its audit trail, on `mmc.gateway.audit.v1`.

Every sign-in (success or failure), sign-out, refusal and staff action is an `AuditRecorded`
event whose aggregate is the audit entry itself (version 1, never changed). The events name the
staff member by staff id only: never an e-mail or an IP address (the gateway keeps where a
request came from in its own database, for its audit page, and never publishes it).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, ClassVar

from pydantic import Field, StringConstraints

from mmc_contracts.envelope import Event
from mmc_contracts.topics import GATEWAY_AUDIT

STAFF_ID_PATTERN = r"^staff-[0-9a-f]{8,32}$"
StaffId = Annotated[str, StringConstraints(pattern=STAFF_ID_PATTERN)]
ActionName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_.-]{0,79}$")]


class AuditOutcome(StrEnum):
    """How the attempt ended."""

    SUCCEEDED = "succeeded"
    FAILED = "failed"
    REFUSED = "refused"


class AuditRecorded(Event):
    """Something a person did (or tried) in the staff UI; `aggregate_id` is the entry's id."""

    service: ClassVar[str] = "gateway"
    aggregate: ClassVar[str] = "audit_entry"
    topic: ClassVar[str] = GATEWAY_AUDIT

    staff_id: StaffId | None = Field(
        description="The staff member who acted; null when nobody is known (a sign-in attempt "
        "naming no existing account).",
        examples=["staff-3f1c9a0d"],
    )
    action: ActionName = Field(
        description="What was done or tried: `auth.sign_in`, `auth.sign_out`, a permission such "
        "as `cities.edit`, or a staff action such as `cities.register`.",
        examples=["cities.register"],
    )
    outcome: AuditOutcome = Field(description="How it ended.", examples=["succeeded"])
    target: Annotated[str, StringConstraints(max_length=300)] | None = Field(
        default=None,
        description="What it acted on: a page path or an id (never personal data).",
        examples=["/cities/city-1a2b3c"],
    )
