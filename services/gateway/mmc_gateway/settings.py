"""Settings of the gateway, from `MMC_*` environment variables."""

from __future__ import annotations

from typing import Self

from pydantic import Field, SecretStr, model_validator

from mmc_chassis.settings import ServiceSettings, UnsafeSettings


class GatewaySettings(ServiceSettings):
    """The shared service settings plus where the services are and how sessions behave."""

    service_name: str = "gateway"
    http_port: int = Field(default=8100, ge=1, le=65535)
    cities_url: str = Field(default="http://127.0.0.1:8101", description="The cities API.")
    board_url: str = Field(default="http://127.0.0.1:8102", description="The board API.")
    advocacy_url: str = Field(default="http://127.0.0.1:8103", description="The advocacy API.")
    outreach_url: str = Field(default="http://127.0.0.1:8104", description="The outreach API.")
    webhooks_url: str = Field(default="http://127.0.0.1:8105", description="The webhooks API.")
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
    # Sign-in through the organisation's OpenID Connect provider, when configured.
    oidc_issuer: str | None = Field(
        default=None,
        max_length=500,
        description="The provider's issuer URL (its discovery document is read from "
        "<issuer>/.well-known/openid-configuration); unset: local accounts only.",
    )
    oidc_client_id: str | None = Field(default=None, max_length=500)
    oidc_client_secret: SecretStr | None = Field(default=None, description="From the environment.")

    @model_validator(mode="after")
    def _oidc_complete(self) -> Self:
        """All three OIDC settings or none; over https outside development."""
        given = [self.oidc_issuer, self.oidc_client_id, self.oidc_client_secret]
        if any(given) and not all(given):
            raise UnsafeSettings(
                "MMC_OIDC_ISSUER, MMC_OIDC_CLIENT_ID and MMC_OIDC_CLIENT_SECRET go together"
            )
        if (
            self.oidc_issuer
            and self.environment != "development"
            and not self.oidc_issuer.startswith("https://")
        ):
            raise UnsafeSettings("MMC_OIDC_ISSUER must be https outside development")
        return self

    @property
    def oidc_enabled(self) -> bool:
        return bool(self.oidc_issuer)

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
            "webhooks": self.webhooks_url,
        }
