"""Running a command against a stored aggregate: load, check the version, change, save.

The aggregate's lock is held from load to save, so no other writer of this process changes it
in between (and on FerretDB the save needs no second look at the version). The load takes the
store's copy of its own last write where the save is version-guarded (see `outbox.py`). A lost
race with another process (MongoDB) is retried on a fresh copy, unless the client named the
version it saw: then the race is its conflict (409).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Protocol, TypeVar

from mmc_chassis.errors import StaleVersion
from mmc_chassis.outbox import AggregateStore

RACE_ATTEMPTS = 3


class Versioned(Protocol):
    @property
    def version(self) -> int: ...


A = TypeVar("A", bound=Versioned)


class Repository(Protocol[A]):
    @property
    def kind(self) -> str: ...

    @property
    def store(self) -> AggregateStore: ...

    def get(self, aggregate_id: str, *, recent: bool = False) -> Awaitable[A]: ...

    def save(self, aggregate: A) -> Awaitable[None]: ...


async def change_aggregate(
    repository: Repository[A],
    aggregate_id: str,
    expected_version: int | None,
    change: Callable[[A], object],
    attempts: int = RACE_ATTEMPTS,
) -> A:
    """Apply `change` to the stored aggregate and save it with its new events."""
    tries = 1 if expected_version is not None else attempts
    for attempt in range(1, tries + 1):
        async with repository.store.hold(aggregate_id):
            aggregate = await repository.get(aggregate_id, recent=True)
            if expected_version is not None and aggregate.version != expected_version:
                if repository.store.forget(aggregate_id):  # the copy kept may be behind
                    aggregate = await repository.get(aggregate_id)
                if aggregate.version != expected_version:
                    raise StaleVersion(repository.kind, aggregate_id, expected_version)
            change(aggregate)
            try:
                await repository.save(aggregate)
            except StaleVersion:
                if attempt >= tries:
                    raise
                continue
        return aggregate
    raise AssertionError("unreachable")  # pragma: no cover
