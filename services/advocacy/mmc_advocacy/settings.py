"""Settings of the advocacy service, from `MMC_*` environment variables."""

from __future__ import annotations

from pydantic import Field

from mmc_chassis.settings import ServiceSettings


class AdvocacySettings(ServiceSettings):
    """The shared service settings with the advocacy service's defaults and its own rules."""

    service_name: str = "advocacy"
    http_port: int = Field(default=8103, ge=1, le=65535)
    moment_notice_days: int = Field(
        default=60,
        ge=0,
        le=3650,
        description="A policy moment starting within this many days is announced (once).",
    )
    scheduler_interval_seconds: float = Field(
        default=3600, gt=0, description="How often policy moments are checked for their approach."
    )
    search_refresh_seconds: float = Field(
        default=5,
        gt=0,
        description="How often the in-memory search index reads other instances' changes.",
    )
