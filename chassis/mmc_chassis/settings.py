"""Service settings from the environment (`MMC_*`), refusing unsafe defaults outside development."""

from __future__ import annotations

from typing import Literal, Self

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEVELOPMENT_API_TOKEN = "development-only-token"


class UnsafeSettings(ValueError):
    """A development default was left in place where it must not be."""


class ServiceSettings(BaseSettings):
    """What every service reads; a service subclasses it for its own settings."""

    model_config = SettingsConfigDict(env_prefix="MMC_", extra="ignore")

    environment: Literal["development", "test", "production"] = Field(
        default="production",
        description="Fails closed: a deployment that forgets it gets production's checks; "
        "`make run` and the tests opt in to `development`.",
    )
    service_name: str = "mmc"
    http_host: str = "127.0.0.1"
    http_port: int = Field(default=8000, ge=1, le=65535)
    kafka_bootstrap_servers: str = "127.0.0.1:39092"
    mongodb_url: str = "mongodb://127.0.0.1:37017/"
    mongodb_database: str | None = None
    api_token: SecretStr = SecretStr(DEVELOPMENT_API_TOKEN)
    topic_prefix: str = Field(
        default="",
        pattern=r"^([a-z0-9_-]+\.)?$",
        description="Prepended to every topic (e.g. `staging.`): one cluster, separate platforms.",
    )
    topic_partitions: int = Field(default=3, ge=1)
    topic_replication_factor: int = Field(default=1, ge=1)
    otlp_endpoint: str | None = None
    log_level: str = "INFO"
    log_json: bool = True

    relay_sweep_seconds: float = Field(
        default=10.0,
        gt=0,
        description="How often every outbox is read for what a crash left behind (each write "
        "wakes the relay at once; this only recovers).",
    )
    relay_batch_size: int = Field(default=500, ge=1)
    relay_trim_seconds: float = Field(
        default=1.0,
        gt=0,
        description="Published entries leave their documents with the aggregate's next write, "
        "or are trimmed: those not yet marked as published once this old, marked ones once the "
        "relay has seen no write for this long.",
    )
    relay_retry_seconds: float = Field(default=0.5, gt=0)
    relay_retry_max_seconds: float = Field(
        default=10.0, gt=0, description="Backoff cap for an aggregate whose event fails to publish."
    )
    consumer_max_attempts: int = Field(default=5, ge=1)
    consumer_backoff_seconds: float = Field(default=0.2, ge=0)
    consumer_backoff_max_seconds: float = Field(default=5.0, ge=0)
    consumer_commit_interval_seconds: float = Field(default=0.2, gt=0)
    graceful_timeout_seconds: float = Field(default=15.0, gt=0)

    @property
    def database_name(self) -> str:
        return self.mongodb_database or f"mmc_{self.service_name}"

    @model_validator(mode="after")
    def _refuse_unsafe_defaults(self) -> Self:
        if self.environment == "development":
            return self
        token = self.api_token.get_secret_value()
        if token == DEVELOPMENT_API_TOKEN or len(token) < 32:
            raise UnsafeSettings(
                f"MMC_API_TOKEN must be set to a secret of at least 32 characters when"
                f" MMC_ENVIRONMENT={self.environment}"
            )
        if self.environment == "production" and self.http_host == "0.0.0.0" and not token:
            raise UnsafeSettings("refusing to listen on all interfaces without an API token")
        return self
