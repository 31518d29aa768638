"""The advocacy service, wired: stores, the cities read model, routes, subscribers, the
policy-moment scheduler.

python -m mmc_advocacy.app        # serves on MMC_HTTP_HOST:MMC_HTTP_PORT (default 127.0.0.1:8103)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from opentelemetry.sdk.trace import TracerProvider

from mmc_advocacy.adapters.cities_view import CITY_INDEXES, KNOWN_CITIES, KnownCities
from mmc_advocacy.adapters.files import ResourceFiles
from mmc_advocacy.adapters.repository import (
    CAMPAIGNS,
    INDEXES,
    MATERIALS,
    MOMENTS,
    PLEDGES,
    RESOURCES,
    Repository,
)
from mmc_advocacy.adapters.search_index import ResourceIndex
from mmc_advocacy.domain import (
    Campaign,
    Material,
    NotPermitted,
    Pledge,
    PolicyMoment,
    Resource,
)
from mmc_advocacy.entrypoints import subscribers
from mmc_advocacy.entrypoints.http_dissemination import build_dissemination_router
from mmc_advocacy.entrypoints.http_knowledge import build_knowledge_router
from mmc_advocacy.entrypoints.http_materials import Deps, build_materials_router
from mmc_advocacy.entrypoints.http_resources import build_resources_router
from mmc_advocacy.handlers import Repositories
from mmc_advocacy.personal_data import AdvocacyPersonalData
from mmc_advocacy.scheduler import MomentScheduler
from mmc_advocacy.settings import AdvocacySettings
from mmc_chassis.consumer import EventConsumer
from mmc_chassis.periodic import every
from mmc_chassis.personal_data import personal_data_router
from mmc_chassis.runtime import ServiceRuntime
from mmc_chassis.wiring import serve, service_runtime
from mmc_contracts.topics import (
    ADVOCACY_CAMPAIGN,
    ADVOCACY_MATERIAL,
    ADVOCACY_PLEDGE,
    ADVOCACY_POLICY_MOMENT,
    ADVOCACY_RESOURCE,
)

TITLE = "MMC advocacy service"
PUBLISHED = (
    ADVOCACY_CAMPAIGN,
    ADVOCACY_MATERIAL,
    ADVOCACY_POLICY_MOMENT,
    ADVOCACY_PLEDGE,
    ADVOCACY_RESOURCE,
)

DESCRIPTION = """\
The Mayors Migration Council's advocacy: campaigns and their materials (public statements,
op-eds, social media campaigns, policy briefs) from draft to publication, their dissemination
and amplification; cities co-signing statements with their consent on record; the global and
regional policy calendar and cities' inputs to it; cities' pledges under the Global Compacts and
their progress; and the knowledge repository of commissioned research, tools, guides and reports.

Every call needs `Authorization: Bearer <API token>`; writes name the staff member acting in
`X-MMC-Actor` (it goes on record in the events) and may carry `X-Correlation-ID`; approving a
material needs the `approver` role in `X-MMC-Roles` (the gateway signs people in and sets both).

Errors, the same for every route (nothing changes when the answer is an error):
* **422** - a malformed request, a value the rules refuse, or an id in the body that names
  nothing (a city the registry does not know, an unknown campaign or policy moment).
* **404** - an unknown id in the path (or a statement whose signatories are not public yet).
* **403** - an approval by someone without the approver role, or by a writer of the text.
* **409** - the current state forbids it: a move the life cycle does not allow, a second
  signature, a city that left the partnership, a stale `expected_version`.
"""

Clock = Callable[[], date]


def today_utc() -> date:
    return datetime.now(UTC).date()


@dataclass(frozen=True)
class AdvocacyService:
    """The runtime and the parts tests and tools reach into."""

    runtime: ServiceRuntime
    settings: AdvocacySettings
    repos: Repositories
    cities: KnownCities
    scheduler: MomentScheduler
    search: ResourceIndex


def build_service(
    settings: AdvocacySettings | None = None,
    provider: TracerProvider | None = None,
    *,
    clock: Clock = today_utc,
) -> AdvocacyService:
    settings = settings or AdvocacySettings()
    runtime = service_runtime(
        settings,
        TITLE,
        DESCRIPTION,
        provider,
        INDEXES | {KNOWN_CITIES: CITY_INDEXES},
        error_statuses={NotPermitted: 403},
    )
    repos = Repositories(
        campaigns=Repository(runtime.store(CAMPAIGNS, "campaign"), Campaign.from_document),
        materials=Repository(runtime.store(MATERIALS, "material"), Material.from_document),
        moments=Repository(runtime.store(MOMENTS, "policy moment"), PolicyMoment.from_document),
        pledges=Repository(runtime.store(PLEDGES, "pledge"), Pledge.from_document),
        resources=Repository(runtime.store(RESOURCES, "resource"), Resource.from_document),
    )
    cities = KnownCities(runtime.database[KNOWN_CITIES])
    search = ResourceIndex(repos.resources)
    deps = Deps(
        repos=repos,
        cities=cities,
        search=search,
        files=ResourceFiles(runtime.database),
        clock=clock,
        notice_days=settings.moment_notice_days,
    )

    def subscribe(consumer: EventConsumer, deps: Deps) -> None:
        subscribers.register(consumer, cities=deps.cities)

    serve(
        runtime,
        deps,
        [
            build_materials_router(deps),
            build_dissemination_router(deps),
            build_knowledge_router(deps),
            build_resources_router(deps),
        ],
        topics=PUBLISHED,
        subscribe=subscribe,
    )
    runtime.include(personal_data_router("advocacy", AdvocacyPersonalData(repos)))
    scheduler = MomentScheduler(
        notice_days=settings.moment_notice_days,
        clock=clock,
        moments=repos.moments,
    )

    every(runtime, settings.scheduler_interval_seconds, scheduler.tick, name="advocacy-moments")
    every(runtime, settings.search_refresh_seconds, search.refresh, name="advocacy-search")
    return AdvocacyService(
        runtime=runtime,
        settings=settings,
        repos=repos,
        cities=cities,
        scheduler=scheduler,
        search=search,
    )


def build(
    settings: AdvocacySettings | None = None,
    provider: TracerProvider | None = None,
    *,
    clock: Clock = today_utc,
) -> ServiceRuntime:
    return build_service(settings, provider, clock=clock).runtime


def main() -> None:
    build().run()


if __name__ == "__main__":
    main()
