"""Outreach's aggregates in MongoDB: their collections and the indexes behind their lists.

Each kind is stored by the chassis' `Repository` (state and outbox in one write, guarded by the
version)."""

from __future__ import annotations

from pymongo import ASCENDING, DESCENDING, IndexModel

from mmc_chassis.repository import Repository
from mmc_outreach.adapters.cities_view import CITY_INDEXES, KNOWN_CITIES

__all__ = [
    "COALITIONS",
    "CONNECTIONS",
    "INDEXES",
    "INQUIRIES",
    "NOMINATION_CALLS",
    "OPPORTUNITIES",
    "PARTNERS",
    "TARGETS",
    "Repository",
]

INQUIRIES = "inquiries"
TARGETS = "outreach_targets"
NOMINATION_CALLS = "nomination_calls"
OPPORTUNITIES = "funding_opportunities"
CONNECTIONS = "funding_connections"
PARTNERS = "partner_organisations"
COALITIONS = "coalitions"

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
