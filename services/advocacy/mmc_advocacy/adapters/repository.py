"""The advocacy aggregates in MongoDB: their collections and the indexes behind their lists.

Each kind is stored by the chassis' `Repository` (one document per aggregate, carrying its
outbox, written with its new events in one operation guarded by the version).
"""

from __future__ import annotations

from pymongo import ASCENDING, DESCENDING, IndexModel

from mmc_chassis.repository import Repository

__all__ = [
    "CAMPAIGNS",
    "INDEXES",
    "MATERIALS",
    "MOMENTS",
    "PLEDGES",
    "RESOURCES",
    "Repository",
]

CAMPAIGNS = "campaigns"
MATERIALS = "materials"
MOMENTS = "policy_moments"
PLEDGES = "pledges"
RESOURCES = "resources"

INDEXES: dict[str, list[IndexModel]] = {
    CAMPAIGNS: [IndexModel([("starts_on", DESCENDING), ("_id", ASCENDING)], name="by_start")],
    MATERIALS: [
        IndexModel([("campaign_id", ASCENDING)], name="by_campaign"),
        IndexModel([("status", ASCENDING)], name="by_status"),
        IndexModel([("updated_at", DESCENDING), ("_id", ASCENDING)], name="by_update"),
    ],
    MOMENTS: [IndexModel([("starts_on", ASCENDING), ("_id", ASCENDING)], name="by_start")],
    PLEDGES: [
        IndexModel([("city_id", ASCENDING)], name="by_city"),
        IndexModel([("gcm_objectives", ASCENDING)], name="by_objective"),
        IndexModel([("made_on", DESCENDING), ("_id", ASCENDING)], name="by_made_on"),
    ],
    RESOURCES: [
        IndexModel([("search_terms", ASCENDING)], name="by_search_term"),
        IndexModel([("published_on", DESCENDING), ("_id", ASCENDING)], name="by_published"),
    ],
}
