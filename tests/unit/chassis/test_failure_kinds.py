"""Which failures a consumer waits out, and which settings a deployment may not keep."""

from __future__ import annotations

import pytest
from aiokafka.errors import KafkaConnectionError, KafkaTimeoutError
from pydantic import ValidationError
from pymongo.errors import AutoReconnect, DuplicateKeyError, ServerSelectionTimeoutError

from mmc_chassis.consumer import is_transient
from mmc_chassis.mongo import DatabaseBusy
from mmc_chassis.settings import DEVELOPMENT_API_TOKEN, ServiceSettings, UnsafeSettings
from mmc_contracts.rules import RuleViolation


@pytest.mark.parametrize(
    "error",
    [
        ServerSelectionTimeoutError("no server"),
        AutoReconnect("primary stepped down"),
        DatabaseBusy("busy"),
        KafkaTimeoutError(),
        KafkaConnectionError(),
        TimeoutError(),
        ConnectionRefusedError(),
    ],
)
def test_infrastructure_failures_are_waited_out(error: BaseException) -> None:
    assert is_transient(error)


@pytest.mark.parametrize(
    "error",
    [RuleViolation("refused"), DuplicateKeyError("dup"), KeyError("x"), ValueError("bad")],
)
def test_other_failures_are_not(error: BaseException) -> None:
    assert not is_transient(error)


def test_without_an_environment_the_development_token_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("MMC_ENVIRONMENT", raising=False)
    monkeypatch.delenv("MMC_API_TOKEN", raising=False)
    with pytest.raises(ValidationError, match="MMC_API_TOKEN must be set"):
        ServiceSettings()
    assert ServiceSettings.model_fields["environment"].default == "production"


def test_a_short_token_is_refused_outside_development(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MMC_ENVIRONMENT", "production")
    monkeypatch.setenv("MMC_API_TOKEN", "short")
    with pytest.raises(ValidationError, match="at least 32 characters"):
        ServiceSettings()


def test_development_opts_in_and_production_takes_a_real_secret(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("MMC_ENVIRONMENT", "development")
    assert ServiceSettings().api_token.get_secret_value() == DEVELOPMENT_API_TOKEN
    monkeypatch.setenv("MMC_ENVIRONMENT", "production")
    monkeypatch.setenv("MMC_API_TOKEN", "x" * 40)
    assert ServiceSettings().environment == "production"
    assert issubclass(UnsafeSettings, ValueError)
