"""Every operation of the webhooks API, fuzzed from its OpenAPI document: never a 5xx, every
answer as documented (see tests/openapi_fuzz.py). Synchronous, like the other services' fuzz
tests: Schemathesis runs the app's lifespan in its own event loop thread."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import requests
import schemathesis
from pymongo import MongoClient
from schemathesis.python.asgi import get_client, shutdown_lifespans

from mmc_webhooks.app import build
from mmc_webhooks.settings import WebhooksSettings
from tests.conftest import unique
from tests.openapi_fuzz import SEED_HEADERS, assert_no_server_error, fuzz_operations

pytestmark = [
    pytest.mark.integration,
    pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisDeprecationWarning"),
]


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


def test_no_operation_answers_with_a_server_error(fuzzed_settings: WebhooksSettings) -> None:
    runtime = build(fuzzed_settings)
    schema = schemathesis.openapi.from_asgi("/openapi.json", runtime.http)
    try:
        endpoint_id, replay_id = _seed(runtime.http)
        counts = fuzz_operations(schema, {"endpoint_id": endpoint_id, "replay_id": replay_id})
    finally:
        shutdown_lifespans()
    assert_no_server_error(counts, 11)


def _seed(app: Any) -> tuple[str, str]:
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
    return endpoint_id, replay_id
