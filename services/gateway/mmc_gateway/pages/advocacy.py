"""Pages over the advocacy service: campaigns with their summed amplification (an SVG chart),
materials through their life cycle (draft, review with comments, approval by an approver who wrote
none of the text, publication with dissemination, archive), co-signatures with consent, policy
moments with the cities' inputs, the pledge registry, the knowledge repository with search."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup

from mmc_contracts.advocacy import (
    ConsentMethod,
    MaterialKind,
    MaterialStatus,
)
from mmc_gateway.ao_charts import Bar, bars_chart
from mmc_gateway.pages.advocacy_action_fields import AMPLIFICATION_AT, SIGNATURE_AT, TypedForm
from mmc_gateway.pages.service_commands import place_at
from mmc_gateway.services import ServiceError
from mmc_gateway.web import Staff, audit_action, gateway_of, language_of, render, require, see_other

Text = Annotated[str, Form(min_length=1, max_length=200)]
LongText = Annotated[str, Form(min_length=1, max_length=5000)]
Day = Annotated[str, Form(min_length=10, max_length=10)]
Optional = Annotated[str, Form(max_length=2000)]
Count = Annotated[int, Form(ge=0, le=10**12)]
Version = Annotated[int | None, Form(ge=1)]
Filter = Annotated[str | None, Query(max_length=40)]


def _publication(
    channel: str, outlet: str, language: str, published_on: str, url: str
) -> dict[str, Any]:
    """A publication as the advocacy API takes it (an empty optional field is none)."""
    return {
        "channel": channel,
        "outlet": outlet or None,
        "language": language,
        "published_on": published_on,
        "url": url or None,
    }


SHOWN_ERRORS = (403, 404, 409, 422)
# Moves a writer makes from the material's page; approving has its own action (approver flag).
MOVES = {MaterialStatus.IN_REVIEW, MaterialStatus.DRAFT, MaterialStatus.ARCHIVED}


def writers(material: dict[str, Any]) -> set[str]:
    """Everyone who wrote a version of the text: none of them may approve it."""
    return {material["author"], *(v["written_by"] for v in material.get("versions", []))}


def may_approve(staff: Staff, material: dict[str, Any]) -> bool:
    return (
        staff.can("advocacy.approve")
        and staff.account.approver
        and material["status"] == MaterialStatus.IN_REVIEW
        and staff.staff_id not in writers(material)
    )


def router() -> APIRouter:
    pages = APIRouter()

    @pages.get("/advocacy", response_class=HTMLResponse)
    async def campaigns(
        request: Request, staff: Annotated[Staff, require("advocacy.view")]
    ) -> Response:
        page = await gateway_of(request).services.advocacy.get("/campaigns", limit=100)
        title = language_of(request, staff).gettext("Reach per campaign")
        chart = bars_chart(
            [Bar(c["name"], c["amplification"]["reach"]) for c in page["items"]], title
        )
        return render(request, "advocacy/campaigns.html", page=page, chart=Markup(chart))

    @pages.get("/advocacy/campaigns/{campaign_id}", response_class=HTMLResponse)
    async def campaign(
        request: Request, campaign_id: str, staff: Annotated[Staff, require("advocacy.view")]
    ) -> Response:
        api = gateway_of(request).services.advocacy
        found = await api.get(f"/campaigns/{campaign_id}")
        materials = await api.get("/materials", campaign_id=campaign_id, limit=100)
        sums = {
            m["id"]: await api.get(f"/materials/{m['id']}/amplification")
            for m in materials["items"]
        }
        title = language_of(request, staff).gettext("Reach per material")
        chart = bars_chart(
            [Bar(m["title"], sums[m["id"]]["total"]["reach"]) for m in materials["items"]], title
        )
        return render(
            request,
            "advocacy/campaign.html",
            campaign=found,
            materials=materials["items"],
            sums=sums,
            chart=Markup(chart),
        )

    @pages.get("/advocacy/materials", response_class=HTMLResponse)
    async def materials(
        request: Request,
        staff: Annotated[Staff, require("advocacy.view")],
        status: Filter = None,
    ) -> Response:
        return await _materials(request, status or None)

    @pages.post("/advocacy/materials")
    async def draft(
        request: Request,
        staff: Annotated[Staff, require("advocacy.edit")],
        kind: Annotated[str, Form(max_length=40)],
        title: Text,
        text: Annotated[str, Form(min_length=1, max_length=50_000)],
        language: Annotated[str, Form(max_length=2)] = "en",
        campaign_id: Annotated[str, Form(max_length=64)] = "",
    ) -> Response:
        body = {
            "kind": kind,
            "title": title,
            "text": text,
            "language": language,
            "campaign_id": campaign_id or None,
        }
        try:
            made = await gateway_of(request).services.advocacy.call(
                "POST", "/materials", actor=staff.staff_id, json=body
            )
        except ServiceError as error:
            if error.status not in SHOWN_ERRORS:
                raise
            return await _materials(request, None, error.status, error.messages)
        await audit_action(request, staff, "advocacy.draft", made["id"])
        return see_other(f"/advocacy/materials/{made['id']}")

    @pages.get("/advocacy/materials/{material_id}", response_class=HTMLResponse)
    async def material(
        request: Request, material_id: str, staff: Annotated[Staff, require("advocacy.view")]
    ) -> Response:
        return await _material(request, staff, material_id)

    @pages.post("/advocacy/materials/{material_id}/status")
    async def move(
        request: Request,
        material_id: str,
        staff: Annotated[Staff, require("advocacy.edit")],
        to_status: Annotated[str, Form(max_length=20)],
        expected_version: Version = None,
    ) -> Response:
        if to_status not in MOVES:
            return await _material(request, staff, material_id, 422, [f"to_status: {to_status}"])
        body = {"to_status": to_status, "expected_version": expected_version}
        return await _material_command(
            request, staff, material_id, "status", body, f"advocacy.material_{to_status}"
        )

    @pages.post("/advocacy/materials/{material_id}/approve")
    async def approve(
        request: Request,
        material_id: str,
        staff: Annotated[Staff, require("advocacy.approve")],
        expected_version: Version = None,
    ) -> Response:
        found = await gateway_of(request).services.advocacy.get(f"/materials/{material_id}")
        if not may_approve(staff, found):
            # The gateway refuses what the service would: no approver flag, or one's own text.
            await audit_action(request, staff, "advocacy.approve_refused", material_id)
            message = language_of(request, staff).gettext(
                "Only an approver who wrote none of its text approves a material in review."
            )
            return await _material(request, staff, material_id, 403, [message])
        body = {"to_status": "approved", "expected_version": expected_version}
        return await _material_command(
            request, staff, material_id, "status", body, "advocacy.approve", approver=True
        )

    @pages.post("/advocacy/materials/{material_id}/publish")
    async def publish(
        request: Request,
        material_id: str,
        staff: Annotated[Staff, require("advocacy.edit")],
        channel: Text,
        published_on: Day,
        outlet: Optional = "",
        language: Annotated[str, Form(max_length=2)] = "en",
        url: Optional = "",
        expected_version: Version = None,
    ) -> Response:
        body = {
            "to_status": "published",
            "publication": _publication(channel, outlet, language, published_on, url),
            "expected_version": expected_version,
        }
        return await _material_command(
            request, staff, material_id, "status", body, "advocacy.publish"
        )

    @pages.post("/advocacy/materials/{material_id}/publications")
    async def disseminate(
        request: Request,
        material_id: str,
        staff: Annotated[Staff, require("advocacy.edit")],
        channel: Text,
        published_on: Day,
        outlet: Optional = "",
        language: Annotated[str, Form(max_length=2)] = "en",
        url: Optional = "",
    ) -> Response:
        body = _publication(channel, outlet, language, published_on, url)
        return await _material_command(
            request, staff, material_id, "publications", body, "advocacy.disseminate"
        )

    @pages.post("/advocacy/materials/{material_id}/comments")
    async def comment(
        request: Request,
        material_id: str,
        staff: Annotated[Staff, require("advocacy.edit")],
        text: LongText,
        expected_version: Version = None,
    ) -> Response:
        body = {"text": text, "expected_version": expected_version}
        return await _material_command(
            request, staff, material_id, "comments", body, "advocacy.comment"
        )

    @pages.post("/advocacy/materials/{material_id}/amplification")
    async def amplification(
        request: Request,
        material_id: str,
        staff: Annotated[Staff, require("advocacy.edit")],
        channel: Text,
        measured_on: Day,
        reach: Count = 0,
        shares: Count = 0,
        pickups: Count = 0,
    ) -> Response:
        body = {
            "channel": channel,
            "measured_on": measured_on,
            "reach": reach,
            "shares": shares,
            "pickups": pickups,
        }
        return await _material_command(
            request,
            staff,
            material_id,
            "amplification",
            body,
            "advocacy.amplification",
            form=("amplification", body, AMPLIFICATION_AT),
        )

    @pages.post("/advocacy/materials/{material_id}/signatures")
    async def sign(
        request: Request,
        material_id: str,
        staff: Annotated[Staff, require("advocacy.edit")],
        city_id: Annotated[str, Form(min_length=1, max_length=64)],
        mayor_name: Text,
        given_by: Text,
        given_on: Day,
        method: Annotated[str, Form(max_length=20)],
        mayor_title: Text = "Mayor",
    ) -> Response:
        consent = {"given_by": given_by, "given_on": given_on, "method": method}
        body = {
            "city_id": city_id,
            "mayor_name": mayor_name,
            "mayor_title": mayor_title,
            "consent": consent,
        }
        typed = {**body, **consent}
        return await _material_command(
            request,
            staff,
            material_id,
            "signatures",
            body,
            "advocacy.co_sign",
            form=("signature", typed, SIGNATURE_AT),
        )

    @pages.post("/advocacy/materials/{material_id}/signatures/{city_id}/withdrawal")
    async def withdraw(
        request: Request,
        material_id: str,
        city_id: str,
        staff: Annotated[Staff, require("advocacy.edit")],
        reason: Annotated[str, Form(max_length=5000)] = "",
    ) -> Response:
        body = {"reason": reason or None}
        return await _material_command(
            request,
            staff,
            material_id,
            f"signatures/{city_id}/withdrawal",
            body,
            "advocacy.withdraw_signature",
        )

    return pages


async def _material_command(
    request: Request,
    staff: Staff,
    material_id: str,
    verb: str,
    body: dict[str, Any],
    action: str,
    *,
    approver: bool = False,
    form: TypedForm | None = None,
) -> Response:
    """One command on the material; a refusal shows the material again with the messages (and,
    for a `form` (name, values typed, API location -> field), them beside its fields)."""
    try:
        await gateway_of(request).services.advocacy.call(
            "POST",
            f"/materials/{material_id}/{verb}",
            actor=staff.staff_id,
            json=body,
            roles=frozenset({"approver"}) if approver else None,
        )
    except ServiceError as error:
        if error.status not in SHOWN_ERRORS:
            raise
        if form is None:
            return await _material(request, staff, material_id, error.status, error.messages)
        name, typed, locations = form
        placed, general = place_at(error.messages, locations)
        return await _material(
            request, staff, material_id, error.status, general, (name, typed, placed)
        )
    await audit_action(request, staff, action, material_id)
    return see_other(f"/advocacy/materials/{material_id}")


async def _material(
    request: Request,
    staff: Staff,
    material_id: str,
    code: int = 200,
    errors: list[str] | None = None,
    refused: tuple[str, dict[str, Any], dict[str, list[str]]] | None = None,
) -> Response:
    api = gateway_of(request).services.advocacy
    found = await api.get(f"/materials/{material_id}")
    # The refused form keeps what was typed, with the messages beside its fields.
    name, typed, placed = refused or ("", {}, {})
    sums = await api.get(f"/materials/{material_id}/amplification")
    cities: list[dict[str, Any]] = []
    if found["kind"] == MaterialKind.PUBLIC_STATEMENT and staff.can("advocacy.edit"):
        cities = (await api.get("/cities", limit=200))["items"]
    title = language_of(request, staff).gettext("Reach per channel")
    chart = bars_chart([Bar(name, t["reach"]) for name, t in sums["by_channel"].items()], title)
    return render(
        request,
        "advocacy/material.html",
        code,
        material=found,
        sums=sums,
        chart=Markup(chart),
        cities=cities,
        methods=list(ConsentMethod),
        may_approve=may_approve(staff, found),
        errors=errors or [],
        refused_form=name,
        typed=typed,
        field_errors=placed,
    )


async def _materials(
    request: Request, status: str | None, code: int = 200, errors: list[str] | None = None
) -> Response:
    api = gateway_of(request).services.advocacy
    page = await api.get("/materials", status=status, limit=100)
    campaigns = await api.get("/campaigns", limit=100)
    return render(
        request,
        "advocacy/materials.html",
        code,
        page=page,
        status=status,
        statuses=list(MaterialStatus),
        kinds=list(MaterialKind),
        campaigns=campaigns["items"],
        errors=errors or [],
    )
