"""The dashboard: what needs attention today, read from every service."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from mmc_gateway.services import ServiceError
from mmc_gateway.web import Staff, gateway_of, render, require


def router() -> APIRouter:
    pages = APIRouter()

    @pages.get("/", response_class=HTMLResponse)
    async def dashboard(
        request: Request, staff: Annotated[Staff, require("dashboard.view")]
    ) -> Response:
        services = gateway_of(request).services
        panels: dict[str, Any] = {}
        problems: list[str] = []
        reads = {
            "vacancies": (services.board, "/vacancies", {"status": "open"}),
            "rounds": (services.board, "/rounds", {"status": "open"}),
            "nominations": (services.board, "/nominations", {"status": "received"}),
            "requests": (services.cities, "/assistance-requests", {"status": "received"}),
        }
        for name, (client, path, params) in reads.items():
            try:
                panels[name] = await client.get(path, **params)
            except ServiceError as error:
                problems.append(str(error))
        try:
            panels["board"] = await services.board.get("/board")
        except ServiceError as error:
            problems.append(str(error))
        return render(request, "dashboard.html", panels=panels, problems=problems)

    return pages
