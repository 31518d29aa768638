"""Every operation of the cities API, fuzzed from its OpenAPI document: never a 5xx.

Schemathesis loads the schema from the ASGI app (`from_asgi`), which also starts the app's
lifespan in Schemathesis' own event loop thread, where every case is then sent; so this test is
synchronous and builds its own service (not the `cities` fixture, whose lifespan runs in the
test session's loop). Each operation runs with positive and negative data, and the operations
with ids in their path once more with the ids of a real city and assistance request, so the
generated bodies reach the domain and the database. Deterministic: derandomized, no example
database.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import requests
import schemathesis
from pymongo import MongoClient
from schemathesis.python.asgi import get_client, shutdown_lifespans

from mmc_cities.app import build
from mmc_cities.settings import CitiesSettings
from tests.openapi_fuzz import SEED_HEADERS, assert_no_server_error, fuzz_operations

pytestmark = [
    pytest.mark.integration,
    # Schemathesis' own strategies use `random`; Hypothesis warns about it, nothing to act on.
    pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisDeprecationWarning"),
]


@pytest.fixture
def fuzzed_settings(cities_settings: CitiesSettings, mongodb_url: str) -> Iterator[CitiesSettings]:
    yield cities_settings
    client: MongoClient[dict[str, Any]] = MongoClient(mongodb_url)
    with client:
        client.drop_database(cities_settings.database_name)


def test_no_operation_answers_with_a_server_error(fuzzed_settings: CitiesSettings) -> None:
    runtime = build(fuzzed_settings)
    schema = schemathesis.openapi.from_asgi("/openapi.json", runtime.http)
    try:
        city_id, request_id = _seed(runtime.http)
        counts = fuzz_operations(schema, {"city_id": city_id, "request_id": request_id})
    finally:
        shutdown_lifespans()
    assert_no_server_error(counts, 18)


def _seed(app: Any) -> tuple[str, str]:
    """A real city and assistance request, for the operations that take ids."""
    client: requests.Session = get_client(app)
    city = client.post(
        "/cities",
        json={"name": "Fuzzville", "country_code": "SL", "size_class": "secondary"},
        headers=SEED_HEADERS,
    )
    assert city.status_code == 201, city.text
    city_id: str = city.json()["id"]
    request = client.post(
        f"/cities/{city_id}/assistance-requests",
        json={"kind": "strategy_development", "title": "Plan", "requested_by": "Mayor"},
        headers=SEED_HEADERS,
    )
    assert request.status_code == 201, request.text
    request_id: str = request.json()["id"]
    return city_id, request_id
