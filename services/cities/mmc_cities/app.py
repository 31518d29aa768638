"""The cities service, wired: stores, read models, routes, subscribers.

python -m mmc_cities.app        # serves on MMC_HTTP_HOST:MMC_HTTP_PORT (default 127.0.0.1:8101)
"""

from __future__ import annotations

from opentelemetry.sdk.trace import TracerProvider

from mmc_chassis.personal_data import personal_data_router
from mmc_chassis.runtime import ServiceRuntime
from mmc_chassis.wiring import serve, service_runtime
from mmc_cities.adapters.repository import INDEXES
from mmc_cities.entrypoints import subscribers
from mmc_cities.entrypoints.http import routers
from mmc_cities.parts import CitiesParts
from mmc_cities.personal_data import CitiesPersonalData
from mmc_cities.settings import CitiesSettings
from mmc_contracts.topics import CITIES_ASSISTANCE_REQUEST, CITIES_CITY

TITLE = "MMC cities service"
PUBLISHED = (CITIES_CITY, CITIES_ASSISTANCE_REQUEST)
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
    runtime = service_runtime(settings, TITLE, DESCRIPTION, provider, INDEXES)
    parts = CitiesParts.of(runtime, settings)
    serve(runtime, parts, routers(), topics=PUBLISHED, subscribe=subscribers.register)
    runtime.include(personal_data_router("cities", CitiesPersonalData(parts.cities)))
    return runtime


def main() -> None:
    build().run()


if __name__ == "__main__":
    main()
