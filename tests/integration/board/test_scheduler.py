"""The terms scheduler: a term inside the notice period is announced once, across restarts and
against a concurrent announcer; a term that is over ends and opens its vacancy."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta

import pytest

from mmc_board.domain import add_years
from mmc_board.settings import BoardSettings
from mmc_contracts.topics import BOARD_MEMBERSHIP, BOARD_VACANCY
from tests.integration.board.conftest import (
    Board,
    FakeClock,
    MongoClient,
    city_registered,
    event_type,
    publish_city,
    read_all,
    running_board,
)
from tests.waiting import eventually

pytestmark = pytest.mark.integration

TODAY = date(2027, 5, 10)


def start_for_end_in(days: int) -> date:
    """The first day of a term whose last day is `days` after TODAY."""
    return add_years(TODAY + timedelta(days=days + 1), -2)


async def test_a_term_in_the_notice_period_is_announced_once_across_a_restart(
    board_settings: BoardSettings, mongo_client: MongoClient
) -> None:
    clock = FakeClock(TODAY)
    try:
        async with running_board(board_settings, clock, mongo_client) as first:
            city = await publish_city(
                first, city_registered("Rosario", "AR", "Americas", "South America", mayor="P. J.")
            )
            membership = await first.seat(city["id"], start_for_end_in(30), seat=3)
            assert membership["term_end"] == (TODAY + timedelta(days=30)).isoformat()
            report = await first.service.scheduler.tick()
            assert report.announced == [membership["id"]]
            # A concurrent second announcer loses the compare-and-set and moves on.
            again = await asyncio.gather(
                first.service.scheduler.tick(), first.service.scheduler.tick()
            )
            assert [r.announced for r in again] == [[], []]

        async with running_board(board_settings, clock, mongo_client) as second:

            async def started_pass_done() -> bool:
                return second.service.scheduler.runs >= 1

            await eventually(started_pass_done, 10, "the scheduler's pass at start")
            assert second.service.scheduler.last_report is not None
            assert second.service.scheduler.last_report.announced == []
            assert (await second.service.scheduler.tick()).announced == []
            stored = await second.ok("GET", f"/memberships/{membership['id']}")
            assert stored["announced_term_ends"] == [membership["term_end"]]
            assert stored["status"] == "serving"
    finally:
        await mongo_client.drop_database(board_settings.database_name)

    key = membership["id"].encode()
    # Both runs have stopped (their relays published everything): read the whole topic.
    records = await read_all(
        board_settings.kafka_bootstrap_servers, board_settings.topic_prefix + BOARD_MEMBERSHIP
    )
    mine = [(event_type(r), dict(r.headers)["ce_id"]) for r in records if r.key == key]
    announced = {event_id for kind, event_id in mine if kind == "TermEndingAnnounced"}
    assert len(announced) == 1, f"announced more than once: {mine}"
    # One record too: the service lets the relay finish before it stops (no resend).
    assert [kind for kind, _ in mine] == ["MayorSeated", "TermEndingAnnounced"], mine


async def test_a_term_that_is_over_ends_and_opens_its_vacancy(board: Board) -> None:
    board.clock.today = TODAY
    city = await publish_city(
        board, city_registered("Tijuana", "MX", "Americas", "Central America", mayor="M. C.")
    )
    membership = await board.seat(city["id"], start_for_end_in(-1), seat=6)  # ended yesterday
    not_yet = await board.seat(
        (await publish_city(board, city_registered("Lyon", "FR", "Europe", "Western Europe")))[
            "id"
        ],
        start_for_end_in(200),
        mayor_name="Grégory Doucet",
        seat=7,
    )
    report = await board.service.scheduler.tick()
    assert report.ended == [membership["id"]]
    assert report.announced == []
    ended = await board.ok("GET", f"/memberships/{membership['id']}")
    assert (ended["status"], ended["end_reason"]) == ("ended", "term_ended")
    assert ended["ended_on"] == (TODAY - timedelta(days=1)).isoformat()
    vacancy = await board.ok("GET", f"/vacancies/{ended['vacancy_id']}")
    assert (vacancy["seat"], vacancy["reason"], vacancy["opened_on"]) == (
        6,
        "term_ended",
        TODAY.isoformat(),
    )
    assert (await board.ok("GET", f"/memberships/{not_yet['id']}"))["status"] == "serving"

    # The next passes change nothing; the vacancy event is published once.
    assert (await board.service.scheduler.tick()).ended == []
    prefix = board.settings.topic_prefix
    bootstrap = board.settings.kafka_bootstrap_servers

    async def vacancy_published() -> bool:
        records = await read_all(bootstrap, prefix + BOARD_VACANCY)
        return [event_type(r) for r in records if r.key == vacancy["id"].encode()] == [
            "SeatVacated"
        ]

    await eventually(vacancy_published, 20, "one SeatVacated")
