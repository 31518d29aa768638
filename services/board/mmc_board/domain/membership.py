"""The `Membership` aggregate: one mayor's time on one Board seat, term after term.

A membership starts when a mayor is seated (:meth:`Membership.seat_mayor`) for a first term of
:data:`~mmc_board.domain.terms.TERM_YEARS` years, may be renewed term after term
(:meth:`Membership.renew`), and ends once (:meth:`Membership.end`): at the end of a term, on a
resignation, or when the mayor leaves office. A mayor who comes back later gets a new
membership.

Days are calendar days and both ends are included: a term runs from ``start`` to ``end``, and
``ended_on`` is the mayor's last day on the Board. The seat is vacant from the next day.

"The term is ending" is told once per term (:meth:`Membership.announce_term_ending`). The days
already announced are part of the stored document, so a restarted announcer does not tell it
again, and two announcers racing on the same membership cannot both win: the one whose
compare-and-set on ``version`` fails reloads, finds the day announced and does nothing.

Pure, like every aggregate here: ids, days and the
:class:`~mmc_contracts.envelope.EventContext` come in as arguments. Every change bumps
``version`` by one and records one event in ``pending_events``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from typing import Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from mmc_board.domain.checks import (
    REASON_MAX_LENGTH,
    calendar_day,
    optional_text,
    required_id,
    seat_number,
)
from mmc_board.domain.errors import InvalidValue, RuleViolation
from mmc_board.domain.terms import days_left, next_term_start, term_end
from mmc_chassis.aggregate import Aggregate
from mmc_contracts.board import (
    Mayor,
    MayorLeftBoard,
    MayorSeated,
    MembershipEndReason,
    SeatedVia,
    TermEndingAnnounced,
    TermRenewed,
)
from mmc_contracts.envelope import EventContext

__all__ = ["Membership", "MembershipStatus", "Term"]


class MembershipStatus(StrEnum):
    """Whether the mayor is on the Board."""

    SERVING = "serving"
    ENDED = "ended"


class Term(BaseModel):
    """One term of a membership, both days included."""

    model_config = ConfigDict(frozen=True)

    start: date
    end: date
    via: SeatedVia

    def covers(self, day: date) -> bool:
        """Whether ``day`` is in the term."""
        return self.start <= day <= self.end


@dataclass
class Membership(Aggregate):
    """A mayor on a Board seat. Create with :meth:`seat_mayor` or :meth:`from_document`."""

    mayor: Mayor
    seat: int
    terms: list[Term]
    status: MembershipStatus
    seated_at: datetime
    nomination_id: str | None = None
    round_id: str | None = None
    end_reason: MembershipEndReason | None = None
    ended_on: date | None = None
    end_note: str | None = None
    announced_term_ends: list[date] = field(default_factory=list)

    # --- creation -----------------------------------------------------------------------------

    @classmethod
    def seat_mayor(
        cls,
        membership_id: str,
        mayor: Mayor,
        seat: int,
        term_start: date,
        via: SeatedVia,
        context: EventContext,
        *,
        nomination_id: str | None = None,
        round_id: str | None = None,
    ) -> Membership:
        """A mayor seated for a first term from ``term_start``, `MayorSeated` pending.

        The term ends :func:`~mmc_board.domain.terms.term_end` of ``term_start``. That the seat
        is free for the term (see :func:`mmc_board.domain.history.check_seat_free`) and that the
        mayor is not already on the Board need the other memberships: the command checks them.

        :raises InvalidValue: a blank id, a seat below 1, ``via`` unknown or ``renewal`` (a
            renewal continues a membership: :meth:`renew`), a selection without the nomination
            and round it came from.
        """
        membership_id = required_id(membership_id, "membership_id")
        if not isinstance(mayor, Mayor):
            raise InvalidValue("mayor", "must be a mayor")
        seat = seat_number(seat)
        calendar_day(term_start, "term_start")
        try:
            via = SeatedVia(via)
        except ValueError:
            allowed = ", ".join(SeatedVia)
            raise InvalidValue("via", f"{via!r} is not a way to a seat ({allowed})") from None
        if via is SeatedVia.RENEWAL:
            raise InvalidValue("via", "a renewal continues a membership: renew it instead")
        nomination_id = (
            None if nomination_id is None else required_id(nomination_id, "nomination_id")
        )
        round_id = None if round_id is None else required_id(round_id, "round_id")
        if via is SeatedVia.SELECTION and (nomination_id is None or round_id is None):
            raise InvalidValue(
                "nomination_id" if nomination_id is None else "round_id",
                "a mayor seated by selection names the nomination and the round",
            )
        term = Term(start=term_start, end=term_end(term_start), via=via)
        at = context.at.astimezone(UTC)
        membership = cls(
            id=membership_id,
            version=1,
            mayor=mayor,
            seat=seat,
            terms=[term],
            status=MembershipStatus.SERVING,
            seated_at=at,
            updated_at=at,
            nomination_id=nomination_id,
            round_id=round_id,
        )
        membership._record_first(
            MayorSeated,
            context,
            term_start=term.start,
            term_end=term.end,
            via=via,
            nomination_id=nomination_id,
            round_id=round_id,
        )
        return membership

    # --- derived ------------------------------------------------------------------------------

    @property
    def current_term(self) -> Term:
        """The latest term (which may not have started yet, after an early renewal)."""
        return self.terms[-1]

    @property
    def first_day(self) -> date:
        """The first day of the first term."""
        return self.terms[0].start

    @property
    def last_day(self) -> date:
        """The last day on the Board: ``ended_on`` once ended, else the current term's end."""
        return self.ended_on if self.ended_on is not None else self.current_term.end

    @property
    def vacant_from(self) -> date | None:
        """The first day the seat is no longer this mayor's, once the membership ended."""
        return None if self.ended_on is None else self.ended_on + timedelta(days=1)

    @property
    def is_serving(self) -> bool:
        """Whether the membership has not ended (the current term may be over, though)."""
        return self.status is MembershipStatus.SERVING

    def term_on(self, day: date) -> Term | None:
        """The term the mayor served in on ``day``, if they served that day."""
        if self.ended_on is not None and day > self.ended_on:
            return None
        return next((term for term in self.terms if term.covers(day)), None)

    def serving_on(self, day: date) -> bool:
        """Whether the mayor was (or will be, as recorded) on the Board on ``day``."""
        return self.term_on(day) is not None

    def service_periods(self) -> list[tuple[date, date]]:
        """The stretches of days on the Board, both ends included, consecutive terms merged."""
        periods: list[tuple[date, date]] = []
        for term in self.terms:
            start, end = term.start, term.end
            if self.ended_on is not None:
                end = min(end, self.ended_on)
            if end < start:
                continue
            if periods and periods[-1][1] + timedelta(days=1) >= start:
                periods[-1] = (periods[-1][0], max(periods[-1][1], end))
            else:
                periods.append((start, end))
        return periods

    # --- commands -----------------------------------------------------------------------------

    def renew(self, start: date | None, context: EventContext) -> Term:
        """A further term, from ``start`` or else the day after the current term's end.

        Records `TermRenewed` and returns the new term. A later ``start`` leaves a gap during
        which the mayor is not on the Board.

        :raises RuleViolation: the membership has ended.
        :raises InvalidValue: ``start`` is before the day after the current term's end.
        """
        self._check_serving("renewed")
        earliest = next_term_start(self.current_term.end)
        if start is None:
            start = earliest
        calendar_day(start, "start")
        if start < earliest:
            raise InvalidValue(
                "start",
                f"a new term cannot start before {earliest.isoformat()}, the day after the "
                f"current term ends",
            )
        term = Term(start=start, end=term_end(start), via=SeatedVia.RENEWAL)
        self._record(TermRenewed, context, term_start=term.start, term_end=term.end)
        self.terms.append(term)
        return term

    def announce_term_ending(self, today: date, notice_days: int, context: EventContext) -> bool:
        """Tell, once per term, that the current term ends within ``notice_days`` of ``today``.

        Records `TermEndingAnnounced` and returns ``True`` when the membership is serving, the
        current term ends between ``today`` and ``today + notice_days`` (both included) and its
        end has not been announced before; otherwise changes nothing and returns ``False``
        (already announced, ended, not yet in the notice period, or already over: the terms pass
        then ends the membership).

        :raises InvalidValue: ``notice_days`` is negative.
        """
        calendar_day(today, "today")
        if isinstance(notice_days, bool) or not isinstance(notice_days, int) or notice_days < 0:
            raise InvalidValue("notice_days", "must be a whole number of days, 0 or more")
        if not self.is_serving:
            return False
        end = self.current_term.end
        if end in self.announced_term_ends:
            return False
        left = days_left(today, end)
        if not 0 <= left <= notice_days:
            return False
        self._record(TermEndingAnnounced, context, term_end=end, days_left=left)
        self.announced_term_ends.append(end)
        return True

    def end(
        self,
        reason: MembershipEndReason,
        on: date | None,
        note: str | None,
        context: EventContext,
    ) -> None:
        """The mayor leaves the Board; ``on`` is their last day. Records `MayorLeftBoard`.

        For ``term_ended``, ``on`` defaults to the current term's end and must be it. For a
        resignation or leaving office it is required and lies between the first day of the first
        term and the end of the current term.

        :raises RuleViolation: the membership has already ended.
        :raises InvalidValue: unknown reason, ``on`` missing or out of range, a note over
            :data:`~mmc_board.domain.checks.REASON_MAX_LENGTH` characters.
        """
        self._check_serving("ended")
        try:
            reason = MembershipEndReason(reason)
        except ValueError:
            allowed = ", ".join(MembershipEndReason)
            raise InvalidValue("reason", f"{reason!r} is not a reason ({allowed})") from None
        current_end = self.current_term.end
        if reason is MembershipEndReason.TERM_ENDED:
            if on is None:
                on = current_end
            calendar_day(on, "on")
            if on != current_end:
                raise InvalidValue(
                    "on",
                    f"a membership ended by its term ends on the term's last day, "
                    f"{current_end.isoformat()}",
                )
        else:
            if on is None:
                raise InvalidValue("on", "the mayor's last day on the Board is required")
            calendar_day(on, "on")
            if not self.first_day <= on <= current_end:
                raise InvalidValue(
                    "on",
                    f"must be between {self.first_day.isoformat()} and "
                    f"{current_end.isoformat()}, the membership's first and last days",
                )
        text = optional_text(note, "note", REASON_MAX_LENGTH)
        self._record(MayorLeftBoard, context, reason=reason, left_on=on, note=text)
        self.status = MembershipStatus.ENDED
        self.end_reason = reason
        self.ended_on = on
        self.end_note = text

    # --- storage ------------------------------------------------------------------------------

    def to_document(self) -> dict[str, Any]:
        """The membership as a JSON-able dict, the MongoDB document (``pending_events``
        excluded)."""
        return _MembershipDocument(
            id=self.id,
            version=self.version,
            mayor=self.mayor,
            seat=self.seat,
            terms=list(self.terms),
            status=self.status,
            seated_at=self.seated_at,
            updated_at=self.updated_at,
            nomination_id=self.nomination_id,
            round_id=self.round_id,
            end_reason=self.end_reason,
            ended_on=self.ended_on,
            end_note=self.end_note,
            announced_term_ends=list(self.announced_term_ends),
        ).model_dump(mode="json", by_alias=True)

    @classmethod
    def from_document(cls, document: Mapping[str, Any]) -> Membership:
        """The membership stored as ``document``; nothing pending. Unknown keys are ignored; a
        document that is not a membership raises :class:`pydantic.ValidationError`."""
        stored = _MembershipDocument.model_validate(dict(document))
        return cls(
            id=stored.id,
            version=stored.version,
            mayor=stored.mayor,
            seat=stored.seat,
            terms=list(stored.terms),
            status=stored.status,
            seated_at=stored.seated_at,
            updated_at=stored.updated_at,
            nomination_id=stored.nomination_id,
            round_id=stored.round_id,
            end_reason=stored.end_reason,
            ended_on=stored.ended_on,
            end_note=stored.end_note,
            announced_term_ends=list(stored.announced_term_ends),
        )

    # --- internals ----------------------------------------------------------------------------

    def _check_serving(self, verb: str) -> None:
        if not self.is_serving:
            raise RuleViolation(
                f"{self.mayor.name}'s membership ended on {_day(self.ended_on)} and cannot be "
                f"{verb}"
            )

    def _event_fields(self) -> dict[str, Any]:
        return {"mayor": self.mayor, "seat": self.seat}


class _MembershipDocument(BaseModel):
    """The stored form of a membership."""

    model_config = ConfigDict(frozen=True, extra="ignore", populate_by_name=True)

    id: str = Field(alias="_id", min_length=1)
    version: int = Field(ge=1)
    mayor: Mayor
    seat: int = Field(ge=1)
    terms: list[Term] = Field(min_length=1)
    status: MembershipStatus
    seated_at: AwareDatetime
    updated_at: AwareDatetime
    nomination_id: str | None = None
    round_id: str | None = None
    end_reason: MembershipEndReason | None = None
    ended_on: date | None = None
    end_note: str | None = None
    announced_term_ends: list[date] = Field(default_factory=list)


def _day(value: date | None) -> str:
    return value.isoformat() if value is not None else "an unknown day"
