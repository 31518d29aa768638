"""The funding path, reports on time or late, and the sums of amounts awarded."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from mmc_contracts import EventContext
from mmc_contracts.outreach import FundingAwarded, FundingStage
from mmc_contracts.rules import InvalidTransition, InvalidValue, RuleViolation
from mmc_outreach.domain.funding import FundingConnection, Opportunity, award_sums

CTX = EventContext(actor="staff-1", at=datetime(2026, 12, 1, tzinfo=UTC))


def opportunity(funder: str = "Open Society Foundations", currency: str = "USD") -> Opportunity:
    return Opportunity(
        id=f"opp-{funder[:3]}-{currency}", funder=funder, title="City fund", currency=currency
    )


def awarded(
    city_id: str, amount: int, on: date, opp: Opportunity | None = None
) -> FundingConnection:
    connection = FundingConnection.make(f"c-{city_id}-{on}", city_id, opp or opportunity(), CTX)
    connection.move(FundingStage.CONCEPT_NOTE, CTX)
    connection.move(FundingStage.REVIEW, CTX)
    connection.award(Decimal(amount), on, CTX)
    return connection


def test_path_to_award_and_reporting() -> None:
    connection = awarded("freetown", 250_000, date(2026, 6, 1))
    connection.expect_report(date(2026, 12, 31), CTX)
    connection.expect_report(date(2026, 11, 1), CTX)
    assert connection.stage is FundingStage.REPORTING
    assert [r.due_on for r in connection.late_reports(date(2026, 12, 1))] == [date(2026, 11, 1)]
    connection.receive_report(date(2026, 11, 1), date(2026, 11, 20), CTX)
    assert connection.late_reports(date(2026, 12, 1)) == []
    assert [r.due_on for r in connection.late_reports(date(2027, 1, 2))] == [date(2026, 12, 31)]
    with pytest.raises(RuleViolation):
        connection.receive_report(date(2026, 11, 1), date(2026, 11, 21), CTX)
    events = connection.pull_events()
    award = next(e for e in events if isinstance(e, FundingAwarded))
    assert award.amount == Decimal(250_000)
    assert award.currency == "USD"
    assert [e.aggregate_version for e in events] == list(range(1, len(events) + 1))


def test_declined_is_final_and_award_needs_review() -> None:
    connection = FundingConnection.make("c-1", "lima", opportunity(), CTX)
    with pytest.raises(InvalidTransition):
        connection.award(Decimal(10), date(2026, 1, 1), CTX)
    with pytest.raises(InvalidValue):
        connection.move(FundingStage.AWARDED, CTX)
    connection.move(FundingStage.DECLINED, CTX)
    with pytest.raises(InvalidTransition):
        connection.move(FundingStage.CONCEPT_NOTE, CTX)
    with pytest.raises(RuleViolation):
        connection.expect_report(date(2027, 1, 1), CTX)


def test_sums_per_city_funder_and_year_one_per_currency() -> None:
    chf = opportunity("Government of Switzerland", "CHF")
    connections = [
        awarded("freetown", 250_000, date(2025, 3, 1)),
        awarded("freetown", 100_000, date(2026, 3, 1)),
        awarded("amman", 50_000, date(2026, 5, 1)),
        awarded("amman", 80_000, date(2026, 7, 1), chf),
        FundingConnection.make("c-open", "lima", opportunity(), CTX),  # not awarded: no sum
    ]
    by_city = {(s.key, s.currency): (s.amount, s.awards) for s in award_sums(connections, "city")}
    assert by_city == {
        ("amman", "CHF"): (Decimal(80_000), 1),
        ("amman", "USD"): (Decimal(50_000), 1),
        ("freetown", "USD"): (Decimal(350_000), 2),
    }
    by_year = {(s.key, s.currency): s.amount for s in award_sums(connections, "year")}
    assert by_year == {
        ("2025", "USD"): Decimal(250_000),
        ("2026", "CHF"): Decimal(80_000),
        ("2026", "USD"): Decimal(150_000),
    }
    by_funder = {s.key: s.amount for s in award_sums(connections, "funder")}
    assert by_funder == {
        "Government of Switzerland": Decimal(80_000),
        "Open Society Foundations": Decimal(400_000),
    }


def test_award_must_be_positive() -> None:
    connection = FundingConnection.make("c-1", "lima", opportunity(), CTX)
    connection.move(FundingStage.CONCEPT_NOTE, CTX)
    connection.move(FundingStage.REVIEW, CTX)
    with pytest.raises(InvalidValue):
        connection.award(Decimal(0), date(2026, 1, 1), CTX)
