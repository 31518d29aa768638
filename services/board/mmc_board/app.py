"""The board service, wired: stores, read models, routes, subscribers, the terms scheduler.

python -m mmc_board.app        # serves on MMC_HTTP_HOST:MMC_HTTP_PORT (default 127.0.0.1:8102)
"""

from __future__ import annotations

from dataclasses import dataclass

from opentelemetry.sdk.trace import TracerProvider

from mmc_board.adapters.cities_view import CITY_INDEXES
from mmc_board.adapters.repository import INDEXES
from mmc_board.entrypoints import subscribers
from mmc_board.entrypoints.http import routers
from mmc_board.parts import BoardParts, Clock, today_utc
from mmc_board.personal_data import BoardPersonalData
from mmc_board.scheduler import TermScheduler
from mmc_board.settings import BoardSettings
from mmc_chassis.periodic import every
from mmc_chassis.personal_data import personal_data_router
from mmc_chassis.runtime import ServiceRuntime
from mmc_chassis.wiring import serve, service_runtime
from mmc_contracts.topics import (
    BOARD_MEETING,
    BOARD_MEMBERSHIP,
    BOARD_NOMINATION,
    BOARD_SELECTION_ROUND,
    BOARD_VACANCY,
)

TITLE = "MMC board service"
PUBLISHED = (
    BOARD_MEMBERSHIP,
    BOARD_VACANCY,
    BOARD_NOMINATION,
    BOARD_SELECTION_ROUND,
    BOARD_MEETING,
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

A nominator's name, role, e-mail and statement are personal data: board shows them to staff,
its events carry them sealed with the nominator's key, and `/personal-data` exports or erases
them (the key goes too, so every sealed copy is unreadable); the nominee mayor is public.
"""


@dataclass(frozen=True)
class BoardService:
    """The runtime and the parts tests and tools reach into."""

    runtime: ServiceRuntime
    parts: BoardParts
    scheduler: TermScheduler

    @property
    def settings(self) -> BoardSettings:
        return self.parts.settings


def build_service(
    settings: BoardSettings | None = None,
    provider: TracerProvider | None = None,
    *,
    clock: Clock = today_utc,
) -> BoardService:
    """The board service, ready to `run()`; `clock` gives "today" to the API and scheduler."""
    settings = settings or BoardSettings()
    runtime = service_runtime(settings, TITLE, DESCRIPTION, provider, INDEXES | CITY_INDEXES)
    parts = BoardParts.of(runtime, settings, clock)
    serve(runtime, parts, routers(), topics=PUBLISHED, subscribe=subscribers.register)
    runtime.on_startup(parts.keys.ensure_indexes)
    runtime.include(
        personal_data_router(
            "board", BoardPersonalData(parts.nominations, parts.memberships, parts.keys)
        )
    )
    scheduler = TermScheduler(
        notice_days=settings.term_notice_days,
        clock=clock,
        memberships=parts.memberships,
        vacancies=parts.vacancies,
    )
    every(runtime, settings.scheduler_interval_seconds, scheduler.tick, name="board-terms")
    return BoardService(runtime=runtime, parts=parts, scheduler=scheduler)


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
