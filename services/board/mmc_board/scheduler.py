"""The terms scheduler: a background task that, once at start and then every
`scheduler_interval_seconds`, announces the terms ending within `term_notice_days`
(`TermEndingAnnounced`, once per term) and ends the memberships whose term is over
(`MayorLeftBoard` with `term_ended`, and the seat's vacancy).

"Today" comes from an injectable clock, so tests (and a demo) can set the date. Announcing is
safe across restarts and against a concurrent announcer: the membership records each announced
term end, and the store's compare-and-set lets only one writer win (see `terms.run_terms`).

`app.py` starts the task once Kafka, the relay and the consumers are up (`after_start`) and
stops it first at shutdown (`on_shutdown`), so it never writes to a closed client.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from contextlib import suppress
from datetime import date

from mmc_board.adapters.repository import MembershipRepository, VacancyRepository
from mmc_board.terms import TermsReport, run_terms

log = logging.getLogger("mmc.board.scheduler")

Clock = Callable[[], date]


class TermScheduler:
    def __init__(
        self,
        *,
        interval_seconds: float,
        notice_days: int,
        clock: Clock,
        memberships: MembershipRepository,
        vacancies: VacancyRepository,
    ) -> None:
        self.interval_seconds = interval_seconds
        self.notice_days = notice_days
        self.clock = clock
        self.memberships = memberships
        self.vacancies = vacancies
        self.runs = 0
        self.last_report: TermsReport | None = None
        self._task: asyncio.Task[None] | None = None
        self._stopping = asyncio.Event()

    async def tick(self) -> TermsReport:
        """One pass over the serving memberships, for the clock's today."""
        today = self.clock()
        report = await run_terms(
            today, self.notice_days, memberships=self.memberships, vacancies=self.vacancies
        )
        self.runs += 1
        self.last_report = report
        if report.announced or report.ended:
            log.info(
                "terms on %s: %d announced, %d ended",
                today.isoformat(),
                len(report.announced),
                len(report.ended),
            )
        return report

    def start(self) -> None:
        if self._task is not None:
            return
        self._stopping = asyncio.Event()
        self._task = asyncio.create_task(self._run(), name="board-terms-scheduler")

    async def stop(self, grace_seconds: float = 10.0) -> None:
        """Let the pass in hand finish (up to `grace_seconds`), then stop."""
        task, self._task = self._task, None
        if task is None:
            return
        self._stopping.set()
        try:
            await asyncio.wait_for(asyncio.shield(task), grace_seconds)
        except TimeoutError:
            task.cancel()
            with suppress(asyncio.CancelledError):
                await task

    async def _run(self) -> None:
        while not self._stopping.is_set():
            try:
                await self.tick()
            except Exception:
                log.exception("the terms pass failed; trying again at the next interval")
            with suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), self.interval_seconds)
