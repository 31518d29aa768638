"""The advocacy staff actions the read pages lacked: start a campaign, add a policy moment,
record a city's input to it, record a pledge, add a knowledge resource and move commissioned
research along, revise a draft material's text. Each is a plain form (no JavaScript needed)
for the advocacy role (`advocacy.edit`); the API's refusals come back next to the fields,
with the values as typed, and every attempt is audited.

Campaigns have no launch or close command in the advocacy API: a campaign is live once one of
its materials is published and closed once all are archived (the materials' pages do that).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from mmc_gateway.i18n import N_
from mmc_gateway.pages import advocacy_action_fields as spec
from mmc_gateway.pages.advocacy_action_fields import (
    CAMPAIGN,
    INPUT,
    MOMENT,
    PLEDGE,
    RESEARCH,
    RESOURCE,
    REVISION,
)
from mmc_gateway.pages.advocacy_forms import (
    Form,
    Options,
    Values,
    command,
    optional,
    read_values,
    refused_here,
    show,
    text,
    with_options,
)
from mmc_gateway.web import Staff, gateway_of, render, require

EDIT = "advocacy.edit"


async def _moments(request: Request) -> Options:
    page = await gateway_of(request).services.advocacy.get("/policy-moments", limit=200)
    return [(m["id"], f"{m['name']} ({m['starts_on']})") for m in page["items"]]


async def _cities(request: Request) -> Options:
    page = await gateway_of(request).services.advocacy.get("/cities", limit=200)
    return [(c["id"], f"{c['name']} ({c['country_code']})") for c in page["items"]]


def router() -> APIRouter:
    pages = APIRouter()

    # --- campaigns --------------------------------------------------------------------------

    async def campaign_form(request: Request, staff: Staff, values: Values) -> Form:
        fields = with_options(CAMPAIGN, {"policy_moment_id": await _moments(request)})
        return Form(
            N_("Start a campaign"),
            "/advocacy/campaigns/new",
            N_("Start the campaign"),
            fields,
            ("/advocacy", N_("Campaigns")),
            N_("A campaign is live once one of its materials is published."),
            values or {"owner": staff.account.name},
        )

    @pages.get("/advocacy/campaigns/new", response_class=HTMLResponse)
    async def new_campaign(request: Request, staff: Annotated[Staff, require(EDIT)]) -> Response:
        return show(request, await campaign_form(request, staff, {}))

    @pages.post("/advocacy/campaigns/new")
    async def start_campaign(request: Request, staff: Annotated[Staff, require(EDIT)]) -> Response:
        values, errors = await read_values(request, CAMPAIGN)
        form = await campaign_form(request, staff, values)
        if errors:
            return refused_here(request, form, errors)
        call = ("POST", "/campaigns", spec.campaign_body(values))
        return await command(
            request,
            staff,
            form,
            call,
            "advocacy.campaign_start",
            lambda made: f"/advocacy/campaigns/{made['id']}",
        )

    # --- policy moments and the cities' inputs ------------------------------------------------

    def moment_form(values: Values) -> Form:
        return Form(
            N_("Add a policy moment"),
            "/advocacy/moments/new",
            N_("Add the policy moment"),
            MOMENT,
            ("/advocacy/moments", N_("Policy moments")),
            values=values or {"dates_confirmed": "yes", "scope": "global"},
        )

    @pages.get("/advocacy/moments/new", response_class=HTMLResponse)
    async def new_moment(request: Request, staff: Annotated[Staff, require(EDIT)]) -> Response:
        return show(request, moment_form({}))

    @pages.post("/advocacy/moments/new")
    async def add_moment(request: Request, staff: Annotated[Staff, require(EDIT)]) -> Response:
        values, errors = await read_values(request, MOMENT)
        form = moment_form(values)
        if errors:
            return refused_here(request, form, errors)
        call = ("POST", "/policy-moments", spec.moment_body(values))
        return await command(
            request,
            staff,
            form,
            call,
            "advocacy.moment_add",
            lambda made: f"/advocacy/moments/{made['id']}",
        )

    async def input_form(request: Request, moment_id: str, values: Values) -> Form:
        moment = await gateway_of(request).services.advocacy.get(f"/policy-moments/{moment_id}")
        fields = with_options(INPUT, {"city_id": await _cities(request)})
        form = Form(
            N_("Record a city's input"),
            f"/advocacy/moments/{moment_id}/inputs/new",
            N_("Record the input"),
            fields,
            (f"/advocacy/moments/{moment_id}", N_("Back to the policy moment")),
            values=values,
        )
        form.about = f"{moment['name']} · {moment['starts_on']} · {moment['venue']}"
        return form

    @pages.get("/advocacy/moments/{moment_id}/inputs/new", response_class=HTMLResponse)
    async def new_input(
        request: Request, moment_id: str, staff: Annotated[Staff, require(EDIT)]
    ) -> Response:
        return show(request, await input_form(request, moment_id, {}))

    @pages.post("/advocacy/moments/{moment_id}/inputs/new")
    async def record_input(
        request: Request, moment_id: str, staff: Annotated[Staff, require(EDIT)]
    ) -> Response:
        values, errors = await read_values(request, INPUT)
        form = await input_form(request, moment_id, values)
        if errors:
            return refused_here(request, form, errors)
        body = {k: text(values, k) for k in ("city_id", "kind", "title", "status")}
        call = ("POST", f"/policy-moments/{moment_id}/inputs", body)
        return await command(
            request,
            staff,
            form,
            call,
            "advocacy.input_record",
            lambda _: f"/advocacy/moments/{moment_id}",
        )

    # --- pledges ------------------------------------------------------------------------------

    async def pledge_form(request: Request, values: Values) -> Form:
        options = {"city_id": await _cities(request), "policy_moment_id": await _moments(request)}
        return Form(
            N_("Record a pledge"),
            "/advocacy/pledges/new",
            N_("Record the pledge"),
            with_options(PLEDGE, options),
            ("/advocacy/pledges", N_("Pledges")),
            values=values,
        )

    @pages.get("/advocacy/pledges/new", response_class=HTMLResponse)
    async def new_pledge(request: Request, staff: Annotated[Staff, require(EDIT)]) -> Response:
        return show(request, await pledge_form(request, {}))

    @pages.post("/advocacy/pledges/new")
    async def record_pledge(request: Request, staff: Annotated[Staff, require(EDIT)]) -> Response:
        values, errors = await read_values(request, PLEDGE)
        form = await pledge_form(request, values)
        if errors:
            return refused_here(request, form, errors)
        call = ("POST", "/pledges", spec.pledge_body(values))
        return await command(
            request, staff, form, call, "advocacy.pledge_record", lambda _: "/advocacy/pledges"
        )

    # --- knowledge resources ------------------------------------------------------------------

    def resource_form(values: Values) -> Form:
        return Form(
            N_("Add a knowledge resource"),
            "/advocacy/knowledge/new",
            N_("Add the resource"),
            RESOURCE,
            ("/advocacy/knowledge", N_("Knowledge")),
            values=values or {"language": "en"},
        )

    @pages.get("/advocacy/knowledge/new", response_class=HTMLResponse)
    async def new_resource(request: Request, staff: Annotated[Staff, require(EDIT)]) -> Response:
        return show(request, resource_form({}))

    @pages.post("/advocacy/knowledge/new")
    async def add_resource(request: Request, staff: Annotated[Staff, require(EDIT)]) -> Response:
        values, errors = await read_values(request, RESOURCE)
        form = resource_form(values)
        if errors:
            return refused_here(request, form, errors)
        call = ("POST", "/resources", spec.resource_body(values))
        return await command(
            request,
            staff,
            form,
            call,
            "advocacy.resource_add",
            lambda made: f"/advocacy/knowledge/{made['id']}",
        )

    @pages.get("/advocacy/knowledge/{resource_id}", response_class=HTMLResponse)
    async def resource(
        request: Request, resource_id: str, staff: Annotated[Staff, require("advocacy.view")]
    ) -> Response:
        found = await gateway_of(request).services.advocacy.get(f"/resources/{resource_id}")
        return render(request, "advocacy_actions/resource.html", resource=found)

    async def research_form(request: Request, resource_id: str, values: Values) -> Form:
        found = await gateway_of(request).services.advocacy.get(f"/resources/{resource_id}")
        form = Form(
            N_("Move commissioned research along"),
            f"/advocacy/knowledge/{resource_id}/research-status",
            N_("Move"),
            RESEARCH,
            (f"/advocacy/knowledge/{resource_id}", N_("Back to the resource")),
            values=values or {"expected_version": str(found["version"])},
        )
        form.about = f"{found['title']} · {found['research_status'] or found['kind']}"
        return form

    @pages.get("/advocacy/knowledge/{resource_id}/research-status", response_class=HTMLResponse)
    async def research_status_form(
        request: Request, resource_id: str, staff: Annotated[Staff, require(EDIT)]
    ) -> Response:
        return show(request, await research_form(request, resource_id, {}))

    @pages.post("/advocacy/knowledge/{resource_id}/research-status")
    async def research_status(
        request: Request, resource_id: str, staff: Annotated[Staff, require(EDIT)]
    ) -> Response:
        values, errors = await read_values(request, RESEARCH)
        form = await research_form(request, resource_id, values)
        if errors:
            return refused_here(request, form, errors)
        body = {
            "to_status": text(values, "to_status"),
            "published_on": optional(values, "published_on"),
            "expected_version": spec.version(values),
        }
        call = ("POST", f"/resources/{resource_id}/research-status", body)
        return await command(
            request,
            staff,
            form,
            call,
            "advocacy.research_status",
            lambda _: f"/advocacy/knowledge/{resource_id}",
        )

    # --- a draft material's text --------------------------------------------------------------

    async def revision_form(request: Request, material_id: str, values: Values) -> Form:
        found = await gateway_of(request).services.advocacy.get(f"/materials/{material_id}")
        latest = found["versions"][-1]["text"] if found["versions"] else ""
        form = Form(
            N_("Revise the text"),
            f"/advocacy/materials/{material_id}/revise",
            N_("Save a new version"),
            REVISION,
            (f"/advocacy/materials/{material_id}", N_("Back to the material")),
            N_("Only a draft is revised; each revision is a new version of the text."),
            values or {"text": latest, "expected_version": str(found["version"])},
        )
        form.about = found["title"]
        return form

    @pages.get("/advocacy/materials/{material_id}/revise", response_class=HTMLResponse)
    async def revise_form(
        request: Request, material_id: str, staff: Annotated[Staff, require(EDIT)]
    ) -> Response:
        return show(request, await revision_form(request, material_id, {}))

    @pages.post("/advocacy/materials/{material_id}/revise")
    async def revise(
        request: Request, material_id: str, staff: Annotated[Staff, require(EDIT)]
    ) -> Response:
        values, errors = await read_values(request, REVISION)
        form = await revision_form(request, material_id, values)
        if errors:
            return refused_here(request, form, errors)
        body = {"text": text(values, "text"), "expected_version": spec.version(values)}
        call = ("POST", f"/materials/{material_id}/versions", body)
        return await command(
            request,
            staff,
            form,
            call,
            "advocacy.revise",
            lambda _: f"/advocacy/materials/{material_id}",
        )

    return pages
