"""Every operation of the board API, fuzzed from its OpenAPI document under every Schemathesis
check (`--checks all`, the shared runner `tests/openapi_fuzz.py`): nothing fails but a refusal
listed in `services/board/README.md`.

Schemathesis loads the schema from the ASGI app (`from_asgi`), which also starts the app's
lifespan in Schemathesis' own event loop thread, where every case is then sent; so this test is
synchronous and builds its own service. The board's read model first gets a partner city (a
`CityRegistered` published on the test's own topics), and the test seeds a membership, a
vacancy, a nomination, an open round and a meeting, so that each operation with ids in its path
runs once more with real ids and the generated bodies reach the domain and the database.
Deterministic: derandomized, no example database. Bounded: at most 25 cases per run.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import requests
from pymongo import MongoClient
from schemathesis.python.asgi import get_client

import mmc_board
from mmc_board.app import build
from mmc_board.settings import BoardSettings
from tests.integration.board.conftest import city_registered, publish
from tests.openapi_fuzz import SEED_HEADERS, assert_every_check

pytestmark = [
    pytest.mark.integration,
    # Schemathesis' own strategies use `random`; Hypothesis warns about it, nothing to act on.
    pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisDeprecationWarning"),
]

README = Path(mmc_board.__file__).parents[1] / "README.md"

PATH_IDS = ("membership_id", "vacancy_id", "nomination_id", "round_id", "meeting_id", "city_id")


@pytest.fixture
def fuzzed_settings(board_settings: BoardSettings, mongodb_url: str) -> Iterator[BoardSettings]:
    yield board_settings
    client: MongoClient[dict[str, Any]] = MongoClient(mongodb_url)
    with client:
        client.drop_database(board_settings.database_name)


@pytest.mark.timeout(1500)
def test_no_operation_fails_a_check(fuzzed_settings: BoardSettings) -> None:
    runtime = build(fuzzed_settings)
    assert_every_check(
        runtime.http,
        README,
        lambda app: _seed(app, fuzzed_settings),
        service="board",
        operations=28,
    )


def _seed(app: Any, board_settings: BoardSettings) -> dict[str, str]:
    """Real ids for the operations that take them."""
    client: requests.Session = get_client(app)
    today = datetime.now(UTC).date()
    cities = [
        city_registered("Fuzzville", "SL", "Africa", "Sub-Saharan Africa", mayor="F. Mayor"),
        city_registered("Leaving", "GH", "Africa", "Sub-Saharan Africa", mayor="L. Mayor"),
        city_registered("Staying", "JO", "Asia", "Western Asia", mayor="S. Mayor"),
    ]
    asyncio.run(
        publish(board_settings.kafka_bootstrap_servers, board_settings.topic_prefix, *cities)
    )
    deadline = time.monotonic() + 30
    while any(
        client.get(f"/cities/{c.aggregate_id}", headers=SEED_HEADERS).status_code != 200
        for c in cities
    ):
        assert time.monotonic() < deadline, "the seeded cities never reached the read model"
        time.sleep(0.1)
    fuzzville, leaving_city, staying_city = (c.aggregate_id for c in cities)

    def post(url: str, body: dict[str, Any], status: int = 201) -> dict[str, Any]:
        response = client.post(url, json=body, headers=SEED_HEADERS)
        assert response.status_code == status, f"{url}: {response.text}"
        answer: dict[str, Any] = response.json()
        return answer

    start = (today - timedelta(days=30)).isoformat()
    leaving = post("/memberships", {"city_id": leaving_city, "term_start": start, "seat": 1})
    staying = post("/memberships", {"city_id": staying_city, "term_start": start, "seat": 2})
    yesterday = (today - timedelta(days=1)).isoformat()
    departure = post(
        f"/memberships/{leaving['id']}/departure",
        {"reason": "resigned", "on": yesterday},
        200,
    )
    vacancy_id = departure["vacancy"]["id"]
    post("/voters", {"id": "iom", "name": "IOM"})
    nomination = post(
        "/nominations",
        {
            "city_id": fuzzville,
            "nominated_by_name": "Deputy",
            "nominated_by_role": "Deputy Mayor",
            "statement": "The best mayor for the Board, by far.",
        },
    )
    selection = post("/rounds", {"vacancy_id": vacancy_id, "candidates": [nomination["id"]]})
    meeting = post(
        "/meetings",
        {"held_on": yesterday, "title": "Seed meeting", "attendees": [staying["id"]]},
    )
    return {
        "membership_id": staying["id"],
        "vacancy_id": vacancy_id,
        "nomination_id": nomination["id"],
        "round_id": selection["id"],
        "meeting_id": meeting["id"],
        "city_id": fuzzville,
    }
