"""Settings of the cities service, from `MMC_*` environment variables."""

from __future__ import annotations

from pydantic import Field

from mmc_chassis.settings import ServiceSettings


class CitiesSettings(ServiceSettings):
    """The shared service settings with the cities service's defaults and its own limits."""

    service_name: str = "cities"
    http_port: int = Field(default=8101, ge=1, le=65535)
    import_max_bytes: int = Field(
        default=5 * 1024 * 1024,
        ge=1024,
        description="The largest CSV file `POST /cities/import` accepts (larger: 413).",
    )
    import_progress_every: int = Field(
        default=100, ge=1, description="Rows between two NDJSON progress lines of an import."
    )
