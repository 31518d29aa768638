"""OpenAPI links: where the id a route answers with can be used next (clients and fuzzers follow
them from a created resource to the operations on it)."""

from __future__ import annotations

import re
from typing import Any

__all__ = ["links_to"]


def links_to(parameter: str, *operations: str, status: int = 201) -> dict[int | str, Any]:
    """The `responses` entry linking the answer's `id` to `operations` ("get /rounds/{round_id}")
    as their path parameter `parameter`."""
    links: dict[str, Any] = {}
    for operation in operations:
        method, path = operation.split(" ", 1)
        pointer = path.replace("~", "~0").replace("/", "~1")
        name = re.sub(r"[^A-Za-z0-9]+", "_", f"{method} {path}").strip("_")
        links[name] = {
            "operationRef": f"#/paths/{pointer}/{method.lower()}",
            "parameters": {parameter: "$response.body#/id"},
        }
    return {status: {"links": links}}
