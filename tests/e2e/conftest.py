from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import unique
from tests.e2e.service_process import ServiceProcess


@pytest.fixture
def cities_env(kafka_bootstrap: str, mongodb_url: str) -> dict[str, str]:
    """The cities service's environment with a database and topics of the test's own."""
    return {
        "MMC_KAFKA_BOOTSTRAP_SERVERS": kafka_bootstrap,
        "MMC_MONGODB_URL": mongodb_url,
        "MMC_MONGODB_DATABASE": unique("e2e_cities").replace("-", "_"),
        "MMC_TOPIC_PREFIX": unique("e2e") + ".",
        "MMC_RELAY_SWEEP_SECONDS": "0.5",
    }


@pytest.fixture
def processes(tmp_path: Path) -> Iterator[list[ServiceProcess]]:
    """Service processes a test starts; whatever still runs at the end is stopped."""
    started: list[ServiceProcess] = []
    yield started
    for process in started:
        process.stop()
