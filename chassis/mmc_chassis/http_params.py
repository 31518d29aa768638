"""Path and query parameters, and documented error answers, that every service's routes share.

So that a list pages, filters and names its ids the same way in every service, and every route's
OpenAPI entry says which errors it can answer.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Path, Query

from mmc_chassis.http_models import ID_PATTERN, ErrorOut, ValidationErrorOut

MAX_OFFSET = 1_000_000
FILTER_TEXT_PATTERN = r"^[^\x00-\x1f\x7f]*$"

Responses = dict[int | str, dict[str, Any]]


def id_path(what: str) -> Any:
    """The path parameter naming one aggregate: `Annotated[str, id_path("city")]`."""
    return Path(
        min_length=1,
        max_length=64,
        pattern=ID_PATTERN,
        description=f"The {what}'s id.",
        examples=["3f1c9a0d2b4e4f6a8c1d2e3f4a5b6c7d"],
    )


Limit = Annotated[int, Query(ge=1, le=200, description="Page size.")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Items to skip.")]
IdFilter = Annotated[
    str | None, Query(min_length=1, max_length=64, pattern=ID_PATTERN, description="An id.")
]
FilterText = Annotated[str | None, Query(max_length=120, pattern=FILTER_TEXT_PATTERN)]


def not_found(what: str = "No such id.") -> Responses:
    return {404: {"model": ErrorOut, "description": what}}


def conflict(description: str) -> Responses:
    return {409: {"model": ErrorOut, "description": description}}


def invalid(description: str) -> Responses:
    return {422: {"model": ValidationErrorOut, "description": description}}


COMMON_RESPONSES: Responses = {
    401: {"model": ErrorOut, "description": "The API token is missing or wrong."},
    503: {
        "model": ErrorOut,
        "description": "The database is unreachable or busy; `Retry-After` says when to try "
        "again. Nothing was changed.",
        "headers": {"Retry-After": {"schema": {"type": "integer"}, "description": "Seconds."}},
    },
}
"""Every route of a service's API can answer these."""
