"""The compose file runs: each service's command, started with exactly the environment the
file gives it (the addresses pointed at the local Kafka and FerretDB, a free port, topics and
database of the test's own), becomes healthy by the healthcheck the file declares, and answers
the API call named by its `mmc.smoke-path` label with the token the file requires.

A renamed variable, port, command or health path fails here rather than in a deployment."""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from tests.conftest import unique
from tests.deploy.compose_model import ROOT, MissingVariable, model, platform_services, raw
from tests.faults import free_port

SECRETS = {
    "MMC_API_TOKEN": secrets.token_urlsafe(32),
    "MMC_MONGODB_USER": "mmc",
    "MMC_MONGODB_PASSWORD": secrets.token_urlsafe(16),
    "MMC_MONGODB_KEYFILE": secrets.token_urlsafe(48),
    "MMC_GRAFANA_ADMIN_PASSWORD": secrets.token_urlsafe(16),
}
COMPOSE = model(SECRETS)
SERVICES = platform_services(COMPOSE)


def test_every_secret_is_required_and_none_has_a_default() -> None:
    for name in SECRETS:
        with pytest.raises(MissingVariable, match=name):
            model({k: v for k, v in SECRETS.items() if k != name})
    text = (ROOT / "deploy" / "compose" / "compose.yaml").read_text()
    for name in SECRETS:
        assert f"${{{name}:-" not in text, f"{name} has a default"
    for spec in raw()["services"].values():
        for key, value in (spec.get("environment") or {}).items():
            if any(word in key for word in ("TOKEN", "PASSWORD", "SECRET", "KEY")):
                assert str(value).startswith("${"), key
                assert ":?" in str(value), key


@pytest.mark.parametrize("name", sorted(SERVICES))
def test_the_service_entry_is_consistent(name: str) -> None:
    spec = SERVICES[name]
    port = spec["environment"]["MMC_HTTP_PORT"]
    assert spec["build"]["args"] == {"SERVICE": name, "SERVICE_PORT": port}
    assert spec["ports"] == [f"127.0.0.1:{port}:{port}"]
    assert spec["command"] == ["python", "-m", f"mmc_{name}.app"]
    assert (ROOT / "services" / name / f"mmc_{name}" / "app.py").is_file()
    assert "/readyz" in " ".join(spec["healthcheck"]["test"])
    # A service that calls others (the gateway) also waits for them.
    calls = {other for other in SERVICES if f"MMC_{other.upper()}_URL" in spec["environment"]}
    after = {"kafka", "mongodb"} | calls
    assert spec["depends_on"] == {dep: {"condition": "service_healthy"} for dep in after}
    assert spec["environment"]["MMC_ENVIRONMENT"] == "production"
    assert spec["read_only"] is True
    assert spec["cap_drop"] == ["ALL"]
    prometheus = yaml.safe_load((ROOT / "deploy" / "compose" / "prometheus.yml").read_text())
    targets = prometheus["scrape_configs"][0]["static_configs"][0]["targets"]
    assert f"{name}:{port}" in targets


def healthcheck(spec: dict[str, Any], env: dict[str, str]) -> bool:
    """The declared healthcheck, run here (its `python` is this interpreter)."""
    kind, *command = spec["healthcheck"]["test"]
    assert kind == "CMD", "a CMD healthcheck runs without a shell"
    command = [sys.executable if part == "python" else part for part in command]
    timeout = float(spec["healthcheck"]["timeout"].rstrip("s")) + 2
    done = subprocess.run(command, env=env, capture_output=True, timeout=timeout, check=False)
    return done.returncode == 0


@pytest.mark.integration
@pytest.mark.parametrize("name", sorted(SERVICES))
def test_the_service_runs_as_the_compose_file_describes(
    name: str, kafka_bootstrap: str, mongodb_url: str, tmp_path: Path
) -> None:
    spec = SERVICES[name]
    env = {key: str(value) for key, value in spec["environment"].items()}
    env |= {
        "MMC_KAFKA_BOOTSTRAP_SERVERS": kafka_bootstrap,
        "MMC_MONGODB_URL": mongodb_url,
        "MMC_HTTP_PORT": str(free_port()),
        "MMC_TOPIC_PREFIX": unique("compose").replace("-", "_") + ".",
        "MMC_MONGODB_DATABASE": unique(f"compose_{name}").replace("-", "_"),
        "MMC_TOPIC_PARTITIONS": "1",  # the variable is honoured; one partition is faster here
        "PATH": os.environ["PATH"],
    }
    assert env["MMC_ENVIRONMENT"] == "production"  # not the tests' development mode
    command = [sys.executable if part == "python" else part for part in spec["command"]]
    log = tmp_path / f"{name}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        started = time.monotonic()
        budget = 60.0
        while not healthcheck(spec, env):
            assert process.poll() is None, f"{name} exited: {log.read_text()[-3000:]}"
            assert time.monotonic() - started < budget, f"{name} not healthy: {log.read_text()}"
            time.sleep(0.5)
        url = f"http://127.0.0.1:{env['MMC_HTTP_PORT']}"
        token = {"Authorization": f"Bearer {env['MMC_API_TOKEN']}"}
        path = spec["labels"]["mmc.smoke-path"]
        if spec["labels"].get("mmc.smoke-auth") == "session":
            token = {}  # pages with a sign-in of their own (the gateway)
        else:
            assert httpx.get(url + path, timeout=10).status_code == 401  # the token is required
        answer = httpx.get(url + path, headers=token, timeout=10)
        assert answer.status_code == 200, answer.text
        metrics = httpx.get(f"{url}/metrics", timeout=10)
        assert metrics.status_code == 200
        assert f'route="{path}"' in metrics.text
    finally:
        process.terminate()
        code = process.wait(30)
    # uvicorn drains, then re-raises SIGTERM so the exit status tells what stopped it.
    assert code in (0, -signal.SIGTERM), f"{name} exited {code}: {log.read_text()[-3000:]}"
    assert "Application shutdown complete" in log.read_text()
