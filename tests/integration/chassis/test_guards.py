"""Guards keep "at most one X per Y" in the database: of many claims at once, exactly one wins,
even from several processes (each with its own in-process locks), and a guard whose holder is
gone never blocks its key for ever."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from pymongo.asynchronous.database import AsyncDatabase

from mmc_chassis.guards import GUARDS, Guards, HolderActive
from mmc_chassis.locks import DocumentLocks

pytestmark = pytest.mark.integration

Database = AsyncDatabase[dict[str, object]]


def holders(active: set[str]) -> HolderActive:
    """A holder check: the ids in `active` are active, every other one has ended."""

    async def check(holder: str) -> bool | None:
        return holder in active

    return check


async def test_of_many_claims_from_several_processes_exactly_one_wins(mongo_db: Database) -> None:
    processes = [Guards(mongo_db[GUARDS], DocumentLocks()) for _ in range(4)]
    claimants = [f"holder-{n}" for n in range(20)]
    active = holders(set(claimants))
    answers = await asyncio.gather(
        *(
            processes[n % len(processes)].claim("one-per", "key", holder, active)
            for n, holder in enumerate(claimants)
        )
    )
    winners = [holder for holder, answer in zip(claimants, answers, strict=True) if answer is None]
    assert len(winners) == 1
    assert {answer for answer in answers if answer is not None} == {winners[0]}
    assert await processes[0].holder("one-per", "key") == winners[0]
    assert await mongo_db[GUARDS].count_documents({}) == 1


async def test_a_guard_is_released_by_its_holder_only(mongo_db: Database) -> None:
    guards = Guards(mongo_db[GUARDS], DocumentLocks())
    active = holders({"a", "b"})
    assert await guards.claim("one-per", "key", "a", active) is None
    assert await guards.claim("one-per", "key", "a", active) is None  # again: a no-op
    assert await guards.claim("one-per", "key", "b", active) == "a"
    await guards.release("one-per", "key", "b")
    assert await guards.holder("one-per", "key") == "a"
    await guards.release("one-per", "key", "a")
    assert await guards.claim("one-per", "key", "b", active) is None


async def test_a_guard_whose_holder_ended_is_taken_over(mongo_db: Database) -> None:
    guards = Guards(mongo_db[GUARDS], DocumentLocks())
    assert await guards.claim("one-per", "key", "crashed", holders({"crashed"})) is None
    # The holder ended without releasing the guard (a crash between its two writes).
    assert await guards.claim("one-per", "key", "next", holders({"next"})) is None
    assert await guards.holder("one-per", "key") == "next"


async def test_a_holder_not_written_yet_keeps_its_guard_only_while_young(
    mongo_db: Database,
) -> None:
    now = datetime.now(UTC)
    guards = Guards(mongo_db[GUARDS], DocumentLocks(), pending_seconds=60, clock=lambda: now)

    async def unknown_holder(holder: str) -> bool | None:
        return None  # no holder is written yet: its write comes after its claim

    assert await guards.claim("one-per", "young", "pending", unknown_holder) is None
    assert await guards.claim("one-per", "young", "next", unknown_holder) == "pending"

    await mongo_db[GUARDS].insert_one(
        {"_id": "one-per:old", "holder": "ghost", "claimed_at": now - timedelta(hours=1)}
    )
    assert await guards.claim("one-per", "old", "next", unknown_holder) is None
    assert await guards.holder("one-per", "old") == "next"
