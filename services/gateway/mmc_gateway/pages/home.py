"""The dashboard: what needs attention today, read from every service."""

from __future__ import annotations

import asyncio
from typing import Annotated, Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from mmc_gateway.pages.assistance import overdue_requests
from mmc_gateway.pages.attention import attention
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

        async def read(client: ServiceClient, path: str, params: dict[str, str]) -> Any:
            try:
                return await client.get(path, **params, **({"limit": 1} if params else {}))
            except ServiceError as error:
                return error

        # The services are asked at once: the page takes as long as the slowest answer.
        answers, todo, late = await asyncio.gather(
            asyncio.gather(*(read(*call) for call in reads.values())),
            attention(services),  # advocacy and outreach
            _overdue(services.cities),
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


async def _overdue(cities: ServiceClient) -> list[dict[str, Any]] | ServiceError:
    """Open assistance requests past their due date."""
    try:
        return await overdue_requests(cities)
    except ServiceError as error:
        return error
