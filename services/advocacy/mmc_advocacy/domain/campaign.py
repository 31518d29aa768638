"""The `Campaign` aggregate: a goal, its audiences, dates, the policy moment it aims at and its
owner. Its materials are grouped under it (each material names its campaign), and its status
follows them (`campaign_status`): nothing to store, nothing to keep in step."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from enum import StrEnum

from mmc_advocacy.domain.rules import required_text
from mmc_chassis.aggregate import TimedModelAggregate
from mmc_contracts.advocacy import CampaignLaunched, MaterialStatus
from mmc_contracts.envelope import EventContext
from mmc_contracts.rules import InvalidValue

__all__ = ["Campaign", "CampaignStatus", "campaign_status"]


class CampaignStatus(StrEnum):
    PLANNING = "planning"
    """No material yet."""
    IN_PREPARATION = "in_preparation"
    """Materials are being written or reviewed; none is out."""
    LIVE = "live"
    """At least one material is published."""
    CLOSED = "closed"
    """Every material is archived."""


def campaign_status(material_statuses: Iterable[MaterialStatus]) -> CampaignStatus:
    statuses = [MaterialStatus(status) for status in material_statuses]
    if not statuses:
        return CampaignStatus.PLANNING
    if all(status is MaterialStatus.ARCHIVED for status in statuses):
        return CampaignStatus.CLOSED
    if MaterialStatus.PUBLISHED in statuses:
        return CampaignStatus.LIVE
    return CampaignStatus.IN_PREPARATION


class Campaign(TimedModelAggregate):
    name: str
    goal: str
    audiences: list[str]
    starts_on: date
    ends_on: date
    policy_moment_id: str | None = None
    owner: str

    @classmethod
    def launch(
        cls,
        campaign_id: str,
        *,
        name: str,
        goal: str,
        audiences: list[str],
        starts_on: date,
        ends_on: date,
        owner: str,
        context: EventContext,
        policy_moment_id: str | None = None,
    ) -> Campaign:
        if ends_on < starts_on:
            raise InvalidValue("ends_on", "must not be before starts_on")
        campaign = cls(
            id=campaign_id,
            created_at=context.at,
            updated_at=context.at,
            name=required_text(name, "name"),
            goal=required_text(goal, "goal", 2000),
            audiences=[required_text(a, f"audiences.{i}") for i, a in enumerate(audiences)],
            starts_on=starts_on,
            ends_on=ends_on,
            policy_moment_id=policy_moment_id,
            owner=required_text(owner, "owner"),
        )
        campaign._record(
            CampaignLaunched,
            context,
            name=campaign.name,
            starts_on=starts_on,
            ends_on=ends_on,
            policy_moment_id=policy_moment_id,
            audiences=campaign.audiences,
        )
        return campaign
