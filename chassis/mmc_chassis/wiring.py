"""A service's wiring, the same in every service: its runtime, indexes, parts and routes.

`app.py` builds the runtime (`service_runtime`), its stores and read models, bundles what the
routes and reactions need in one frozen dataclass (the service's parts) and serves it with its
topics, routers and subscribers (`serve`). A route receives the parts as a parameter annotated
with `parts_of(TheParts)`, so routers are plain module-level `APIRouter`s, not closures over
the service's objects.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, TypeVar

from fastapi import APIRouter, Depends, Request
from opentelemetry.sdk.trace import TracerProvider
from pymongo import IndexModel

from mmc_chassis.consumer import EventConsumer
from mmc_chassis.http_edges import install_http_edges
from mmc_chassis.repository import ensure_indexes
from mmc_chassis.runtime import ServiceRuntime
from mmc_chassis.settings import ServiceSettings

__all__ = ["parts_of", "serve", "service_runtime"]

P = TypeVar("P")


def service_runtime(
    settings: ServiceSettings,
    title: str,
    description: str,
    provider: TracerProvider | None = None,
    indexes: Mapping[str, Sequence[IndexModel]] | None = None,
    *,
    error_statuses: Mapping[type[Exception], int] | None = None,
) -> ServiceRuntime:
    """The runtime of a service whose domain raises `mmc_contracts.rules` errors, creating the
    missing `indexes` (collection -> indexes) at start-up; `error_statuses` maps a service's
    own refusals (a subclass of a rules error, say) to their HTTP status."""
    runtime = ServiceRuntime(
        settings,
        title=title,
        description=description,
        provider=provider,  # the runtime dead-letters domain refusals and invalid events itself
        error_statuses=dict(error_statuses) if error_statuses else None,
    )
    if indexes:
        wanted = dict(indexes)

        async def create_indexes() -> None:
            # The traits are found before the start-up hooks run: no second look here.
            await ensure_indexes(runtime.database, wanted, runtime.traits)

        runtime.on_startup(create_indexes)
    return runtime


def serve(
    runtime: ServiceRuntime,
    parts: P,
    routers: Iterable[APIRouter],
    *,
    topics: Iterable[str],
    subscribe: Callable[[EventConsumer, P], None],
) -> None:
    """Publish to `topics`, serve `routers` (whose routes find `parts` through
    `parts_of(type(parts))`, and whose edges answer as `http_edges` says) and let `subscribe`
    register the service's consumers."""
    runtime.declare_topics(*topics)
    runtime.http.state.parts = parts
    for router in routers:
        runtime.include(router)
    install_http_edges(runtime.http)
    subscribe(runtime.consumer, parts)


def parts_of(kind: type[P]) -> Any:
    """The dependency that hands a route the service's parts:
    `Annotated[Parts, parts_of(Parts)]`."""

    def parts(request: Request) -> P:
        found = request.app.state.parts
        if not isinstance(found, kind):  # pragma: no cover - a wiring mistake
            raise TypeError(f"the app serves {type(found).__name__}, not {kind.__name__}")
        return found

    return Depends(parts)
