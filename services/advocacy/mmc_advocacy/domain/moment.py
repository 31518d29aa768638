"""The `PolicyMoment` aggregate: a global or regional policy discussion (dates, venue) and the
inputs cities submit to it (position papers, speaking slots, statements) with their status.

A moment's approach is announced once (`PolicyMomentApproaching`), when it starts within the
notice period: the aggregate records the day it did so, so a restart (or a second scheduler)
never announces it again.
"""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, Field

from mmc_advocacy.domain.cities import KnownCity
from mmc_advocacy.domain.rules import check_move, required_text
from mmc_chassis.aggregate import TimedModelAggregate
from mmc_contracts.advocacy import (
    CityInputStatusChanged,
    CityInputSubmitted,
    InputKind,
    InputStatus,
    MomentScope,
    MomentSeries,
    PolicyMomentApproaching,
    PolicyMomentScheduled,
)
from mmc_contracts.envelope import EventContext
from mmc_contracts.rules import InvalidValue, RuleViolation

__all__ = ["INPUT_TRANSITIONS", "CityInput", "PolicyMoment", "days_until"]

INPUT_TRANSITIONS: dict[InputStatus, tuple[InputStatus, ...]] = {
    InputStatus.PLANNED: (InputStatus.SUBMITTED, InputStatus.DECLINED),
    InputStatus.SUBMITTED: (InputStatus.ACCEPTED, InputStatus.DECLINED),
    InputStatus.ACCEPTED: (InputStatus.DELIVERED,),
    InputStatus.DECLINED: (),
    InputStatus.DELIVERED: (),
}


def days_until(day: date, today: date) -> int:
    return (day - today).days


class CityInput(BaseModel):
    id: str
    city_id: str
    city_name: str
    kind: InputKind
    title: str
    status: InputStatus
    recorded_by: str
    recorded_at: datetime
    updated_at: datetime


class PolicyMoment(TimedModelAggregate):
    name: str
    series: MomentSeries
    scope: MomentScope
    region: str | None = None
    starts_on: date
    ends_on: date
    venue: str
    description: str | None = None
    url: str | None = None
    dates_confirmed: bool = True
    inputs: list[CityInput] = Field(default_factory=list)
    approach_announced_on: date | None = None

    @classmethod
    def schedule(
        cls,
        moment_id: str,
        *,
        name: str,
        series: MomentSeries,
        scope: MomentScope,
        starts_on: date,
        ends_on: date,
        venue: str,
        context: EventContext,
        region: str | None = None,
        description: str | None = None,
        url: str | None = None,
        dates_confirmed: bool = True,
    ) -> PolicyMoment:
        if ends_on < starts_on:
            raise InvalidValue("ends_on", "must not be before starts_on")
        if MomentScope(scope) is MomentScope.REGIONAL and not region:
            raise InvalidValue("region", "a regional moment names its region")
        moment = cls(
            id=moment_id,
            created_at=context.at,
            updated_at=context.at,
            name=required_text(name, "name"),
            series=series,
            scope=scope,
            region=region,
            starts_on=starts_on,
            ends_on=ends_on,
            venue=required_text(venue, "venue"),
            description=description,
            url=url,
            dates_confirmed=dates_confirmed,
        )
        moment._record(
            PolicyMomentScheduled,
            context,
            name=moment.name,
            series=moment.series,
            scope=moment.scope,
            starts_on=starts_on,
            ends_on=ends_on,
            venue=moment.venue,
        )
        return moment

    def add_input(
        self,
        input_id: str,
        city: KnownCity | None,
        *,
        city_id: str,
        kind: InputKind,
        title: str,
        status: InputStatus,
        context: EventContext,
    ) -> CityInput:
        if city is None:
            raise InvalidValue("city_id", f"the registry knows no city {city_id!r}")
        if not city.may_engage:
            raise RuleViolation(f"{city.name} has left the MMC's partnership")
        status = InputStatus(status)
        if status not in (InputStatus.PLANNED, InputStatus.SUBMITTED):
            raise InvalidValue("status", "an input starts as planned or submitted")
        if any(i.id == input_id for i in self.inputs):
            raise RuleViolation(f"input {input_id!r} exists already")
        item = CityInput(
            id=input_id,
            city_id=city.id,
            city_name=city.name,
            kind=kind,
            title=required_text(title, "title"),
            status=status,
            recorded_by=context.actor,
            recorded_at=context.at,
            updated_at=context.at,
        )
        self.inputs.append(item)
        self._record(
            CityInputSubmitted,
            context,
            city_id=city.id,
            input_id=input_id,
            kind=item.kind,
            title=item.title,
            moment_name=self.name,
            status=status,
        )
        return item

    def find_input(self, input_id: str) -> CityInput | None:
        return next((i for i in self.inputs if i.id == input_id), None)

    def change_input_status(
        self, input_id: str, to_status: InputStatus, context: EventContext
    ) -> CityInput:
        item = self.find_input(input_id)
        if item is None:
            raise RuleViolation(f"the moment has no input {input_id!r}")
        to_status = InputStatus(to_status)
        check_move(INPUT_TRANSITIONS, item.status, to_status)
        from_status, item.status, item.updated_at = item.status, to_status, context.at
        self._record(
            CityInputStatusChanged,
            context,
            city_id=item.city_id,
            input_id=input_id,
            moment_name=self.name,
            from_status=from_status,
            to_status=to_status,
        )
        return item

    def is_approaching(self, today: date, notice_days: int) -> bool:
        """Whether the moment starts within `notice_days` of `today` (and has not started)."""
        return 0 <= days_until(self.starts_on, today) <= notice_days

    def announce_approach(self, today: date, notice_days: int, context: EventContext) -> bool:
        """Announce the approach once; True when announced now."""
        if self.approach_announced_on is not None or not self.is_approaching(today, notice_days):
            return False
        self.approach_announced_on = today
        self._record(
            PolicyMomentApproaching,
            context,
            name=self.name,
            starts_on=self.starts_on,
            days_left=days_until(self.starts_on, today),
        )
        return True
