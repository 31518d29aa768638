"""The cities service's use cases: one plain async function per command, and the event handlers.

A command handler takes the command (which carries the `EventContext`: who acts, when, in
which flow) and its dependencies by name; it loads the aggregate, lets the domain decide, and
saves the new state with its events in one write. Nothing here reads a clock or knows HTTP.

Concurrency: a command with `expected_version` fails with `StaleVersion` unless the aggregate is
at that version (the client saw an older state); the store's compare-and-set catches the race
between loading and saving. A command without it is re-applied to a fresh copy a few times
before giving up, since the client did not ask to act only on what it saw.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import AsyncIterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from mmc_chassis.commands import change_aggregate
from mmc_chassis.errors import AlreadyExists
from mmc_cities.adapters.repository import (
    AssistanceRequestRepository,
    CityRepository,
    DuplicateCity,
)
from mmc_cities.adapters.timeline import Timeline, timeline_entry
from mmc_cities.csv_io import CsvRow, column_of
from mmc_cities.domain.assistance import AssistanceRequest
from mmc_cities.domain.city import City
from mmc_cities.domain.errors import InvalidValue
from mmc_cities.domain.names import name_key
from mmc_contracts import Event, EventContext
from mmc_contracts.board import MayorLeftBoard, MayorSeated, TermRenewed
from mmc_contracts.cities import (
    AssistanceKind,
    AssistanceStatus,
    BoardRole,
    BoardRoleChange,
    Contact,
    Deliverable,
    PartnershipStatus,
)
from mmc_contracts.outreach import InquiryKind, InquiryReceived, InquiryTriaged

__all__ = [
    "AssignAssistance",
    "ChangeAssistanceStatus",
    "ChangeMayor",
    "ChangePartnershipStatus",
    "DuplicateRow",
    "ImportCities",
    "ImportProgress",
    "ImportReport",
    "OpenAssistanceRequest",
    "RecordDeliverable",
    "RegisterCity",
    "RejectedRow",
    "UpdateProfile",
    "assign_assistance",
    "change_assistance_status",
    "change_mayor",
    "change_partnership_status",
    "import_cities",
    "new_id",
    "open_assistance_request",
    "project_timeline",
    "record_deliverable",
    "register_city",
    "update_profile",
]

"""How often a command without `expected_version` is tried against a fresh copy."""


log = logging.getLogger("mmc.cities")


def new_id() -> str:
    return uuid.uuid4().hex


# --------------------------------------------------------------------------------------------
# Commands
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RegisterCity:
    profile: Mapping[str, Any]
    context: EventContext
    partnership_status: PartnershipStatus = PartnershipStatus.PROSPECT
    city_id: str | None = None  # a new id unless given (a reaction derives it from its event)


@dataclass(frozen=True)
class UpdateProfile:
    city_id: str
    expected_version: int
    changes: Mapping[str, Any]
    context: EventContext


@dataclass(frozen=True)
class ChangePartnershipStatus:
    city_id: str
    to_status: PartnershipStatus
    reason: str
    context: EventContext
    expected_version: int | None = None


@dataclass(frozen=True)
class ChangeMayor:
    city_id: str
    mayor: Contact
    context: EventContext
    took_office_on: date | None = None
    expected_version: int | None = None


@dataclass(frozen=True)
class OpenAssistanceRequest:
    city_id: str
    kind: AssistanceKind
    title: str
    description: str
    requested_by: str
    context: EventContext
    due_on: date | None = None
    request_id: str | None = None


@dataclass(frozen=True)
class ChangeAssistanceStatus:
    request_id: str
    to_status: AssistanceStatus
    context: EventContext
    reason: str | None = None
    expected_version: int | None = None


@dataclass(frozen=True)
class AssignAssistance:
    request_id: str
    assignee: str
    context: EventContext
    expected_version: int | None = None


@dataclass(frozen=True)
class RecordDeliverable:
    request_id: str
    deliverable: Deliverable
    context: EventContext
    expected_version: int | None = None


@dataclass(frozen=True)
class ImportCities:
    rows: Sequence[CsvRow]
    context: EventContext
    progress_every: int = 100


# --------------------------------------------------------------------------------------------
# City commands
# --------------------------------------------------------------------------------------------


async def register_city(command: RegisterCity, *, cities: CityRepository) -> City:
    """Register a city; `DuplicateCity` if one with the same name and country exists."""
    city = City.register(
        command.city_id or new_id(),
        command.profile,
        command.context,
        command.partnership_status,
    )
    await cities.add(city)
    return city


async def update_profile(command: UpdateProfile, *, cities: CityRepository) -> City:
    """Change profile fields of the city the client saw at `expected_version`."""
    return await change_aggregate(
        cities,
        command.city_id,
        command.expected_version,
        lambda city: city.update_profile(command.changes, command.context),
    )


async def change_partnership_status(
    command: ChangePartnershipStatus, *, cities: CityRepository
) -> City:
    return await change_aggregate(
        cities,
        command.city_id,
        command.expected_version,
        lambda city: city.change_partnership_status(
            command.to_status, command.reason, command.context
        ),
    )


async def change_mayor(command: ChangeMayor, *, cities: CityRepository) -> City:
    return await change_aggregate(
        cities,
        command.city_id,
        command.expected_version,
        lambda city: city.change_mayor(command.mayor, command.took_office_on, command.context),
    )


# --------------------------------------------------------------------------------------------
# Assistance requests
# --------------------------------------------------------------------------------------------


async def open_assistance_request(
    command: OpenAssistanceRequest,
    *,
    cities: CityRepository,
    requests: AssistanceRequestRepository,
) -> AssistanceRequest:
    """Open a request for a registered city (`NotFound` for an unknown city)."""
    city = await cities.get(command.city_id)
    request = AssistanceRequest.open(
        command.request_id or new_id(),
        city.id,
        command.kind,
        command.title,
        command.description,
        command.requested_by,
        command.due_on,
        command.context,
    )
    await requests.add(request)
    return request


async def change_assistance_status(
    command: ChangeAssistanceStatus, *, requests: AssistanceRequestRepository
) -> AssistanceRequest:
    return await change_aggregate(
        requests,
        command.request_id,
        command.expected_version,
        lambda request: request.change_status(command.to_status, command.reason, command.context),
    )


async def assign_assistance(
    command: AssignAssistance, *, requests: AssistanceRequestRepository
) -> AssistanceRequest:
    return await change_aggregate(
        requests,
        command.request_id,
        command.expected_version,
        lambda request: request.assign(command.assignee, command.context),
    )


async def record_deliverable(
    command: RecordDeliverable, *, requests: AssistanceRequestRepository
) -> AssistanceRequest:
    return await change_aggregate(
        requests,
        command.request_id,
        command.expected_version,
        lambda request: request.record_deliverable(command.deliverable, command.context),
    )


# --------------------------------------------------------------------------------------------
# Bulk import
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RejectedRow:
    row: int
    name: str
    reason: str


@dataclass(frozen=True)
class DuplicateRow:
    row: int
    name: str
    existing_id: str | None = None  # the registered city it repeats
    first_row: int | None = None  # or the earlier row of the same file


@dataclass(frozen=True)
class ImportProgress:
    processed: int
    total: int


@dataclass
class ImportReport:
    total: int
    imported: int = 0
    duplicates: int = 0
    rejected: list[RejectedRow] = field(default_factory=list)
    duplicate_rows: list[DuplicateRow] = field(default_factory=list)

    def duplicate(self, row: CsvRow, existing_id: str | None, first_row: int | None) -> None:
        self.duplicates += 1
        self.duplicate_rows.append(DuplicateRow(row.row, row.name, existing_id, first_row))


async def import_cities(
    command: ImportCities, *, cities: CityRepository
) -> AsyncIterator[ImportProgress | ImportReport]:
    """Register every valid row that is not already registered; yields progress, then the report.

    A row repeats another when its name and country give the same `name_key`: the registry's
    city (`existing_id`) or an earlier row of the file (`first_row`). Progress comes every
    `progress_every` rows; the last item is the `ImportReport`.
    """
    rows = list(command.rows)
    report = ImportReport(total=len(rows))
    first_rows: dict[str, int] = {}
    step = max(1, command.progress_every)
    for start in range(0, len(rows), step):
        batch = rows[start : start + step]
        candidates: list[tuple[CsvRow, City]] = []
        for row in batch:
            city = _city_from_row(row, command.context, report)
            if city is None:
                continue
            if city.name_key in first_rows:
                report.duplicate(row, None, first_rows[city.name_key])
                continue
            first_rows[city.name_key] = row.row
            candidates.append((row, city))
        registered = await cities.ids_by_name_key(city.name_key for _, city in candidates)
        for row, city in candidates:
            if city.name_key in registered:
                report.duplicate(row, registered[city.name_key], None)
                continue
            try:
                await cities.add(city)
            except DuplicateCity as duplicate:  # registered meanwhile
                report.duplicate(row, duplicate.existing_id, None)
                continue
            report.imported += 1
        yield ImportProgress(processed=start + len(batch), total=len(rows))
    yield report


def _city_from_row(row: CsvRow, context: EventContext, report: ImportReport) -> City | None:
    if row.profile is None:
        report.rejected.append(RejectedRow(row.row, row.name, row.error or "cannot be read"))
        return None
    try:
        return City.register(
            new_id(),
            row.profile,
            context,
            row.partnership_status,  # type: ignore[arg-type]  # the domain checks the value
        )
    except InvalidValue as error:
        reason = f"{column_of(error.field)}: {error.message}"
        report.rejected.append(RejectedRow(row.row, row.name, reason))
        return None


# --------------------------------------------------------------------------------------------
# Event handlers
# --------------------------------------------------------------------------------------------


async def project_timeline(event: Event, *, timeline: Timeline) -> None:
    """Add the event to its city's engagement timeline (once, however often it comes)."""
    entry = timeline_entry(event)
    if entry is not None:
        await timeline.add(entry)


