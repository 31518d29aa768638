"""Where the tests find a real Kafka broker and a real MongoDB-wire server.

In order: addresses given in the environment (`MMC_KAFKA_BOOTSTRAP_SERVERS`, `MMC_MONGODB_URL`),
testcontainers when a Docker engine answers, else the local processes of `deploy/local/infra.sh`
(started here if they are not running, and stopped again at the end of the session).
"""

from __future__ import annotations

import logging
import os
import subprocess
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
INFRA_SCRIPT = ROOT / "deploy" / "local" / "infra.sh"

log = logging.getLogger("tests.infra")


@dataclass(frozen=True)
class Infra:
    kafka_bootstrap: str
    mongodb_url: str
    origin: str  # "environment", "testcontainers" or "local processes"


def docker_answers() -> bool:
    try:
        import docker

        client = docker.from_env(timeout=3)
        client.ping()
        return True
    except Exception:
        return False


@contextmanager
def from_testcontainers() -> Iterator[Infra]:
    from testcontainers.kafka import KafkaContainer
    from testcontainers.mongodb import MongoDbContainer

    with (
        KafkaContainer("confluentinc/cp-kafka:7.6.1").with_kraft() as kafka,
        MongoDbContainer("mongo:7.0") as mongo,
    ):
        yield Infra(kafka.get_bootstrap_server(), mongo.get_connection_url(), "testcontainers")


def local_addresses() -> dict[str, str]:
    out = subprocess.run(
        [str(INFRA_SCRIPT), "env"], check=True, capture_output=True, text=True
    ).stdout
    pairs = (line.removeprefix("export ").split("=", 1) for line in out.splitlines())
    return {pair[0]: pair[1] for pair in pairs}


@contextmanager
def from_local_processes() -> Iterator[Infra]:
    was_running = subprocess.run([str(INFRA_SCRIPT), "status"], capture_output=True).returncode == 0
    if not was_running:
        subprocess.run([str(INFRA_SCRIPT), "up"], check=True)
    try:
        env = local_addresses()
        yield Infra(env["MMC_KAFKA_BOOTSTRAP_SERVERS"], env["MMC_MONGODB_URL"], "local processes")
    finally:
        if not was_running:
            subprocess.run([str(INFRA_SCRIPT), "down"], check=False)


@contextmanager
def real_infrastructure(
    environ: dict[str, str] | None = None,
    docker_check: Callable[[], bool] = docker_answers,
) -> Iterator[Infra]:
    environ = dict(os.environ) if environ is None else environ
    kafka, mongo = environ.get("MMC_KAFKA_BOOTSTRAP_SERVERS"), environ.get("MMC_MONGODB_URL")
    with ExitStack() as stack:
        if kafka and mongo:
            infra = Infra(kafka, mongo, "environment")
        elif docker_check():
            infra = stack.enter_context(from_testcontainers())
        else:
            infra = stack.enter_context(from_local_processes())
        log.info("tests use Kafka at %s and MongoDB at %s (%s)", *vars(infra).values())
        yield infra
