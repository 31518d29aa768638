"""Pages over the board service: the Board today or as of a date."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from mmc_gateway.web import Staff, gateway_of, render, require


def router() -> APIRouter:
    pages = APIRouter()

    @pages.get("/board", response_class=HTMLResponse)
    async def board(
        request: Request,
        staff: Annotated[Staff, require("board.view")],
        day: Annotated[date | None, Query()] = None,
    ) -> Response:
        api = gateway_of(request).services.board
        today = await api.get("/board")
        as_of = await api.get(f"/board/as-of/{day.isoformat()}") if day else None
        return render(request, "board/today.html", board=today, as_of=as_of, day=day)

    return pages
