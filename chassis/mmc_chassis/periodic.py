"""A background pass run at start and then every few seconds, for as long as the service runs.

`every(runtime, seconds, tick, name=...)` starts the task once Kafka, the relay and the
consumers are up (`after_start`) and stops it first at shutdown (`on_shutdown`), so a pass
never writes to a closed client. A pass that raises is logged and tried again at the next
interval: a bad day for the database must not end the loop for the life of the process. At
stop, the pass in hand may finish (up to `grace_seconds`) before it is cancelled.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from contextlib import suppress

from mmc_chassis.runtime import ServiceRuntime

__all__ = ["PeriodicTask", "every"]

log = logging.getLogger("mmc.periodic")

Tick = Callable[[], Awaitable[object]]


class PeriodicTask:
    """Runs `tick` now and then every `interval_seconds` (counted from the end of a pass)."""

    def __init__(
        self, name: str, tick: Tick, interval_seconds: float, *, grace_seconds: float = 10.0
    ) -> None:
        self.name = name
        self.tick = tick
        self.interval_seconds = interval_seconds
        self.grace_seconds = grace_seconds
        self.runs = 0  # passes finished, failed ones included
        self.failures = 0
        self._task: asyncio.Task[None] | None = None
        self._stopping = asyncio.Event()

    @property
    def running(self) -> bool:
        return self._task is not None

    def start(self) -> None:
        if self._task is not None:
            return
        self._stopping = asyncio.Event()
        self._task = asyncio.create_task(self._run(), name=self.name)

    async def stop(self) -> None:
        """Let the pass in hand finish (up to `grace_seconds`), then stop."""
        task, self._task = self._task, None
        if task is None:
            return
        self._stopping.set()
        try:
            await asyncio.wait_for(asyncio.shield(task), self.grace_seconds)
        except TimeoutError:
            task.cancel()
            with suppress(asyncio.CancelledError):
                await task

    async def _run(self) -> None:
        while not self._stopping.is_set():
            try:
                await self.tick()
            except Exception:
                self.failures += 1
                log.exception("%s: the pass failed; trying again at the next interval", self.name)
            self.runs += 1
            with suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), self.interval_seconds)


def every(
    runtime: ServiceRuntime,
    interval_seconds: float,
    tick: Tick,
    *,
    name: str,
    grace_seconds: float = 10.0,
) -> PeriodicTask:
    """A `PeriodicTask` that starts and stops with the runtime."""
    task = PeriodicTask(name, tick, interval_seconds, grace_seconds=grace_seconds)

    async def start() -> None:
        task.start()

    runtime.after_start(start)
    runtime.on_shutdown(task.stop)
    return task
