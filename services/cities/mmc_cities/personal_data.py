"""The cities service's rules for a person's data (the chassis' `/personal-data` routes call
them): the people of a city's profile, found by e-mail.

A contact entry goes whole; a mayor keeps name, office and title (the public facts of the
office: the Board and the other services know the mayor by name) and loses e-mail and phone.
Each change is a `CityProfileUpdated`, which never carried e-mails or phones anyway.
"""

from __future__ import annotations

from mmc_chassis.commands import change_aggregate
from mmc_chassis.personal_data import Erased, Held, PersonQuery, same_email
from mmc_cities.adapters.repository import CityRepository
from mmc_cities.domain import City
from mmc_contracts import EventContext


class CitiesPersonalData:
    def __init__(self, cities: CityRepository) -> None:
        self.cities = cities

    async def _cities(self, email_key: str | None) -> list[City]:
        if email_key is None:
            return []
        same = same_email(email_key)
        query = {"$or": [{"profile.mayor.email": same}, {"profile.contacts.email": same}]}
        ids = [str(d["_id"]) async for d in self.cities.store.collection.find(query, {"_id": 1})]
        return list((await self.cities.get_many(ids)).values())

    async def export(self, person: PersonQuery) -> list[Held]:
        held: list[Held] = []
        for city in await self._cities(person.email_key):
            people = [city.profile.mayor] if city.profile.mayor else []
            people += city.profile.contacts
            for contact in people:
                if (contact.email or "").casefold() == person.email_key:
                    data = {"city": city.profile.name, **contact.model_dump(mode="json")}
                    held.append(Held(kind="city contact", id=city.id, data=data))
        return held

    async def erase(self, person: PersonQuery, context: EventContext) -> Erased:
        result = Erased()
        email_key = person.email_key
        if email_key is None:
            return result
        for city in await self._cities(email_key):
            changed = await change_aggregate(
                self.cities,
                city.id,
                None,
                lambda found: found.erase_contact_details(email_key, context),
            )
            what = _erased_since(city, changed, email_key)
            result.erased.extend(f"city {city.id}: {item}" for item in what)
            if "mayor's e-mail and phone" in what:
                result.kept.append(f"city {city.id}: the mayor's name, office and title (public)")
        return result


def _erased_since(before: City, after: City, email_key: str) -> list[str]:
    """What the erasure took from the city, in words (the domain said it; this re-reads it)."""
    what = []
    mayor = before.profile.mayor
    if mayor is not None and (mayor.email or "").casefold() == email_key and after.profile.mayor:
        what.append("mayor's e-mail and phone")
    if len(after.profile.contacts) != len(before.profile.contacts):
        what.append("contact")
    return what
