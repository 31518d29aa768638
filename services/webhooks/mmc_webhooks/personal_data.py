"""The webhooks service's rules for a person's data (the chassis' `/personal-data` routes call
them): an endpoint's owner contact, an e-mail address, found by e-mail.

Erasure writes `[erased]` instead of the contact and announces it with
`WebhookOwnerContactErased` (ids only); the endpoint itself (the partner organisation's URL,
its subscription, its delivery log) stays and keeps receiving: it is the partner's, not the
person's. The events never carried the contact.
"""

from __future__ import annotations

from mmc_chassis.commands import change_aggregate
from mmc_chassis.personal_data import Erased, Held, PersonQuery, same_email
from mmc_contracts import EventContext
from mmc_webhooks.adapters.repository import EndpointRepository
from mmc_webhooks.domain.endpoint import Endpoint


class WebhooksPersonalData:
    def __init__(self, endpoints: EndpointRepository) -> None:
        self.endpoints = endpoints

    async def _endpoints(self, person: PersonQuery) -> list[Endpoint]:
        if person.email_key is None:
            return []
        return await self.endpoints.list({"owner_contact": same_email(person.email_key)})

    async def export(self, person: PersonQuery) -> list[Held]:
        return [
            Held(
                kind="webhook endpoint owner",
                id=endpoint.id,
                data={
                    "owner_contact": endpoint.owner_contact,
                    "endpoint_url": endpoint.url,
                    "registered_at": endpoint.registered_at.isoformat(),
                },
            )
            for endpoint in await self._endpoints(person)
        ]

    async def erase(self, person: PersonQuery, context: EventContext) -> Erased:
        result = Erased()
        for endpoint in await self._endpoints(person):
            await change_aggregate(
                self.endpoints,
                endpoint.id,
                None,
                lambda found: found.erase_owner_contact(context),
            )
            result.erased.append(f"webhook endpoint owner {endpoint.id}")
            result.kept.append(
                f"webhook endpoint {endpoint.id}: the partner's URL, subscription and delivery "
                "log (not personal data)"
            )
        return result
