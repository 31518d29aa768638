"""The `Inquiry` aggregate: a city's idea or question, and the triage rules.

Life cycle::

    received ─► triaged ─► assigned ─► answered ─► closed
        └──────────┴───────────┴──────────────────► closed (nothing to answer: spam, duplicate)

An answered inquiry may be answered again (the first answer sets the response time). The
first-response time is measured from receipt to the first answer, against a target in hours.
Sender details, subject and body are personal data: kept on the aggregate (the outreach
database), never put in an event.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

from pydantic import AwareDatetime, BaseModel, Field

from mmc_chassis.aggregate import ModelAggregate
from mmc_contracts.cities import AssistanceKind, SizeClass
from mmc_contracts.envelope import EventContext
from mmc_contracts.outreach import (
    AnonymisedBecause,
    InquiryAnonymised,
    InquiryAnswered,
    InquiryAssigned,
    InquiryChannel,
    InquiryClosed,
    InquiryKind,
    InquiryLinkedToCity,
    InquiryReceived,
    InquiryStatus,
    InquiryTriaged,
)
from mmc_contracts.rules import InvalidTransition, InvalidValue, RuleViolation
from mmc_outreach.domain.names import city_key

_S = InquiryStatus

TRANSITIONS: dict[InquiryStatus, tuple[InquiryStatus, ...]] = {
    _S.RECEIVED: (_S.TRIAGED, _S.CLOSED),
    _S.TRIAGED: (_S.ASSIGNED, _S.CLOSED),
    _S.ASSIGNED: (_S.ANSWERED, _S.CLOSED),
    _S.ANSWERED: (_S.ANSWERED, _S.CLOSED),
    _S.CLOSED: (),
}

# Triage rules: the first rule whose words appear in the subject or body decides; checked in
# this order because a request for help that mentions a partnership is still a request for help.
TRIAGE_RULES: tuple[tuple[InquiryKind, tuple[str, ...]], ...] = (
    (InquiryKind.NOMINATION_INTEREST, ("nominat", "leadership board", "board seat")),
    (
        InquiryKind.ASSISTANCE_REQUEST,
        ("assistance", "help us", "support us", "technical support", "advice on", "funding"),
    ),
    (InquiryKind.PARTNERSHIP_INTEREST, ("partner", "join the", "become a member", "membership")),
    (InquiryKind.IDEA, ("idea", "propose", "proposal", "suggest")),
)


ERASED = "[erased]"
"""What an anonymised inquiry's subject, text and answers read."""


class Sender(BaseModel):
    """Who wrote: personal data, kept in outreach's database only."""

    name: str | None = Field(default=None, max_length=200)
    email: str | None = Field(default=None, max_length=254)
    phone: str | None = Field(default=None, max_length=50)
    role: str | None = Field(default=None, max_length=200)


class Answer(BaseModel):
    text: str
    by: str
    at: AwareDatetime


def suggest_kind(subject: str, body: str, chosen: InquiryKind | None = None) -> InquiryKind:
    """The kind the triage rules give: the sender's own choice on the form if made, else the
    first rule whose words appear, else a question (anything with a '?') or an idea."""
    if chosen is not None:
        return chosen
    text = f"{subject}\n{body}".casefold()
    for kind, words in TRIAGE_RULES:
        if any(word in text for word in words):
            return kind
    return InquiryKind.QUESTION if "?" in text else InquiryKind.IDEA


def response_hours(received_at: datetime, answered_at: datetime) -> float:
    """Hours from receipt to answer, rounded to minutes' precision (never negative)."""
    seconds = max(0.0, (answered_at - received_at).total_seconds())
    return round(seconds / 3600, 2)


