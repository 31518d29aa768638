"""Settings of the board service, from `MMC_*` environment variables."""

from __future__ import annotations

from pydantic import Field

from mmc_chassis.settings import ServiceSettings


class BoardSettings(ServiceSettings):
    """The shared service settings with the board service's defaults and its own rules."""

    service_name: str = "board"
    http_port: int = Field(default=8102, ge=1, le=65535)
    seats: int = Field(default=10, ge=1, le=1000, description="Seats on the Leadership Board.")
    term_notice_days: int = Field(
        default=90,
        ge=0,
        le=3650,
        description="A term ending within this many days is announced (once per term).",
    )
    quorum_fraction: float = Field(
        default=0.5,
        ge=0,
        lt=1,
        description="A selection round needs ballots from more than this share of its voters.",
    )
    scheduler_interval_seconds: float = Field(
        default=60,
        gt=0,
        description="How often terms are checked (announcements, terms that are over).",
    )
