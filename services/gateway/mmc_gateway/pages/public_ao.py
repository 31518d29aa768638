"""The advocacy service's open data for the public pages (`pages/public.py`, `PUBLIC`): published
statements with their signatories, and the pledge registry (filter by GCM objective, region,
status from the query string). Public facts only, picked field by field: never a consent's
details, never who on staff recorded what."""

from __future__ import annotations

from typing import Any

from fastapi import Request

from mmc_contracts.advocacy import MaterialKind, MaterialStatus
from mmc_gateway.web import gateway_of

Row = dict[str, Any]

STATEMENT_FIELDS = (
    "statement",
    "published_on",
    "city",
    "country_code",
    "mayor",
    "mayor_title",
    "signed_on",
)
PLEDGE_FIELDS = (
    "city",
    "country_code",
    "region",
    "title",
    "gcm_objectives",
    "gcr_areas",
    "made_on",
    "status",
    "last_progress_on",
)
PLEDGE_FILTERS = ("objective", "region", "status")


async def statement_rows(request: Request) -> list[Row]:
    api = gateway_of(request).services.advocacy
    rows: list[Row] = []
    offset = 0
    while True:
        page = await api.get(
            "/materials",
            kind=str(MaterialKind.PUBLIC_STATEMENT),
            status=str(MaterialStatus.PUBLISHED),
            limit=100,
            offset=offset,
        )
        for material in page["items"]:
            listed = await api.get(f"/public/statements/{material['id']}/signatories")
            first = min((p["published_on"] for p in material["publications"]), default="")
            rows.extend(
                {
                    "statement": listed["title"],
                    "published_on": first,
                    "city": s["city_name"],
                    "country_code": s["country_code"],
                    "mayor": s["mayor_name"],
                    "mayor_title": s["mayor_title"],
                    "signed_on": s["signed_on"],
                }
                for s in listed["signatories"]
            )
        offset += 100
        if offset >= page["total"]:
            return rows


async def pledge_rows(request: Request) -> list[Row]:
    api = gateway_of(request).services.advocacy
    filters = {name: request.query_params.get(name) for name in PLEDGE_FILTERS}
    rows: list[Row] = []
    offset = 0
    while True:
        page = await api.get("/pledges", limit=200, offset=offset, **filters)
        rows.extend(
            {
                "city": p["city_name"],
                "country_code": p["country_code"],
                "region": p["region"],
                "title": p["title"],
                "gcm_objectives": ";".join(str(n) for n in p["gcm_objectives"]),
                "gcr_areas": ";".join(p["gcr_areas"]),
                "made_on": p["made_on"],
                "status": p["status"],
                "last_progress_on": p["reports"][-1]["reported_on"] if p["reports"] else "",
            }
            for p in page["items"]
        )
        offset += 200
        if offset >= page["total"]:
            return rows
