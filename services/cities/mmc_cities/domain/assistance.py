"""The `AssistanceRequest` aggregate: a city's request for technical assistance.

Life cycle::

    received ─► triaged ─► accepted ─► in_progress ─► delivered ─► closed
        │          │                        ▲              │          ▲
        │          │                        └── (rework) ──┘          │
        └──────────┴─► declined ──────────────────────────────────────┘
                          │
                          └─► triaged (reconsidered)

Allowed moves:

* ``received → triaged``, ``received → declined``: first look at the request.
* ``triaged → accepted``, ``triaged → declined``: the decision.
* ``accepted → in_progress``: work started.
* ``in_progress → delivered``: needs at least one recorded deliverable.
* ``delivered → closed``, ``declined → closed``: the request is done with.
* Reopening, for staff: ``delivered → in_progress`` (the city asks for rework before the
  request is closed) and ``declined → triaged`` (a decline is reconsidered before closing).
  ``closed`` is final: follow-up work is a new request, so each request's history and
  turnaround stay meaningful.

Declining and reopening need a reason; other moves take an optional one. Reasons are trimmed
and at most :data:`~mmc_cities.domain.partnership.REASON_MAX_LENGTH` characters.

That the request's city exists needs I/O: the command checks it before calling
:meth:`AssistanceRequest.open`. Like `City`, the aggregate takes ids and an
:class:`~mmc_contracts.envelope.EventContext` as arguments and never reads a clock.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from types import MappingProxyType
from typing import Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from mmc_chassis.aggregate import Aggregate
from mmc_cities.domain.errors import InvalidTransition, InvalidValue, RuleViolation
from mmc_cities.domain.names import normalize_name
from mmc_cities.domain.partnership import REASON_MAX_LENGTH, check_reason
from mmc_contracts.cities import (
    AssistanceDeliverableRecorded,
    AssistanceKind,
    AssistanceRequestAssigned,
    AssistanceRequestOpened,
    AssistanceRequestStatusChanged,
    AssistanceStatus,
    Deliverable,
)
from mmc_contracts.envelope import EventContext

__all__ = [
    "ASSIGNEE_MAX_LENGTH",
    "ASSISTANCE_TRANSITIONS",
    "DESCRIPTION_MAX_LENGTH",
    "REASON_REQUIRED",
    "REQUESTED_BY_MAX_LENGTH",
    "TITLE_MAX_LENGTH",
    "AssistanceRequest",
    "AssistanceStatusChange",
    "allowed_next_statuses",
    "check_status_transition",
]

TITLE_MAX_LENGTH = 200
DESCRIPTION_MAX_LENGTH = 5000
REQUESTED_BY_MAX_LENGTH = 200
ASSIGNEE_MAX_LENGTH = 200

_S = AssistanceStatus

ASSISTANCE_TRANSITIONS: Mapping[AssistanceStatus, frozenset[AssistanceStatus]] = MappingProxyType(
    {
        _S.RECEIVED: frozenset({_S.TRIAGED, _S.DECLINED}),
        _S.TRIAGED: frozenset({_S.ACCEPTED, _S.DECLINED}),
        _S.ACCEPTED: frozenset({_S.IN_PROGRESS}),
        _S.DECLINED: frozenset({_S.CLOSED, _S.TRIAGED}),
        _S.IN_PROGRESS: frozenset({_S.DELIVERED}),
        _S.DELIVERED: frozenset({_S.CLOSED, _S.IN_PROGRESS}),
        _S.CLOSED: frozenset(),
    }
)
"""Assistance status -> the statuses it may move to."""

REASON_REQUIRED: frozenset[tuple[AssistanceStatus, AssistanceStatus]] = frozenset(
    {
        (_S.RECEIVED, _S.DECLINED),
        (_S.TRIAGED, _S.DECLINED),
        (_S.DELIVERED, _S.IN_PROGRESS),
        (_S.DECLINED, _S.TRIAGED),
    }
)
"""The moves that need a reason: declining and reopening."""

_NO_DELIVERABLES_AFTER = frozenset({_S.DECLINED, _S.CLOSED})


def allowed_next_statuses(status: AssistanceStatus) -> frozenset[AssistanceStatus]:
    """The statuses a request in ``status`` may move to (empty for ``closed``)."""
    return ASSISTANCE_TRANSITIONS[AssistanceStatus(status)]


def check_status_transition(from_status: AssistanceStatus, to_status: AssistanceStatus) -> None:
    """Raise unless a request may move from ``from_status`` to ``to_status``.

    :raises RuleViolation: ``to_status`` is the current status.
    :raises InvalidTransition: the life cycle does not allow the move.
    """
    if from_status == to_status:
        raise RuleViolation(f"the request is already {str(to_status)!r}")
    allowed = allowed_next_statuses(from_status)
    if to_status not in allowed:
        raise InvalidTransition(
            from_status,
            to_status,
            [status for status in AssistanceStatus if status in allowed],
            subject="assistance request status",
        )


class AssistanceStatusChange(BaseModel):
    """One entry of a request's status history."""

    model_config = ConfigDict(frozen=True)

    from_status: AssistanceStatus
    to_status: AssistanceStatus
    actor: str = Field(min_length=1)
    reason: str | None = None
    at: AwareDatetime


