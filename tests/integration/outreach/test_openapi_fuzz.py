"""Every operation of the outreach API, fuzzed from its OpenAPI document under every
Schemathesis check (`--checks all`, the shared runner `tests/openapi_fuzz.py`): no 5xx, answers
and their status codes, content types and headers as documented, invalid input refused, valid
input accepted unless a business rule listed in `services/outreach/README.md` refuses it.

Built like the cities service's fuzz test (`from_asgi`, the app's lifespan, on the real broker
and database, in Schemathesis' own loop); operations with ids in their path run once more with
real ids.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from pymongo import MongoClient
from schemathesis.python.asgi import get_client

import mmc_outreach
from mmc_outreach.app import build
from mmc_outreach.settings import OutreachSettings
from tests.openapi_fuzz import SEED_HEADERS as AUTH  # the actor rides on every case here
from tests.openapi_fuzz import assert_every_check

pytestmark = [
    pytest.mark.integration,
    pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisDeprecationWarning"),
]

README = Path(mmc_outreach.__file__).parents[1] / "README.md"


@pytest.fixture
def fuzzed_settings(
    outreach_settings: OutreachSettings, mongodb_url: str
) -> Iterator[OutreachSettings]:
    yield outreach_settings
    client: MongoClient[dict[str, Any]] = MongoClient(mongodb_url)
    with client:
        client.drop_database(outreach_settings.database_name)


@pytest.mark.timeout(1500)
def test_every_operation_passes_every_check(fuzzed_settings: OutreachSettings) -> None:
    runtime = build(fuzzed_settings)
    assert_every_check(runtime.http, README, _seed, service="outreach", operations=30)


def _seed(app: Any) -> dict[str, str]:
    """A real inquiry, nomination-call-free ids, and a funding opportunity."""
    client: requests.Session = get_client(app)
    inquiry = client.post(
        "/inquiries",
        json={
            "sender_name": "Fuzz Person",
            "sender_email": "fuzz@city.example.org",
            "subject": "A question",
            "message": "When is the forum?",
        },
        headers=AUTH,
    )
    assert inquiry.status_code == 201, inquiry.text
    return {"inquiry_id": inquiry.json()["id"]}
