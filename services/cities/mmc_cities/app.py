"""The cities service, wired: stores, read models, routes, subscribers, start-up.

python -m mmc_cities.app        # serves on MMC_HTTP_HOST:MMC_HTTP_PORT (default 127.0.0.1:8101)
"""

from __future__ import annotations

from opentelemetry.sdk.trace import TracerProvider
from pydantic import ValidationError

from mmc_chassis.runtime import ServiceRuntime
from mmc_cities.adapters.read_models import AssistanceRequestReadModel, CityReadModel
from mmc_cities.adapters.repository import (
    ASSISTANCE_REQUESTS,
    CITIES,
    TIMELINE,
    AssistanceRequestRepository,
    CityRepository,
    ensure_indexes,
)
from mmc_cities.adapters.timeline import Timeline
from mmc_cities.domain.errors import DomainError, InvalidTransition, InvalidValue, RuleViolation
from mmc_cities.entrypoints import subscribers
from mmc_cities.entrypoints.http import build_router
from mmc_cities.settings import CitiesSettings
from mmc_contracts.topics import CITIES_ASSISTANCE_REQUEST, CITIES_CITY

DESCRIPTION = """\
The Mayors Migration Council's city registry: city profiles, the partnership with each city,
technical assistance requests, and each city's engagement timeline.

Every call needs `Authorization: Bearer <API token>`; writes name the staff member acting in
`X-MMC-Actor` (it goes on record in the events) and may carry `X-Correlation-ID`.
Errors: 422 names the field at fault, 404 an unknown id, 409 a stale `expected_version`, a
status change the life cycle does not allow, or a duplicate city.
"""


def build(
    settings: CitiesSettings | None = None, provider: TracerProvider | None = None
) -> ServiceRuntime:
    """The cities service's runtime, ready to `run()` or to serve `runtime.http` in tests."""
    settings = settings or CitiesSettings()
    runtime = ServiceRuntime(
        settings,
        title="MMC cities service",
        description=DESCRIPTION,
        provider=provider,
        # No retry mends an event the domain refuses or that does not validate.
        permanent_errors=(DomainError, ValidationError),
        error_statuses={InvalidValue: 422, InvalidTransition: 409, RuleViolation: 409},
    )
    cities = CityRepository(runtime.store(CITIES, "city"))
    requests = AssistanceRequestRepository(runtime.store(ASSISTANCE_REQUESTS, "assistance request"))
    timeline = Timeline(runtime.database[TIMELINE])
    runtime.declare_topics(CITIES_CITY, CITIES_ASSISTANCE_REQUEST)

    async def create_indexes() -> None:
        await ensure_indexes(runtime.database)

    runtime.on_startup(create_indexes)
    runtime.include(
        build_router(
            settings=settings,
            cities=cities,
            requests=requests,
            city_reads=CityReadModel(runtime.database[CITIES]),
            request_reads=AssistanceRequestReadModel(runtime.database[ASSISTANCE_REQUESTS]),
            timeline=timeline,
        )
    )
    subscribers.register(runtime.consumer, timeline=timeline, cities=cities, requests=requests)
    return runtime


def main() -> None:
    build().run()


if __name__ == "__main__":
    main()
