"""Board pages about choosing and meeting: nominating a partner city's mayor, the supporting
partners who vote in selection rounds, cancelling a round, and the Board's meetings with their
recommendations and decisions.

Reading needs `board.view`, changing `board.edit`; the board service checks the rules and its
refusals (404, 409, 422) are shown on the page as messages."""

from __future__ import annotations

import asyncio
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from mmc_gateway.pages.board import show_round
from mmc_gateway.pages.board_forms import board_command, lines
from mmc_gateway.web import Staff, gateway_of, render, require

Id = Annotated[str, Form(min_length=1, max_length=64)]
Name = Annotated[str, Form(max_length=200)]


def router() -> APIRouter:
    pages = APIRouter()

    @pages.get("/board/nominations/new", response_class=HTMLResponse)
    async def nomination_form(
        request: Request, staff: Annotated[Staff, require("board.edit")]
    ) -> Response:
        return await _nominate(request, {})

    @pages.post("/board/nominations")
    async def nominate(
        request: Request,
        staff: Annotated[Staff, require("board.edit")],
        city_id: Annotated[str, Form(max_length=64)],
        nominated_by_name: Name,
        nominated_by_role: Name,
        statement: Annotated[str, Form(max_length=5000)],
        mayor_name: Name = "",
        vacancy_id: Annotated[str, Form(max_length=64)] = "",
    ) -> Response:
        values = {
            "city_id": city_id,
            "mayor_name": mayor_name.strip() or None,
            "nominated_by_name": nominated_by_name.strip(),
            "nominated_by_role": nominated_by_role.strip(),
            "statement": statement.strip(),
            "vacancy_id": vacancy_id or None,
        }
        return await board_command(
            request,
            staff,
            ("POST", "/nominations"),
            values,
            "board.nominate",
            lambda code, errors: _nominate(request, values, code, errors),
            lambda _: "/board/nominations?status=received",
        )

    @pages.get("/board/voters", response_class=HTMLResponse)
    async def voters(request: Request, staff: Annotated[Staff, require("board.view")]) -> Response:
        return await _voters(request)

    @pages.post("/board/voters")
    async def add_voter(
        request: Request,
        staff: Annotated[Staff, require("board.edit")],
        voter_id: Annotated[str, Form(max_length=64)],
        name: Name,
    ) -> Response:
        body = {"id": voter_id.strip(), "name": name.strip()}
        return await board_command(
            request,
            staff,
            ("POST", "/voters"),
            body,
            "board.add_voter",
            lambda code, errors: _voters(request, code, errors),
            lambda _: "/board/voters",
        )

    @pages.post("/board/rounds/{round_id}/cancel")
    async def cancel_round(
        request: Request,
        round_id: str,
        staff: Annotated[Staff, require("board.edit")],
        reason: Annotated[str, Form(max_length=500)] = "",
    ) -> Response:
        return await board_command(
            request,
            staff,
            ("POST", f"/rounds/{round_id}/cancel"),
            {"reason": reason.strip()},
            "board.cancel_round",
            lambda code, errors: show_round(request, round_id, code, errors),
            lambda _: f"/board/rounds/{round_id}",
        )

    @pages.get("/board/meetings", response_class=HTMLResponse)
    async def meetings(
        request: Request, staff: Annotated[Staff, require("board.view")]
    ) -> Response:
        return await _meetings(request, staff)

    @pages.post("/board/meetings")
    async def record_meeting(
        request: Request,
        staff: Annotated[Staff, require("board.edit")],
        held_on: Annotated[str, Form(max_length=10)],
        title: Name,
        attendees: Annotated[list[str] | None, Form(max_length=50)] = None,
        recommendations: Annotated[str, Form(max_length=20000)] = "",
        decisions: Annotated[str, Form(max_length=20000)] = "",
    ) -> Response:
        body = {
            "held_on": held_on,
            "title": title.strip(),
            "attendees": attendees or [],
            "recommendations": lines(recommendations),
            "decisions": lines(decisions),
        }
        return await board_command(
            request,
            staff,
            ("POST", "/meetings"),
            body,
            "board.record_meeting",
            lambda code, errors: _meetings(request, staff, code, errors),
            lambda answer: f"/board/meetings/{answer['id']}",
        )

    @pages.get("/board/meetings/{meeting_id}", response_class=HTMLResponse)
    async def meeting(
        request: Request, meeting_id: str, staff: Annotated[Staff, require("board.view")]
    ) -> Response:
        api = gateway_of(request).services.board
        found = await api.get(f"/meetings/{meeting_id}")
        names = await _member_names(request, found["attendees"])
        return render(request, "board/meeting.html", meeting=found, names=names)

    return pages


async def _member_names(request: Request, membership_ids: list[str]) -> dict[str, str]:
    """Membership id -> "mayor (city)", for the ids the board still knows."""
    api = gateway_of(request).services.board
    found = await asyncio.gather(
        *(api.get(f"/memberships/{m}") for m in membership_ids[:50]), return_exceptions=True
    )
    return {
        m["id"]: f"{m['mayor']['name']} ({m['mayor']['city_name']})"
        for m in found
        if isinstance(m, dict)
    }


async def _nominate(
    request: Request, values: dict[str, Any], code: int = 200, errors: list[str] | None = None
) -> Response:
    api = gateway_of(request).services.board
    partners, vacancies = await asyncio.gather(
        api.get("/cities", partnership_status="partner", limit=200),
        api.get("/vacancies", status="open", limit=100),
    )
    return render(
        request,
        "board/nominate.html",
        code,
        cities=sorted(partners["items"], key=lambda c: c["name"]),
        vacancies=vacancies["items"],
        values=values,
        errors=errors or [],
    )


async def _voters(request: Request, code: int = 200, errors: list[str] | None = None) -> Response:
    listed = await gateway_of(request).services.board.get("/voters")
    return render(request, "board/voters.html", code, voters=listed["items"], errors=errors or [])


async def _meetings(
    request: Request, staff: Staff, code: int = 200, errors: list[str] | None = None
) -> Response:
    api = gateway_of(request).services.board
    listed, board = await asyncio.gather(api.get("/meetings", limit=100), api.get("/board"))
    return render(
        request,
        "board/meetings.html",
        code,
        page=listed,
        members=board["members"],
        errors=errors or [],
    )
