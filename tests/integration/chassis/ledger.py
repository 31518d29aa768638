"""A service on the chassis that keeps a ledger: what was accepted, what arrived, what took effect.

Commands register a city (version 1) or change its population (the next version); a projection
consumes the city topic. The ledger counts, per aggregate, the three ways the guarantees can
break: an accepted version never applied (lost), an effect applied twice (duplicated), and a
version that first arrived after a later one (out of order; consumers drop such an event).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from mmc_chassis.outbox import AggregateStore
from mmc_chassis.projection import apply_if_newer
from mmc_chassis.runtime import ServiceRuntime
from mmc_chassis.settings import ServiceSettings
from mmc_contracts import Event
from mmc_contracts.cities import CityPartnershipStatusChanged, CityProfileUpdated, CityRegistered
from mmc_contracts.rules import RuleViolation
from mmc_contracts.topics import CITIES_CITY
from tests.integration.chassis.probe import CONTEXT, registered, updated


@dataclass(frozen=True)
class Tally:
    lost: int
    duplicated: int
    out_of_order: int
    accepted: int
    applied: int

    def __str__(self) -> str:
        return (
            f"accepted {self.accepted}, applied {self.applied}: lost {self.lost}, "
            f"duplicated {self.duplicated}, out of order {self.out_of_order}"
        )


@dataclass
class Ledger:
    accepted: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    arrivals: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    effects: Counter[str] = field(default_factory=Counter)
    """Event id -> times its effect was applied."""
    applied: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))

    def tally(self) -> Tally:
        lost = sum(len(v - self.applied[a]) for a, v in self.accepted.items())
        out_of_order = 0
        for versions in self.arrivals.values():
            seen: set[int] = set()
            highest = 0
            for version in versions:
                if version in seen:
                    continue  # a redelivery, not a first arrival
                seen.add(version)
                if version < highest:
                    out_of_order += 1
                highest = max(highest, version)
        return Tally(
            lost=lost,
            duplicated=sum(n - 1 for n in self.effects.values() if n > 1),
            out_of_order=out_of_order,
            accepted=sum(len(v) for v in self.accepted.values()),
            applied=sum(len(v) for v in self.applied.values()),
        )

    def complete(self) -> bool:
        return all(v <= self.applied[a] for a, v in self.accepted.items())


class LedgerService:
    """Stores cities with their outbox and projects their events, keeping the ledger."""

    def __init__(self, settings: ServiceSettings, ledger: Ledger | None = None) -> None:
        self.runtime = ServiceRuntime(settings, title="ledger", description="fault matrix probe")
        self.store: AggregateStore = self.runtime.store("cities", "city")
        self.projection = self.runtime.database["projection"]
        self.ledger = ledger or Ledger()
        self.refused: set[str] = set()
        """Aggregates whose events the projection refuses (a domain rule), until removed."""
        self.runtime.declare_topics(CITIES_CITY)
        self.runtime.consumer.subscribe(CITIES_CITY, group="projection", handler=self.project)

    async def project(self, event: Event) -> None:
        if event.aggregate_id in self.refused:
            raise RuleViolation(f"{event.aggregate_id} is refused for now")
        self.ledger.arrivals[event.aggregate_id].append(event.aggregate_version)
        key, version = event.aggregate_id, event.aggregate_version
        # Facets: the profile and the partnership are separate facts, so a replayed profile
        # change still applies after a later partnership change.
        if isinstance(event, CityRegistered):
            applied = await apply_if_newer(
                self.projection,
                key,
                version,
                {"population": event.profile.population},
                facet="profile",
            )
            await apply_if_newer(
                self.projection,
                key,
                version,
                {"partnership": str(event.partnership_status)},
                facet="partnership",
            )
        elif isinstance(event, CityProfileUpdated):
            applied = await apply_if_newer(
                self.projection,
                key,
                version,
                {"population": event.profile.population},
                facet="profile",
            )
        elif isinstance(event, CityPartnershipStatusChanged):
            applied = await apply_if_newer(
                self.projection,
                key,
                version,
                {"partnership": str(event.to_status)},
                facet="partnership",
            )
        else:
            return
        if applied:
            self.ledger.effects[str(event.event_id)] += 1
            self.ledger.applied[key].add(version)

    async def register(self, city: str) -> None:
        await self.store.create({"_id": city, "version": 1}, [registered(city)])
        self.ledger.accepted[city].add(1)

    async def change(self, city: str, version: int, population: int) -> None:
        event = updated(city, version, population)
        await self.store.update({"_id": city, "version": version}, [event])
        self.ledger.accepted[city].add(version)

    async def change_partnership(self, city: str, version: int) -> None:
        event = CityPartnershipStatusChanged.stamp(
            CONTEXT,
            aggregate_id=city,
            aggregate_version=version,
            from_status="prospect",
            to_status="engaged",
            reason="first meeting held",
        )
        await self.store.update({"_id": city, "version": version}, [event])
        self.ledger.accepted[city].add(version)

    @asynccontextmanager
    async def running(self) -> AsyncIterator[LedgerService]:
        async with self.runtime.http.router.lifespan_context(self.runtime.http):
            yield self
