"""The terms scheduler: a background task that, once at start and then every
`scheduler_interval_seconds`, announces the terms ending within `term_notice_days`
(`TermEndingAnnounced`, once per term) and ends the memberships whose term is over
(`MayorLeftBoard` with `term_ended`, and the seat's vacancy).

"Today" comes from an injectable clock, so tests (and a demo) can set the date. Announcing is
safe across restarts and against a concurrent announcer: the membership records each announced
term end, and the store's compare-and-set lets only one writer win (see `terms.run_terms`).

`app.py` runs the passes with the chassis' `periodic.every`, which starts them once Kafka, the
relay and the consumers are up and stops them first at shutdown, so a pass never writes to a
closed client; a pass that fails is logged and tried again at the next interval.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date

from mmc_board.adapters.repository import MembershipRepository, VacancyRepository
from mmc_board.terms import TermsReport, run_terms

log = logging.getLogger("mmc.board.scheduler")

Clock = Callable[[], date]


class TermScheduler:
    def __init__(
        self,
        *,
        notice_days: int,
        clock: Clock,
        memberships: MembershipRepository,
        vacancies: VacancyRepository,
    ) -> None:
        self.notice_days = notice_days
        self.clock = clock
        self.memberships = memberships
        self.vacancies = vacancies
        self.runs = 0
        self.last_report: TermsReport | None = None

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
