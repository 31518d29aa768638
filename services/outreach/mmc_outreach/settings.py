"""Settings of the outreach service, from `MMC_*` environment variables."""

from __future__ import annotations

from pydantic import Field

from mmc_chassis.settings import ServiceSettings


class OutreachSettings(ServiceSettings):
    service_name: str = "outreach"
    http_port: int = Field(default=8104, ge=1, le=65535)
    response_target_hours: float = Field(
        default=48, gt=0, le=24 * 365, description="First answer to an inquiry due within this."
    )
    inquiry_retention_days: float = Field(
        default=730,
        gt=0,
        le=36500,
        description=(
            "A closed inquiry's sender details, subject, text and answers are anonymised this "
            "many days after closing."
        ),
    )
    retention_interval_seconds: float = Field(
        default=3600, gt=0, description="How often the retention pass runs."
    )
    import_max_bytes: int = Field(
        default=50 * 1024 * 1024, ge=1024, description="The largest mailbox import (413 above)."
    )
