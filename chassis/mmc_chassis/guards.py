"""Guards: "at most one X per Y" kept by the database, not by a check before the write.

A rule such as "one active nomination per city" cannot be kept by reading the nominations and
then inserting one: two requests (or two processes) can both read "none" and both insert. A
guard is a document in the `guards` collection whose `_id` is `"<scope>:<key>"` (for example
`"active-nomination:<city id>"`) and which names its `holder` (the nomination). Claiming it is
an insert, and the unique `_id` lets exactly one insert win, on MongoDB and on FerretDB alike
(where a compare-and-set on a field would not be atomic, see `locks.py`).

A guard whose holder is no longer active (a crash between the claim and the holder's write, or
a release that never came) must not block its key for ever: when a claim finds the guard taken,
it asks the caller whether the holder is still active and, if not, takes the guard over (a
compare-and-set on the holder, with the guard's document lock held). A holder that does not
exist yet is active while it is young (`pending_seconds`): its claim comes before its write.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import DuplicateKeyError

from mmc_chassis.errors import Conflict
from mmc_chassis.locks import DocumentLocks
from mmc_chassis.mongo import Document, retry_when_busy

__all__ = ["GUARDS", "Guards", "HolderActive"]

log = logging.getLogger("mmc.guards")

GUARDS = "guards"
PENDING_SECONDS = 60.0
CLAIM_ATTEMPTS = 5

HolderActive = Callable[[str], Awaitable[bool | None]]
"""Whether the holder (by id) still holds what the guard protects; None: there is no such
holder (yet)."""


class Guards:
    """The `guards` collection of one service."""

    def __init__(
        self,
        collection: AsyncCollection[Document],
        locks: DocumentLocks,
        *,
        pending_seconds: float = PENDING_SECONDS,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.collection = collection
        self._locks = locks
        self._pending = timedelta(seconds=pending_seconds)
        self._clock = clock

    async def claim(self, scope: str, key: str, holder: str, active: HolderActive) -> str | None:
        """Claim `scope:key` for `holder`: None when it is now `holder`'s, else the id of the
        active holder that keeps it. Claiming again for the same holder is a no-op.

        :raises Conflict: the guard kept changing hands (other processes claiming it at once).
        """
        guard_id = f"{scope}:{key}"
        async with self._locks.hold(self.collection.name, guard_id):
            for _ in range(CLAIM_ATTEMPTS):
                if await self._insert(guard_id, holder):
                    return None
                current = await self.collection.find_one({"_id": guard_id})
                if current is None:
                    continue  # released meanwhile: insert again
                previous = str(current["holder"])
                if previous == holder:
                    return None
                if await self._still_held(previous, current.get("claimed_at"), active):
                    return previous
                if await self._take_over(guard_id, previous, holder):
                    log.info("guard %s taken over from %s by %s", guard_id, previous, holder)
                    return None
        raise Conflict(f"{scope} {key!r} kept changing hands meanwhile; try again")

    async def release(self, scope: str, key: str, holder: str) -> None:
        """Release `scope:key` if `holder` holds it (else nothing happens)."""
        guard_id = f"{scope}:{key}"
        async with self._locks.hold(self.collection.name, guard_id):
            await retry_when_busy(
                lambda: self.collection.delete_one({"_id": guard_id, "holder": holder})
            )

    async def holder(self, scope: str, key: str) -> str | None:
        """Who holds `scope:key` now, if anyone (active or not)."""
        current = await self.collection.find_one({"_id": f"{scope}:{key}"})
        return None if current is None else str(current["holder"])

    async def _insert(self, guard_id: str, holder: str) -> bool:
        document = {"_id": guard_id, "holder": holder, "claimed_at": self._clock()}
        try:
            await retry_when_busy(lambda: self.collection.insert_one(document))
        except DuplicateKeyError:
            return False
        return True

    async def _take_over(self, guard_id: str, previous: str, holder: str) -> bool:
        """Compare-and-set on the holder (one process: the guard's lock is held)."""
        change = {"$set": {"holder": holder, "claimed_at": self._clock()}}
        result = await retry_when_busy(
            lambda: self.collection.update_one({"_id": guard_id, "holder": previous}, change)
        )
        return result.matched_count == 1

    async def _still_held(self, holder: str, claimed_at: object, active: HolderActive) -> bool:
        state = await active(holder)
        if state is not None:
            return state
        if not isinstance(claimed_at, datetime):
            return False
        if claimed_at.tzinfo is None:
            claimed_at = claimed_at.replace(tzinfo=UTC)
        return self._clock() - claimed_at < self._pending