async def follow_board_membership(event: Event, *, cities: CityRepository) -> None:
    """Show on the city's profile the Board seat its mayor took, renewed or left.

    Fed by the board service's membership events; a city the registry does not know is skipped
    (the board only seats mayors of registered cities, so this is a replay of old test data).
    """
    if isinstance(event, MayorSeated | TermRenewed):
        role: BoardRole | None = BoardRole(
            membership_id=event.aggregate_id,
            seat=event.seat,
            mayor_name=event.mayor.name,
            term_start=event.term_start,
            term_end=event.term_end,
        )
        change = (
            BoardRoleChange.SEATED if isinstance(event, MayorSeated) else BoardRoleChange.RENEWED
        )
    elif isinstance(event, MayorLeftBoard):
        role, change = None, BoardRoleChange.LEFT
    else:
        return
    if not await cities.exists(event.mayor.city_id):
        log.warning("board event %s names unknown city %s", event.event_id, event.mayor.city_id)
        return
    await change_aggregate(
        cities,
        event.mayor.city_id,
        None,
        lambda city: city.follow_board_membership(
            event.aggregate_id,
            event.aggregate_version,
            role,
            change,
            str(event.event_id),
            event.caused("cities"),
        ),
    )


_REACTIONS = uuid.UUID("0f5e0c1e-5b0a-4a43-9d0c-2f6f2b7d5a11")


