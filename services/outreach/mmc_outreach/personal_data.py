"""Outreach's rules for a person's data (the chassis' `/personal-data` routes call them).

Outreach holds people's data in two places: the senders of inquiries (name, e-mail, phone,
role, with the subject, text and answers they wrote) and the contacts of partner organisations.
A person is found by e-mail (outreach has no person ids of its own). Erasure anonymises each
inquiry (its ids, dates, kind and city stay: the MMC's record of its work) and removes the
contact entries, each announced by an event with ids only (`InquiryAnonymised`,
`PartnerContactErased`), which is the tombstone subscribers obey.
"""

from __future__ import annotations

from typing import Any

from mmc_chassis.commands import change_aggregate
from mmc_chassis.mongo import Document
from mmc_chassis.personal_data import Erased, Held, PersonQuery, same_email
from mmc_contracts import EventContext
from mmc_contracts.outreach import AnonymisedBecause
from mmc_outreach.adapters.repository import Repository
from mmc_outreach.domain.inquiry import Inquiry
from mmc_outreach.domain.partners import PartnerOrganisation


def _same_email(field: str, email_key: str) -> Document:
    """`field` equal to the address without regard to case (stored as the person typed it)."""
    return {field: same_email(email_key)}


class OutreachPersonalData:
    def __init__(
        self, inquiries: Repository[Inquiry], partners: Repository[PartnerOrganisation]
    ) -> None:
        self.inquiries = inquiries
        self.partners = partners

    async def _inquiries(self, person: PersonQuery) -> list[Inquiry]:
        if person.email_key is None:
            return []
        return await self.inquiries.list(_same_email("sender.email", person.email_key))

    async def _partners(self, person: PersonQuery) -> list[PartnerOrganisation]:
        if person.email_key is None:
            return []
        return await self.partners.list(_same_email("contacts.email", person.email_key))

    async def export(self, person: PersonQuery) -> list[Held]:
        held = [
            Held(kind="inquiry", id=inquiry.id, data=_inquiry_data(inquiry))
            for inquiry in await self._inquiries(person)
        ]
        for organisation in await self._partners(person):
            contacts = [
                c.model_dump()
                for c in organisation.contacts
                if (c.email or "").casefold() == person.email_key
            ]
            held.append(
                Held(
                    kind="partner organisation contact",
                    id=organisation.id,
                    data={"organisation": organisation.name, "contacts": contacts},
                )
            )
        return held

    async def erase(self, person: PersonQuery, context: EventContext) -> Erased:
        result = Erased()
        for inquiry in await self._inquiries(person):
            await change_aggregate(
                self.inquiries,
                inquiry.id,
                None,
                lambda found: found.anonymise(AnonymisedBecause.ERASURE_REQUEST, context),
            )
            result.erased.append(f"inquiry {inquiry.id}")
            result.kept.append(
                f"inquiry {inquiry.id}: its dates, kind, city and answer times (no personal data)"
            )
        email_key = person.email_key
        for organisation in await self._partners(person):
            if email_key is None:  # pragma: no cover - _partners found none then
                break
            await change_aggregate(
                self.partners,
                organisation.id,
                None,
                lambda found: found.erase_contacts(email_key, context),
            )
            result.erased.append(f"partner organisation contact {organisation.id}")
        return result


def _inquiry_data(inquiry: Inquiry) -> dict[str, Any]:
    return {
        "sender": inquiry.sender.model_dump(),
        "received_at": inquiry.received_at.isoformat(),
        "status": inquiry.status.value,
        "subject": inquiry.subject,
        "body": inquiry.body,
        "attachments": inquiry.attachments,
        "answers": [answer.model_dump(mode="json") for answer in inquiry.answers],
    }
