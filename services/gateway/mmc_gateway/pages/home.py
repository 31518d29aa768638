"""The dashboard: what needs attention today, read from every service."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Annotated, Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from mmc_gateway.pages.assistance import overdue_requests
from mmc_gateway.pages.attention import attention, or_error
from mmc_gateway.services import ServiceClient, ServiceError
from mmc_gateway.web import Staff, gateway_of, render, require


def router() -> APIRouter:
    pages = APIRouter()

    @pages.get("/", response_class=HTMLResponse)
    async def dashboard(
        request: Request, staff: Annotated[Staff, require("dashboard.view")]
    ) -> Response:
        services = gateway_of(request).services
        reads = {
            "vacancies": (services.board, "/vacancies", {"status": "open"}),
            "rounds": (services.board, "/rounds", {"status": "open"}),
            "nominations": (services.board, "/nominations", {"status": "received"}),
            "requests": (services.cities, "/assistance-requests", {"status": "received"}),
            "board": (services.board, "/board", {}),
        }

        def read(client: ServiceClient, path: str, params: dict[str, str]) -> Awaitable[Any]:
            return client.get(path, **params, **({"limit": 1} if params else {}))

        # The services are asked at once: the page takes as long as the slowest answer.
        answers, todo, late = await asyncio.gather(
            asyncio.gather(*(or_error(read(*call)) for call in reads.values())),
            attention(services),  # advocacy and outreach
            or_error(overdue_requests(services.cities)),
        )
        panels: dict[str, Any] = {}
        problems: list[str] = []
        for name, answer in zip(reads, answers, strict=True):
            if isinstance(answer, ServiceError):
                problems.append(str(answer))
            else:
                panels[name] = answer
        problems.extend(todo.pop("problems"))
        if isinstance(late, ServiceError):
            problems.append(str(late))
        overdue = None if isinstance(late, ServiceError) else late
        return render(
            request,
            "dashboard.html",
            panels=panels,
            problems=problems,
            attention=todo,
            overdue=overdue,
        )

    return pages