def _reaction_id(kind: str, event: Event) -> str:
    """The id of what an event makes here: the same for a redelivery or a replay."""
    return uuid.uuid5(_REACTIONS, f"{kind}:{event.event_id}").hex


async def follow_inquiry(
    event: Event, *, cities: CityRepository, requests: AssistanceRequestRepository
) -> None:
    """Outreach's inquiries: a city the registry does not know becomes a prospect (one city,
    however many inquiries name it: the unique name key refuses a second); an inquiry triaged as
    an assistance request opens a technical assistance request. Ids derive from the event id.
    The inquiry's sender and text stay in outreach: the request points to the inquiry."""
    if isinstance(event, InquiryReceived) and event.city_id is None:
        if not (event.city_name and event.country_code):
            return
        profile: dict[str, Any] = {"name": event.city_name, "country_code": event.country_code}
        profile["size_class"] = str(event.size_class or "secondary")
        try:
            await register_city(
                RegisterCity(
                    profile=profile,
                    context=event.caused("cities"),
                    city_id=_reaction_id("prospect", event),
                ),
                cities=cities,
            )
        except (DuplicateCity, AlreadyExists):
            return  # registered already (by an earlier inquiry, or this one's redelivery)
        except InvalidValue as error:
            log.warning("inquiry %s names no valid city: %s", event.aggregate_id, error)
        return
    if isinstance(event, InquiryTriaged) and event.kind is InquiryKind.ASSISTANCE_REQUEST:
        city_id = event.city_id
        if city_id is None and event.city_name and event.country_code:
            key = name_key(event.city_name, event.country_code)
            city_id = (await cities.ids_by_name_key([key])).get(key)
        if city_id is None or not await cities.exists(city_id):
            log.warning("assistance inquiry %s names no registered city", event.aggregate_id)
            return
        try:
            await open_assistance_request(
                OpenAssistanceRequest(
                    city_id=city_id,
                    kind=event.assistance_kind or AssistanceKind.STRATEGY_DEVELOPMENT,
                    title="Assistance requested through an inquiry to the MMC",
                    description=(
                        f"Opened from outreach inquiry {event.aggregate_id}; "
                        "the city's message is kept with the inquiry."
                    ),
                    requested_by=f"inquiry {event.aggregate_id}",
                    context=event.caused("cities"),
                    request_id=_reaction_id("assistance", event),
                ),
                cities=cities,
                requests=requests,
            )
        except AlreadyExists:
            return


# --------------------------------------------------------------------------------------------
# Internals
# --------------------------------------------------------------------------------------------
