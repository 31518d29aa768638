"""Pages over the board service: the Board today or as of a date, vacancies (open a round),
nominations (shortlist, withdraw), selection rounds (cast ballots, close; results only once
closed, as the board service shows them)."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup

from mmc_contracts.board import NominationStatus, RoundStatus
from mmc_gateway.charts import Term, terms_chart
from mmc_gateway.pages.board_forms import board_command
from mmc_gateway.web import (
    Staff,
    gateway_of,
    language_of,
    render,
    require,
)

Id = Annotated[str, Form(min_length=1, max_length=64)]


def router() -> APIRouter:
    pages = APIRouter()

    @pages.get("/board", response_class=HTMLResponse)
    async def board(
        request: Request,
        staff: Annotated[Staff, require("board.view")],
        day: Annotated[str | None, Query(max_length=10)] = None,
    ) -> Response:
        # A form's empty field arrives as "": it means "not given", not a bad value.
        api = gateway_of(request).services.board
        today = await api.get("/board")
        as_of = await api.get(f"/board/as-of/{day}") if day else None
        shown = as_of or today
        chart = terms_chart(
            [
                Term(
                    f"{m['seat']}. {m['mayor']['city_name']}",
                    date.fromisoformat(m["term_start"]),
                    date.fromisoformat(m["term_end"]),
                )
                for m in shown["members"]
            ],
            date.fromisoformat(shown["day"]),
            language_of(request, staff).gettext("Terms of the members, and the day shown"),
        )
        return render(
            request,
            "board/today.html",
            board=today,
            as_of=as_of,
            day=day,
            chart=Markup(chart),
        )

    @pages.get("/board/vacancies", response_class=HTMLResponse)
    async def vacancies(
        request: Request, staff: Annotated[Staff, require("board.view")]
    ) -> Response:
        return await _vacancies(request)

    @pages.post("/board/rounds")
    async def open_round(
        request: Request,
        staff: Annotated[Staff, require("board.edit")],
        vacancy_id: Id,
        candidates: Annotated[list[str], Form(min_length=1, max_length=20)],
        closes_on: Annotated[str, Form(max_length=10)] = "",
    ) -> Response:
        body = {"vacancy_id": vacancy_id, "candidates": candidates, "closes_on": closes_on or None}
        return await board_command(
            request,
            staff,
            ("POST", "/rounds"),
            body,
            "board.open_round",
            lambda code, errors: _vacancies(request, code, errors),
            lambda opened: f"/board/rounds/{opened['id']}",
        )

    @pages.get("/board/nominations", response_class=HTMLResponse)
    async def nominations(
        request: Request,
        staff: Annotated[Staff, require("board.view")],
        status: Annotated[str | None, Query(max_length=20)] = None,
    ) -> Response:
        return await _nominations(request, status or None)

    @pages.post("/board/nominations/{nomination_id}/status")
    async def nomination_status(
        request: Request,
        nomination_id: str,
        staff: Annotated[Staff, require("board.edit")],
        to_status: Annotated[str, Form(max_length=20)],
        reason: Annotated[str, Form(max_length=500)] = "",
        expected_version: Annotated[int | None, Form(ge=1)] = None,
    ) -> Response:
        body = {
            "to_status": to_status,
            "reason": reason or None,
            "expected_version": expected_version,
        }
        return await board_command(
            request,
            staff,
            ("POST", f"/nominations/{nomination_id}/status"),
            body,
            f"board.nomination_{to_status}",
            lambda code, errors: _nominations(request, None, code, errors),
            lambda _: "/board/nominations",
            nomination_id,
        )

    @pages.get("/board/rounds", response_class=HTMLResponse)
    async def rounds(
        request: Request,
        staff: Annotated[Staff, require("board.view")],
        status: Annotated[str | None, Query(max_length=20)] = None,
    ) -> Response:
        page = await gateway_of(request).services.board.get("/rounds", status=status, limit=100)
        return render(
            request, "board/rounds.html", page=page, status=status, statuses=list(RoundStatus)
        )

    @pages.get("/board/rounds/{round_id}", response_class=HTMLResponse)
    async def round_page(
        request: Request, round_id: str, staff: Annotated[Staff, require("board.view")]
    ) -> Response:
        return await show_round(request, round_id)

    @pages.post("/board/rounds/{round_id}/ballots")
    async def cast_ballot(
        request: Request,
        round_id: str,
        staff: Annotated[Staff, require("board.edit")],
        voter_id: Id,
        nomination_id: Id,
    ) -> Response:
        body = {"voter_id": voter_id, "nomination_id": nomination_id}
        return await _round_command(request, staff, round_id, "ballots", body, "board.ballot")

    @pages.post("/board/rounds/{round_id}/close")
    async def close_round(
        request: Request,
        round_id: str,
        staff: Annotated[Staff, require("board.edit")],
        tie_break: Annotated[str, Form(max_length=64)] = "",
    ) -> Response:
        body = {"tie_break": tie_break or None}
        return await _round_command(request, staff, round_id, "close", body, "board.close_round")

    return pages


async def _round_command(
    request: Request, staff: Staff, round_id: str, verb: str, body: dict[str, Any], action: str
) -> Response:
    return await board_command(
        request,
        staff,
        ("POST", f"/rounds/{round_id}/{verb}"),
        body,
        action,
        lambda code, errors: show_round(request, round_id, code, errors),
        lambda _: f"/board/rounds/{round_id}",
        round_id,
    )


async def show_round(
    request: Request, round_id: str, status: int = 200, errors: list[str] | None = None
) -> Response:
    """A round: candidates with the Board's diversity before and after each, who voted; once
    closed, the results and the selected mayor's seat (the board seats them by itself)."""
    api = gateway_of(request).services.board
    selection, memberships, partners = await asyncio.gather(
        api.get(f"/rounds/{round_id}"),
        api.get("/memberships", status="serving", limit=200),
        api.get("/voters"),
    )
    # Voters by name: a Board mayor's voter id is their membership id, a partner's its own id.
    names = {v["id"]: v["name"] for v in partners["items"]}
    names.update(
        {m["id"]: f"{m['mayor']['name']} ({m['mayor']['city_name']})" for m in memberships["items"]}
    )
    results = None
    seated = None
    if selection["status"] == RoundStatus.CLOSED:
        results = await api.get(f"/rounds/{round_id}/results")
        if results.get("selected_mayor"):
            city_id = results["selected_mayor"]["city_id"]
            found = await api.get("/memberships", city_id=city_id, limit=50)
            seated = next((m for m in found["items"] if m.get("round_id") == round_id), None)
    return render(
        request,
        "board/round.html",
        status,
        round=selection,
        results=results,
        seated=seated,
        names=names,
        errors=errors or [],
    )


async def _vacancies(
    request: Request, status: int = 200, errors: list[str] | None = None
) -> Response:
    api = gateway_of(request).services.board
    vacancies = await api.get("/vacancies", status="open", limit=100)
    received = await api.get("/nominations", status="received", limit=100)
    shortlisted = await api.get("/nominations", status="candidate", limit=100)
    return render(
        request,
        "board/vacancies.html",
        status,
        vacancies=vacancies,
        nominations=[*shortlisted["items"], *received["items"]],
        errors=errors or [],
    )


async def _nominations(
    request: Request,
    status: str | None,
    code: int = 200,
    errors: list[str] | None = None,
) -> Response:
    page = await gateway_of(request).services.board.get("/nominations", status=status, limit=100)
    return render(
        request,
        "board/nominations.html",
        code,
        page=page,
        status=status,
        statuses=list(NominationStatus),
        errors=errors or [],
    )
