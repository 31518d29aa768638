"""The `Pledge` aggregate: a city's public commitment, tagged by the objectives of the Global
Compact for Migration (1-23) and the areas of the Global Compact on Refugees, with progress
reported over time (status, narrative, figures).

Status: announced → in progress → achieved | discontinued; a report may keep the status (a
further update) but never goes back, and reports come in date order.
"""

from __future__ import annotations

import math
import re
from datetime import date

from pydantic import BaseModel, Field

from mmc_advocacy.domain.cities import KnownCity
from mmc_advocacy.domain.rules import check_move, not_after, required_text
from mmc_chassis.aggregate import TimedModelAggregate
from mmc_contracts.advocacy import (
    GCM_OBJECTIVES,
    GcrArea,
    PledgeMade,
    PledgeProgressReported,
    PledgeStatus,
)
from mmc_contracts.envelope import EventContext
from mmc_contracts.rules import InvalidValue, RuleViolation

__all__ = ["FIGURE_NAME", "PLEDGE_TRANSITIONS", "Pledge", "ProgressReport"]

FIGURE_NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")

PLEDGE_TRANSITIONS: dict[PledgeStatus, tuple[PledgeStatus, ...]] = {
    PledgeStatus.ANNOUNCED: (
        PledgeStatus.ANNOUNCED,
        PledgeStatus.IN_PROGRESS,
        PledgeStatus.ACHIEVED,
        PledgeStatus.DISCONTINUED,
    ),
    PledgeStatus.IN_PROGRESS: (
        PledgeStatus.IN_PROGRESS,
        PledgeStatus.ACHIEVED,
        PledgeStatus.DISCONTINUED,
    ),
    PledgeStatus.ACHIEVED: (),
    PledgeStatus.DISCONTINUED: (),
}


class ProgressReport(BaseModel):
    reported_on: date
    status: PledgeStatus
    narrative: str
    figures: dict[str, float]
    recorded_by: str


class Pledge(TimedModelAggregate):
    city_id: str
    city_name: str
    country_code: str
    region: str
    title: str
    description: str
    made_on: date
    gcm_objectives: list[int]
    gcr_areas: list[GcrArea]
    policy_moment_id: str | None = None
    status: PledgeStatus = PledgeStatus.ANNOUNCED
    reports: list[ProgressReport] = Field(default_factory=list)

    @classmethod
    def make(
        cls,
        pledge_id: str,
        city: KnownCity | None,
        *,
        city_id: str,
        title: str,
        description: str,
        made_on: date,
        gcm_objectives: list[int],
        gcr_areas: list[GcrArea],
        context: EventContext,
        policy_moment_id: str | None = None,
    ) -> Pledge:
        if city is None:
            raise InvalidValue("city_id", f"the registry knows no city {city_id!r}")
        if not city.may_engage:
            raise RuleViolation(f"{city.name} has left the MMC's partnership")
        objectives = sorted(set(gcm_objectives))
        for n in objectives:
            if not 1 <= n <= GCM_OBJECTIVES:
                raise InvalidValue(
                    "gcm_objectives", f"objectives are numbered 1 to {GCM_OBJECTIVES}"
                )
        areas = sorted({GcrArea(a) for a in gcr_areas})
        if not objectives and not areas:
            raise InvalidValue("gcm_objectives", "tag the pledge with an objective or an area")
        not_after(made_on, context.at.date(), "made_on")
        pledge = cls(
            id=pledge_id,
            created_at=context.at,
            updated_at=context.at,
            city_id=city.id,
            city_name=city.name,
            country_code=city.country_code,
            region=city.region,
            title=required_text(title, "title"),
            description=required_text(description, "description", 5000),
            made_on=made_on,
            gcm_objectives=objectives,
            gcr_areas=areas,
            policy_moment_id=policy_moment_id,
        )
        pledge._record(
            PledgeMade,
            context,
            city_id=city.id,
            title=pledge.title,
            made_on=made_on,
            gcm_objectives=objectives,
            gcr_areas=areas,
        )
        return pledge

    def report_progress(
        self,
        *,
        reported_on: date,
        status: PledgeStatus,
        narrative: str,
        figures: dict[str, float],
        context: EventContext,
    ) -> ProgressReport:
        status = PledgeStatus(status)
        check_move(PLEDGE_TRANSITIONS, self.status, status)
        not_after(reported_on, context.at.date(), "reported_on")
        last = self.reports[-1].reported_on if self.reports else self.made_on
        if reported_on < last:
            raise InvalidValue("reported_on", f"must not be before {last.isoformat()}")
        for name, value in figures.items():
            if not FIGURE_NAME.match(name):
                raise InvalidValue("figures", f"{name!r} is not a figure name (a_z, 0-9, _)")
            if not math.isfinite(value):
                raise InvalidValue(f"figures.{name}", "must be a finite number")
        report = ProgressReport(
            reported_on=reported_on,
            status=status,
            narrative=required_text(narrative, "narrative", 5000),
            figures=dict(sorted(figures.items())),
            recorded_by=context.actor,
        )
        self.reports.append(report)
        self.status = status
        self._record(
            PledgeProgressReported,
            context,
            city_id=self.city_id,
            title=self.title,
            reported_on=reported_on,
            status=status,
            figures=report.figures,
        )
        return report
