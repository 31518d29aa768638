"""Every operation of the advocacy API, fuzzed from its OpenAPI document with every
Schemathesis check (`--checks all`): no 5xx, every status code and response body as documented,
negative data rejected, positive data accepted where the rules allow.

Schemathesis loads the schema from the ASGI app (`from_asgi`), which also runs the app's
lifespan in its own event loop thread, so this test is synchronous and builds its own service.
Operations with ids in their path also run with real ids (a campaign, a statement, a moment with
a city input, a pledge, a resource, a city), so generated bodies reach the domain.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from pymongo import MongoClient
from schemathesis.checks import positive_data_acceptance
from schemathesis.generation import GenerationMode
from schemathesis.python.asgi import get_client, shutdown_lifespans

from mmc_advocacy.adapters.cities_view import KNOWN_CITIES
from mmc_advocacy.app import build
from mmc_advocacy.settings import AdvocacySettings
from tests.openapi_fuzz import MAX_EXAMPLES
from tests.openapi_fuzz import SEED_HEADERS as AUTH  # the actor rides on every case here

pytestmark = [
    pytest.mark.integration,
    pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisDeprecationWarning"),
]

EXCLUDED = [positive_data_acceptance]
"""Schema-valid input the business rules refuse is answered 403, 409 or 422 by design (a
move the life cycle forbids, a city the registry does not know, a day in the future): these
answers are documented on each operation, and `status_code_conformance` checks them."""

TOLERATED_NEGATIVES = (
    re.compile(r"^- query: violates `additionalProperties`$"),
    re.compile(r"^- header: violates `required` \(was (Authorization|X-MMC-Actor)\)$"),
)
"""Negative cases `negative_data_rejection` reports that are not ours to reject: a query
parameter the operation does not declare is ignored (as HTTP APIs do; FastAPI never forbids
them), and a case that drops a required header gets it back from the runner's own headers."""


def _text(failure: BaseException) -> str:
    return str(failure) + "".join(
        "\n" + str(e) for e in getattr(failure, "exceptions", ()) if isinstance(e, BaseException)
    )


def tolerated(failure: BaseException) -> bool:
    """Whether every invalid component a rejected-negative failure names is tolerated."""
    text = _text(failure)
    if "Schema-violating request accepted" not in text:
        return False
    parts = [line.strip() for line in text.splitlines() if line.strip().startswith("- ")]
    components = [p for p in parts if p.startswith(("- query:", "- header:", "- body:", "- path"))]
    return bool(components) and all(
        any(pattern.match(c) for pattern in TOLERATED_NEGATIVES) for c in components
    )


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
    schema: Any = schemathesis.openapi.from_asgi("/openapi.json", runtime.http)
    failures: Counter[str] = Counter()
    counts: dict[str, Counter[int]] = {}
    try:
        ids = _seed(runtime.http)
        for result in schema.get_all_operations():
            operation = result.ok()
            label = f"{operation.method.upper()} {operation.path}"
            if os.environ.get("MMC_FUZZ_ONLY", label) != label:
                continue  # a debugging aid: fuzz one operation
            real = {n: v for n, v in ids.items() if f"{{{n}}}" in operation.path}
            runs: list[dict[str, Any]] = [
                {"generation_mode": GenerationMode.POSITIVE},
                {"generation_mode": GenerationMode.NEGATIVE},
            ]
            if real:
                runs.append({"generation_mode": GenerationMode.POSITIVE, "path_parameters": real})
            statuses = counts.setdefault(label, Counter())
            for run in runs:
                _run(operation.as_strategy(**run), label, statuses, failures)
    finally:
        shutdown_lifespans()
    total = sum(sum(s.values()) for s in counts.values())
    print(f"\nschemathesis (all checks): {total} cases over {len(counts)} operations")
    for label, statuses in sorted(counts.items()):
        answers = ", ".join(f"{code}: {n}" for code, n in sorted(statuses.items()))
        print(f"  {sum(statuses.values()):4d}  {label}  ({answers})")
    if not os.environ.get("MMC_FUZZ_ONLY"):
        assert len(counts) >= 30
        assert total >= 30 * MAX_EXAMPLES
    assert not failures, "\n".join(f"{n} x {message}" for message, n in failures.items())


def _run(
    strategy: st.SearchStrategy[Any], label: str, statuses: Counter[int], failures: Counter[str]
) -> None:
    @settings(
        max_examples=MAX_EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def call(case: Any) -> None:
        response = case.call(headers=AUTH)
        statuses[response.status_code] += 1
        try:
            case.validate_response(response, headers=AUTH, excluded_checks=EXCLUDED)
        except (Exception, BaseExceptionGroup) as failure:  # every check's: collected
            if tolerated(failure):
                return
            first = [line.strip() for line in _text(failure).strip().splitlines() if line.strip()][
                :14
            ]
            failures[f"{label} -> {response.status_code}: {' | '.join(first)}"] += 1

    with contextlib.suppress(Unsatisfiable):
        call()


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
