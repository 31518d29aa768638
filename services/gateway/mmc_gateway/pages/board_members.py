"""Board pages about who sits where: the seats timeline (who held which seat when), the
memberships with seating by appointment, renewal and departure, and the Board's diversity.

Reading needs `board.view`, changing `board.edit`; the board service checks the rules and its
refusals (404, 409, 422) are shown on the page as messages."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup

from mmc_gateway.board_charts import SeatTerm, seats_chart
from mmc_gateway.pages.board_forms import board_command, day_or_none
from mmc_gateway.web import Staff, gateway_of, language_of, render, require

Id = Annotated[str, Form(min_length=1, max_length=64)]
DayField = Annotated[str, Form(max_length=10)]
MEMBERSHIP_STATUSES = ("serving", "ended")


def router() -> APIRouter:
    pages = APIRouter()

    @pages.get("/board/terms", response_class=HTMLResponse)
    async def terms(request: Request, staff: Annotated[Staff, require("board.view")]) -> Response:
        everyone = await _all_memberships(request)
        gettext = language_of(request, staff).gettext
        rows = [
            SeatTerm(m["seat"], m["mayor"]["name"], m["mayor"]["city_name"], start, end)
            for m in everyone
            for start, end in _terms_of(m)
        ]
        chart = seats_chart(
            rows,
            date.today(),
            gettext("Who held which seat when, and today"),
            gettext("Seat"),
        )
        rows.sort(key=lambda row: (row.seat, row.start))
        return render(request, "board/terms.html", chart=Markup(chart), rows=rows)

    @pages.get("/board/memberships", response_class=HTMLResponse)
    async def memberships(
        request: Request,
        staff: Annotated[Staff, require("board.view")],
        status: Annotated[str | None, Query(max_length=20)] = None,
    ) -> Response:
        return await _memberships(request, staff, status or None)

    @pages.post("/board/memberships")
    async def seat(
        request: Request,
        staff: Annotated[Staff, require("board.edit")],
        city_id: Id,
        term_start: DayField,
        mayor_name: Annotated[str, Form(max_length=200)] = "",
        seat: Annotated[str, Form(max_length=4)] = "",
        vacancy_id: Annotated[str, Form(max_length=64)] = "",
    ) -> Response:
        body = {
            "city_id": city_id,
            "term_start": term_start,
            "mayor_name": mayor_name.strip() or None,
            "seat": int(seat) if seat.isdigit() else None,
            "vacancy_id": vacancy_id or None,
            "via": "appointment",
        }
        return await board_command(
            request,
            staff,
            ("POST", "/memberships"),
            body,
            "board.seat",
            lambda code, errors: _memberships(request, staff, None, code, errors),
            lambda _: "/board/memberships?status=serving",
        )

    @pages.post("/board/memberships/{membership_id}/departure")
    async def depart(
        request: Request,
        membership_id: str,
        staff: Annotated[Staff, require("board.edit")],
        reason: Annotated[str, Form(max_length=20)],
        on: DayField,
        note: Annotated[str, Form(max_length=500)] = "",
        expected_version: Annotated[int | None, Form(ge=1)] = None,
    ) -> Response:
        body = {
            "reason": reason,
            "on": on,
            "note": note.strip() or None,
            "expected_version": expected_version,
        }
        return await board_command(
            request,
            staff,
            ("POST", f"/memberships/{membership_id}/departure"),
            body,
            "board.departure",
            lambda code, errors: _memberships(request, staff, None, code, errors),
            lambda _: "/board/vacancies",
        )

    @pages.post("/board/memberships/{membership_id}/renewal")
    async def renew(
        request: Request,
        membership_id: str,
        staff: Annotated[Staff, require("board.edit")],
        start: DayField = "",
        expected_version: Annotated[int | None, Form(ge=1)] = None,
    ) -> Response:
        body = {"start": day_or_none(start), "expected_version": expected_version}
        return await board_command(
            request,
            staff,
            ("POST", f"/memberships/{membership_id}/renewal"),
            body,
            "board.renewal",
            lambda code, errors: _memberships(request, staff, None, code, errors),
            lambda _: "/board/memberships?status=serving",
        )

    @pages.get("/board/diversity", response_class=HTMLResponse)
    async def diversity(
        request: Request, staff: Annotated[Staff, require("board.view")]
    ) -> Response:
        view = await gateway_of(request).services.board.get("/board/diversity")
        return render(request, "board/diversity.html", view=view)

    return pages


def _terms_of(membership: dict[str, Any]) -> list[tuple[date, date]]:
    """Each term as served: the last one cut at the day the mayor left, if they did."""
    ended = membership.get("ended_on")
    last_day = date.fromisoformat(ended) if ended else None
    served = []
    for term in membership["terms"]:
        start, end = date.fromisoformat(term["start"]), date.fromisoformat(term["end"])
        if last_day is not None:
            if start > last_day:
                continue
            end = min(end, last_day)
        served.append((start, end))
    return served


async def _all_memberships(request: Request) -> list[dict[str, Any]]:
    api = gateway_of(request).services.board
    found: list[dict[str, Any]] = []
    while True:
        page = await api.get("/memberships", limit=200, offset=len(found))
        found.extend(page["items"])
        if not page["items"] or len(found) >= page["total"] or len(found) >= 2000:
            return found


async def _memberships(
    request: Request,
    staff: Staff,
    status: str | None,
    code: int = 200,
    errors: list[str] | None = None,
) -> Response:
    api = gateway_of(request).services.board
    listed, vacancies, cities = await asyncio.gather(
        api.get("/memberships", status=status, limit=200),
        api.get("/vacancies", status="open", limit=100),
        api.get("/cities", limit=200) if staff.can("board.edit") else _nothing(),
    )
    return render(
        request,
        "board/memberships.html",
        code,
        page=listed,
        status=status,
        statuses=MEMBERSHIP_STATUSES,
        vacancies=vacancies["items"],
        cities=sorted(cities["items"], key=lambda c: c["name"]),
        today=date.today().isoformat(),
        errors=errors or [],
    )


async def _nothing() -> dict[str, Any]:
    return {"items": []}