@dataclass
class AssistanceRequest(Aggregate):
    """A city's request for technical assistance. Create with :meth:`open`."""

    city_id: str
    kind: AssistanceKind
    title: str
    description: str
    requested_by: str
    status: AssistanceStatus
    opened_at: datetime
    due_on: date | None = None
    assignee: str | None = None
    deliverables: list[Deliverable] = field(default_factory=list)
    status_history: list[AssistanceStatusChange] = field(default_factory=list)

    # --- creation -----------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        request_id: str,
        city_id: str,
        kind: AssistanceKind,
        title: str,
        description: str,
        requested_by: str,
        due_on: date | None,
        context: EventContext,
    ) -> AssistanceRequest:
        """A new request in status ``received`` at version 1, `AssistanceRequestOpened` pending.

        The caller has checked that the city ``city_id`` exists. ``due_on`` may not be before
        the day the request is opened (``context.at``).

        :raises InvalidValue: a blank id, unknown kind, title not 1..200 characters after
            trimming, description over 5000 characters, blank or too long ``requested_by``, or
            a due date in the past.
        """
        request_id = _required_text(request_id, "request_id", 200, collapse=False)
        city_id = _required_text(city_id, "city_id", 200, collapse=False)
        try:
            kind = AssistanceKind(kind)
        except ValueError:
            allowed = ", ".join(AssistanceKind)
            raise InvalidValue("kind", f"{kind!r} is not a kind ({allowed})") from None
        title = _required_text(title, "title", TITLE_MAX_LENGTH)
        if not isinstance(description, str):
            raise InvalidValue("description", "must be a string")
        description = description.strip()
        if len(description) > DESCRIPTION_MAX_LENGTH:
            raise InvalidValue(
                "description", f"must be at most {DESCRIPTION_MAX_LENGTH} characters"
            )
        requested_by = _required_text(requested_by, "requested_by", REQUESTED_BY_MAX_LENGTH)
        if due_on is not None and due_on < context.at.date():
            raise InvalidValue("due_on", "must not be before the day the request is opened")
        at = context.at.astimezone(UTC)
        request = cls(
            id=request_id,
            version=1,
            city_id=city_id,
            kind=kind,
            title=title,
            description=description,
            requested_by=requested_by,
            status=AssistanceStatus.RECEIVED,
            opened_at=at,
            updated_at=at,
            due_on=due_on,
        )
        request._record_first(
            AssistanceRequestOpened,
            context,
            kind=kind,
            title=title,
            description=description,
            requested_by=requested_by,
            due_on=due_on,
        )
        return request

    # --- commands -----------------------------------------------------------------------------

    def change_status(
        self, to_status: AssistanceStatus, reason: str | None, context: EventContext
    ) -> None:
        """Move the request to ``to_status``; records `AssistanceRequestStatusChanged`.

        :raises InvalidValue: unknown status; a reason missing where required (declining,
            reopening) or too long.
        :raises RuleViolation: already in that status; delivering without a deliverable.
        :raises InvalidTransition: the life cycle does not allow the move.
        """
        try:
            target = AssistanceStatus(to_status)
        except ValueError:
            allowed = ", ".join(AssistanceStatus)
            raise InvalidValue("to_status", f"{to_status!r} is not a status ({allowed})") from None
        check_status_transition(self.status, target)
        if (self.status, target) in REASON_REQUIRED:
            text: str | None = check_reason(reason)
        else:
            text = _optional_reason(reason)
        if target is AssistanceStatus.DELIVERED and not self.deliverables:
            raise RuleViolation("record at least one deliverable before marking it delivered")
        change = AssistanceStatusChange(
            from_status=self.status,
            to_status=target,
            actor=context.actor,
            reason=text,
            at=context.at.astimezone(UTC),
        )
        self._record(
            AssistanceRequestStatusChanged,
            context,
            from_status=change.from_status,
            to_status=change.to_status,
            reason=text,
        )
        self.status = target
        self.status_history.append(change)

    def assign(self, assignee: str, context: EventContext) -> None:
        """Make ``assignee`` (an MMC staff member) responsible; `AssistanceRequestAssigned`.

        Assigning the current assignee again records nothing.

        :raises InvalidValue: blank or longer than :data:`ASSIGNEE_MAX_LENGTH`.
        :raises RuleViolation: the request is closed.
        """
        assignee = _required_text(assignee, "assignee", ASSIGNEE_MAX_LENGTH)
        if assignee == self.assignee:
            return
        if self.status is AssistanceStatus.CLOSED:
            raise RuleViolation("a closed request cannot be assigned")
        self._record(AssistanceRequestAssigned, context, assignee=assignee)
        self.assignee = assignee

    def record_deliverable(self, deliverable: Deliverable, context: EventContext) -> None:
        """Add something delivered to the city; records `AssistanceDeliverableRecorded`.

        Recording a deliverable equal to one already recorded records nothing.

        :raises RuleViolation: the request is declined or closed.
        """
        if not isinstance(deliverable, Deliverable):
            raise InvalidValue("deliverable", "must be a deliverable")
        if self.status in _NO_DELIVERABLES_AFTER:
            raise RuleViolation(
                f"a {self.status.value} request cannot get deliverables; open a new request"
            )
        if deliverable in self.deliverables:
            return
        self._record(AssistanceDeliverableRecorded, context, deliverable=deliverable)
        self.deliverables.append(deliverable)

    # --- storage ------------------------------------------------------------------------------

    def to_document(self) -> dict[str, Any]:
        """The request as a JSON-able dict, the MongoDB document (``pending_events`` excluded)."""
        return _RequestDocument(
            id=self.id,
            version=self.version,
            city_id=self.city_id,
            kind=self.kind,
            title=self.title,
            description=self.description,
            requested_by=self.requested_by,
            status=self.status,
            opened_at=self.opened_at,
            updated_at=self.updated_at,
            due_on=self.due_on,
            assignee=self.assignee,
            deliverables=list(self.deliverables),
            status_history=list(self.status_history),
        ).model_dump(mode="json", by_alias=True)

    @classmethod
    def from_document(cls, document: Mapping[str, Any]) -> AssistanceRequest:
        """The request stored as ``document`` (from :meth:`to_document`); nothing pending.

        Unknown keys (MongoDB's own, fields of later versions) are ignored; a document that is
        not a request raises :class:`pydantic.ValidationError` (corrupt storage, not user input).
        """
        stored = _RequestDocument.model_validate(dict(document))
        return cls(
            id=stored.id,
            version=stored.version,
            city_id=stored.city_id,
            kind=stored.kind,
            title=stored.title,
            description=stored.description,
            requested_by=stored.requested_by,
            status=stored.status,
            opened_at=stored.opened_at,
            updated_at=stored.updated_at,
            due_on=stored.due_on,
            assignee=stored.assignee,
            deliverables=list(stored.deliverables),
            status_history=list(stored.status_history),
        )

    # --- internals ----------------------------------------------------------------------------

    def _event_fields(self) -> dict[str, Any]:
        return {"city_id": self.city_id}


