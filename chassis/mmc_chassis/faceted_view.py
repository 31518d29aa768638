"""A read model kept per fact: one document per aggregate of another service (a city), each of
its facts (the profile, the mayor, the partnership status) set by the events that carry it.

A service says, per event type, which facets the event sets, with which fields, and whether it
may create the document (an event that carries the whole profile may; one that carries one fact
only changes a document that exists, so a lone fact never makes an incomplete city). Each facet
keeps the version of the event that last set it (`projection.apply_if_newer(..., facet=)`): a
redelivery, or the whole topic replayed from offset 0, changes nothing, and a dead letter
replayed after later events of other kinds still sets its own fact.

    CITY_FACETS = FacetedView.spec(
        (CityRegistered, Facet("profile", profile_fields, create=True)),
        (CityMayorChanged, Facet("mayor", lambda e: {"mayor_name": e.new_mayor.name})),
    )
    view = FacetedView(database["known_cities"], CITY_FACETS)
    await view.apply(event)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pymongo.asynchronous.collection import AsyncCollection

from mmc_chassis.mongo import Document
from mmc_chassis.projection import ErasedPeople, apply_if_newer
from mmc_contracts import Event

__all__ = ["Facet", "FacetSpec", "FacetedView"]


@dataclass(frozen=True)
class Facet:
    """One fact an event sets: its name (where its version is kept), the fields it sets, and
    whether the event may create the document."""

    name: str
    fields: Callable[[Any], Document]
    create: bool = False


FacetSpec = Mapping[type[Event], Sequence[Facet]]


class FacetedView:
    """The collection of a faceted read model; `stamp`, if given, names a field set to the
    event's time with every fact (when the document last changed); `erased`, if given, the
    service's erased people, whose ids a fact never sets again (`projection.ErasedPeople`)."""

    def __init__(
        self,
        collection: AsyncCollection[Document],
        facets: FacetSpec,
        *,
        stamp: str | None = None,
        erased: ErasedPeople | None = None,
    ) -> None:
        self.collection = collection
        self.facets = facets
        self.stamp = stamp
        self.erased = erased

    @staticmethod
    def spec(*entries: tuple[type[Event] | tuple[type[Event], ...], Facet]) -> FacetSpec:
        """Event type(s) -> facets, in the order given (an event may set several facets)."""
        found: dict[type[Event], list[Facet]] = {}
        for kinds, facet in entries:
            for kind in kinds if isinstance(kinds, tuple) else (kinds,):
                found.setdefault(kind, []).append(facet)
        return found

    def facets_of(self, event: Event) -> Sequence[Facet]:
        for kind in type(event).__mro__:
            if kind in self.facets:
                return self.facets[kind]
        return ()

    async def apply(self, event: Event) -> bool:
        """Set each fact the event carries that is newer than the one held; False when none
        was (a redelivery, a replay) or the event carries none of this view's facts."""
        applied = False
        for facet in self.facets_of(event):
            changes = facet.fields(event)
            if self.stamp is not None:
                changes = {**changes, self.stamp: event.occurred_at}
            applied |= await apply_if_newer(
                self.collection,
                event.aggregate_id,
                event.aggregate_version,
                changes,
                facet=facet.name,
                create=facet.create,
                erased=self.erased,
            )
        return applied
