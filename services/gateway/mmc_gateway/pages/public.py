"""Public pages, without sign-in: the Board today and its history, the partner cities; each also
as CSV and JSON. They show public facts only (names of mayors and cities, seats, terms), picked
field by field: never a contact, never who on staff changed what.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from mmc_gateway.i18n import N_
from mmc_gateway.pages.public_ao import (
    PLEDGE_FIELDS,
    STATEMENT_FIELDS,
    pledge_rows,
    statement_rows,
)
from mmc_gateway.web import gateway_of, render

Row = dict[str, Any]

BOARD_FIELDS = ("seat", "mayor", "city", "country_code", "term_start", "term_end")
HISTORY_FIELDS = ("seat", "mayor", "city", "country_code", "first_day", "last_day", "status")
CITY_FIELDS = ("name", "country_code", "region", "sub_region", "size_class")


async def board_rows(request: Request) -> list[Row]:
    board = await gateway_of(request).services.board.get("/board")
    return [
        {
            "seat": m["seat"],
            "mayor": m["mayor"]["name"],
            "city": m["mayor"]["city_name"],
            "country_code": m["mayor"]["country_code"],
            "term_start": m["term_start"],
            "term_end": m["term_end"],
        }
        for m in board["members"]
    ]


async def history_rows(request: Request) -> list[Row]:
    api = gateway_of(request).services.board
    rows: list[Row] = []
    offset = 0
    while True:
        page = await api.get("/memberships", limit=200, offset=offset)
        for m in page["items"]:
            rows.append(
                {
                    "seat": m["seat"],
                    "mayor": m["mayor"]["name"],
                    "city": m["mayor"]["city_name"],
                    "country_code": m["mayor"]["country_code"],
                    "first_day": m["terms"][0]["start"] if m["terms"] else m["term_start"],
                    "last_day": m["term_end"],
                    "status": m["status"],
                }
            )
        offset += 200
        if offset >= page["total"]:
            return rows


async def partner_rows(request: Request) -> list[Row]:
    api = gateway_of(request).services.cities
    rows: list[Row] = []
    offset = 0
    while True:
        page = await api.get("/cities", partnership_status="partner", limit=200, offset=offset)
        rows.extend({field: city[field] for field in CITY_FIELDS} for city in page["items"])
        offset += 200
        if offset >= page["total"]:
            return rows


def as_csv(rows: list[Row], fields: Sequence[str], name: str) -> Response:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(fields))
    writer.writeheader()
    writer.writerows(rows)
    return Response(
        out.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
    )


Reader = Callable[[Request], Any]
PUBLIC: dict[str, tuple[str, Reader, Sequence[str]]] = {
    "board": (N_("The Leadership Board today"), board_rows, BOARD_FIELDS),
    "board-history": (N_("Everyone who has served on the Board"), history_rows, HISTORY_FIELDS),
    "partner-cities": (N_("The MMC's partner cities"), partner_rows, CITY_FIELDS),
    # --- advocacy's open data
    "statements": (
        N_("Published statements and their signatories"),
        statement_rows,
        STATEMENT_FIELDS,
    ),
    "pledges": (N_("The pledge registry"), pledge_rows, PLEDGE_FIELDS),
}
"""name -> (title, rows, columns); each is `/public/<name>`, `.csv` and `.json`. A later
service adds its public lists here (published statements, the pledge registry)."""


def router() -> APIRouter:
    pages = APIRouter()

    @pages.get("/public", response_class=HTMLResponse)
    async def index(request: Request) -> Response:
        return render(request, "public/index.html", lists=PUBLIC)

    for name, (title, reader, fields) in PUBLIC.items():
        _add(pages, name, title, reader, fields)
    return pages


def _add(pages: APIRouter, name: str, title: str, reader: Reader, fields: Sequence[str]) -> None:
    async def html(request: Request) -> Response:
        rows = await reader(request)
        return render(request, "public/list.html", title=title, name=name, rows=rows, fields=fields)

    async def as_json(request: Request) -> Response:
        return JSONResponse({"items": await reader(request)})

    async def csv_file(request: Request) -> Response:
        return as_csv(await reader(request), fields, name)

    pages.add_api_route(f"/public/{name}", html, methods=["GET"], response_class=HTMLResponse)
    pages.add_api_route(f"/public/{name}.json", as_json, methods=["GET"])
    pages.add_api_route(f"/public/{name}.csv", csv_file, methods=["GET"])
