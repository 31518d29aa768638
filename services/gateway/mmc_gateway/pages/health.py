"""Each service's readiness (its `/readyz`: MongoDB, Kafka, consumers), asked at once, for the
operations pages beside the dead letters."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

from mmc_gateway.services import ServiceClient, Services

TIMEOUT_SECONDS = 5.0


async def _ready(name: str, client: ServiceClient) -> dict[str, Any]:
    try:
        response = await client.http.get("/readyz", timeout=TIMEOUT_SECONDS)
        body = response.json()
    except (httpx.HTTPError, ValueError) as error:
        return {"service": name, "status": "unreachable", "detail": type(error).__name__}
    stalled = body.get("stalled") or []
    checks = {k: v for k, v in body.items() if isinstance(v, bool)}
    failing = [k for k, ok in checks.items() if not ok]
    return {
        "service": name,
        "status": body.get("status", str(response.status_code)),
        "detail": ", ".join([*failing, *map(str, stalled)]),
    }


async def health(services: Services) -> list[dict[str, Any]]:
    return list(await asyncio.gather(*(_ready(n, c) for n, c in services.clients.items())))
