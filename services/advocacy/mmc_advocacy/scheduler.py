"""The policy-moment scheduler: once at start and then every `scheduler_interval_seconds`, it
announces the moments that now start within `moment_notice_days` (`PolicyMomentApproaching`).
A moment scheduled already within notice is announced by the route that schedules it.

Each moment records the day it was announced, and the store's version guard lets one writer
win, so a restart, or a second instance, never announces a moment twice. "Today" comes from an
injectable clock, so tests (and a demo) can set the date. The chassis' `periodic.every` runs
the passes, starting and stopping with the service.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date

from mmc_advocacy import handlers
from mmc_advocacy.adapters.repository import Repository
from mmc_advocacy.domain import PolicyMoment

log = logging.getLogger("mmc.advocacy.scheduler")

Clock = Callable[[], date]


class MomentScheduler:
    def __init__(
        self,
        *,
        notice_days: int,
        clock: Clock,
        moments: Repository[PolicyMoment],
    ) -> None:
        self.notice_days = notice_days
        self.clock = clock
        self.moments = moments
        self.runs = 0

    async def tick(self) -> list[str]:
        """One pass for the clock's today; the ids of the moments announced now."""
        announced = await handlers.announce_approaching(
            self.clock(), self.notice_days, self.moments
        )
        self.runs += 1
        if announced:
            log.info("policy moments approaching: %s", ", ".join(announced))
        return announced
