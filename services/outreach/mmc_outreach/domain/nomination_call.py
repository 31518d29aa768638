"""The `NominationCall` aggregate: partner cities invited to nominate a mayor for a Board seat.

Opened when the board announces a vacancy or a term ending; the invitation list comes from
`priority.rank_for_nomination` (underrepresented regions and contexts first). Staff then record
who was invited and who answered.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import AwareDatetime, BaseModel, Field

from mmc_chassis.aggregate import ModelAggregate
from mmc_contracts.envelope import EventContext
from mmc_contracts.outreach import (
    NominationCallAnswered,
    NominationCallCityAdded,
    NominationCallInvitationSent,
    NominationCallOpened,
)
from mmc_contracts.rules import InvalidValue, RuleViolation
from mmc_outreach.domain.priority import Priority


class Invitee(BaseModel):
    city_id: str
    city_name: str
    points: int
    reasons: list[str]
    invited: bool = False
    answered: bool = False
    will_nominate: bool | None = None


class NominationCall(ModelAggregate):
    seat: int
    reason: str
    board_event_id: str
    opened_at: AwareDatetime
    invitees: list[Invitee] = Field(default_factory=list)

    @classmethod
    def open(
        cls,
        call_id: str,
        *,
        seat: int,
        reason: str,
        board_event_id: str,
        ranked: Sequence[Priority],
        context: EventContext,
    ) -> NominationCall:
        call = cls(
            id=call_id,
            seat=seat,
            reason=reason,
            board_event_id=board_event_id,
            opened_at=context.at,
            invitees=[
                Invitee(
                    city_id=p.city_id,
                    city_name=p.city_name,
                    points=p.points,
                    reasons=list(p.reasons),
                )
                for p in ranked
            ],
        )
        call._record(
            NominationCallOpened,
            context,
            seat=seat,
            board_event_id=board_event_id,
            invited_city_ids=[p.city_id for p in ranked],
        )
        return call

    def add_city(self, ranked: Sequence[Priority], city_id: str, context: EventContext) -> bool:
        """Add a city that became a partner while the call is open, in its place in `ranked`
        (the current ranking); False when it is listed already or not in the ranking."""
        if any(invitee.city_id == city_id for invitee in self.invitees):
            return False
        found = next((p for p in ranked if p.city_id == city_id), None)
        if found is None:
            return False
        self.invitees.append(
            Invitee(
                city_id=found.city_id,
                city_name=found.city_name,
                points=found.points,
                reasons=list(found.reasons),
            )
        )
        self.invitees.sort(key=lambda i: (-i.points, i.city_name.casefold(), i.city_id))
        self._record(NominationCallCityAdded, context, city_id=city_id)
        return True

    def invite(self, city_id: str, context: EventContext) -> None:
        invitee = self._invitee(city_id)
        if invitee.invited:
            raise RuleViolation("that city was already invited")
        invitee.invited = True
        self._record(NominationCallInvitationSent, context, city_id=city_id)

    def answer(self, city_id: str, will_nominate: bool, context: EventContext) -> None:
        invitee = self._invitee(city_id)
        if not invitee.invited:
            raise RuleViolation("that city was not invited yet")
        invitee.answered, invitee.will_nominate = True, will_nominate
        self._record(NominationCallAnswered, context, city_id=city_id, will_nominate=will_nominate)

    def _invitee(self, city_id: str) -> Invitee:
        for invitee in self.invitees:
            if invitee.city_id == city_id:
                return invitee
        raise InvalidValue("city_id", "the city is not on this call's list")
