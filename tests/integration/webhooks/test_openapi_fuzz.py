"""Every operation of the webhooks API, fuzzed from its OpenAPI document under every
Schemathesis check (tests/openapi_fuzz.py): nothing fails but a refusal its README documents.
Synchronous, like the other services' fuzz tests: Schemathesis runs the app's lifespan in its
own event loop thread."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from pymongo import MongoClient
from schemathesis.python.asgi import get_client

import mmc_webhooks
from mmc_webhooks.app import build
from mmc_webhooks.settings import WebhooksSettings
from tests.conftest import unique
from tests.openapi_fuzz import SEED_HEADERS, assert_every_check

pytestmark = [
    pytest.mark.integration,
    pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisDeprecationWarning"),
]

README = Path(mmc_webhooks.__file__).parents[1] / "README.md"


@pytest.fixture
def fuzzed_settings(kafka_bootstrap: str, mongodb_url: str) -> Iterator[WebhooksSettings]:
    settings = WebhooksSettings(
        service_name=unique("webhooks-fuzz"),
        kafka_bootstrap_servers=kafka_bootstrap,
        mongodb_url=mongodb_url,
        mongodb_database=unique("webhooks").replace("-", "_"),
        topic_prefix=unique("whf").replace("-", "") + ".",
        webhook_allowed_targets=["127.0.0.1"],
        log_json=False,
    )
    yield settings
    client: MongoClient[dict[str, Any]] = MongoClient(mongodb_url)
    with client:
        client.drop_database(settings.database_name)


@pytest.mark.timeout(900)
def test_no_operation_fails_a_check(fuzzed_settings: WebhooksSettings) -> None:
    runtime = build(fuzzed_settings)
    assert_every_check(runtime.http, README, _seed, service="webhooks", operations=11)


def _seed(app: Any) -> dict[str, str]:
    """A real endpoint and replay, for the operations that take ids."""
    client: requests.Session = get_client(app)
    endpoint = client.post(
        "/endpoints",
        json={
            "url": "http://127.0.0.1:9/hooks",
            "topics": ["mmc.cities.city.v2"],
            "owner_contact": "fuzz@partner.example.org",
        },
        headers=SEED_HEADERS,
    )
    assert endpoint.status_code == 201, endpoint.text
    endpoint_id: str = endpoint.json()["id"]
    replay = client.post(
        f"/endpoints/{endpoint_id}/replays",
        json={"since": "2026-12-01T00:00:00Z", "until": "2026-12-02T00:00:00Z"},
        headers=SEED_HEADERS,
    )
    assert replay.status_code == 202, replay.text
    replay_id: str = replay.json()["id"]
    return {"endpoint_id": endpoint_id, "replay_id": replay_id}
