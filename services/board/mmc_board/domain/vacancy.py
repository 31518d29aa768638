"""The `Vacancy` aggregate: a Board seat left empty, from the day it is vacated until it is
filled.

Life cycle: ``open → filled``, once. A vacancy is opened when a membership ends, and filled
when a mayor is seated on it, normally by a selection round. Filling it again with the same
membership and round changes nothing (a redelivered event); otherwise it is refused.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from mmc_board.domain.checks import calendar_day, required_id, seat_number
from mmc_board.domain.errors import InvalidValue, RuleViolation
from mmc_chassis.aggregate import Aggregate
from mmc_contracts.board import (
    Mayor,
    MembershipEndReason,
    SeatVacated,
    VacancyFilled,
)
from mmc_contracts.envelope import EventContext

__all__ = ["Vacancy", "VacancyStatus"]


class VacancyStatus(StrEnum):
    """Whether the seat still waits for a mayor."""

    OPEN = "open"
    FILLED = "filled"


@dataclass
class Vacancy(Aggregate):
    """A vacant Board seat. Create with :meth:`open` or :meth:`from_document`."""

    seat: int
    reason: MembershipEndReason
    opened_on: date
    status: VacancyStatus
    opened_at: datetime
    previous_membership_id: str | None = None
    previous_mayor: Mayor | None = None
    filled_by: str | None = None
    round_id: str | None = None

    @classmethod
    def open(
        cls,
        vacancy_id: str,
        seat: int,
        reason: MembershipEndReason,
        vacated_on: date,
        context: EventContext,
        *,
        previous_membership_id: str | None = None,
        previous_mayor: Mayor | None = None,
    ) -> Vacancy:
        """A vacancy for ``seat`` from ``vacated_on`` (the first day without a mayor), with
        `SeatVacated` pending.

        ``previous_membership_id`` and ``previous_mayor`` name the membership that ended (see
        :attr:`Membership.vacant_from <mmc_board.domain.membership.Membership.vacant_from>`);
        both or neither.

        :raises InvalidValue: a blank id, a seat below 1, an unknown reason, only one of the
            previous membership and mayor.
        """
        vacancy_id = required_id(vacancy_id, "vacancy_id")
        seat = seat_number(seat)
        try:
            reason = MembershipEndReason(reason)
        except ValueError:
            allowed = ", ".join(MembershipEndReason)
            raise InvalidValue("reason", f"{reason!r} is not a reason ({allowed})") from None
        calendar_day(vacated_on, "vacated_on")
        if previous_membership_id is not None:
            previous_membership_id = required_id(previous_membership_id, "previous_membership_id")
        if previous_mayor is not None and not isinstance(previous_mayor, Mayor):
            raise InvalidValue("previous_mayor", "must be a mayor")
        if (previous_membership_id is None) != (previous_mayor is None):
            raise InvalidValue(
                "previous_mayor" if previous_mayor is None else "previous_membership_id",
                "name both the membership that ended and its mayor, or neither",
            )
        at = context.at.astimezone(UTC)
        vacancy = cls(
            id=vacancy_id,
            version=1,
            seat=seat,
            reason=reason,
            opened_on=vacated_on,
            status=VacancyStatus.OPEN,
            opened_at=at,
            updated_at=at,
            previous_membership_id=previous_membership_id,
            previous_mayor=previous_mayor,
        )
        vacancy._record_first(
            SeatVacated,
            context,
            previous_mayor=previous_mayor,
            reason=reason,
            vacated_on=vacated_on,
            membership_id=previous_membership_id,
        )
        return vacancy

    @property
    def is_open(self) -> bool:
        return self.status is VacancyStatus.OPEN

    def fill(self, membership_id: str, round_id: str | None, context: EventContext) -> None:
        """The seat is taken by the mayor of ``membership_id``, chosen by ``round_id`` (none for
        an appointment); records `VacancyFilled`.

        Filling it again with the same membership records nothing.

        :raises RuleViolation: the vacancy is already filled by another membership.
        :raises InvalidValue: a blank id.
        """
        membership_id = required_id(membership_id, "membership_id")
        round_id = None if round_id is None else required_id(round_id, "round_id")
        if self.status is VacancyStatus.FILLED:
            if membership_id == self.filled_by and round_id == self.round_id:
                return
            raise RuleViolation(
                f"the vacancy for seat {self.seat} is already filled (membership {self.filled_by})"
            )
        self._record(VacancyFilled, context, membership_id=membership_id, round_id=round_id)
        self.status = VacancyStatus.FILLED
        self.filled_by = membership_id
        self.round_id = round_id

    def to_document(self) -> dict[str, Any]:
        """The vacancy as a JSON-able dict, the MongoDB document (``pending_events`` excluded)."""
        return _VacancyDocument(
            id=self.id,
            version=self.version,
            seat=self.seat,
            reason=self.reason,
            opened_on=self.opened_on,
            status=self.status,
            opened_at=self.opened_at,
            updated_at=self.updated_at,
            previous_membership_id=self.previous_membership_id,
            previous_mayor=self.previous_mayor,
            filled_by=self.filled_by,
            round_id=self.round_id,
        ).model_dump(mode="json", by_alias=True)

    @classmethod
    def from_document(cls, document: Mapping[str, Any]) -> Vacancy:
        """The vacancy stored as ``document``; nothing pending."""
        stored = _VacancyDocument.model_validate(dict(document))
        return cls(
            id=stored.id,
            version=stored.version,
            seat=stored.seat,
            reason=stored.reason,
            opened_on=stored.opened_on,
            status=stored.status,
            opened_at=stored.opened_at,
            updated_at=stored.updated_at,
            previous_membership_id=stored.previous_membership_id,
            previous_mayor=stored.previous_mayor,
            filled_by=stored.filled_by,
            round_id=stored.round_id,
        )

    def _event_fields(self) -> dict[str, Any]:
        return {"seat": self.seat}


class _VacancyDocument(BaseModel):
    """The stored form of a vacancy."""

    model_config = ConfigDict(frozen=True, extra="ignore", populate_by_name=True)

    id: str = Field(alias="_id", min_length=1)
    version: int = Field(ge=1)
    seat: int = Field(ge=1)
    reason: MembershipEndReason
    opened_on: date
    status: VacancyStatus
    opened_at: AwareDatetime
    updated_at: AwareDatetime
    previous_membership_id: str | None = None
    previous_mayor: Mayor | None = None
    filled_by: str | None = None
    round_id: str | None = None
