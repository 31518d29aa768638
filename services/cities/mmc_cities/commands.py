"""The cities service's commands: one plain async function per command.

A command function takes the command (which carries the `EventContext`: who acts, when, in
which flow) and its repositories by name; it loads the aggregate, lets the domain decide, and
saves the new state with its events in one write. Nothing here reads a clock or knows HTTP.

Concurrency: a command with `expected_version` fails with `StaleVersion` unless the aggregate is
at that version (the client saw an older state); without it, it is re-applied to a fresh copy
a few times before giving up (`mmc_chassis.commands.change_aggregate`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from mmc_chassis.commands import change_aggregate
from mmc_chassis.ids import new_id
from mmc_cities.adapters.repository import AssistanceRequestRepository, CityRepository
from mmc_cities.domain.assistance import AssistanceRequest
from mmc_cities.domain.city import City
from mmc_contracts import EventContext
from mmc_contracts.cities import (
    AssistanceKind,
    AssistanceStatus,
    Contact,
    Deliverable,
    PartnershipStatus,
)


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