class _RequestDocument(BaseModel):
    """The stored form of an assistance request."""

    model_config = ConfigDict(frozen=True, extra="ignore", populate_by_name=True)

    id: str = Field(alias="_id", min_length=1)
    version: int = Field(ge=1)
    city_id: str
    kind: AssistanceKind
    title: str
    description: str
    requested_by: str
    status: AssistanceStatus
    opened_at: AwareDatetime
    updated_at: AwareDatetime
    due_on: date | None = None
    assignee: str | None = None
    deliverables: list[Deliverable] = Field(default_factory=list)
    status_history: list[AssistanceStatusChange] = Field(default_factory=list)


def _required_text(
    value: object, field_name: str, max_length: int, *, collapse: bool = True
) -> str:
    """``value`` trimmed (inner white space collapsed unless it is an id); non-empty, not too
    long."""
    if not isinstance(value, str):
        raise InvalidValue(field_name, "must be a string")
    text = normalize_name(value) if collapse else value.strip()
    if not text:
        raise InvalidValue(field_name, "must not be empty")
    if len(text) > max_length:
        raise InvalidValue(field_name, f"must be at most {max_length} characters")
    return text


def _optional_reason(reason: str | None) -> str | None:
    text = (reason or "").strip()
    if len(text) > REASON_MAX_LENGTH:
        raise InvalidValue("reason", f"must be at most {REASON_MAX_LENGTH} characters")
    return text or None
