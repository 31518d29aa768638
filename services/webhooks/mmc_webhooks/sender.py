"""Outbound HTTP: the allowlist check after DNS resolution, then the POST.

Each endpoint's worker has a sender (an HTTP client) of its own, so a partner that holds its
connections open uses no connection another partner needs.
"""

from __future__ import annotations

import asyncio
import socket
import time
from datetime import UTC, datetime
from urllib.parse import urlsplit

import httpx

from mmc_webhooks.adapters.deliveries import Attempt
from mmc_webhooks.domain.allowlist import Allowlist

USER_AGENT = "mmc-webhooks/1.0"


async def resolve(host: str, port: int) -> list[str]:
    """The addresses `host` resolves to (none when it does not resolve)."""
    try:
        found = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError:
        return []
    return sorted({str(info[4][0]) for info in found})


async def refusal(allowlist: Allowlist, url: str) -> str | None:
    """Why `url` may not be called now (its host, resolved, is not allowed), or None."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return allowlist.refusal(host, await resolve(host, port))


class Sender:
    def __init__(self, allowlist: Allowlist, timeout_seconds: float) -> None:
        self.allowlist = allowlist
        # No redirects: a 3xx could point anywhere, past the allowlist.
        self.client = httpx.AsyncClient(
            timeout=timeout_seconds, follow_redirects=False, headers={"user-agent": USER_AGENT}
        )

    async def refusal(self, url: str) -> str | None:
        return await refusal(self.allowlist, url)

    async def post(self, url: str, headers: dict[str, str], body: bytes) -> Attempt:
        at = datetime.now(UTC)
        started = time.monotonic()
        try:
            response = await self.client.post(url, headers=headers, content=body)
            status: int | None = response.status_code
            error = None
        except httpx.HTTPError as exc:
            status, error = None, f"{type(exc).__name__}: {exc}"[:300]
        return Attempt(at, status, error, int((time.monotonic() - started) * 1000))

    async def close(self) -> None:
        await self.client.aclose()
