from __future__ import annotations

import pytest

from mmc_chassis.settings import ServiceSettings
from tests.conftest import unique


@pytest.fixture
def probe_settings(kafka_bootstrap: str, mongodb_url: str) -> ServiceSettings:
    """Settings with topics and a database of the test's own."""
    return ServiceSettings(
        service_name="probe",
        kafka_bootstrap_servers=kafka_bootstrap,
        mongodb_url=mongodb_url,
        mongodb_database=unique("probe").replace("-", "_"),
        topic_prefix=unique("t") + ".",
        relay_sweep_seconds=0.5,
        consumer_max_attempts=3,
        consumer_backoff_seconds=0.05,
        consumer_commit_interval_seconds=0.1,
    )
