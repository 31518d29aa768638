"""Advocacy's answer to a person's data requests (the chassis' `/personal-data` routes call it).

The rules, what goes and what stays, are the domain's (`domain/erasure.py`); here each
collection is searched for records naming the person (by staff id, or by an address in a staff
field or in a name typed in), and each one found is changed with the chassis'
`change_aggregate`, so its tombstone goes out with it through the outbox.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from mmc_advocacy.domain.erasure import PersonRef, erase_person, held_about
from mmc_advocacy.handlers import Repositories
from mmc_chassis.commands import change_aggregate
from mmc_chassis.mongo import Document
from mmc_chassis.personal_data import Erased, Held, PersonQuery
from mmc_chassis.repository import Repository
from mmc_contracts import EventContext

# The fields of each collection that may name a person (staff fields and names typed in).
FIELDS: dict[str, tuple[str, ...]] = {
    "campaign": ("owner",),
    "material": (
        "author",
        "approved_by",
        "versions.written_by",
        "comments.reviewer",
        "signatures.recorded_by",
        "signatures.withdrawn_by",
        "signatures.consent.given_by",
    ),
    "policy moment": ("inputs.recorded_by",),
    "pledge": ("reports.recorded_by",),
    "resource": ("authors",),
}

KEPT = {
    "material": "the statement, its text and its signing cities and mayors (public); "
    "staff ids (the events and the audit trail name staff by id)",
    "campaign": "the campaign; its owner's staff id",
    "policy moment": "the moment and its cities' inputs; staff ids",
    "pledge": "the city's pledge and its progress (public); staff ids",
    "resource": "the resource and its other authors",
}


def _query(person: PersonQuery, fields: tuple[str, ...]) -> Document:
    """Documents where a field may name the person (the domain decides exactly)."""
    patterns: list[str] = []
    if person.email_key is not None:
        patterns.append(re.escape(person.email_key))  # anywhere: "Ana <ana@x.org>"
    if person.person_id is not None:
        patterns.append(f"^{re.escape(person.person_id)}$")
    regex = {"$regex": "|".join(patterns), "$options": "i"}
    return {"$or": [{field: regex} for field in fields]}


@dataclass(frozen=True)
class AdvocacyPersonalData:
    repos: Repositories

    def _repositories(self) -> list[tuple[str, Repository[Any]]]:
        return [
            ("campaign", self.repos.campaigns),
            ("material", self.repos.materials),
            ("policy moment", self.repos.moments),
            ("pledge", self.repos.pledges),
            ("resource", self.repos.resources),
        ]

    async def export(self, person: PersonQuery) -> list[Held]:
        ref = PersonRef(person.email_key, person.person_id)
        held: list[Held] = []
        for kind, repository in self._repositories():
            for aggregate in await repository.list(_query(person, FIELDS[kind])):
                data = held_about(aggregate, ref)
                if data:
                    held.append(Held(kind=kind, id=aggregate.id, data=data))
        return held

    async def erase(self, person: PersonQuery, context: EventContext) -> Erased:
        ref = PersonRef(person.email_key, person.person_id)
        result = Erased()
        for kind, repository in self._repositories():
            for found in await repository.list(_query(person, FIELDS[kind])):
                held = held_about(found, ref)
                # A trial on the listed copy first: most records name staff by id, which stays,
                # so only those with something to erase are loaded again under their lock.
                if erase_person(found, ref, context) and await _erase_one(
                    repository, found.id, ref, context
                ):
                    result.erased.append(f"{kind} {found.id}")
                    result.kept.append(f"{kind} {found.id}: {KEPT[kind]}")
                elif held:
                    result.kept.append(f"{kind} {found.id}: {KEPT[kind]}")
        return result


async def _erase_one(
    repository: Repository[Any],
    aggregate_id: str,
    person: PersonRef,
    context: EventContext,
) -> int:
    """How many values went from the aggregate (0: none; then nothing was written)."""
    counted: list[int] = []
    await change_aggregate(
        repository,
        aggregate_id,
        None,
        lambda aggregate: counted.append(erase_person(aggregate, person, context)),
    )
    return counted[-1]
