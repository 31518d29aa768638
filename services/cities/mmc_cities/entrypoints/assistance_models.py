"""The HTTP API's bodies for technical assistance requests (the city bodies are in `models.py`).

Titles and descriptions are bounded like the domain's; `requested_by` and `assignee` are a name
or a staff id, never an address: both go out in events, which carry no e-mail addresses.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints

from mmc_chassis.http_models import Day, Page, Printable, Strict, Text, TextWithoutAt, Version
from mmc_cities.domain.assistance import (
    ASSIGNEE_MAX_LENGTH,
    DESCRIPTION_MAX_LENGTH,
    REQUESTED_BY_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    AssistanceRequest,
    AssistanceStatusChange,
    allowed_next_statuses,
)
from mmc_cities.entrypoints.models import OptionalReasonText
from mmc_contracts.cities import AssistanceKind, AssistanceStatus, Deliverable

RequestTitleText = Annotated[
    str, StringConstraints(min_length=1, max_length=TITLE_MAX_LENGTH), Text
]
DescriptionText = Annotated[
    str, StringConstraints(min_length=0, max_length=DESCRIPTION_MAX_LENGTH), Printable
]
RequestedByText = Annotated[
    str,
    StringConstraints(min_length=1, max_length=REQUESTED_BY_MAX_LENGTH),
    TextWithoutAt,
]
AssigneeText = Annotated[
    str,
    StringConstraints(min_length=1, max_length=ASSIGNEE_MAX_LENGTH),
    TextWithoutAt,
]
UrlText = Annotated[str, StringConstraints(min_length=0, max_length=2000), Printable]


class OpenAssistanceIn(Strict):
    kind: AssistanceKind = Field(examples=["funding_access"])
    title: RequestTitleText = Field(examples=["Access to the Global Cities Fund"])
    description: DescriptionText = Field(
        default="", examples=["We need help preparing a concept note."]
    )
    requested_by: RequestedByText = Field(examples=["Amina Diallo"])
    due_on: Day | None = Field(default=None, examples=["2027-01-31"])


class ChangeAssistanceStatusIn(Strict):
    to_status: AssistanceStatus = Field(examples=["triaged"])
    reason: OptionalReasonText | None = Field(
        default=None, description="Required to decline or reopen."
    )
    expected_version: Version | None = None


class AssignIn(Strict):
    assignee: AssigneeText = Field(examples=["staff-1042"])
    expected_version: Version | None = None


class DeliverableIn(Strict):
    title: RequestTitleText = Field(examples=["Inclusion strategy draft"])
    url: UrlText | None = Field(default=None, examples=["https://docs.example.org/strategy"])
    delivered_on: Day | None = Field(default=None, examples=["2026-11-28"])
    expected_version: Version | None = None

    def deliverable(self) -> Deliverable:
        return Deliverable(title=self.title, url=self.url, delivered_on=self.delivered_on)


class AssistanceRequestOut(BaseModel):
    id: str
    version: int
    city_id: str
    kind: AssistanceKind
    title: str
    description: str
    requested_by: str
    status: AssistanceStatus
    next_statuses: list[AssistanceStatus] = Field(
        description="The statuses the request may move to from here."
    )
    due_on: date | None
    assignee: str | None
    deliverables: list[Deliverable]
    status_history: list[AssistanceStatusChange]
    opened_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, request: AssistanceRequest) -> AssistanceRequestOut:
        allowed = allowed_next_statuses(request.status)
        return cls(
            id=request.id,
            version=request.version,
            city_id=request.city_id,
            kind=request.kind,
            title=request.title,
            description=request.description,
            requested_by=request.requested_by,
            status=request.status,
            next_statuses=[s for s in AssistanceStatus if s in allowed],
            due_on=request.due_on,
            assignee=request.assignee,
            deliverables=list(request.deliverables),
            status_history=list(request.status_history),
            opened_at=request.opened_at,
            updated_at=request.updated_at,
        )


class AssistancePage(Page[AssistanceRequestOut]):
    """A page of assistance requests."""
