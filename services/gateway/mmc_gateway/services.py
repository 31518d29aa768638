"""The services' HTTP APIs as the gateway calls them: the shared API token, and the signed-in
person's staff id in `X-MMC-Actor` (never their e-mail)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx


@dataclass
class ServiceError(Exception):
    """The service said no (404, 409, 422) or could not be reached (503)."""

    status: int
    messages: list[str]

    def __str__(self) -> str:
        return "; ".join(self.messages)


def _messages(response: httpx.Response) -> list[str]:
    try:
        body = response.json()
    except ValueError:
        return [response.text[:300] or response.reason_phrase]
    detail = body.get("detail") if isinstance(body, dict) else body
    if isinstance(detail, list):
        found = []
        for item in detail:
            if isinstance(item, dict):
                where = ".".join(str(part) for part in item.get("loc", [])[1:])
                found.append(f"{where}: {item.get('msg', '')}" if where else str(item.get("msg")))
            else:
                found.append(str(item))
        return found
    return [str(detail)]


class ServiceClient:
    def __init__(
        self,
        name: str,
        base_url: str,
        token: str,
        timeout: float,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.name = name
        self.http = httpx.AsyncClient(
            base_url=base_url,
            headers={"Authorization": f"Bearer {token}"},
            timeout=timeout,
            transport=transport,
        )

    async def call(
        self,
        method: str,
        path: str,
        *,
        actor: str | None = None,
        params: dict[str, Any] | None = None,
        json: Any = None,
        roles: frozenset[str] | None = None,
    ) -> Any:
        headers = {"X-MMC-Actor": actor} if actor else {}
        if roles:
            # The service checks finer rights itself (advocacy: only an approver approves).
            headers["X-MMC-Roles"] = ",".join(sorted(roles))
        clean = {k: v for k, v in (params or {}).items() if v not in (None, "")}
        try:
            response = await self.http.request(
                method, path, params=clean, json=json, headers=headers
            )
        except httpx.HTTPError as error:
            raise ServiceError(
                503, [f"the {self.name} service is unreachable ({error})"]
            ) from error
        if response.status_code >= 400:
            raise ServiceError(response.status_code, _messages(response))
        return response.json() if response.content else None

    async def download(self, path: str, **params: Any) -> tuple[bytes, str]:
        """A file the service serves (CSV): its bytes and content type."""
        clean = {k: v for k, v in params.items() if v not in (None, "")}
        try:
            response = await self.http.get(path, params=clean)
        except httpx.HTTPError as error:
            message = f"the {self.name} service is unreachable ({error})"
            raise ServiceError(503, [message]) from error
        if response.status_code >= 400:
            raise ServiceError(response.status_code, _messages(response))
        return response.content, response.headers.get("content-type", "application/octet-stream")

    async def get(self, path: str, **params: Any) -> Any:
        return await self.call("GET", path, params=params)

    async def close(self) -> None:
        await self.http.aclose()


class Services:
    """One client per service; a later service adds its client here and in settings."""

    def __init__(
        self,
        urls: dict[str, str],
        token: str,
        timeout: float,
        transports: dict[str, httpx.AsyncBaseTransport] | None = None,
    ) -> None:
        """`transports` lets tests reach services running in-process (by name)."""
        transports = transports or {}
        self.clients = {
            name: ServiceClient(name, url, token, timeout, transports.get(name))
            for name, url in urls.items()
        }

    @property
    def cities(self) -> ServiceClient:
        return self.clients["cities"]

    @property
    def board(self) -> ServiceClient:
        return self.clients["board"]

    @property
    def advocacy(self) -> ServiceClient:
        return self.clients["advocacy"]

    @property
    def outreach(self) -> ServiceClient:
        return self.clients["outreach"]

    async def close(self) -> None:
        for client in self.clients.values():
            await client.close()
