"""The advocacy domain stays pure: no I/O libraries, no clock, no id generation (the Snowball
stemmers are pure functions)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import mmc_advocacy.domain

DOMAIN = Path(mmc_advocacy.domain.__file__).parent
MODULES = sorted(DOMAIN.glob("*.py"))
ALLOWED_IMPORTS = {
    "__future__",
    "collections",
    "dataclasses",
    "datetime",
    "enum",
    "functools",
    "re",
    "snowballstemmer",
    "math",
    "types",
    "typing",
    "unicodedata",
    "pydantic",
    "mmc_contracts",
    "mmc_advocacy",
    "mmc_chassis",
}
PURE_CHASSIS = {"mmc_chassis.aggregate"}
"""The chassis modules the domain may use: pure themselves (see tests/unit/chassis)."""
FORBIDDEN_CALLS = {"now", "today", "utcnow", "uuid4", "uuid1", "time", "monotonic", "random"}


@pytest.mark.parametrize("path", MODULES, ids=lambda path: path.name)
def test_domain_module_is_pure(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots = {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            roots = {(node.module or "").split(".")[0]}
        else:
            roots = set()
        assert roots <= ALLOWED_IMPORTS, f"{path.name} imports {roots - ALLOWED_IMPORTS}"
        if "mmc_chassis" in roots:
            assert isinstance(node, ast.ImportFrom), path.name
            assert node.module in PURE_CHASSIS, f"{path.name} imports {node.module}"
        if isinstance(node, ast.ImportFrom) and node.module == "mmc_advocacy":
            pytest.fail(f"{path.name} imports the service package")
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("mmc_advocacy."):
            assert (node.module or "").startswith("mmc_advocacy.domain"), path.name
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            assert node.func.attr not in FORBIDDEN_CALLS, f"{path.name} calls {node.func.attr}"


def test_public_api_is_exported() -> None:
    for name in mmc_advocacy.domain.__all__:
        assert getattr(mmc_advocacy.domain, name) is not None
