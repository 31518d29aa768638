"""Every operation of the cities API, fuzzed from its OpenAPI document under every Schemathesis
check (`--checks all`, the shared runner `tests/openapi_fuzz.py`): no 5xx, every status code and
response body as documented, negative data rejected, and positive data accepted unless a business
rule listed in `services/cities/README.md` refuses it.

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
from pathlib import Path
from typing import Any

import pytest
import requests
from pymongo import MongoClient
from schemathesis.python.asgi import get_client

import mmc_cities
from mmc_cities.app import build
from mmc_cities.settings import CitiesSettings
from tests.openapi_fuzz import SEED_HEADERS, assert_every_check

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


README = Path(mmc_cities.__file__).parents[1] / "README.md"


@pytest.mark.timeout(1500)
def test_no_operation_fails_a_check(fuzzed_settings: CitiesSettings) -> None:
    runtime = build(fuzzed_settings)
    assert_every_check(runtime.http, README, _seed, service="cities", operations=18)


def _seed(app: Any) -> dict[str, str]:
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
    return {"city_id": city_id, "request_id": request_id}