class Inquiry(ModelAggregate):
    status: InquiryStatus = InquiryStatus.RECEIVED
    channel: InquiryChannel
    received_at: AwareDatetime
    sender: Sender = Field(default_factory=Sender)
    subject: str = ""
    body: str = ""
    attachments: list[str] = Field(default_factory=list)
    message_key: str | None = None
    city_id: str | None = None
    city_name: str | None = None
    country_code: str | None = None
    city_key: str | None = None
    size_class: SizeClass | None = None
    chosen_kind: InquiryKind | None = None
    kind: InquiryKind | None = None
    assistance_kind: AssistanceKind | None = None
    assignee: str | None = None
    answers: list[Answer] = Field(default_factory=list)
    first_response_hours: float | None = None
    within_target: bool | None = None
    closed_at: AwareDatetime | None = None
    anonymised_at: AwareDatetime | None = None

    @classmethod
    def receive(
        cls,
        inquiry_id: str,
        *,
        channel: InquiryChannel,
        received_at: datetime,
        context: EventContext,
        sender: Sender | None = None,
        subject: str = "",
        body: str = "",
        attachments: list[str] | None = None,
        message_key: str | None = None,
        city_id: str | None = None,
        city_name: str | None = None,
        country_code: str | None = None,
        size_class: SizeClass | None = None,
        chosen_kind: InquiryKind | None = None,
    ) -> Inquiry:
        """A newly received inquiry with `InquiryReceived` pending."""
        if received_at.tzinfo is None:
            raise InvalidValue("received_at", "must name its time zone")
        name = " ".join(city_name.split()) if city_name else None
        code = country_code.strip().upper() if country_code else None
        if code is not None and not re.fullmatch(r"[A-Z]{2}", code):
            raise InvalidValue("country_code", "must be an ISO 3166-1 alpha-2 code")
        inquiry = cls(
            id=inquiry_id,
            channel=channel,
            received_at=received_at.astimezone(UTC),
            sender=sender or Sender(),
            subject=subject,
            body=body,
            attachments=list(attachments or []),
            message_key=message_key,
            city_id=city_id,
            city_name=name or None,
            country_code=code,
            city_key=city_key(name, code) if name and code else None,
            size_class=size_class,
            chosen_kind=chosen_kind,
        )
        inquiry._record(
            InquiryReceived,
            context,
            **inquiry._city(),
            channel=channel,
            kind=chosen_kind,
            size_class=size_class,
        )
        return inquiry

    # --- commands -----------------------------------------------------------------------------

    def triage(
        self,
        context: EventContext,
        kind: InquiryKind | None = None,
        assistance_kind: AssistanceKind | None = None,
    ) -> None:
        """Decide the kind (the triage rules' suggestion unless staff name one)."""
        self._move(_S.TRIAGED)
        self.kind = kind or suggest_kind(self.subject, self.body, self.chosen_kind)
        if self.kind is InquiryKind.ASSISTANCE_REQUEST:
            self.assistance_kind = assistance_kind or AssistanceKind.STRATEGY_DEVELOPMENT
        elif assistance_kind is not None:
            raise InvalidValue("assistance_kind", "only an assistance request has one")
        self._record(
            InquiryTriaged,
            context,
            **self._city(),
            kind=self.kind,
            assistance_kind=self.assistance_kind,
        )

    def assign(self, assignee: str, context: EventContext) -> None:
        assignee = assignee.strip()
        if not assignee:
            raise InvalidValue("assignee", "must not be blank")
        if self.status is _S.ASSIGNED and assignee == self.assignee:
            raise RuleViolation(f"the inquiry is already assigned to {assignee}")
        if self.status is not _S.ASSIGNED:
            self._move(_S.ASSIGNED)
        self.assignee = assignee
        self._record(InquiryAssigned, context, **self._city(), assignee=assignee)

    def answer(self, text: str, context: EventContext, target_hours: float) -> None:
        """Record an answer; the first one sets the response time against `target_hours`."""
        if not text.strip():
            raise InvalidValue("text", "must not be blank")
        self._move(_S.ANSWERED)
        at = context.at.astimezone(UTC)
        self.answers.append(Answer(text=text, by=context.actor, at=at))
        if self.first_response_hours is None:
            self.first_response_hours = response_hours(self.received_at, at)
            self.within_target = self.first_response_hours <= target_hours
        assert self.within_target is not None
        self._record(
            InquiryAnswered,
            context,
            **self._city(),
            first_response_hours=self.first_response_hours,
            within_target=self.within_target,
        )

    def close(self, context: EventContext) -> None:
        self._move(_S.CLOSED)
        self.closed_at = context.at.astimezone(UTC)
        self._record(InquiryClosed, context, **self._city())

    def link_city(self, city_id: str, context: EventContext) -> bool:
        """Name the registry's city; False (no event) when it is already the one named."""
        if self.city_id == city_id:
            return False
        self.city_id = city_id
        self._record(InquiryLinkedToCity, context, **self._city())
        return True

    def anonymise(self, reason: AnonymisedBecause, context: EventContext) -> bool:
        """Erase the sender's details, the subject, the text and the answers' text (the ids,
        dates, kind and city stay: they are the MMC's record, not the person's); False (no
        event) when that was done already, so it is announced once."""
        if self.anonymised_at is not None:
            return False
        self.sender = Sender()
        self.subject = ERASED
        self.body = ERASED
        self.attachments = []
        self.message_key = None  # the id, derived from it, still makes a re-import a duplicate
        self.answers = [answer.model_copy(update={"text": ERASED}) for answer in self.answers]
        self.anonymised_at = context.at.astimezone(UTC)
        self._record(InquiryAnonymised, context, **self._city(), reason=reason)
        return True

    def retention_over(self, now: datetime, retention: timedelta) -> bool:
        """Closed for longer than `retention` and not yet anonymised."""
        return (
            self.anonymised_at is None
            and self.closed_at is not None
            and self.closed_at + retention <= now
        )

    # --- derived ------------------------------------------------------------------------------

    def response_due(self, target_hours: float) -> datetime:
        """When the first answer is due."""
        return self.received_at + timedelta(hours=target_hours)

    # --- internals ----------------------------------------------------------------------------

    def _city(self) -> dict[str, Any]:
        return {
            "city_id": self.city_id,
            "city_name": self.city_name,
            "country_code": self.country_code,
        }

    def _move(self, to: InquiryStatus) -> None:
        allowed = TRANSITIONS[self.status]
        if to not in allowed:
            raise InvalidTransition(self.status, to, allowed)
        self.status = to
