"""The board's rules for a person's data (the chassis' `/personal-data` routes call them).

Board holds one kind of private person's data: the nominator of a nomination (name, role,
e-mail if given, and the statement they wrote), found by e-mail or by board's id of them
(`nominator_id`, shown in the export). Erasure deletes the nominator's key first (every sealed
copy of their texts in `mmc.board.nomination.v2`, in the log and in subscribers' stores, is
unreadable from then on), then anonymises each nomination, announced by `NominatorErased` (ids
only): the tombstone subscribers obey.

What stays is public: the nominee (a mayor, by name and city), the cities, the nomination's
status and dates, a mayor's Board membership (seat, terms: named by its id, kept on request).
Meeting attendees and voters are memberships and partner organisations, not private persons.
"""

from __future__ import annotations

from typing import Any

from mmc_board.adapters.repository import MembershipRepository, NominationRepository
from mmc_board.domain import Membership, Nomination
from mmc_chassis.commands import change_aggregate
from mmc_chassis.person_keys import PersonKeys
from mmc_chassis.personal_data import Erased, Held, PersonQuery
from mmc_contracts import EventContext


class BoardPersonalData:
    def __init__(
        self,
        nominations: NominationRepository,
        memberships: MembershipRepository,
        keys: PersonKeys,
    ) -> None:
        self.nominations = nominations
        self.memberships = memberships
        self.keys = keys

    async def _nominations(self, person: PersonQuery) -> list[Nomination]:
        return await self.nominations.of_nominator(
            email_key=person.email_key, nominator_id=person.person_id
        )

    async def export(self, person: PersonQuery) -> list[Held]:
        held = [
            Held(kind="nominator", id=nomination.id, data=_nominator_data(nomination))
            for nomination in await self._nominations(person)
        ]
        membership = await self._membership(person)
        if membership is not None:
            held.append(
                Held(
                    kind="board membership (public)",
                    id=membership.id,
                    data=membership.to_document() | {"_id": membership.id},
                )
            )
        return held

    async def erase(self, person: PersonQuery, context: EventContext) -> Erased:
        result = Erased()
        for nomination in await self._nominations(person):
            if nomination.nominator_erased:
                continue  # asked before: nothing more to erase
            # The key goes first: should the anonymising fail, asking again finds the
            # nomination (by its e-mail) and finishes; the sealed copies are unreadable anyway.
            if nomination.nominator_id is not None:
                await self.keys.shred(nomination.nominator_id)
            await change_aggregate(
                self.nominations,
                nomination.id,
                None,
                lambda found: found.erase_nominator(context),
            )
            result.erased.append(
                f"nomination {nomination.id}: the nominator's name, role, e-mail and statement, "
                "and their key (the events' sealed copies are unreadable)"
            )
            result.kept.append(
                f"nomination {nomination.id}: the nominee {nomination.mayor.name} "
                f"({nomination.mayor.city_name}), the cities, status and dates (public facts)"
            )
        membership = await self._membership(person)
        if membership is not None:
            result.kept.append(
                f"board membership {membership.id}: {membership.mayor.name}'s seat and terms "
                "on the Leadership Board (public facts)"
            )
        return result

    async def _membership(self, person: PersonQuery) -> Membership | None:
        if person.person_id is None:
            return None
        return await self.memberships.find(person.person_id)


def _nominator_data(nomination: Nomination) -> dict[str, Any]:
    return {
        "nominator_id": nomination.nominator_id,
        "nominated_by_name": nomination.nominated_by_name,
        "nominated_by_role": nomination.nominated_by_role,
        "nominated_by_email": nomination.nominated_by_email,
        "nominated_by_city_id": nomination.nominated_by_city_id,
        "statement": nomination.statement,
        "nominee": nomination.mayor.model_dump(mode="json"),
        "received_at": nomination.received_at.isoformat(),
        "erased": nomination.nominator_erased,
    }
