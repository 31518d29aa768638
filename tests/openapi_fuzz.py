"""Fuzzing a service's API from its OpenAPI document with Schemathesis: no 5xx, and every answer
as documented (status code, content type, headers, body schema), and for each service's own
routes the data checks too (`--checks all`: invalid input refused, valid input accepted unless a
business rule the service documents refuses it). `assert_every_check` runs it all.

Every operation runs with positive and negative generated input, and once more with real ids
in its path where the test gives some, so generated bodies reach the domain and the database.
Deterministic (derandomized, no example database) and bounded (`MAX_EXAMPLES` per run).
"""

from __future__ import annotations

import contextlib
import os
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import CHECKS as ALL_CHECKS
from schemathesis.checks import load_all_checks, not_a_server_error
from schemathesis.core.failures import Failure, FailureGroup
from schemathesis.generation import GenerationMode
from schemathesis.openapi.checks import RejectedPositiveData
from schemathesis.python.asgi import shutdown_lifespans
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
"""The answer is as documented, whatever the input: what `run_cases` checks (the chassis' own
routes); `fuzz_every_check` adds the data checks for each service's own."""


def _runs(path: str, real_ids: dict[str, str]) -> list[dict[str, Any]]:
    """Positive and negative cases, and positive ones again with the real ids `path` takes."""
    ids = {name: value for name, value in real_ids.items() if f"{{{name}}}" in path}
    runs: list[dict[str, Any]] = [
        {"generation_mode": GenerationMode.POSITIVE},
        {"generation_mode": GenerationMode.NEGATIVE},
    ]
    if ids:
        runs.append({"generation_mode": GenerationMode.POSITIVE, "path_parameters": ids})
    return runs


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


# --------------------------------------------------------------------------------------------
# Every check (`schemathesis run --checks all`), with the business rules a service documents
# --------------------------------------------------------------------------------------------

CHASSIS_TAGS = frozenset({"health", "operations"})
"""The chassis' own routes (readiness, dead letters, outbox): fuzzed with the response checks
only (`CHECKS`), since `/readyz` rightly answers 503 to valid input while the broker is slow to
answer on a busy machine."""

_RULE_ROW = re.compile(r"^\|\s*`(?P<ops>[^|]+?)`\s*\|\s*(?P<status>\d{3})\s*\|(?P<rule>.+)\|\s*$")


@dataclass(frozen=True)
class Refusal:
    """A schema-valid request a documented business rule refuses: the operation, the status."""

    operation: str  # "POST /materials/{material_id}/status"
    status: int


def documented_refusals(readme: Path) -> frozenset[Refusal]:
    """The refusals a service's README lists in its rules table: rows
    ``| `POST /a`, `POST /b/{id}` | 422 | the rule |``."""
    found: set[Refusal] = set()
    for line in readme.read_text(encoding="utf-8").splitlines():
        row = _RULE_ROW.match(line.strip())
        if row is None:
            continue
        for operation in re.findall(r"`?([A-Z]+ /[^`]*)`?", row["ops"]):
            found.add(Refusal(operation.strip(), int(row["status"])))
    return frozenset(found)


@dataclass
class FuzzReport:
    """Operation -> how often it answered each status; the failures, and the refusals by rule."""

    counts: dict[str, Counter[int]] = field(default_factory=dict)
    failures: Counter[str] = field(default_factory=Counter)
    refused: Counter[Refusal] = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return sum(sum(statuses.values()) for statuses in self.counts.values())

    def lines(self, title: str) -> list[str]:
        out = [f"{title}: {self.total} cases over {len(self.counts)} operations"]
        for label, statuses in sorted(self.counts.items()):
            answers = ", ".join(f"{code}: {n}" for code, n in sorted(statuses.items()))
            out.append(f"  {sum(statuses.values()):4d}  {label}  ({answers})")
        out.append(f"refused by a documented rule: {sum(self.refused.values())} cases")
        for refusal, n in sorted(self.refused.items(), key=lambda r: (r[0].operation, r[0].status)):
            out.append(f"  {n:4d}  {refusal.operation} -> {refusal.status}")
        out.append(f"failures: {sum(self.failures.values())}")
        return out


