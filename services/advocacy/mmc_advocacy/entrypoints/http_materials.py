"""The advocacy HTTP API, part one: campaigns, materials (life cycle, versions, reviews) and
co-signatures, with the public list of signatories (dissemination and amplification are in
`http_dissemination`).

Errors are mapped by the chassis, the same for every route: 422 for a malformed request or a
value the rules refuse (an unknown city among them), 404 for an unknown id in the path, 409 for
a state that forbids the command, 403 for an approval by someone who may not approve.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, HTTPException

from mmc_advocacy import handlers
from mmc_advocacy.adapters.cities_view import KnownCities
from mmc_advocacy.adapters.files import ResourceFiles
from mmc_advocacy.adapters.search_index import ResourceIndex
from mmc_advocacy.domain import (
    Campaign,
    Consent,
    Material,
    Publication,
    co_sign,
    public_signatories,
    withdraw,
)
from mmc_advocacy.entrypoints.models import (
    CampaignIn,
    CampaignOut,
    CommentIn,
    MaterialIn,
    MaterialStatusIn,
    PublicationIn,
    PublicSignatoriesOut,
    RevisionIn,
    SignatureIn,
    SignaturesOut,
    WithdrawalIn,
)
from mmc_advocacy.scheduler import Clock
from mmc_chassis.commands import change_aggregate
from mmc_chassis.http import Actor
from mmc_chassis.http_models import ErrorOut, Page
from mmc_chassis.http_params import IdFilter, Limit, Offset, conflict, id_path, invalid, not_found
from mmc_contracts.advocacy import MaterialKind, MaterialStatus

CampaignId = Annotated[str, id_path("campaign")]
MaterialId = Annotated[str, id_path("material")]
CityId = Annotated[str, id_path("city")]

BAD_BODY: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorOut, "description": "The body is not JSON."}
}
"""Documented on every route (FastAPI answers 400 for a body it cannot parse)."""

FORBIDDEN: dict[int | str, dict[str, Any]] = {
    403: {"model": ErrorOut, "description": "Only an approver approves, never their own text."}
}


def roles_header(
    x_mmc_roles: Annotated[
        str | None,
        Header(
            max_length=200,
            pattern=r"^[a-z_ ,-]*$",
            description="The acting person's roles, comma-separated (the gateway signs people "
            "in and sets it); `approver` may approve materials.",
            examples=["approver"],
        ),
    ] = None,
) -> frozenset[str]:
    return frozenset(r.strip() for r in (x_mmc_roles or "").split(",") if r.strip())


Roles = Annotated[frozenset[str], Depends(roles_header)]


@dataclass(frozen=True)
class Deps:
    repos: handlers.Repositories
    cities: KnownCities
    search: ResourceIndex
    files: ResourceFiles
    clock: Clock
    notice_days: int


def build_materials_router(deps: Deps) -> APIRouter:
    router = APIRouter(responses=BAD_BODY)
    repos, cities = deps.repos, deps.cities

    # --- campaigns ---------------------------------------------------------------------------

    async def campaign_out(campaign: Campaign) -> CampaignOut:
        view = await handlers.campaign_view(campaign, repos.materials)
        return CampaignOut(
            **view.campaign.model_dump(),
            status=view.status,
            material_ids=view.material_ids,
            amplification=view.amplification,
        )

    @router.post(
        "/campaigns",
        tags=["campaigns"],
        status_code=201,
        summary="Launch a campaign",
        response_model=CampaignOut,
        responses=invalid("A bad value, or an unknown policy moment."),
    )
    async def launch_campaign(body: CampaignIn, context: Actor) -> CampaignOut:
        await handlers.check_moment(body.policy_moment_id, repos.moments)
        campaign = Campaign.launch(handlers.new_id(), context=context, **body.model_dump())
        await repos.campaigns.add(campaign)
        return await campaign_out(campaign)

    @router.get(
        "/campaigns",
        tags=["campaigns"],
        summary="List campaigns (latest start first)",
        response_model=Page[CampaignOut],
    )
    async def list_campaigns(
        policy_moment_id: IdFilter = None, limit: Limit = 50, offset: Offset = 0
    ) -> Page[CampaignOut]:
        query = {} if policy_moment_id is None else {"policy_moment_id": policy_moment_id}
        found = await repos.campaigns.list(
            query, [("starts_on", -1), ("_id", 1)], limit=limit, offset=offset
        )
        return Page[CampaignOut](
            items=[await campaign_out(c) for c in found],
            total=await repos.campaigns.count(query),
            limit=limit,
            offset=offset,
        )

    @router.get(
        "/campaigns/{campaign_id}",
        tags=["campaigns"],
        summary="A campaign, its status (from its materials) and summed amplification",
        response_model=CampaignOut,
        responses=not_found(),
    )
    async def get_campaign(campaign_id: CampaignId) -> CampaignOut:
        return await campaign_out(await repos.campaigns.get(campaign_id))

    # --- materials ---------------------------------------------------------------------------

    @router.post(
        "/materials",
        tags=["materials"],
        status_code=201,
        summary="Start a material as a draft",
        response_model=Material,
        responses=invalid("A bad value, an unknown campaign or an unknown named city."),
    )
    async def draft_material(body: MaterialIn, context: Actor) -> Material:
        await handlers.check_campaign(body.campaign_id, repos.campaigns)
        await handlers.check_named_cities(body.named_city_ids, cities)
        material = Material.draft(handlers.new_id(), context=context, **body.model_dump())
        await repos.materials.add(material)
        return material

    @router.get(
        "/materials",
        tags=["materials"],
        summary="List materials (latest change first)",
        response_model=Page[Material],
    )
    async def list_materials(
        campaign_id: IdFilter = None,
        status: MaterialStatus | None = None,
        kind: MaterialKind | None = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> Page[Material]:
        query: dict[str, Any] = {}
        if campaign_id is not None:
            query["campaign_id"] = campaign_id
        if status is not None:
            query["status"] = str(status)
        if kind is not None:
            query["kind"] = str(kind)
        items = await repos.materials.list(
            query, [("updated_at", -1), ("_id", 1)], limit=limit, offset=offset
        )
        return Page[Material](
            items=items, total=await repos.materials.count(query), limit=limit, offset=offset
        )

    @router.get(
        "/materials/{material_id}",
        tags=["materials"],
        summary="A material: its versions, comments, approval, publications, signatures",
        response_model=Material,
        responses=not_found(),
    )
    async def get_material(material_id: MaterialId) -> Material:
        return await repos.materials.get(material_id)

    @router.post(
        "/materials/{material_id}/versions",
        tags=["materials"],
        summary="Save a new version of a draft's text",
        response_model=Material,
        responses={**not_found(), **invalid("A blank text."), **conflict("Not a draft.")},
    )
    async def revise(material_id: MaterialId, body: RevisionIn, context: Actor) -> Material:
        return await change_aggregate(
            repos.materials,
            material_id,
            body.expected_version,
            lambda m: m.revise(body.text, context),
        )

    @router.post(
        "/materials/{material_id}/comments",
        tags=["materials"],
        summary="Comment on a material in review",
        response_model=Material,
        responses={**not_found(), **invalid("A blank comment."), **conflict("Not in review.")},
    )
    async def comment(material_id: MaterialId, body: CommentIn, context: Actor) -> Material:
        return await change_aggregate(
            repos.materials,
            material_id,
            body.expected_version,
            lambda m: m.comment(body.text, context),
        )

    @router.post(
        "/materials/{material_id}/status",
        tags=["materials"],
        summary="Move a material in its life cycle",
        description="draft → in_review → approved → published → archived (in_review → draft "
        "for changes, approved → draft, draft → archived). Approving needs the `approver` role "
        "in `X-MMC-Roles` and someone who wrote no version of the text (403 otherwise). "
        "Publishing needs the first `publication`, and puts the material on the timeline of "
        "every city it names or that signed it.",
        response_model=Material,
        responses={
            **not_found(),
            **invalid("A bad value, or publishing without a publication."),
            **conflict("The life cycle does not allow the move."),
            **FORBIDDEN,
        },
    )
    async def change_status(
        material_id: MaterialId,
        body: MaterialStatusIn,
        context: Actor,
        roles: Roles,
    ) -> Material:
        publication = _publication(body.publication)

        def move(material: Material) -> None:
            material.change_status(
                body.to_status,
                context,
                roles=roles,
                publication=publication,
                featured=material.featured_cities(),
            )

        return await change_aggregate(repos.materials, material_id, body.expected_version, move)

    # --- co-signatures ------------------------------------------------------------------------

    @router.post(
        "/materials/{material_id}/signatures",
        tags=["co-signing"],
        status_code=201,
        summary="A city co-signs a public statement, with its consent on record",
        description="Only a city the registry knows signs (422 otherwise), and not one that "
        "has left the partnership (409); the statement must be a public statement that is not "
        "archived, and the city must not have signed already (409).",
        response_model=SignaturesOut,
        responses={
            **not_found(),
            **invalid("A bad value, or a city the registry does not know."),
            **conflict("Not a statement, archived, already signed, or the city left."),
        },
    )
    async def sign(material_id: MaterialId, body: SignatureIn, context: Actor) -> SignaturesOut:
        city = await cities.get(body.city_id)
        consent = Consent(**body.consent.model_dump())

        def add(material: Material) -> None:
            co_sign(
                material,
                city,
                city_id=body.city_id,
                mayor_name=body.mayor_name,
                mayor_title=body.mayor_title,
                consent=consent,
                context=context,
            )

        return _signatures(await change_aggregate(repos.materials, material_id, None, add))

    @router.post(
        "/materials/{material_id}/signatures/{city_id}/withdrawal",
        tags=["co-signing"],
        summary="A city withdraws its consent: the signature leaves the list, stays in history",
        response_model=SignaturesOut,
        responses={**not_found(), **conflict("The city has no signature to withdraw.")},
    )
    async def withdraw_signature(
        material_id: MaterialId, city_id: CityId, body: WithdrawalIn, context: Actor
    ) -> SignaturesOut:
        material = await change_aggregate(
            repos.materials,
            material_id,
            None,
            lambda m: withdraw(m, city_id, context, body.reason),
        )
        return _signatures(material)

    @router.get(
        "/materials/{material_id}/signatures",
        tags=["co-signing"],
        summary="The statement's signatures with their consent, and their history",
        response_model=SignaturesOut,
        responses=not_found(),
    )
    async def signatures(material_id: MaterialId) -> SignaturesOut:
        return _signatures(await repos.materials.get(material_id))

    @router.get(
        "/public/statements/{material_id}/signatories",
        tags=["public"],
        summary="The public list of a published statement's signatories",
        description="404 until the statement is published. Withdrawn signatures are not listed.",
        response_model=PublicSignatoriesOut,
        responses=not_found("No such statement, or not published."),
    )
    async def public_list(material_id: MaterialId) -> PublicSignatoriesOut:
        material = await repos.materials.get(material_id)
        listed = public_signatories(material)
        if listed is None or material.kind is not MaterialKind.PUBLIC_STATEMENT:
            raise HTTPException(404, f"statement {material_id!r} is not published")
        return PublicSignatoriesOut(
            statement_id=material.id, title=material.title, signatories=listed
        )

    return router


def _publication(body: PublicationIn | None) -> Publication | None:
    return None if body is None else Publication(**body.model_dump())


def _signatures(material: Material) -> SignaturesOut:
    return SignaturesOut(
        active=[s for s in material.signatures if s.active], history=material.signatures
    )
