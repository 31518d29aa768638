"""The `Nomination` aggregate: a mayor nominated to the Board by a city's leadership.

"When a seat on the Leadership Board is vacated, cities' leadership can contact the MMC to
nominate mayors who will then be selected by the existing Leadership Board and supporting
partners."

Life cycle::

    received ─► candidate ─► selected
        │           ├──────► not_selected
        └───────────┴──────► withdrawn

* ``received → candidate``: staff put the nominee forward for a selection round.
* ``candidate → selected`` / ``candidate → not_selected``: the round's result.
* ``received → withdrawn`` / ``candidate → withdrawn``: the nominee or the nominators withdrew
  it; a reason is required.

``selected``, ``not_selected`` and ``withdrawn`` are final: a nominee not selected this time is
nominated again for a later vacancy.

The nominator's name, role and statement are their personal data: the aggregate holds them in
clear (board's database, behind its API), its `NominationReceived` carries them sealed with the
nominator's key (``seal``, given by the command), and :meth:`Nomination.erase_nominator`
anonymises them for good (the command also deletes the key). The nominee is a mayor: public.

That the nominee's city is known to the registry and is a partner needs the board's read model
of the cities: the command looks the city up and calls :func:`check_nominee_city` before
:meth:`Nomination.receive`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import MappingProxyType
from typing import Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from mmc_board.domain.checks import (
    REASON_MAX_LENGTH,
    normalize_text,
    optional_text,
    required_id,
)
from mmc_board.domain.cities_view import KnownCity
from mmc_board.domain.errors import InvalidTransition, InvalidValue, RuleViolation
from mmc_board.domain.nominator import (
    EMAIL_MAX_LENGTH,
    ERASED,
    NAME_MAX_LENGTH,
    ROLE_MAX_LENGTH,
    STATEMENT_MAX_LENGTH,
    STATEMENT_MIN_LENGTH,
    NominatorDetails,
    Seal,
    checked_nominator,
)
from mmc_chassis.aggregate import Aggregate
from mmc_contracts.board import (
    Mayor,
    NominationReceived,
    NominationStatus,
    NominationStatusChanged,
    NominatorErased,
)
from mmc_contracts.envelope import EventContext

__all__ = [
    "ERASED",
    "NAME_MAX_LENGTH",
    "NOMINATION_TRANSITIONS",
    "ROLE_MAX_LENGTH",
    "STATEMENT_MAX_LENGTH",
    "STATEMENT_MIN_LENGTH",
    "Nomination",
    "NominationStatusChange",
    "NominatorDetails",
    "Seal",
    "check_nomination_transition",
    "check_nominee_city",
    "checked_nominator",
]

_N = NominationStatus

NOMINATION_TRANSITIONS: Mapping[NominationStatus, frozenset[NominationStatus]] = MappingProxyType(
    {
        _N.RECEIVED: frozenset({_N.CANDIDATE, _N.WITHDRAWN}),
        _N.CANDIDATE: frozenset({_N.SELECTED, _N.NOT_SELECTED, _N.WITHDRAWN}),
        _N.SELECTED: frozenset(),
        _N.NOT_SELECTED: frozenset(),
        _N.WITHDRAWN: frozenset(),
    }
)
"""Nomination status -> the statuses it may move to."""


def check_nomination_transition(from_status: NominationStatus, to_status: NominationStatus) -> None:
    """Raise unless a nomination may move from ``from_status`` to ``to_status``.

    :raises RuleViolation: ``to_status`` is the current status.
    :raises InvalidTransition: the life cycle does not allow the move.
    """
    if from_status == to_status:
        raise RuleViolation(f"the nomination is already {str(to_status)!r}")
    allowed = NOMINATION_TRANSITIONS[NominationStatus(from_status)]
    if to_status not in allowed:
        raise InvalidTransition(
            from_status,
            to_status,
            [status for status in NominationStatus if status in allowed],
            subject="nomination status",
        )


def check_nominee_city(
    city: KnownCity | None, city_id: str, *, mayor_name: str | None = None
) -> KnownCity:
    """The nominee's city, checked: known to the registry and a partner of the MMC.

    ``city`` is what the board's read model has for ``city_id`` (``None`` when nothing). When
    ``mayor_name`` is given and the registry knows the city's mayor, they must be the same
    person (compared ignoring case and spacing): the Board seats a city's sitting mayor.

    :raises RuleViolation: ``city X is not known to the registry``, ``city X is not a partner
        (status: engaged)``, or the registry names another mayor.
    :raises ValueError: ``city`` is not the city ``city_id`` (a bug in the caller's lookup).
    """
    if city is None:
        raise RuleViolation(f"city {city_id} is not known to the registry")
    if city.id != city_id:
        raise ValueError(f"looked up city {city_id} but got city {city.id}")
    if not city.is_partner:
        raise RuleViolation(
            f"city {city_id} is not a partner (status: {city.partnership_status.value})"
        )
    if (
        mayor_name is not None
        and city.mayor_name is not None
        and normalize_text(mayor_name).casefold() != normalize_text(city.mayor_name).casefold()
    ):
        raise RuleViolation(
            f"the registry has {city.mayor_name} as the mayor of {city.name}, not {mayor_name}"
        )
    return city


class NominationStatusChange(BaseModel):
    """One entry of a nomination's status history."""

    model_config = ConfigDict(frozen=True)

    from_status: NominationStatus
    to_status: NominationStatus
    actor: str = Field(min_length=1)
    reason: str | None = None
    at: AwareDatetime


@dataclass
class Nomination(Aggregate):
    """A mayor nominated to the Board. Create with :meth:`receive` or :meth:`from_document`."""

    mayor: Mayor
    nominated_by_name: str
    nominated_by_role: str
    nominated_by_city_id: str
    statement: str
    status: NominationStatus
    received_at: datetime
    vacancy_id: str | None = None
    status_history: list[NominationStatusChange] = field(default_factory=list)
    nominator_id: str | None = None
    """Board's id of the nominator as a person (their key's holder); none before v2."""
    nominated_by_email: str | None = None
    """How the MMC reaches the nominator, if given: never in events."""
    nominator_erased_at: datetime | None = None

    @classmethod
    def receive(
        cls,
        nomination_id: str,
        mayor: Mayor,
        nominated_by_name: str,
        nominated_by_role: str,
        nominated_by_city_id: str,
        statement: str,
        context: EventContext,
        *,
        seal: Seal,
        nominator_id: str,
        nominated_by_email: str | None = None,
        vacancy_id: str | None = None,
    ) -> Nomination:
        """A nomination in status ``received`` at version 1, `NominationReceived` pending.

        The handler has checked the nominee's city (:func:`check_nominee_city`) and, when
        ``vacancy_id`` is given, that the vacancy is open.

        :raises InvalidValue: a blank id; the nominator's name or role missing or over 200
            characters; the statement not :data:`STATEMENT_MIN_LENGTH` ..
            :data:`STATEMENT_MAX_LENGTH` characters after trimming.
        """
        nomination_id = required_id(nomination_id, "nomination_id")
        if not isinstance(mayor, Mayor):
            raise InvalidValue("mayor", "must be a mayor")
        nominator = checked_nominator(nominated_by_name, nominated_by_role, statement)
        nominated_by_city_id = required_id(nominated_by_city_id, "nominated_by_city_id")
        nominator_id = required_id(nominator_id, "nominator_id")
        email = optional_text(nominated_by_email, "nominated_by_email", EMAIL_MAX_LENGTH)
        vacancy_id = None if vacancy_id is None else required_id(vacancy_id, "vacancy_id")
        at = context.at.astimezone(UTC)
        nomination = cls(
            id=nomination_id,
            version=1,
            mayor=mayor,
            nominated_by_name=nominator.name,
            nominated_by_role=nominator.role,
            nominated_by_city_id=nominated_by_city_id,
            statement=nominator.statement,
            status=NominationStatus.RECEIVED,
            received_at=at,
            updated_at=at,
            vacancy_id=vacancy_id,
            nominator_id=nominator_id,
            nominated_by_email=email,
        )
        nomination._record_first(
            NominationReceived,
            context,
            mayor=mayor,
            nominated_by_name=seal(nominator.name),
            nominated_by_role=seal(nominator.role),
            nominated_by_city_id=nominated_by_city_id,
            statement=seal(nominator.statement),
            vacancy_id=vacancy_id,
        )
        return nomination

    @property
    def nominator_erased(self) -> bool:
        return self.nominator_erased_at is not None

    def erase_nominator(self, context: EventContext) -> bool:
        """Anonymise the nominator's name, role, statement and e-mail; records `NominatorErased`
        (ids only). The nominee, cities, status and dates stay. False (nothing recorded) when
        they were erased already."""
        if self.nominator_erased:
            return False
        self.nominated_by_name = ERASED
        self.nominated_by_role = ERASED
        self.statement = ERASED
        self.nominated_by_email = None
        self.nominator_erased_at = context.at.astimezone(UTC)
        self._record(NominatorErased, context)
        return True

    # --- commands -----------------------------------------------------------------------------

    def change_status(
        self, to_status: NominationStatus, reason: str | None, context: EventContext
    ) -> None:
        """Move the nomination to ``to_status``; records `NominationStatusChanged`.

        :raises InvalidValue: unknown status; a withdrawal without a reason; a reason over
            :data:`~mmc_board.domain.checks.REASON_MAX_LENGTH` characters.
        :raises RuleViolation: already in that status.
        :raises InvalidTransition: the life cycle does not allow the move.
        """
        try:
            target = NominationStatus(to_status)
        except ValueError:
            allowed = ", ".join(NominationStatus)
            raise InvalidValue("to_status", f"{to_status!r} is not a status ({allowed})") from None
        check_nomination_transition(self.status, target)
        text = optional_text(reason, "reason", REASON_MAX_LENGTH)
        if target is NominationStatus.WITHDRAWN and text is None:
            raise InvalidValue("reason", "a reason is required to withdraw a nomination")
        self._record(
            NominationStatusChanged,
            context,
            from_status=self.status,
            to_status=target,
            reason=text,
        )
        self.status_history.append(
            NominationStatusChange(
                from_status=self.status,
                to_status=target,
                actor=context.actor,
                reason=text,
                at=context.at.astimezone(UTC),
            )
        )
        self.status = target

    def make_candidate(self, context: EventContext, reason: str | None = None) -> None:
        """``received → candidate``: put forward for a selection round."""
        self.change_status(NominationStatus.CANDIDATE, reason, context)

    def mark_selected(self, context: EventContext, reason: str | None = None) -> None:
        """``candidate → selected``: the round chose this nominee."""
        self.change_status(NominationStatus.SELECTED, reason, context)

    def mark_not_selected(self, context: EventContext, reason: str | None = None) -> None:
        """``candidate → not_selected``: the round chose another nominee."""
        self.change_status(NominationStatus.NOT_SELECTED, reason, context)

    def withdraw(self, reason: str, context: EventContext) -> None:
        """``received|candidate → withdrawn``, with a reason."""
        self.change_status(NominationStatus.WITHDRAWN, reason, context)

    # --- storage ------------------------------------------------------------------------------

    def to_document(self) -> dict[str, Any]:
        """The nomination as a JSON-able dict, the MongoDB document."""
        return _NominationDocument(
            id=self.id,
            version=self.version,
            mayor=self.mayor,
            nominated_by_name=self.nominated_by_name,
            nominated_by_role=self.nominated_by_role,
            nominated_by_city_id=self.nominated_by_city_id,
            statement=self.statement,
            status=self.status,
            received_at=self.received_at,
            updated_at=self.updated_at,
            vacancy_id=self.vacancy_id,
            status_history=list(self.status_history),
            nominator_id=self.nominator_id,
            nominated_by_email=self.nominated_by_email,
            nominator_erased_at=self.nominator_erased_at,
        ).model_dump(mode="json", by_alias=True)

    @classmethod
    def from_document(cls, document: Mapping[str, Any]) -> Nomination:
        """The nomination stored as ``document``; nothing pending."""
        stored = _NominationDocument.model_validate(dict(document))
        return cls(
            id=stored.id,
            version=stored.version,
            mayor=stored.mayor,
            nominated_by_name=stored.nominated_by_name,
            nominated_by_role=stored.nominated_by_role,
            nominated_by_city_id=stored.nominated_by_city_id,
            statement=stored.statement,
            status=stored.status,
            received_at=stored.received_at,
            updated_at=stored.updated_at,
            vacancy_id=stored.vacancy_id,
            status_history=list(stored.status_history),
            nominator_id=stored.nominator_id,
            nominated_by_email=stored.nominated_by_email,
            nominator_erased_at=stored.nominator_erased_at,
        )


class _NominationDocument(BaseModel):
    """The stored form of a nomination."""

    model_config = ConfigDict(frozen=True, extra="ignore", populate_by_name=True)

    id: str = Field(alias="_id", min_length=1)
    version: int = Field(ge=1)
    mayor: Mayor
    nominated_by_name: str
    nominated_by_role: str
    nominated_by_city_id: str
    statement: str
    status: NominationStatus
    received_at: AwareDatetime
    updated_at: AwareDatetime
    vacancy_id: str | None = None
    status_history: list[NominationStatusChange] = Field(default_factory=list)
    nominator_id: str | None = None
    nominated_by_email: str | None = None
    nominator_erased_at: AwareDatetime | None = None
