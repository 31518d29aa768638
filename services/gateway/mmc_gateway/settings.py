"""Settings of the gateway, from `MMC_*` environment variables."""

from __future__ import annotations

from typing import Self

from pydantic import Field, model_validator

from mmc_chassis.settings import ServiceSettings, UnsafeSettings


class GatewaySettings(ServiceSettings):
    """The shared service settings plus where the services are and how sessions behave."""

    service_name: str = "gateway"
    http_port: int = Field(default=8100, ge=1, le=65535)
    cities_url: str = Field(default="http://127.0.0.1:8101", description="The cities API.")
    board_url: str = Field(default="http://127.0.0.1:8102", description="The board API.")
    advocacy_url: str = Field(default="http://127.0.0.1:8103", description="The advocacy API.")
    outreach_url: str = Field(default="http://127.0.0.1:8104", description="The outreach API.")
    service_timeout_seconds: float = Field(default=10.0, gt=0)
    cookie_secure: bool = Field(
        default=True,
        description="Send the session cookie over HTTPS only; turn off only in development "
        "over plain http (refused in production).",
    )
    session_idle_minutes: float = Field(default=30, gt=0)
    session_absolute_hours: float = Field(default=12, gt=0)
    throttle_window_minutes: float = Field(default=15, gt=0)
    throttle_per_account: int = Field(
        default=5, ge=1, description="Failed sign-ins per account within the window."
    )
    throttle_per_address: int = Field(
        default=20, ge=1, description="Failed sign-ins per client address within the window."
    )

    @model_validator(mode="after")
    def _secure_cookie_in_production(self) -> Self:
        if self.environment == "production" and not self.cookie_secure:
            raise UnsafeSettings("MMC_COOKIE_SECURE=false is refused in production")
        return self

    def service_urls(self) -> dict[str, str]:
        """Every service the gateway talks to, by name (dead letters, dashboard)."""
        return {
            "cities": self.cities_url,
            "board": self.board_url,
            "advocacy": self.advocacy_url,
            "outreach": self.outreach_url,
        }
