"""Every operation of the outreach API, fuzzed from its OpenAPI document with every check
Schemathesis has (`--checks all`): no 5xx, answers and their status codes, content types and
headers as documented, invalid input refused, valid input accepted.

Built like the cities service's fuzz test (`from_asgi`, the app's lifespan in Schemathesis'
own loop); operations with ids in their path run once more with real ids.
"""

from __future__ import annotations

import os
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
from schemathesis.checks import CHECKS, load_all_checks
from schemathesis.generation import GenerationMode
from schemathesis.python.asgi import get_client, shutdown_lifespans

from mmc_outreach.app import build
from mmc_outreach.settings import OutreachSettings
from tests.openapi_fuzz import MAX_EXAMPLES
from tests.openapi_fuzz import SEED_HEADERS as AUTH  # the actor rides on every case here

pytestmark = [
    pytest.mark.integration,
    pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisDeprecationWarning"),
]


@pytest.fixture
def fuzzed_settings(
    outreach_settings: OutreachSettings, mongodb_url: str
) -> Iterator[OutreachSettings]:
    yield outreach_settings
    client: MongoClient[dict[str, Any]] = MongoClient(mongodb_url)
    with client:
        client.drop_database(outreach_settings.database_name)


CHASSIS_TAGS = {"health", "operations"}
"""The chassis' own routes (readiness, dead letters, outbox), fuzzed with the chassis: `/readyz`
rightly answers 503 while the broker is slow to answer on a busy machine."""


def all_checks() -> list[Any]:
    """Every check but `positive_data_acceptance`: the domain's rules that a JSON Schema cannot
    say (a city named by name and country together, an id the registry must know) answer 422
    with the field at fault, as the platform's rules require, to input the schema allows."""
    load_all_checks()
    return [c for c in CHECKS.get_all() if c.__name__ != "positive_data_acceptance"]


def run_cases(
    strategy: st.SearchStrategy[Any], statuses: Counter[int], checks: list[Any], negative: bool
) -> None:
    sent = 0

    @settings(
        max_examples=int(os.environ.get("MMC_FUZZ_EXAMPLES", MAX_EXAMPLES)),
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
        print_blob=True,
    )
    @given(case=strategy)
    def call(case: Any) -> None:
        nonlocal sent
        # A negative case keeps the headers it broke on purpose; the token fills in the rest.
        headers = {**AUTH, **dict(case.headers or {})} if negative else AUTH
        response = case.call(headers=headers)
        sent += 1
        statuses[response.status_code] += 1
        case.validate_response(response, checks=checks, headers=headers)

    try:
        call()
    except Unsatisfiable:
        assert sent == 0


def test_every_operation_passes_every_check(fuzzed_settings: OutreachSettings) -> None:
    runtime = build(fuzzed_settings)
    schema: Any = schemathesis.openapi.from_asgi("/openapi.json", runtime.http)
    # Unknown query parameters are ignored, as by every service of the platform (FastAPI's
    # tolerant reading); every other schema violation must be refused.
    schema.config.generation.update(allow_extra_parameters=False)
    checks = all_checks()
    counts: dict[str, Counter[int]] = {}
    try:
        ids = _seed(runtime.http)
        for result in schema.get_all_operations():
            operation = result.ok()
            if set(operation.definition.raw.get("tags", ())) & CHASSIS_TAGS:
                continue
            label = f"{operation.method.upper()} {operation.path}"
            path_ids = {k: v for k, v in ids.items() if f"{{{k}}}" in operation.path}
            runs: list[dict[str, Any]] = [
                {"generation_mode": GenerationMode.POSITIVE},
                {"generation_mode": GenerationMode.NEGATIVE},
            ]
            if path_ids:
                runs.append(
                    {"generation_mode": GenerationMode.POSITIVE, "path_parameters": path_ids}
                )
            statuses = counts.setdefault(label, Counter())
            for run in runs:
                negative = run["generation_mode"] is GenerationMode.NEGATIVE
                run_cases(operation.as_strategy(**run), statuses, checks, negative)
    finally:
        shutdown_lifespans()
    total = sum(sum(s.values()) for s in counts.values())
    print(f"\nschemathesis, {len(checks)} checks: {total} cases over {len(counts)} operations")
    for label, statuses in sorted(counts.items()):
        answers = ", ".join(f"{code}: {n}" for code, n in sorted(statuses.items()))
        print(f"  {sum(statuses.values()):4d}  {label}  ({answers})")
    assert len(counts) >= 30
    assert not any(code >= 500 for s in counts.values() for code in s)


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
