"""A pledge's page with its progress reports and their figures, and the full progress report
form (status, what was done, figures as `name = number` lines) with the API's messages beside
the fields. Reading is for everyone; reporting is the advocacy role's (`advocacy.edit`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from mmc_gateway.i18n import N_
from mmc_gateway.pages import advocacy_action_fields as spec
from mmc_gateway.pages.advocacy_forms import (
    Form,
    Values,
    command,
    read_values,
    refused_here,
    show,
    text,
)
from mmc_gateway.web import Staff, gateway_of, language_of, render, require


def router() -> APIRouter:
    pages = APIRouter()

    @pages.get("/advocacy/pledges/{pledge_id}", response_class=HTMLResponse)
    async def pledge(
        request: Request, pledge_id: str, staff: Annotated[Staff, require("advocacy.view")]
    ) -> Response:
        found = await gateway_of(request).services.advocacy.get(f"/pledges/{pledge_id}")
        return render(request, "advocacy_actions/pledge.html", pledge=found)

    async def report_form(request: Request, pledge_id: str, values: Values) -> Form:
        found = await gateway_of(request).services.advocacy.get(f"/pledges/{pledge_id}")
        form = Form(
            N_("Report progress"),
            f"/advocacy/pledges/{pledge_id}/report",
            N_("Report progress"),
            spec.REPORT,
            (f"/advocacy/pledges/{pledge_id}", N_("Back to the pledge")),
            values=values or {"status": found["status"], "expected_version": str(found["version"])},
        )
        form.about = f"{found['title']} · {found['city_name']}"
        return form

    @pages.get("/advocacy/pledges/{pledge_id}/report", response_class=HTMLResponse)
    async def new_report(
        request: Request, pledge_id: str, staff: Annotated[Staff, require("advocacy.edit")]
    ) -> Response:
        return show(request, await report_form(request, pledge_id, {}))

    @pages.post("/advocacy/pledges/{pledge_id}/report")
    async def report(
        request: Request, pledge_id: str, staff: Annotated[Staff, require("advocacy.edit")]
    ) -> Response:
        values, errors = await read_values(request, spec.REPORT)
        form = await report_form(request, pledge_id, values)
        figures = spec.figures(values.get("figures", ""))
        if figures is None:
            message = language_of(request, staff).gettext(spec.FIGURE_FORMAT)
            errors.setdefault("figures", []).append(message)
        if errors or figures is None:
            return refused_here(request, form, errors)
        body = {
            "reported_on": text(values, "reported_on"),
            "status": text(values, "status"),
            "narrative": text(values, "narrative"),
            "figures": figures,
            "expected_version": spec.version(values),
        }
        call = ("POST", f"/pledges/{pledge_id}/progress", body)
        return await command(
            request,
            staff,
            form,
            call,
            "advocacy.pledge_report",
            lambda _: f"/advocacy/pledges/{pledge_id}",
        )

    return pages
