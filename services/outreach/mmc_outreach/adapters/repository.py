"""Outreach's aggregates in MongoDB: their collections and the indexes behind their lists.

Each kind is stored by the chassis' `Repository` (state and outbox in one write, guarded by the
version)."""

from __future__ import annotations

from dataclasses import dataclass

from pymongo import ASCENDING, DESCENDING, IndexModel

from mmc_chassis.mongo import Document
from mmc_chassis.repository import Repository, Sort, matching
from mmc_contracts.outreach import FundingStage, InquiryKind, InquiryStatus
from mmc_outreach.adapters.cities_view import CITY_INDEXES, KNOWN_CITIES

__all__ = [
    "COALITIONS",
    "CONNECTIONS",
    "INDEXES",
    "INQUIRIES",
    "MOBILISATION_LISTS",
    "NOMINATION_CALLS",
    "OPPORTUNITIES",
    "ORDERS",
    "PARTNERS",
    "TARGETS",
    "ConnectionFilter",
    "InquiryFilter",
    "MobilisationListFilter",
    "Repository",
]

INQUIRIES = "inquiries"
TARGETS = "outreach_targets"
NOMINATION_CALLS = "nomination_calls"
OPPORTUNITIES = "funding_opportunities"
CONNECTIONS = "funding_connections"
PARTNERS = "partner_organisations"
COALITIONS = "coalitions"
MOBILISATION_LISTS = "mobilisation_lists"

ORDERS: dict[str, Sort] = {
    INQUIRIES: (("received_at", DESCENDING), ("_id", ASCENDING)),
    NOMINATION_CALLS: (("opened_at", DESCENDING), ("_id", ASCENDING)),
    OPPORTUNITIES: (("deadline", ASCENDING), ("_id", ASCENDING)),
    CONNECTIONS: (("made_at", DESCENDING), ("_id", ASCENDING)),
    PARTNERS: (("name", ASCENDING), ("_id", ASCENDING)),
    COALITIONS: (("name", ASCENDING), ("_id", ASCENDING)),
    MOBILISATION_LISTS: (("opened_at", DESCENDING), ("_id", ASCENDING)),
}
"""The order of each list (the others list by id)."""


@dataclass(frozen=True)
class InquiryFilter:
    status: InquiryStatus | None = None
    kind: InquiryKind | None = None
    city_id: str | None = None

    def query(self) -> Document:
        return matching({"status": self.status, "kind": self.kind, "city_id": self.city_id})


@dataclass(frozen=True)
class ConnectionFilter:
    city_id: str | None = None
    stage: FundingStage | None = None

    def query(self) -> Document:
        return matching({"city_id": self.city_id, "stage": self.stage})


@dataclass(frozen=True)
class MobilisationListFilter:
    moment_id: str | None = None

    def query(self) -> Document:
        return matching({"moment_id": self.moment_id})


INDEXES: dict[str, list[IndexModel]] = {
    INQUIRIES: [
        IndexModel([("message_key", ASCENDING)], name="by_message_key"),
        IndexModel([("received_at", DESCENDING), ("_id", ASCENDING)], name="by_received_at"),
        IndexModel([("status", ASCENDING)], name="by_status"),
        IndexModel([("city_key", ASCENDING)], name="by_city_key"),
    ],
    TARGETS: [IndexModel([("city_id", ASCENDING)], name="by_city")],
    CONNECTIONS: [IndexModel([("city_id", ASCENDING)], name="by_city")],
    KNOWN_CITIES: CITY_INDEXES,
}
