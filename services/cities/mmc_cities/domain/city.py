"""The `City` aggregate: a city the MMC works with, its profile and its partnership.

Pure: no I/O, no clock, no id generation. Ids come in as arguments; time, actor and correlation
come in with the :class:`~mmc_contracts.envelope.EventContext` of each command. Every change
bumps ``version`` by one and records exactly one event in ``pending_events``, stamped with the
new version; several changes before a save give consecutive versions. A command that changes
nothing records nothing and leaves the version alone.

What the aggregate cannot check, because it needs I/O, is `CityRepository`'s: that no other city
has the same :attr:`City.name_key` (see :mod:`mmc_cities.domain.names`) and that the stored
version has not moved since the city was loaded.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from mmc_chassis.aggregate import Aggregate
from mmc_cities.domain.errors import InvalidValue
from mmc_cities.domain.names import name_key
from mmc_cities.domain.partnership import PartnershipChange, check_reason, check_transition
from mmc_cities.domain.profile import (
    NETWORK_MAX_LENGTH,
    PROFILE_FIELDS,
    READ_ONLY_REASONS,
    UPDATABLE_PROFILE_FIELDS,
    same_person,
    validate_profile,
)
from mmc_contracts.cities import (
    BoardRole,
    BoardRoleChange,
    CityBoardRoleChanged,
    CityMayorChanged,
    CityPartnershipStatusChanged,
    CityProfile,
    CityProfileUpdated,
    CityRegistered,
    Contact,
    ContactRole,
    PartnershipStatus,
)
from mmc_contracts.envelope import EventContext

__all__ = [
    "NETWORK_MAX_LENGTH",
    "PROFILE_FIELDS",
    "UPDATABLE_PROFILE_FIELDS",
    "City",
    "validate_profile",
]

# --------------------------------------------------------------------------------------------
# The aggregate
# --------------------------------------------------------------------------------------------


@dataclass
class City(Aggregate):
    """A city the MMC works with. Create with :meth:`register` or :meth:`from_document`."""

    profile: CityProfile
    partnership_status: PartnershipStatus
    registered_at: datetime
    partnership_history: list[PartnershipChange] = field(default_factory=list)
    board_role: BoardRole | None = None
    # The version of each board membership last applied, so a redelivered or replayed board
    # event (older or equal) changes nothing.
    board_membership_versions: dict[str, int] = field(default_factory=dict)

    # --- creation -----------------------------------------------------------------------------

    @classmethod
    def register(
        cls,
        city_id: str,
        profile_input: CityProfile | Mapping[str, Any],
        context: EventContext,
        partnership_status: PartnershipStatus = PartnershipStatus.PROSPECT,
    ) -> City:
        """A newly registered city at version 1, with `CityRegistered` pending.

        ``profile_input`` may leave out ``region`` and ``sub_region``; they are taken from the
        country. Any partnership status may be the first (cities imported from earlier records
        may already be partners).

        :raises InvalidValue: ``city_id`` is blank, ``partnership_status`` unknown, or the profile
            breaks a rule of :func:`validate_profile`.
        """
        city_id = city_id.strip() if isinstance(city_id, str) else ""
        if not city_id:
            raise InvalidValue("city_id", "must not be empty")
        status = _partnership_status(partnership_status, "partnership_status")
        profile = validate_profile(profile_input)
        at = context.at.astimezone(UTC)
        city = cls(
            id=city_id,
            version=1,
            profile=profile,
            partnership_status=status,
            registered_at=at,
            updated_at=at,
        )
        city._record_first(CityRegistered, context, profile=profile, partnership_status=status)
        return city

    # --- derived ------------------------------------------------------------------------------

    @property
    def name_key(self) -> str:
        """The duplicate-detection key of the city (name and country)."""
        return name_key(self.profile.name, self.profile.country_code)

    # --- commands -----------------------------------------------------------------------------

    def update_profile(self, changes: Mapping[str, Any], context: EventContext) -> None:
        """Change some profile fields; records `CityProfileUpdated` with the full new profile.

        ``changes`` maps profile field names (:data:`UPDATABLE_PROFILE_FIELDS`) to new values.
        When ``country_code`` changes, ``region`` and ``sub_region`` follow it and are listed in
        ``changed_fields`` too. Nothing changes (same values, or empty ``changes``): no event.

        :raises InvalidValue: an unknown or read-only field, or a value that breaks a rule.
        """
        for key in sorted(changes):
            if key in READ_ONLY_REASONS:
                raise InvalidValue(f"profile.{key}", READ_ONLY_REASONS[key])
            if key not in UPDATABLE_PROFILE_FIELDS:
                raise InvalidValue(f"profile.{key}", "unknown profile field")
        data = self.profile.model_dump()
        data.update(changes)
        data["region"] = data["sub_region"] = None  # taken from the (possibly new) country
        profile = validate_profile(data)
        changed = [
            name for name in PROFILE_FIELDS if getattr(profile, name) != getattr(self.profile, name)
        ]
        if not changed:
            return
        self._record(CityProfileUpdated, context, profile=profile, changed_fields=changed)
        self.profile = profile

    def change_partnership_status(
        self, to_status: PartnershipStatus, reason: str, context: EventContext
    ) -> None:
        """Move the partnership to ``to_status``; records `CityPartnershipStatusChanged`.

        :raises InvalidValue: unknown status, or a blank or too long reason.
        :raises RuleViolation: the city already has that status.
        :raises InvalidTransition: the life cycle does not allow the move (see
            :mod:`mmc_cities.domain.partnership`).
        """
        target = _partnership_status(to_status, "to_status")
        check_transition(self.partnership_status, target)
        text = check_reason(reason)
        change = PartnershipChange(
            from_status=self.partnership_status,
            to_status=target,
            actor=context.actor,
            reason=text,
            at=context.at.astimezone(UTC),
        )
        self._record(
            CityPartnershipStatusChanged,
            context,
            from_status=change.from_status,
            to_status=change.to_status,
            reason=text,
        )
        self.partnership_status = target
        self.partnership_history.append(change)

    def change_mayor(
        self, new_mayor: Contact, took_office_on: date | None, context: EventContext
    ) -> None:
        """Record that ``new_mayor`` is the city's mayor; records `CityMayorChanged`.

        The new mayor's role is set to ``mayor`` whatever it was. When the new mayor is the
        current one (names equal ignoring case and spacing) it is not a change of mayor: with
        identical details nothing is recorded; with other details (a new e-mail, a title) the
        profile is updated and `CityProfileUpdated` (``changed_fields=["mayor"]``) is recorded.

        :raises InvalidValue: the resulting profile breaks a rule.
        """
        if not isinstance(new_mayor, Contact):
            raise InvalidValue("new_mayor", "must be a contact")
        mayor = new_mayor.model_copy(update={"role": ContactRole.MAYOR})
        previous = self.profile.mayor
        profile = validate_profile(self.profile.model_copy(update={"mayor": mayor}))
        if previous is not None and same_person(previous, mayor):
            if previous == profile.mayor:
                return
            self._record(CityProfileUpdated, context, profile=profile, changed_fields=["mayor"])
        else:
            self._record(
                CityMayorChanged,
                context,
                previous_mayor=previous,
                new_mayor=profile.mayor,
                took_office_on=took_office_on,
            )
        self.profile = profile

    def erase_contact_details(self, email_key: str, context: EventContext) -> list[str]:
        """Forget the person with this e-mail (compared without case): a contact entry goes
        whole; the mayor keeps name, office and title (public facts of the office) but loses
        e-mail and phone. Records `CityProfileUpdated` when anything went; what went, by role.
        """
        erased: list[str] = []
        mayor = self.profile.mayor
        if mayor is not None and (mayor.email or "").casefold() == email_key:
            mayor = mayor.model_copy(update={"email": None, "phone": None})
            erased.append("mayor's e-mail and phone")
        contacts = [c for c in self.profile.contacts if (c.email or "").casefold() != email_key]
        if len(contacts) != len(self.profile.contacts):
            erased.append("contact")
        if not erased:
            return []
        profile = self.profile.model_copy(update={"mayor": mayor, "contacts": contacts})
        changed = sorted(
            name
            for name in ("contacts", "mayor")
            if getattr(profile, name) != getattr(self.profile, name)
        )
        self._record(CityProfileUpdated, context, profile=profile, changed_fields=changed)
        self.profile = profile
        return erased

    def follow_board_membership(
        self,
        membership_id: str,
        membership_version: int,
        role: BoardRole | None,
        change: BoardRoleChange,
        board_event_id: str,
        context: EventContext,
    ) -> None:
        """Show the seat the board service reports (None: the city's mayor left it).

        Events of one membership arrive in order; one that is not newer than the last applied
        changes nothing. A departure from a membership that is not the city's current seat
        leaves the current seat as it is.
        """
        if membership_version <= self.board_membership_versions.get(membership_id, 0):
            return
        if role is None and (
            self.board_role is None or self.board_role.membership_id != membership_id
        ):
            return
        self.board_membership_versions[membership_id] = membership_version
        self.board_role = role
        self._record(
            CityBoardRoleChanged,
            context,
            board_role=role,
            change=change,
            board_event_id=board_event_id,
        )

    # --- storage ------------------------------------------------------------------------------

    def to_document(self) -> dict[str, Any]:
        """The city as a JSON-able dict, the MongoDB document (``pending_events`` excluded).

        ``name_key`` is included for a unique index; it is derived, and ignored when reading.
        """
        return _CityDocument(
            id=self.id,
            version=self.version,
            name_key=self.name_key,
            profile=self.profile,
            partnership_status=self.partnership_status,
            partnership_history=list(self.partnership_history),
            registered_at=self.registered_at,
            updated_at=self.updated_at,
            board_role=self.board_role,
            board_membership_versions=dict(self.board_membership_versions),
        ).model_dump(mode="json", by_alias=True)

    @classmethod
    def from_document(cls, document: Mapping[str, Any]) -> City:
        """The city stored as ``document`` (from :meth:`to_document`); nothing pending.

        Unknown keys (MongoDB's own, fields of later versions) are ignored; a document that is
        not a city raises :class:`pydantic.ValidationError` (corrupt storage, not user input).
        """
        stored = _CityDocument.model_validate(dict(document))
        return cls(
            id=stored.id,
            version=stored.version,
            profile=stored.profile,
            partnership_status=stored.partnership_status,
            registered_at=stored.registered_at,
            updated_at=stored.updated_at,
            partnership_history=list(stored.partnership_history),
            board_role=stored.board_role,
            board_membership_versions=dict(stored.board_membership_versions),
        )

    # --- internals ----------------------------------------------------------------------------


class _CityDocument(BaseModel):
    """The stored form of a city."""

    model_config = ConfigDict(frozen=True, extra="ignore", populate_by_name=True)

    id: str = Field(alias="_id", min_length=1)
    version: int = Field(ge=1)
    name_key: str = ""
    profile: CityProfile
    partnership_status: PartnershipStatus
    partnership_history: list[PartnershipChange] = Field(default_factory=list)
    registered_at: AwareDatetime
    updated_at: AwareDatetime
    board_role: BoardRole | None = None
    board_membership_versions: dict[str, int] = Field(default_factory=dict)


def _partnership_status(value: object, field_name: str) -> PartnershipStatus:
    try:
        return PartnershipStatus(str(value))
    except ValueError:
        allowed = ", ".join(PartnershipStatus)
        raise InvalidValue(field_name, f"{value!r} is not a status ({allowed})") from None
