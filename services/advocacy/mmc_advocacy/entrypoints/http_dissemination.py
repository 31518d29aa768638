"""The advocacy HTTP API: a published material's dissemination (further publications: channel,
outlet, language, date, link) and amplification (reach, shares and pick-ups per channel, as
measured on a day, summed per material; a campaign sums its materials').

Errors are mapped by the chassis: 422 for a bad value, 404 for an unknown material, 409 for a
material that is not published.
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter

from mmc_advocacy.domain import Material, Measurement, Publication
from mmc_advocacy.entrypoints.http_materials import BAD_BODY, Deps, MaterialId
from mmc_advocacy.entrypoints.models import AmplificationIn, AmplificationOut, PublicationIn
from mmc_chassis.commands import change_aggregate
from mmc_chassis.http import Actor
from mmc_chassis.http_params import conflict, invalid, not_found

CHANGE = {**not_found(), **invalid("A bad value."), **conflict("Not published.")}


def build_dissemination_router(deps: Deps) -> APIRouter:
    router = APIRouter(responses=BAD_BODY)
    repos = deps.repos

    async def published(material_id: str, change: Callable[[Material], object]) -> Material:
        """A published material, changed (what it records needs no `expected_version`)."""
        return await change_aggregate(repos.materials, material_id, None, change)

    @router.post(
        "/materials/{material_id}/publications",
        tags=["dissemination"],
        summary="Record a further publication (channel, outlet, language, date, link)",
        response_model=Material,
        responses=CHANGE,
    )
    async def add_publication(
        material_id: MaterialId, body: PublicationIn, context: Actor
    ) -> Material:
        publication = Publication(**body.model_dump())
        return await published(material_id, lambda m: m.add_publication(publication, context))

    @router.post(
        "/materials/{material_id}/amplification",
        tags=["amplification"],
        summary="Record reach, shares and pick-ups in one channel, as measured on a day",
        response_model=AmplificationOut,
        responses=CHANGE,
    )
    async def record_amplification(
        material_id: MaterialId, body: AmplificationIn, context: Actor
    ) -> AmplificationOut:
        measurement = Measurement(**body.model_dump())
        material = await published(
            material_id, lambda m: m.record_amplification(measurement, context)
        )
        return _amplification(material)

    @router.get(
        "/materials/{material_id}/amplification",
        tags=["amplification"],
        summary="A material's amplification, summed, and per channel",
        response_model=AmplificationOut,
        responses=not_found(),
    )
    async def amplification(material_id: MaterialId) -> AmplificationOut:
        return _amplification(await repos.materials.get(material_id))

    return router


def _amplification(material: Material) -> AmplificationOut:
    total, by_channel = material.amplification_totals()
    return AmplificationOut(total=total, by_channel=by_channel)
