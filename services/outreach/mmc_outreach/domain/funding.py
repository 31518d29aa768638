"""Funding: opportunities, and the `FundingConnection` aggregate between a city and one.

    intake ─► concept_note ─► review ─► awarded ─► reporting
                                  └───► declined

An award records the amount and currency (the opportunity's currency) and its date; reports are
due on dates and are received, or late once their date has passed. Amounts awarded are summed
per city, per funder and per year (`award_sums`), one sum per currency: amounts in different
currencies are never added together.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from pydantic import AwareDatetime, BaseModel, Field

from mmc_chassis.aggregate import ModelAggregate
from mmc_contracts.envelope import EventContext
from mmc_contracts.outreach import (
    FundingAwarded,
    FundingConnectionMade,
    FundingReportDue,
    FundingReportReceived,
    FundingStage,
    FundingStageChanged,
)
from mmc_contracts.rules import InvalidTransition, InvalidValue, RuleViolation

_S = FundingStage

TRANSITIONS: dict[FundingStage, tuple[FundingStage, ...]] = {
    _S.INTAKE: (_S.CONCEPT_NOTE, _S.DECLINED),
    _S.CONCEPT_NOTE: (_S.REVIEW, _S.DECLINED),
    _S.REVIEW: (_S.AWARDED, _S.DECLINED),
    _S.AWARDED: (_S.REPORTING,),
    _S.DECLINED: (),
    _S.REPORTING: (),
}


class Opportunity(ModelAggregate):
    """A funding opportunity: who funds, how much, for whom, by when."""

    funder: str
    title: str
    amount: Decimal | None = None
    currency: str = "USD"
    eligibility: str = ""
    deadline: date | None = None
    partner_id: str | None = None


class Report(BaseModel):
    due_on: date
    received_on: date | None = None

    def late(self, today: date) -> bool:
        return self.received_on is None and today > self.due_on


class FundingConnection(ModelAggregate):
    city_id: str
    opportunity_id: str
    funder: str
    opportunity_title: str
    currency: str
    stage: FundingStage = _S.INTAKE
    amount_awarded: Decimal | None = None
    awarded_on: date | None = None
    reports: list[Report] = Field(default_factory=list)
    made_at: AwareDatetime

    @classmethod
    def make(
        cls, connection_id: str, city_id: str, opportunity: Opportunity, context: EventContext
    ) -> FundingConnection:
        connection = cls(
            id=connection_id,
            city_id=city_id,
            opportunity_id=opportunity.id,
            funder=opportunity.funder,
            opportunity_title=opportunity.title,
            currency=opportunity.currency,
            made_at=context.at,
        )
        connection._record(
            FundingConnectionMade,
            context,
            city_id=city_id,
            opportunity_id=opportunity.id,
            funder=opportunity.funder,
            opportunity_title=opportunity.title,
        )
        return connection

    def move(self, to: FundingStage, context: EventContext) -> None:
        """Move along the path; awarding goes through `award` (it needs the amount)."""
        if to is _S.AWARDED:
            raise InvalidValue("to_stage", "award with the amount (POST .../award)")
        self._move(to, context)

    def award(self, amount: Decimal, on: date, context: EventContext) -> None:
        if amount <= 0:
            raise InvalidValue("amount", "must be more than 0")
        self._move(_S.AWARDED, context)
        self.amount_awarded = amount
        self.awarded_on = on
        self._record(
            FundingAwarded,
            context,
            city_id=self.city_id,
            funder=self.funder,
            opportunity_title=self.opportunity_title,
            amount=amount,
            currency=self.currency,
            awarded_on=on,
        )

    def expect_report(self, due_on: date, context: EventContext) -> None:
        """A report due on `due_on` (an awarded connection moves to reporting)."""
        if self.stage is _S.AWARDED:
            self._move(_S.REPORTING, context)
        if self.stage is not _S.REPORTING:
            raise RuleViolation("reports are due only on awarded funding")
        if any(report.due_on == due_on for report in self.reports):
            raise RuleViolation(f"a report is already due on {due_on.isoformat()}")
        self.reports.append(Report(due_on=due_on))
        self.reports.sort(key=lambda report: report.due_on)
        self._record(FundingReportDue, context, city_id=self.city_id, due_on=due_on)

    def receive_report(self, due_on: date, received_on: date, context: EventContext) -> None:
        for report in self.reports:
            if report.due_on == due_on:
                if report.received_on is not None:
                    raise RuleViolation("that report was already received")
                report.received_on = received_on
                self._record(
                    FundingReportReceived,
                    context,
                    city_id=self.city_id,
                    due_on=due_on,
                    received_on=received_on,
                )
                return
        raise InvalidValue("due_on", f"no report is due on {due_on.isoformat()}")

    def late_reports(self, today: date) -> list[Report]:
        return [report for report in self.reports if report.late(today)]

    def _move(self, to: FundingStage, context: EventContext) -> None:
        allowed = TRANSITIONS[self.stage]
        if to not in allowed:
            raise InvalidTransition(self.stage, to, allowed, subject="stage")
        self._record(
            FundingStageChanged, context, city_id=self.city_id, from_stage=self.stage, to_stage=to
        )
        self.stage = to


@dataclass(frozen=True)
class AwardSum:
    key: str
    currency: str
    amount: Decimal
    awards: int


def award_sums(connections: Iterable[FundingConnection], by: str) -> list[AwardSum]:
    """Amounts awarded summed by `city`, `funder` or `year`, one sum per currency."""
    if by not in ("city", "funder", "year"):
        raise InvalidValue("by", "one of city, funder, year")
    totals: dict[tuple[str, str], tuple[Decimal, int]] = {}
    for connection in connections:
        if connection.amount_awarded is None or connection.awarded_on is None:
            continue
        key = {
            "city": connection.city_id,
            "funder": connection.funder,
            "year": str(connection.awarded_on.year),
        }[by]
        amount, count = totals.get((key, connection.currency), (Decimal(0), 0))
        totals[(key, connection.currency)] = (amount + connection.amount_awarded, count + 1)
    return [
        AwardSum(key, currency, amount, count)
        for (key, currency), (amount, count) in sorted(totals.items())
    ]
