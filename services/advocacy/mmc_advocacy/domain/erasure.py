"""A person's data in advocacy's records: what names them (export) and its erasure.

A person is named by e-mail, by staff id, or both (`PersonRef`). Advocacy holds them as:
* staff fields: a material's author, the writers of its versions, reviewers, its approver, who
  recorded or withdrew a signature, a campaign's owner, who recorded a moment input or a pledge
  report. These hold staff ids (the gateway sends the staff id, never the e-mail). A staff id
  stays on erasure: the events and the gateway's audit trail name staff by id, and the gateway's
  own erasure takes what the id stands for (name, e-mail). A staff field that holds the
  person's e-mail address (a client that named its actor by e-mail) is anonymised.
* words of their own: the text of their review comments goes (the comment's date stays).
* names typed in: who gave a city's consent to co-sign (the consent's method and date stay)
  and the authors of a knowledge resource go when they name the person.
Public facts stay: the signing city, its mayor's name and title, the statement and its text
(the MMC's work, whoever drafted it), a pledge and its progress.

Each aggregate that changed records one tombstone (`...PersonalDataErased`): what kinds of
data went, how many values, and the staff id the request named (an id only).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from mmc_advocacy.domain.campaign import Campaign
from mmc_advocacy.domain.material import Material
from mmc_advocacy.domain.moment import PolicyMoment
from mmc_advocacy.domain.pledge import Pledge
from mmc_advocacy.domain.resource import Resource
from mmc_chassis.aggregate import TimedModelAggregate
from mmc_contracts.advocacy import (
    CampaignPersonalDataErased,
    ErasedPart,
    MaterialPersonalDataErased,
    PledgePersonalDataErased,
    PolicyMomentPersonalDataErased,
    ResourcePersonalDataErased,
)
from mmc_contracts.envelope import Event, EventContext

__all__ = ["ERASED", "PersonRef", "erase_person", "held_about"]

ERASED = "[erased]"


@dataclass(frozen=True)
class PersonRef:
    """Who a request is about: an e-mail (compared without case), a staff id, or both."""

    email_key: str | None = None
    person_id: str | None = None

    def is_id(self, value: str | None) -> bool:
        return value is not None and self.person_id is not None and value == self.person_id

    def is_address(self, value: str | None) -> bool:
        return (
            value is not None
            and self.email_key is not None
            and value.casefold() == (self.email_key)
        )

    def staff(self, value: str | None) -> bool:
        """A staff field naming the person (by id or by address)."""
        return self.is_id(value) or self.is_address(value)

    def in_text(self, value: str | None) -> bool:
        """A name typed in that names the person: their id, or text holding their address."""
        if value is None:
            return False
        email = self.email_key
        return self.is_id(value) or (email is not None and email in value.casefold())


class _Tally:
    """What one aggregate's erasure took, for its tombstone."""

    def __init__(self, person: PersonRef) -> None:
        self.person = person
        self.parts: Counter[ErasedPart] = Counter()

    def staff(self, value: str) -> str:
        """The staff field as it stays: an address goes, an id stays."""
        if self.person.is_address(value):
            self.parts[ErasedPart.STAFF_ADDRESS] += 1
            return ERASED
        return value

    def staff_or_none(self, value: str | None) -> str | None:
        return None if value is None else self.staff(value)

    def record(
        self,
        aggregate: TimedModelAggregate,
        event: type[Event],
        context: EventContext,
        **facts: Any,
    ) -> int:
        total = sum(self.parts.values())
        if total:
            aggregate._record(
                event,
                context,
                parts=sorted(self.parts),
                entries_erased=total,
                person_id=self.person.person_id,
                **facts,
            )
        return total


def _erase_material(material: Material, tally: _Tally) -> None:
    person = tally.person
    material.author = tally.staff(material.author)
    material.approved_by = tally.staff_or_none(material.approved_by)
    for version in material.versions:
        version.written_by = tally.staff(version.written_by)
    for comment in material.comments:
        if person.staff(comment.reviewer) and comment.text != ERASED:
            comment.text = ERASED
            tally.parts[ErasedPart.REVIEW_COMMENT] += 1
        comment.reviewer = tally.staff(comment.reviewer)
    for signature in material.signatures:
        signature.recorded_by = tally.staff(signature.recorded_by)
        signature.withdrawn_by = tally.staff_or_none(signature.withdrawn_by)
        if person.in_text(signature.consent.given_by):
            signature.consent.given_by = ERASED
            tally.parts[ErasedPart.CONSENT_GIVER] += 1


