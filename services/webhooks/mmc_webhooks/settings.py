"""Settings of the webhooks service, from `MMC_*` environment variables."""

from __future__ import annotations

from datetime import timedelta

from pydantic import Field

from mmc_chassis.settings import ServiceSettings
from mmc_webhooks.domain.backoff import Backoff


class WebhooksSettings(ServiceSettings):
    """The shared service settings with the webhooks service's defaults and its own limits."""

    service_name: str = "webhooks"
    http_port: int = Field(default=8105, ge=1, le=65535)
    webhook_allowed_targets: list[str] = Field(
        default_factory=list,
        description="Hosts (`hooks.partner.org`, `*.partner.org`), addresses and networks "
        "(`203.0.113.0/24`) deliveries may go to, checked after DNS resolution. Loopback and "
        "private addresses are refused unless a listed network contains them. Empty: none.",
    )
    webhook_timeout_seconds: float = Field(default=10.0, gt=0, le=120)
    webhook_backoff_initial_seconds: float = Field(default=5.0, gt=0)
    webhook_backoff_max_seconds: float = Field(default=3600.0, gt=0)
    webhook_retry_for_seconds: float = Field(
        default=86400.0, gt=0, description="How long a delivery is retried before it is parked."
    )
    webhook_pause_after_seconds: float = Field(
        default=2 * 86400.0,
        gt=0,
        description="An endpoint whose deliveries all failed for this long is paused and its "
        "owner told.",
    )
    webhook_secret_grace_seconds: int = Field(
        default=86400,
        ge=0,
        le=30 * 86400,
        description="How long an old secret still signs after a rotation, by default.",
    )

    def backoff(self) -> Backoff:
        return Backoff(
            initial=timedelta(seconds=self.webhook_backoff_initial_seconds),
            maximum=timedelta(seconds=self.webhook_backoff_max_seconds),
            retry_for=timedelta(seconds=self.webhook_retry_for_seconds),
        )
