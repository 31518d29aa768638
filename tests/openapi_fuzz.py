"""Fuzzing a service's API from its OpenAPI document with Schemathesis: no 5xx, and every answer
as documented (status code, content type, headers, body schema).

Every operation runs with positive and negative generated input, and once more with real ids
in its path where the test gives some, so generated bodies reach the domain and the database.
Deterministic (derandomized, no example database) and bounded (`MAX_EXAMPLES` per run).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from mmc_chassis.settings import DEVELOPMENT_API_TOKEN

MAX_EXAMPLES = 25
AUTH = {"Authorization": f"Bearer {DEVELOPMENT_API_TOKEN}"}
"""What every fuzzed request carries; `X-MMC-Actor` is the generated case's own (valid or not)."""
SEED_HEADERS = {**AUTH, "X-MMC-Actor": "fuzzer"}
"""What the tests' own set-up requests carry."""
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
"""The answer is as documented, whatever the input. The data checks (negative rejection, positive
acceptance) run with `schemathesis run --checks all` against the served services (README): here
the harness adds the token to every case, which those checks would count as a mutation undone."""


def fuzz_operations(schema: Any, real_ids: dict[str, str]) -> dict[str, Counter[int]]:
    """Operation -> how often it answered each status code."""
    counts: dict[str, Counter[int]] = {}
    for result in schema.get_all_operations():
        operation = result.ok()
        label = f"{operation.method.upper()} {operation.path}"
        ids = {name: value for name, value in real_ids.items() if f"{{{name}}}" in operation.path}
        runs: list[dict[str, Any]] = [
            {"generation_mode": GenerationMode.POSITIVE},
            {"generation_mode": GenerationMode.NEGATIVE},
        ]
        if ids:
            runs.append({"generation_mode": GenerationMode.POSITIVE, "path_parameters": ids})
        statuses = counts.setdefault(label, Counter())
        for run in runs:
            run_cases(operation.as_strategy(**run), statuses)
    return counts


def run_cases(strategy: st.SearchStrategy[Any], statuses: Counter[int]) -> None:
    sent = 0

    @settings(
        max_examples=MAX_EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate, Phase.shrink],
        suppress_health_check=list(HealthCheck),
        print_blob=True,
    )
    @given(case=strategy)
    def call(case: Any) -> None:
        nonlocal sent
        response = case.call(headers=AUTH)
        sent += 1
        statuses[response.status_code] += 1
        case.validate_response(response, checks=CHECKS)

    try:
        call()
    except Unsatisfiable:
        # No invalid input exists for an operation without parameters (`GET /healthz`).
        assert sent == 0
