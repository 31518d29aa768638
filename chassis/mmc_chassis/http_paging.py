"""Paging a list the same way in every service: `limit` and `offset` in, a `Page` out."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar

from fastapi import Depends

from mmc_chassis.http_models import Page
from mmc_chassis.http_params import Limit, Offset
from mmc_chassis.repository import Listing

__all__ = ["PageRequest", "Paging", "page_of"]

T = TypeVar("T")
P = TypeVar("P", bound=Page[Any])


@dataclass(frozen=True)
class PageRequest:
    limit: int
    offset: int


def page_request(limit: Limit = 50, offset: Offset = 0) -> PageRequest:
    return PageRequest(limit=limit, offset=offset)


Paging = Annotated[PageRequest, Depends(page_request)]
"""A list route's `limit` (1 to 200, 50 by default) and `offset` query parameters."""


def page_of(
    page_type: type[P], listing: Listing[T], convert: Callable[[T], Any], paging: PageRequest
) -> P:
    """The response page of `listing`, each item converted to its response model."""
    return page_type(
        items=[convert(item) for item in listing.items],
        total=listing.total,
        limit=paging.limit,
        offset=paging.offset,
    )
