"""Pages over the cities service: list with filters, profile with timeline, register, partnership.

Pattern for every service's pages (see the README): read through `gateway.services.<name>`,
change with `actor=staff.staff_id`, show a service's 409/422 messages on the same form, record
the action with `audit_action`, then Post/Redirect/Get.
"""

from __future__ import annotations

import asyncio
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, Response

from mmc_contracts.cities import MigrationContext, PartnershipStatus, SizeClass
from mmc_gateway.services import ServiceError
from mmc_gateway.web import Staff, audit_action, gateway_of, render, require, see_other

FILTERS = ("q", "region", "country", "size_class", "partnership_status")


def router() -> APIRouter:
    pages = APIRouter()

    @pages.get("/cities", response_class=HTMLResponse)
    async def cities_list(
        request: Request,
        staff: Annotated[Staff, require("cities.view")],
        q: Annotated[str | None, Query(max_length=120)] = None,
        region: Annotated[str | None, Query(max_length=120)] = None,
        network: Annotated[str | None, Query(max_length=120)] = None,
        migration_context: Annotated[str | None, Query(max_length=40)] = None,
        country: Annotated[str | None, Query(max_length=2)] = None,
        size_class: Annotated[str | None, Query(max_length=40)] = None,
        partnership_status: Annotated[str | None, Query(max_length=40)] = None,
        offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
    ) -> Response:
        where: dict[str, Any] = {
            "q": q,
            "region": region,
            "network": network,
            "migration_context": migration_context,
            "country": country,
            "size_class": size_class,
            "partnership_status": partnership_status,
        }
        page = await gateway_of(request).services.cities.get(
            "/cities", **where, limit=50, offset=offset
        )
        return render(
            request,
            "cities/list.html",
            page=page,
            where=where,
            size_classes=list(SizeClass),
            statuses=list(PartnershipStatus),
            contexts=list(MigrationContext),
        )

    @pages.get("/cities/export.csv")
    async def export(
        request: Request,
        staff: Annotated[Staff, require("cities.edit")],
        q: Annotated[str | None, Query(max_length=120)] = None,
        region: Annotated[str | None, Query(max_length=120)] = None,
        network: Annotated[str | None, Query(max_length=120)] = None,
        migration_context: Annotated[str | None, Query(max_length=40)] = None,
        country: Annotated[str | None, Query(max_length=2)] = None,
        size_class: Annotated[str | None, Query(max_length=40)] = None,
        partnership_status: Annotated[str | None, Query(max_length=40)] = None,
    ) -> Response:
        # The export carries the cities' contacts: for those who manage city data only.
        content, media_type = await gateway_of(request).services.cities.download(
            "/cities/export.csv",
            q=q,
            region=region,
            network=network,
            migration_context=migration_context,
            country=country,
            size_class=size_class,
            partnership_status=partnership_status,
        )
        await audit_action(request, staff, "cities.export")
        return Response(
            content,
            media_type=media_type,
            headers={"Content-Disposition": 'attachment; filename="cities.csv"'},
        )

    @pages.get("/cities/new", response_class=HTMLResponse)
    async def register_form(
        request: Request, staff: Annotated[Staff, require("cities.edit")]
    ) -> Response:
        return render(
            request,
            "cities/new.html",
            size_classes=list(SizeClass),
            statuses=list(PartnershipStatus),
            values={},
        )

    @pages.post("/cities/new")
    async def register(
        request: Request,
        staff: Annotated[Staff, require("cities.edit")],
        name: Annotated[str, Form(max_length=200)],
        country_code: Annotated[str, Form(max_length=100)],
        size_class: Annotated[str, Form(max_length=40)],
        partnership_status: Annotated[str, Form(max_length=40)] = "prospect",
        population: Annotated[str, Form(max_length=20)] = "",
    ) -> Response:
        body: dict[str, Any] = {
            "name": name,
            "country_code": country_code,
            "size_class": size_class,
            "partnership_status": partnership_status,
        }
        if population.strip():
            body["population"] = population.strip()
        try:
            city = await gateway_of(request).services.cities.call(
                "POST", "/cities", actor=staff.staff_id, json=body
            )
        except ServiceError as error:
            return render(
                request,
                "cities/new.html",
                error.status if error.status in (409, 422) else 502,
                size_classes=list(SizeClass),
                statuses=list(PartnershipStatus),
                values=body,
                errors=error.messages,
            )
        await audit_action(request, staff, "cities.register", city["id"])
        return see_other(f"/cities/{city['id']}")

    @pages.get("/cities/{city_id}", response_class=HTMLResponse)
    async def profile(
        request: Request, city_id: str, staff: Annotated[Staff, require("cities.view")]
    ) -> Response:
        return await _profile(request, city_id)

    @pages.get("/cities/{city_id}/edit", response_class=HTMLResponse)
    async def edit_form(
        request: Request, city_id: str, staff: Annotated[Staff, require("cities.edit")]
    ) -> Response:
        city = await gateway_of(request).services.cities.get(f"/cities/{city_id}")
        return render(request, "cities/edit.html", city=city, size_classes=list(SizeClass))

    @pages.post("/cities/{city_id}/edit")
    async def edit(
        request: Request,
        city_id: str,
        staff: Annotated[Staff, require("cities.edit")],
        expected_version: Annotated[int, Form(ge=1)],
        name: Annotated[str, Form(max_length=200)],
        size_class: Annotated[str, Form(max_length=40)],
        population: Annotated[str, Form(max_length=20)] = "",
        migrant_population: Annotated[str, Form(max_length=20)] = "",
        website: Annotated[str, Form(max_length=500)] = "",
    ) -> Response:
        body: dict[str, Any] = {
            "expected_version": expected_version,
            "name": name,
            "size_class": size_class,
            "population": population.strip() or None,
            "migrant_population": migrant_population.strip() or None,
            "website": website.strip() or None,
        }
        api = gateway_of(request).services.cities
        try:
            await api.call("PATCH", f"/cities/{city_id}", actor=staff.staff_id, json=body)
        except ServiceError as error:
            if error.status not in (409, 422):
                raise
            city = await api.get(f"/cities/{city_id}")
            return render(
                request,
                "cities/edit.html",
                error.status,
                city={**city, **body},
                size_classes=list(SizeClass),
                errors=error.messages,
            )
        await audit_action(request, staff, "cities.edit", city_id)
        return see_other(f"/cities/{city_id}")

    @pages.post("/cities/{city_id}/partnership")
    async def change_partnership(
        request: Request,
        staff: Annotated[Staff, require("cities.edit")],
        city_id: str,
        to_status: Annotated[str, Form(max_length=40)],
        reason: Annotated[str, Form(max_length=500)] = "",
        expected_version: Annotated[int | None, Form(ge=1)] = None,
    ) -> Response:
        try:
            await gateway_of(request).services.cities.call(
                "POST",
                f"/cities/{city_id}/partnership",
                actor=staff.staff_id,
                json={
                    "to_status": to_status,
                    "reason": reason,
                    "expected_version": expected_version,
                },
            )
        except ServiceError as error:
            if error.status not in (409, 422):
                raise
            return await _profile(request, city_id, error.status, error.messages)
        await audit_action(request, staff, "cities.partnership", city_id)
        return see_other(f"/cities/{city_id}")

    return pages


async def _profile(
    request: Request, city_id: str, status: int = 200, errors: list[str] | None = None
) -> Response:
    cities = gateway_of(request).services.cities
    city, timeline, history, requests = await asyncio.gather(
        cities.get(f"/cities/{city_id}"),
        cities.get(f"/cities/{city_id}/timeline", limit=50),
        cities.get(f"/cities/{city_id}/partnership/history"),
        cities.get("/assistance-requests", city_id=city_id, limit=50),
    )
    return render(
        request,
        "cities/profile.html",
        status,
        city=city,
        timeline=timeline,
        history=history,
        requests=requests,
        errors=errors or [],
    )
