"""The terms pass (the scheduler's work): announce the terms ending soon, end those that are over.

The membership records each announced term end, so a restart announces nothing twice; a
concurrent announcer that loses the compare-and-set gets `StaleVersion` and moves on.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

from mmc_board.adapters.repository import MembershipRepository, VacancyRepository
from mmc_board.commands.memberships import open_vacancy_for
from mmc_chassis.errors import StaleVersion
from mmc_contracts import EventContext
from mmc_contracts.board import MembershipEndReason

log = logging.getLogger("mmc.board")

SCHEDULER_ACTOR = "board-scheduler"


@dataclass
class TermsReport:
    announced: list[str]
    ended: list[str]
    lost_races: int = 0


async def run_terms(
    today: date,
    notice_days: int,
    *,
    memberships: MembershipRepository,
    vacancies: VacancyRepository,
    context: EventContext | None = None,
) -> TermsReport:
    """Announce the terms ending within `notice_days` of `today` (once per term), and end the
    memberships whose term is over (`term_ended`), opening their vacancies."""
    context = context or EventContext(actor=SCHEDULER_ACTOR)
    report = TermsReport(announced=[], ended=[])
    for membership in await memberships.serving():
        try:
            if membership.current_term.end < today:
                membership.end(MembershipEndReason.TERM_ENDED, None, None, context)
                await memberships.save(membership)
                await open_vacancy_for(membership, context, vacancies=vacancies)
                report.ended.append(membership.id)
            elif membership.announce_term_ending(today, notice_days, context):
                await memberships.save(membership)
                report.announced.append(membership.id)
        except StaleVersion:
            # Another announcer (or a staff command) changed it first; the next run sees it.
            report.lost_races += 1
            log.info("membership %s changed meanwhile; left for the next run", membership.id)
    return report
