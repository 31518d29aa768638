"""The board service, wired: stores, read models, routes, subscribers, the terms scheduler.

python -m mmc_board.app        # serves on MMC_HTTP_HOST:MMC_HTTP_PORT (default 127.0.0.1:8102)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from opentelemetry.sdk.trace import TracerProvider
from pydantic import ValidationError

from mmc_board.adapters.cities_view import CITY_INDEXES, KNOWN_CITIES, KnownCities
from mmc_board.adapters.repository import (
    MEETINGS,
    MEMBERSHIPS,
    NOMINATIONS,
    ROUNDS,
    VACANCIES,
    MeetingRepository,
    MembershipRepository,
    NominationRepository,
    RoundRepository,
    VacancyRepository,
    ensure_indexes,
)
from mmc_board.adapters.voters import VOTERS, Voters
from mmc_board.domain import DomainError, InvalidTransition, InvalidValue, RuleViolation
from mmc_board.entrypoints import subscribers
from mmc_board.entrypoints.http import build_router
from mmc_board.scheduler import TermScheduler
from mmc_board.settings import BoardSettings
from mmc_chassis.mongo import ensure_indexes as create_missing_indexes
from mmc_chassis.runtime import ServiceRuntime
from mmc_contracts.topics import (
    BOARD_MEETING,
    BOARD_MEMBERSHIP,
    BOARD_NOMINATION,
    BOARD_SELECTION_ROUND,
    BOARD_VACANCY,
)

DESCRIPTION = """\
The Mayors Migration Council's Leadership Board: seats and 2-year terms, vacancies, nominations
from cities' leadership, selection rounds voted by the Board mayors and the supporting partners
(with what each nominee would bring to the Board's diversity), and Board meetings on record.

Every call needs `Authorization: Bearer <API token>`; writes name the staff member acting in
`X-MMC-Actor` (it goes on record in the events) and may carry `X-Correlation-ID`.

Errors, the same for every route (nothing changes when the answer is an error):
* **422** - a malformed request, a value the Board's rules refuse, or an id in the body that
  names nothing (an unknown city, vacancy or nomination); `detail[].loc` names the field.
* **404** - an unknown id in the path.
* **409** - the current state forbids it: a seat taken, a city that is not a partner, an
  ineligible voter, a second ballot, a closed round, no quorum, a tie to break, a round's
  results asked for while it is open (hidden until it closes), a stale `expected_version`.
"""

Clock = Callable[[], date]


def today_utc() -> date:
    """The service's default clock: today's date in UTC."""
    return datetime.now(UTC).date()


@dataclass(frozen=True)
class BoardService:
    """The runtime and the parts tests and tools reach into."""

    runtime: ServiceRuntime
    settings: BoardSettings
    memberships: MembershipRepository
    vacancies: VacancyRepository
    nominations: NominationRepository
    rounds: RoundRepository
    meetings: MeetingRepository
    cities: KnownCities
    voters: Voters
    scheduler: TermScheduler


def build_service(
    settings: BoardSettings | None = None,
    provider: TracerProvider | None = None,
    *,
    clock: Clock = today_utc,
) -> BoardService:
    """The board service, ready to `run()`; `clock` gives "today" to the API and scheduler."""
    settings = settings or BoardSettings()
    runtime = ServiceRuntime(
        settings,
        title="MMC board service",
        description=DESCRIPTION,
        provider=provider,
        # No retry mends an event the domain refuses or that does not validate.
        permanent_errors=(DomainError, ValidationError),
        error_statuses={InvalidValue: 422, InvalidTransition: 409, RuleViolation: 409},
    )
    memberships = MembershipRepository(runtime.store(MEMBERSHIPS, "membership"))
    vacancies = VacancyRepository(runtime.store(VACANCIES, "vacancy"))
    nominations = NominationRepository(runtime.store(NOMINATIONS, "nomination"))
    rounds = RoundRepository(runtime.store(ROUNDS, "selection round"))
    meetings = MeetingRepository(runtime.store(MEETINGS, "meeting"))
    cities = KnownCities(runtime.database[KNOWN_CITIES])
    voters = Voters(runtime.database[VOTERS])
    runtime.declare_topics(
        BOARD_MEMBERSHIP, BOARD_VACANCY, BOARD_NOMINATION, BOARD_SELECTION_ROUND, BOARD_MEETING
    )

    async def create_indexes() -> None:
        await ensure_indexes(runtime.database)
        await create_missing_indexes(runtime.database[KNOWN_CITIES], CITY_INDEXES)

    runtime.on_startup(create_indexes)
    runtime.include(
        build_router(
            settings=settings,
            clock=clock,
            memberships=memberships,
            vacancies=vacancies,
            nominations=nominations,
            rounds=rounds,
            meetings=meetings,
            cities=cities,
            voters=voters,
            locks=runtime.locks,
        )
    )
    subscribers.register(
        runtime.consumer,
        cities=cities,
        memberships=memberships,
        vacancies=vacancies,
        nominations=nominations,
        locks=runtime.locks,
    )
    scheduler = TermScheduler(
        interval_seconds=settings.scheduler_interval_seconds,
        notice_days=settings.term_notice_days,
        clock=clock,
        memberships=memberships,
        vacancies=vacancies,
    )

    async def start_scheduler() -> None:
        scheduler.start()

    runtime.after_start(start_scheduler)
    runtime.on_shutdown(scheduler.stop)
    return BoardService(
        runtime=runtime,
        settings=settings,
        memberships=memberships,
        vacancies=vacancies,
        nominations=nominations,
        rounds=rounds,
        meetings=meetings,
        cities=cities,
        voters=voters,
        scheduler=scheduler,
    )


def build(
    settings: BoardSettings | None = None,
    provider: TracerProvider | None = None,
    *,
    clock: Clock = today_utc,
) -> ServiceRuntime:
    """The board service's runtime, ready to `run()` or to serve `runtime.http` in tests."""
    return build_service(settings, provider, clock=clock).runtime


def main() -> None:
    build().run()


if __name__ == "__main__":
    main()
