"""The `OutreachTarget` aggregate: a city the MMC reaches out to, stage by stage.

    identified ─► contacted ─► in_conversation ─► engaged ─► converted
         └────────────┴──────────────┴───────────────┴──► paused ─► (back to where it was)

Stages move forward one at a time, or straight to `converted` when the city becomes a partner
(the registry says so); `paused` may be left for any stage before `converted`, which is final.
Activities (email, call, meeting, event) keep their notes here; events carry only kind and date.
"""

from __future__ import annotations

from datetime import date

from pydantic import AwareDatetime, BaseModel, Field

from mmc_chassis.aggregate import ModelAggregate
from mmc_contracts.envelope import EventContext
from mmc_contracts.outreach import (
    ActivityKind,
    OutreachActivityRecorded,
    OutreachStage,
    OutreachStageChanged,
    OutreachTargetOpened,
)
from mmc_contracts.rules import InvalidTransition, InvalidValue, RuleViolation

_S = OutreachStage
ORDER = (_S.IDENTIFIED, _S.CONTACTED, _S.IN_CONVERSATION, _S.ENGAGED, _S.CONVERTED)
OPEN = frozenset(ORDER[:-1])


def allowed_next(stage: OutreachStage) -> tuple[OutreachStage, ...]:
    if stage is _S.CONVERTED:
        return ()
    if stage is _S.PAUSED:
        return (*ORDER[:-1], _S.CONVERTED)
    following = ORDER[ORDER.index(stage) + 1]
    return (
        (following, _S.CONVERTED, _S.PAUSED)
        if following is not _S.CONVERTED
        else (
            _S.CONVERTED,
            _S.PAUSED,
        )
    )


class Activity(BaseModel):
    kind: ActivityKind
    on: date
    notes: str = ""
    by: str
    recorded_at: AwareDatetime


class StageChange(BaseModel):
    from_stage: OutreachStage
    to_stage: OutreachStage
    reason: str | None = None
    by: str
    at: AwareDatetime


class OutreachTarget(ModelAggregate):
    city_id: str
    stage: OutreachStage = _S.IDENTIFIED
    owner: str | None = None
    activities: list[Activity] = Field(default_factory=list)
    history: list[StageChange] = Field(default_factory=list)
    opened_at: AwareDatetime

    @classmethod
    def open(
        cls, target_id: str, city_id: str, context: EventContext, owner: str | None = None
    ) -> OutreachTarget:
        target = cls(id=target_id, city_id=city_id, owner=owner, opened_at=context.at)
        target._record(OutreachTargetOpened, context, city_id=city_id, stage=target.stage)
        return target

    def move(self, to: OutreachStage, context: EventContext, reason: str | None = None) -> None:
        if reason is not None and len(reason) > 500:
            raise InvalidValue("reason", "at most 500 characters")
        if to is self.stage:
            raise RuleViolation(f"the target is already {to}")
        allowed = allowed_next(self.stage)
        if to not in allowed:
            raise InvalidTransition(self.stage, to, allowed, subject="stage")
        self.history.append(
            StageChange(
                from_stage=self.stage, to_stage=to, reason=reason, by=context.actor, at=context.at
            )
        )
        self._record(
            OutreachStageChanged,
            context,
            city_id=self.city_id,
            from_stage=self.stage,
            to_stage=to,
            reason=reason,
        )
        self.stage = to

    def convert(self, context: EventContext, reason: str) -> bool:
        """The city became a partner: close the target as converted (False if it already is)."""
        if self.stage is _S.CONVERTED:
            return False
        self.move(_S.CONVERTED, context, reason)
        return True

    def record_activity(
        self, kind: ActivityKind, on: date, notes: str, context: EventContext
    ) -> None:
        if self.stage is _S.CONVERTED:
            raise RuleViolation("the target is converted; record activities with the partner")
        self.activities.append(
            Activity(kind=kind, on=on, notes=notes, by=context.actor, recorded_at=context.at)
        )
        self._record(OutreachActivityRecorded, context, city_id=self.city_id, activity=kind, on=on)