def _erase_resource(resource: Resource, tally: _Tally) -> None:
    kept = [author for author in resource.authors if not tally.person.in_text(author)]
    if len(kept) < len(resource.authors):
        tally.parts[ErasedPart.RESOURCE_AUTHOR] += len(resource.authors) - len(kept)
        resource.authors = kept


Advocacy = Campaign | Material | PolicyMoment | Pledge | Resource


def erase_person(aggregate: Advocacy, person: PersonRef, context: EventContext) -> int:
    """Erase the person's data from the aggregate; how many values went (0: nothing held,
    or erased before; then no tombstone either)."""
    tally = _Tally(person)
    if isinstance(aggregate, Material):
        _erase_material(aggregate, tally)
        return tally.record(aggregate, MaterialPersonalDataErased, context)
    if isinstance(aggregate, Campaign):
        aggregate.owner = tally.staff(aggregate.owner)
        return tally.record(aggregate, CampaignPersonalDataErased, context)
    if isinstance(aggregate, PolicyMoment):
        for item in aggregate.inputs:
            item.recorded_by = tally.staff(item.recorded_by)
        return tally.record(aggregate, PolicyMomentPersonalDataErased, context)
    if isinstance(aggregate, Pledge):
        for report in aggregate.reports:
            report.recorded_by = tally.staff(report.recorded_by)
        return tally.record(aggregate, PledgePersonalDataErased, context, city_id=aggregate.city_id)
    _erase_resource(aggregate, tally)
    return tally.record(aggregate, ResourcePersonalDataErased, context)


def held_about(aggregate: Advocacy, person: PersonRef) -> dict[str, Any]:
    """What the aggregate holds that names the person (empty: nothing)."""
    if isinstance(aggregate, Material):
        return _material_data(aggregate, person)
    if isinstance(aggregate, Campaign):
        return {"campaign": aggregate.name, "owner": True} if person.staff(aggregate.owner) else {}
    if isinstance(aggregate, PolicyMoment):
        inputs = [i.title for i in aggregate.inputs if person.staff(i.recorded_by)]
        return {"policy moment": aggregate.name, "inputs recorded": inputs} if inputs else {}
    if isinstance(aggregate, Pledge):
        days = [r.reported_on.isoformat() for r in aggregate.reports if person.staff(r.recorded_by)]
        return {"pledge": aggregate.title, "progress reports recorded": days} if days else {}
    authors = [a for a in aggregate.authors if person.in_text(a)]
    return {"resource": aggregate.title, "named as author": authors} if authors else {}


def _material_data(material: Material, person: PersonRef) -> dict[str, Any]:
    data: dict[str, Any] = {}
    if person.staff(material.author):
        data["author"] = True
    if person.staff(material.approved_by):
        data["approved"] = True
    written = [v.number for v in material.versions if person.staff(v.written_by)]
    if written:
        data["text versions written"] = written
    comments = [
        {"text_version": c.text_version, "at": c.at.isoformat(), "text": c.text}
        for c in material.comments
        if person.staff(c.reviewer)
    ]
    if comments:
        data["review comments"] = comments
    recorded = [s.city_name for s in material.signatures if person.staff(s.recorded_by)]
    if recorded:
        data["signatures recorded"] = recorded
    withdrawn = [s.city_name for s in material.signatures if person.staff(s.withdrawn_by)]
    if withdrawn:
        data["signature withdrawals recorded"] = withdrawn
    consents = [
        {"city": s.city_name, **s.consent.model_dump(mode="json")}
        for s in material.signatures
        if person.in_text(s.consent.given_by)
    ]
    if consents:
        data["consents given"] = consents
    return {"material": material.title, **data} if data else {}