def fuzz_every_check(
    schema: Any,
    real_ids: dict[str, str],
    allowed: frozenset[Refusal],
    *,
    headers: dict[str, str] = SEED_HEADERS,
    max_examples: int = MAX_EXAMPLES,
) -> FuzzReport:
    """Every operation (but the chassis' own), positive and negative, and once more with real ids
    in its path, under every Schemathesis check. A failure is a finding unless it is a
    schema-valid request refused with a status the service documents for that operation (a
    business rule the schema cannot say). Unknown query parameters are ignored, as by every
    service of the platform (FastAPI's tolerant reading); every other violation must be refused.
    """
    load_all_checks()
    checks = list(ALL_CHECKS.get_all())
    # The runner sends the token itself: a case that "drops" it would be undone on the wire.
    schema.config.generation.update(allow_extra_parameters=False, with_security_parameters=False)
    report = FuzzReport()
    for result in schema.get_all_operations():
        operation = result.ok()
        label = f"{operation.method.upper()} {operation.path}"
        if label not in os.environ.get("MMC_FUZZ_ONLY", label).split("|"):
            continue  # a debugging aid: fuzz only these operations ("POST /a|GET /b")
        statuses = report.counts.setdefault(label, Counter())
        if set(operation.definition.raw.get("tags", ())) & CHASSIS_TAGS:
            for run in _runs(operation.path, real_ids):
                run_cases(operation.as_strategy(**run), statuses)
            continue
        for run in _runs(operation.path, real_ids):
            negative = run["generation_mode"] is GenerationMode.NEGATIVE
            _check_cases(
                operation.as_strategy(**run),
                label,
                statuses,
                report,
                checks=checks,
                allowed=allowed,
                headers=headers,
                negative=negative,
                max_examples=max_examples,
            )
    return report


def _check_cases(
    strategy: st.SearchStrategy[Any],
    label: str,
    statuses: Counter[int],
    report: FuzzReport,
    *,
    checks: list[Any],
    allowed: frozenset[Refusal],
    headers: dict[str, str],
    negative: bool,
    max_examples: int,
) -> None:
    @settings(
        max_examples=max_examples,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def call(case: Any) -> None:
        # A negative case keeps the headers it broke on purpose (a missing `X-MMC-Actor` stays
        # missing): only the token is added.
        token = {name: value for name, value in headers.items() if name == "Authorization"}
        sent = {**token, **dict(case.headers or {})} if negative else headers
        response = case.call(headers=sent)
        statuses[response.status_code] += 1
        try:
            case.validate_response(response, checks=checks, headers=sent)
        except (Failure, FailureGroup) as failure:  # every check's: collected, not raised
            found = failure.exceptions if isinstance(failure, FailureGroup) else (failure,)
            for one in found:
                refusal = Refusal(label, response.status_code)
                if isinstance(one, RejectedPositiveData) and refusal in allowed:
                    report.refused[refusal] += 1
                else:
                    title = f"{label} -> {response.status_code}: {one.title}"
                    said = " | ".join(line for line in str(one).splitlines() if line.strip())
                    report.failures[f"{title}: {said[:300]} | answer: {response.text[:300]}"] += 1

    with contextlib.suppress(Unsatisfiable):
        call()


def assert_every_check(
    app: Any,
    readme: Path,
    seed: Callable[[Any], dict[str, str]],
    *,
    service: str,
    operations: int,
) -> FuzzReport:
    """Fuzz a service's app (`schemathesis run --checks all`) with the real ids `seed` makes, and
    fail on anything but a refusal its README's rules table documents; prints the report.

    Schemathesis loads the schema from the ASGI app, which also runs the app's lifespan (real
    broker, real database) in its own event loop thread, so callers are synchronous tests.
    `MMC_FUZZ_ONLY` ("POST /a|GET /b") and `MMC_FUZZ_EXAMPLES` narrow a debugging run.
    """
    allowed = documented_refusals(readme)
    assert allowed, f"no rules table in {readme}"
    schema: Any = schemathesis.openapi.from_asgi("/openapi.json", app)
    examples = int(os.environ.get("MMC_FUZZ_EXAMPLES", MAX_EXAMPLES))
    try:
        report = fuzz_every_check(schema, seed(app), allowed, max_examples=examples)
    finally:
        shutdown_lifespans()
    print("\n" + "\n".join(report.lines(f"schemathesis --checks all ({service})")))
    if not os.environ.get("MMC_FUZZ_ONLY"):
        assert len(report.counts) >= operations
        assert report.total >= operations * examples
    assert not report.failures, "\n".join(f"{n} x {m}" for m, n in report.failures.items())
    return report
