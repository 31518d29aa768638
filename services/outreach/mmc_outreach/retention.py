"""Retention: closed inquiries are anonymised once `inquiry_retention_days` have passed.

A background pass, once at start and then every `retention_interval_seconds`, finds the closed
inquiries whose retention ran out and anonymises each (`InquiryAnonymised`, reason `retention`,
ids only). Each is announced once: the inquiry records when it was anonymised, a second pass
finds it no more, and the store's compare-and-set lets only one of two concurrent passes win.
`app.py` runs it with `mmc_chassis.periodic.every` (started once Kafka and the relay are up,
stopped first at shutdown; a failing pass is logged and tried again).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from mmc_chassis.commands import change_aggregate
from mmc_chassis.errors import StaleVersion
from mmc_contracts import EventContext
from mmc_contracts.outreach import AnonymisedBecause, InquiryStatus
from mmc_outreach.adapters.repository import Repository
from mmc_outreach.domain.inquiry import Inquiry

log = logging.getLogger("mmc.outreach.retention")

ACTOR = "outreach-retention"
Clock = Callable[[], datetime]


async def anonymise_expired(
    inquiries: Repository[Inquiry], now: datetime, retention: timedelta
) -> list[str]:
    """One pass: the ids of the inquiries it anonymised."""
    due = await inquiries.list(
        {
            "status": InquiryStatus.CLOSED.value,
            "anonymised_at": None,
            # Stored as ISO text ("...Z"): a second later than the cutoff keeps the edge in;
            # `retention_over` decides.
            "closed_at": {"$lte": _iso(now - retention + timedelta(seconds=1))},
        }
    )
    context = EventContext(actor=ACTOR, at=now)
    done: list[str] = []
    for inquiry in due:
        if not inquiry.retention_over(now, retention):
            continue
        try:
            changed = await change_aggregate(
                inquiries,
                inquiry.id,
                None,
                lambda found: (
                    found.anonymise(AnonymisedBecause.RETENTION, context)
                    if found.retention_over(now, retention)
                    else False
                ),
            )
        except StaleVersion:  # another pass won the race: it announced it
            continue
        if changed.anonymised_at == now.astimezone(UTC):
            done.append(inquiry.id)
    return done


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S")


class RetentionPass:
    """The pass `mmc_chassis.periodic.every` runs: anonymise what is due, by the clock."""

    def __init__(
        self,
        inquiries: Repository[Inquiry],
        *,
        retention_days: float,
        clock: Clock = lambda: datetime.now(UTC),
    ) -> None:
        self.inquiries = inquiries
        self.retention = timedelta(days=retention_days)
        self.clock = clock

    async def tick(self) -> list[str]:
        done = await anonymise_expired(self.inquiries, self.clock(), self.retention)
        if done:
            log.info("retention: %d closed inquiries anonymised", len(done))
        return done
