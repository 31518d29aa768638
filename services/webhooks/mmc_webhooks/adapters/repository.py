"""Endpoints in MongoDB (the chassis' `Repository`), the filter of their list, the indexes."""

from __future__ import annotations

from dataclasses import dataclass

from pymongo import ASCENDING, DESCENDING, IndexModel

from mmc_chassis.mongo import Document
from mmc_chassis.outbox import AggregateStore
from mmc_chassis.repository import Repository, matching
from mmc_webhooks.domain.endpoint import Endpoint, EndpointStatus

ENDPOINTS = "endpoints"
DELIVERIES = "deliveries"


@dataclass(frozen=True)
class EndpointFilter:
    status: EndpointStatus | None = None
    topic: str | None = None

    def query(self) -> Document:
        return matching({"status": self.status, "topics": self.topic})


class EndpointRepository(Repository[Endpoint]):
    order = (("registered_at", ASCENDING), ("_id", ASCENDING))

    def __init__(self, store: AggregateStore) -> None:
        super().__init__(store, Endpoint.from_document)


INDEXES = {
    ENDPOINTS: [IndexModel([("status", ASCENDING), ("registered_at", ASCENDING)])],
    DELIVERIES: [
        IndexModel([("endpoint_id", ASCENDING), ("first_attempt_at", DESCENDING)]),
        IndexModel([("endpoint_id", ASCENDING), ("status", ASCENDING)]),
    ],
}
