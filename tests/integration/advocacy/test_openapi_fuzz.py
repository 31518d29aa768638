"""Every operation of the advocacy API, fuzzed from its OpenAPI document under every
Schemathesis check (`--checks all`, the shared runner `tests/openapi_fuzz.py`): no 5xx, every
status code and response body as documented, negative data rejected, and positive data accepted
unless a business rule listed in `services/advocacy/README.md` refuses it.

Schemathesis loads the schema from the ASGI app (`from_asgi`), which also runs the app's
lifespan (real broker, real database) in its own event loop thread, so this test is synchronous
and builds its own service. Operations with ids in their path also run with real ids (a
campaign, a statement, a moment with a city input, a pledge, a resource, a city), so generated
bodies reach the domain.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from pymongo import MongoClient
from schemathesis.python.asgi import get_client

import mmc_advocacy
from mmc_advocacy.adapters.cities_view import KNOWN_CITIES
from mmc_advocacy.app import build
from mmc_advocacy.settings import AdvocacySettings
from tests.openapi_fuzz import SEED_HEADERS as AUTH  # the actor rides on every case here
from tests.openapi_fuzz import assert_every_check

pytestmark = [
    pytest.mark.integration,
    pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisDeprecationWarning"),
]

README = Path(mmc_advocacy.__file__).parents[1] / "README.md"

CITY_ID = "fuzz-city"


@pytest.fixture
def fuzzed_settings(
    advocacy_settings: AdvocacySettings, mongodb_url: str
) -> Iterator[AdvocacySettings]:
    client: MongoClient[dict[str, Any]] = MongoClient(mongodb_url)
    with client:
        # A city of the registry in advocacy's read model, as `mmc.cities.city.v2` would bring.
        client[advocacy_settings.database_name][KNOWN_CITIES].insert_one(
            {
                "_id": CITY_ID,
                "name": "Fuzzville",
                "search_name": "fuzzville",
                "country_code": "SL",
                "region": "Africa",
                "partnership_status": "partner",
            }
        )
        yield advocacy_settings
        client.drop_database(advocacy_settings.database_name)


@pytest.mark.timeout(1500)
def test_no_operation_fails_a_check(fuzzed_settings: AdvocacySettings) -> None:
    runtime = build(fuzzed_settings)
    assert_every_check(runtime.http, README, _seed, service="advocacy", operations=30)


def _seed(app: Any) -> dict[str, str]:
    client: requests.Session = get_client(app)

    def post(url: str, body: dict[str, Any]) -> dict[str, Any]:
        response = client.post(url, json=body, headers=AUTH)
        assert response.status_code == 201, response.text
        created: dict[str, Any] = response.json()
        return created

    moment = post(
        "/policy-moments",
        {
            "name": "GFMD Summit",
            "series": "gfmd",
            "scope": "global",
            "starts_on": "2027-01-20",
            "ends_on": "2027-01-22",
            "venue": "Geneva",
        },
    )
    with_input = post(
        f"/policy-moments/{moment['id']}/inputs",
        {"city_id": CITY_ID, "kind": "statement", "title": "Fuzz input"},
    )
    campaign = post(
        "/campaigns",
        {
            "name": "Fuzz campaign",
            "goal": "Test",
            "starts_on": "2026-11-01",
            "ends_on": "2027-02-01",
            "owner": "fuzzer",
        },
    )
    material = post(
        "/materials",
        {"kind": "public_statement", "title": "Fuzz statement", "text": "We call..."},
    )
    pledge = post(
        "/pledges",
        {
            "city_id": CITY_ID,
            "title": "Fuzz pledge",
            "description": "A pledge",
            "made_on": "2024-01-01",
            "gcm_objectives": [1],
        },
    )
    resource = post(
        "/resources",
        {"kind": "guide", "title": "Fuzz guide", "summary": "A guide", "topics": ["fuzz"]},
    )
    return {
        "moment_id": moment["id"],
        "input_id": with_input["inputs"][0]["id"],
        "campaign_id": campaign["id"],
        "material_id": material["id"],
        "pledge_id": pledge["id"],
        "resource_id": resource["id"],
        "city_id": CITY_ID,
    }
