"""Outbound HTTP: the allowlist check after DNS resolution, then the POST.

Each endpoint's worker has a sender (an HTTP client) of its own, so a partner that holds its
connections open uses no connection another partner needs.
"""

from __future__ import annotations

import asyncio
import socket
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit, urlunsplit

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


@dataclass(frozen=True)
class Target:
    """Where a URL's host resolved, and whether the allowlist lets the service call it."""

    host: str
    addresses: list[str]
    refusal: str | None


async def target(allowlist: Allowlist, url: str) -> Target:
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    addresses = await resolve(host, port)
    return Target(host, addresses, allowlist.refusal(host, addresses))


async def refusal(allowlist: Allowlist, url: str) -> str | None:
    """Why `url` may not be called now (its host, resolved, is not allowed), or None."""
    return (await target(allowlist, url)).refusal


def pinned(url: str, address: str) -> str:
    """`url` with its host replaced by the address that was checked, so the connection goes
    where the allowlist said yes (a second DNS answer cannot differ)."""
    parts = urlsplit(url)
    literal = f"[{address}]" if ":" in address else address
    netloc = literal if parts.port is None else f"{literal}:{parts.port}"
    return urlunsplit(parts._replace(netloc=netloc))


class Sender:
    def __init__(self, allowlist: Allowlist, timeout_seconds: float) -> None:
        self.allowlist = allowlist
        # No redirects: a 3xx could point anywhere, past the allowlist.
        self.client = httpx.AsyncClient(
            timeout=timeout_seconds, follow_redirects=False, headers={"user-agent": USER_AGENT}
        )

    async def target(self, url: str) -> Target:
        return await target(self.allowlist, url)

    async def post(
        self, url: str, checked: Target, headers: dict[str, str], body: bytes
    ) -> Attempt:
        """POST to the first checked address of the URL's host; `Host` and the TLS server
        name (SNI and certificate check) stay the URL's host."""
        at = datetime.now(UTC)
        started = time.monotonic()
        parts = urlsplit(url)
        host = parts.netloc.rsplit("@", 1)[-1]
        try:
            response = await self.client.post(
                pinned(url, checked.addresses[0]),
                headers={**headers, "host": host},
                content=body,
                extensions={"sni_hostname": checked.host},
            )
            status: int | None = response.status_code
            error = None
        except httpx.HTTPError as exc:
            status, error = None, f"{type(exc).__name__}: {exc}"[:300]
        return Attempt(at, status, error, int((time.monotonic() - started) * 1000))

    async def close(self) -> None:
        await self.client.aclose()
