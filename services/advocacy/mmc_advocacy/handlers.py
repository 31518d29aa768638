"""The advocacy service's use cases: load, change, save; the HTTP routes and the subscribers
call these. Every change of a stored aggregate goes through `change_aggregate` (the aggregate's
lock from load to save); new aggregates get an id made here (a uuid) unless an event gave one.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import date

from mmc_advocacy.adapters.cities_view import KnownCities
from mmc_advocacy.adapters.repository import Repository
from mmc_advocacy.domain import (
    AmplificationTotals,
    Campaign,
    CampaignStatus,
    Material,
    Pledge,
    PolicyMoment,
    Resource,
    campaign_status,
)
from mmc_chassis.commands import change_aggregate
from mmc_contracts import Event, EventContext
from mmc_contracts.rules import InvalidValue

log = logging.getLogger("mmc.advocacy")

SYSTEM_ACTOR = "advocacy-scheduler"


def new_id() -> str:
    return uuid.uuid4().hex


@dataclass(frozen=True)
class Repositories:
    campaigns: Repository[Campaign]
    materials: Repository[Material]
    moments: Repository[PolicyMoment]
    pledges: Repository[Pledge]
    resources: Repository[Resource]


# --- campaigns ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class CampaignView:
    campaign: Campaign
    status: CampaignStatus
    material_ids: list[str]
    amplification: AmplificationTotals


async def campaign_view(campaign: Campaign, materials: Repository[Material]) -> CampaignView:
    """The campaign with the status its materials give it and their summed amplification."""
    found = await materials.list({"campaign_id": campaign.id}, [("created_at", 1), ("_id", 1)])
    total = AmplificationTotals()
    for material in found:
        total.add(material.amplification_totals()[0])
    return CampaignView(
        campaign=campaign,
        status=campaign_status(m.status for m in found),
        material_ids=[m.id for m in found],
        amplification=total,
    )


async def check_moment(moment_id: str | None, moments: Repository[PolicyMoment]) -> None:
    if moment_id is not None and not await moments.exists(moment_id):
        raise InvalidValue("policy_moment_id", f"no policy moment {moment_id!r}")


async def check_campaign(campaign_id: str | None, campaigns: Repository[Campaign]) -> None:
    if campaign_id is not None and not await campaigns.exists(campaign_id):
        raise InvalidValue("campaign_id", f"no campaign {campaign_id!r}")


async def check_named_cities(city_ids: list[str], cities: KnownCities) -> None:
    for index, city_id in enumerate(city_ids):
        if await cities.get(city_id) is None:
            raise InvalidValue(f"named_city_ids.{index}", f"the registry knows no city {city_id!r}")


# --- the policy-moment approach ------------------------------------------------------------


async def announce_approaching(
    today: date, notice_days: int, moments: Repository[PolicyMoment]
) -> list[str]:
    """Announce every moment that now starts within `notice_days`, once each; their ids."""
    upcoming = await moments.list(
        {
            "starts_on": {"$gte": today.isoformat()},
            "approach_announced_on": None,
        },
        [("starts_on", 1), ("_id", 1)],
    )
    announced: list[str] = []
    for moment in upcoming:
        if not moment.is_approaching(today, notice_days):
            continue
        context = EventContext(actor=SYSTEM_ACTOR, correlation_id=f"approach-{moment.id}")
        announce = _Announce(today, notice_days, context)
        await change_aggregate(moments, moment.id, None, announce)
        if announce.done:
            announced.append(moment.id)
    return announced


@dataclass
class _Announce:
    today: date
    notice_days: int
    context: EventContext
    done: bool = False

    def __call__(self, moment: PolicyMoment) -> None:
        self.done = moment.announce_approach(self.today, self.notice_days, self.context)


# --- the registry's cities ---------------------------------------------------------------------


async def follow_city_event(event: Event, *, cities: KnownCities) -> None:
    await cities.apply(event)
