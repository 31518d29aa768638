"""The cities service's reactions to events (idempotent: a redelivery or a replay changes
nothing): the engagement timeline, and the Board seat a city's mayor holds."""

from __future__ import annotations

import logging

from mmc_chassis.commands import change_aggregate
from mmc_chassis.projection import erased_person
from mmc_cities.adapters.repository import CityRepository
from mmc_cities.adapters.timeline import Timeline, timeline_entry
from mmc_contracts import Event
from mmc_contracts.board import MayorLeftBoard, MayorSeated, TermRenewed
from mmc_contracts.cities import BoardRole, BoardRoleChange

log = logging.getLogger("mmc.cities")


async def project_timeline(event: Event, *, timeline: Timeline) -> None:
    """Add the event to its city's engagement timeline (once, however often it comes); a
    tombstone naming an erased person takes their id off the timeline."""
    await forget_erased(event, timeline=timeline)
    entry = timeline_entry(event)
    if entry is not None:
        await timeline.add(entry)


async def forget_erased(event: Event, *, timeline: Timeline) -> None:
    """A tombstone naming a person by id (`mmc_chassis.projection.erased_person`): the
    timeline forgets them and remembers they were erased."""
    person_id = erased_person(event)
    if person_id is not None:
        forgotten = await timeline.forget(person_id, event)
        log.info("erased person forgotten on %d timeline entries", forgotten)


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
