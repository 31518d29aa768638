"""Paging a list the same way in every service: `limit` and `offset` in, a `Page` out."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, Protocol, TypeVar

from fastapi import Depends

from mmc_chassis.http_models import Page
from mmc_chassis.http_params import Limit, Offset
from mmc_chassis.repository import Listing

__all__ = ["PageRequest", "Pager", "Paging", "page_of", "paged"]

T = TypeVar("T")
F = TypeVar("F", contravariant=True)
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


class Pager(Protocol[F, T]):
    """What lists in pages (a repository, a read model), given what to list (a filter)."""

    async def page(self, where: F, *, limit: int, offset: int) -> Listing[T]: ...


async def paged(
    page_type: type[P],
    source: Pager[F, T],
    where: F,
    paging: PageRequest,
    convert: Callable[[T], Any],
) -> P:
    """The response page of what `source` lists for `where`, each item converted."""
    found = await source.page(where, limit=paging.limit, offset=paging.offset)
    return page_of(page_type, found, convert, paging)
