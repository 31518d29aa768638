"""Which endpoints have a running worker, and the replays under way.

At start every active endpoint gets its worker; registering or resuming one starts it,
pausing one stops it (its worker stops by itself when the service pauses it). Replays run
beside the live worker, each as a task of its own; their progress is kept in `replays`.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, timedelta
from typing import Any

from pymongo.asynchronous.collection import AsyncCollection

from mmc_chassis.ids import new_id
from mmc_chassis.mongo import Document
from mmc_webhooks.adapters.deliveries import DeliveryLog
from mmc_webhooks.adapters.repository import EndpointFilter, EndpointRepository
from mmc_webhooks.delivery import Deliverer
from mmc_webhooks.domain.allowlist import Allowlist
from mmc_webhooks.domain.backoff import Backoff
from mmc_webhooks.domain.endpoint import Endpoint, EndpointStatus
from mmc_webhooks.sender import Sender
from mmc_webhooks.workers import EndpointWorker, Reader, Replay, keep_running

log = logging.getLogger("mmc.webhooks.dispatcher")


class Dispatcher:
    def __init__(
        self,
        reader: Reader,
        endpoints: EndpointRepository,
        deliveries: DeliveryLog,
        replays: AsyncCollection[Document],
        allowlist: Allowlist,
        backoff: Backoff,
        pause_after: timedelta,
        timeout_seconds: float,
    ) -> None:
        self.reader = reader
        self.endpoints = endpoints
        self.deliveries = deliveries
        self.replays = replays
        self.allowlist = allowlist
        self.backoff = backoff
        self.pause_after = pause_after
        self.timeout_seconds = timeout_seconds
        self._deliverers: dict[str, Deliverer] = {}
        self._workers: dict[str, asyncio.Task[None]] = {}
        self._replays: set[asyncio.Task[None]] = set()

    def deliverer(self, endpoint_id: str) -> Deliverer:
        if endpoint_id not in self._deliverers:
            self._deliverers[endpoint_id] = Deliverer(
                endpoint_id,
                self.endpoints,
                self.deliveries,
                Sender(self.allowlist, self.timeout_seconds),
                self.backoff,
                self.pause_after,
            )
        return self._deliverers[endpoint_id]

    async def start_all(self) -> None:
        async for endpoint in self.endpoints.each(EndpointFilter(status=EndpointStatus.ACTIVE)):
            self.start(endpoint)

    def start(self, endpoint: Endpoint) -> None:
        running = self._workers.get(endpoint.id)
        if running is not None and not running.done():
            return
        deliverer = self.deliverer(endpoint.id)
        # A (re)started worker gives the partner a fresh chance: the failing clock restarts
        # (after a resume, and after a restart of the service, which keeps it in memory only).
        deliverer.failing_since = None
        worker = EndpointWorker(self.reader, endpoint, deliverer)
        task = asyncio.create_task(
            keep_running(f"the worker of endpoint {endpoint.id}", worker.run),
            name=f"webhooks-endpoint-{endpoint.id}",
        )
        self._workers[endpoint.id] = task

    async def stop(self, endpoint_id: str) -> None:
        task = self._workers.pop(endpoint_id, None)
        if task is not None:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)

    def running(self, endpoint_id: str) -> bool:
        task = self._workers.get(endpoint_id)
        return task is not None and not task.done()

    async def replay(self, endpoint: Endpoint, since: datetime, until: datetime) -> Document:
        replay_id = new_id()
        entry: Document = {
            "_id": replay_id,
            "endpoint_id": endpoint.id,
            "since": since,
            "until": until,
            "requested_at": datetime.now(UTC),
            "status": "running",
            "delivered": 0,
            "finished_at": None,
        }
        await self.replays.insert_one(entry)
        replay = Replay(self.reader, endpoint, self.deliverer(endpoint.id), replay_id, since, until)

        async def run() -> None:
            status = "failed"
            try:
                status = "finished" if await replay.run() else "stopped: endpoint paused"
            except Exception:
                log.exception("replay %s of endpoint %s failed", replay_id, endpoint.id)
            finally:
                await self.replays.update_one(
                    {"_id": replay_id},
                    {
                        "$set": {
                            "status": status,
                            "delivered": replay.delivered,
                            "finished_at": datetime.now(UTC),
                        }
                    },
                )

        task = asyncio.create_task(run(), name=f"webhooks-replay-{replay_id}")
        self._replays.add(task)
        task.add_done_callback(self._replays.discard)
        return entry

    async def find_replay(self, endpoint_id: str, replay_id: str) -> dict[str, Any] | None:
        return await self.replays.find_one({"_id": replay_id, "endpoint_id": endpoint_id})

    async def stop_all(self) -> None:
        tasks = [*self._workers.values(), *self._replays]
        self._workers.clear()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        for deliverer in self._deliverers.values():
            await deliverer.sender.close()
        self._deliverers.clear()
