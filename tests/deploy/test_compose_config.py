"""deploy/compose/compose.yaml passes Compose v2's own `config` (built from the Go module proxy,
as a standalone `docker-compose`), with and without the observability profile; it refuses to
render without each required secret; and compose's rendering of the services' environment is
the one tests/deploy/test_compose_environment.py starts the services with."""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from tests.deploy.compose_model import COMPOSE_FILE, model, platform_services
from tests.deploy.test_compose_environment import SECRETS
from tests.deploy.tools import tool


def compose(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("MMC_")}
    return subprocess.run(
        [str(tool("docker-compose")), "-f", str(COMPOSE_FILE), *args],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize("profiles", [[], ["--profile", "observability"]], ids=["core", "all"])
def test_compose_config_accepts_the_file(profiles: list[str]) -> None:
    done = compose(*profiles, "config", "--format", "json", env=SECRETS)
    assert done.returncode == 0, done.stderr
    rendered = json.loads(done.stdout)
    expected = {"kafka", "mongodb", *platform_services(model(SECRETS))}
    if profiles:
        expected |= {"otel-collector", "jaeger", "prometheus", "grafana"}
    assert set(rendered["services"]) == expected
    assert done.stderr.strip() == "", done.stderr  # no warning either


def test_compose_renders_the_environment_the_services_are_tested_with() -> None:
    done = compose("config", "--format", "json", env=SECRETS)
    assert done.returncode == 0, done.stderr
    rendered = json.loads(done.stdout)
    ours = platform_services(model(SECRETS))
    for name, spec in ours.items():
        theirs = rendered["services"][name]
        assert theirs["environment"] == {k: str(v) for k, v in spec["environment"].items()}
        assert theirs["command"] == spec["command"]
        assert theirs["healthcheck"]["test"] == spec["healthcheck"]["test"]
        assert theirs["depends_on"]["kafka"]["condition"] == "service_healthy"


@pytest.mark.parametrize("secret", sorted(SECRETS))
def test_compose_refuses_to_run_without_a_secret(secret: str) -> None:
    env = {k: v for k, v in SECRETS.items() if k != secret}
    done = compose("--profile", "observability", "config", "--quiet", env=env)
    assert done.returncode != 0
    assert secret in done.stderr
