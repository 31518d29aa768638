"""The advocacy HTTP API, part two: policy moments and city inputs, the pledge registry, and
the cities advocacy knows from the registry."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from mmc_advocacy import handlers
from mmc_advocacy.domain import Pledge, PolicyMoment
from mmc_advocacy.entrypoints.http_materials import BAD_BODY, Deps
from mmc_advocacy.entrypoints.models import (
    InputIn,
    InputStatusIn,
    KnownCityOut,
    MomentIn,
    PledgeIn,
    ProgressIn,
)
from mmc_chassis.commands import change_aggregate
from mmc_chassis.errors import NotFound
from mmc_chassis.http import Actor
from mmc_chassis.http_models import Page
from mmc_chassis.http_params import (
    FilterText,
    IdFilter,
    Limit,
    Offset,
    conflict,
    id_path,
    invalid,
    not_found,
)
from mmc_contracts.advocacy import (
    GcrArea,
    MomentScope,
    MomentSeries,
    PledgeStatus,
)

MomentId = Annotated[str, id_path("policy moment")]
InputId = Annotated[str, id_path("city input")]
PledgeId = Annotated[str, id_path("pledge")]
ResourceId = Annotated[str, id_path("resource")]
CityId = Annotated[str, id_path("city")]
Language = Annotated[str | None, Query(pattern=r"^[a-z]{2}$")]
SearchText = Annotated[
    str | None, Query(max_length=200, pattern=r"^[^\x00-\x1f\x7f]*$", description="Search.")
]


def build_knowledge_router(deps: Deps) -> APIRouter:
    router = APIRouter(responses=BAD_BODY)
    repos, cities = deps.repos, deps.cities

    # --- policy moments ----------------------------------------------------------------------

    @router.post(
        "/policy-moments",
        tags=["policy moments"],
        status_code=201,
        summary="Put a global or regional policy discussion on the calendar",
        response_model=PolicyMoment,
        responses=invalid("A bad value."),
    )
    async def schedule_moment(body: MomentIn, context: Actor) -> PolicyMoment:
        moment = PolicyMoment.schedule(handlers.new_id(), context=context, **body.model_dump())
        # Put on the calendar already within notice: announced in the same write, not an hour on.
        moment.announce_approach(deps.clock(), deps.notice_days, context)
        await repos.moments.add(moment)
        return moment

    @router.get(
        "/policy-moments",
        tags=["policy moments"],
        summary="The policy calendar, soonest first",
        response_model=Page[PolicyMoment],
    )
    async def list_moments(
        series: MomentSeries | None = None,
        scope: MomentScope | None = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> Page[PolicyMoment]:
        query: dict[str, Any] = {}
        if series is not None:
            query["series"] = str(series)
        if scope is not None:
            query["scope"] = str(scope)
        items = await repos.moments.list(
            query, [("starts_on", 1), ("_id", 1)], limit=limit, offset=offset
        )
        total = await repos.moments.count(query)
        return Page[PolicyMoment](items=items, total=total, limit=limit, offset=offset)

    @router.get(
        "/policy-moments/{moment_id}",
        tags=["policy moments"],
        summary="A policy moment and the cities' inputs to it",
        response_model=PolicyMoment,
        responses=not_found(),
    )
    async def get_moment(moment_id: MomentId) -> PolicyMoment:
        return await repos.moments.get(moment_id)

    @router.post(
        "/policy-moments/{moment_id}/inputs",
        tags=["policy moments"],
        status_code=201,
        summary="Record a city's input (position paper, speaking slot, statement)",
        response_model=PolicyMoment,
        responses={
            **not_found(),
            **invalid("A bad value, or a city the registry does not know."),
            **conflict("The city left the partnership."),
        },
    )
    async def add_input(moment_id: MomentId, body: InputIn, context: Actor) -> PolicyMoment:
        city = await cities.get(body.city_id)
        input_id = handlers.new_id()
        return await change_aggregate(
            repos.moments,
            moment_id,
            None,
            lambda m: m.add_input(
                input_id,
                city,
                city_id=body.city_id,
                kind=body.kind,
                title=body.title,
                status=body.status,
                context=context,
            ),
        )

    @router.post(
        "/policy-moments/{moment_id}/inputs/{input_id}/status",
        tags=["policy moments"],
        summary="Move a city input: planned → submitted → accepted | declined → delivered",
        response_model=PolicyMoment,
        responses={**not_found(), **conflict("The move is not allowed.")},
    )
    async def input_status(
        moment_id: MomentId, input_id: InputId, body: InputStatusIn, context: Actor
    ) -> PolicyMoment:
        moment = await repos.moments.get(moment_id)
        if moment.find_input(input_id) is None:
            raise NotFound("city input", input_id)
        return await change_aggregate(
            repos.moments,
            moment_id,
            body.expected_version,
            lambda m: m.change_input_status(input_id, body.to_status, context),
        )

    # --- pledges ----------------------------------------------------------------------------

    @router.post(
        "/pledges",
        tags=["pledges"],
        status_code=201,
        summary="Record a city's public pledge",
        response_model=Pledge,
        responses={
            **invalid("A bad value, an unknown city or policy moment."),
            **conflict("The city left the partnership."),
        },
    )
    async def make_pledge(body: PledgeIn, context: Actor) -> Pledge:
        await handlers.check_moment(body.policy_moment_id, repos.moments)
        city = await cities.get(body.city_id)
        pledge = Pledge.make(handlers.new_id(), city, context=context, **body.model_dump())
        await repos.pledges.add(pledge)
        return pledge

    @router.get(
        "/pledges",
        tags=["pledges"],
        summary="The pledge registry, filtered by objective, area, region, status or city",
        response_model=Page[Pledge],
    )
    async def list_pledges(
        objective: Annotated[int | None, Query(ge=1, le=23, description="A GCM objective.")] = None,
        gcr_area: GcrArea | None = None,
        region: FilterText = None,
        status: PledgeStatus | None = None,
        city_id: IdFilter = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> Page[Pledge]:
        query: dict[str, Any] = {}
        if objective is not None:
            query["gcm_objectives"] = objective
        if gcr_area is not None:
            query["gcr_areas"] = str(gcr_area)
        if region:
            query["region"] = region
        if status is not None:
            query["status"] = str(status)
        if city_id is not None:
            query["city_id"] = city_id
        items = await repos.pledges.list(
            query, [("made_on", -1), ("_id", 1)], limit=limit, offset=offset
        )
        total = await repos.pledges.count(query)
        return Page[Pledge](items=items, total=total, limit=limit, offset=offset)

    @router.get(
        "/pledges/{pledge_id}",
        tags=["pledges"],
        summary="A pledge and its progress reports",
        response_model=Pledge,
        responses=not_found(),
    )
    async def get_pledge(pledge_id: PledgeId) -> Pledge:
        return await repos.pledges.get(pledge_id)

    @router.post(
        "/pledges/{pledge_id}/progress",
        tags=["pledges"],
        summary="Report a pledge's progress (status, narrative, figures)",
        response_model=Pledge,
        responses={
            **not_found(),
            **invalid("A bad value, or a report older than the last."),
            **conflict("The status cannot go back, or the pledge is closed."),
        },
    )
    async def report_progress(pledge_id: PledgeId, body: ProgressIn, context: Actor) -> Pledge:
        return await change_aggregate(
            repos.pledges,
            pledge_id,
            body.expected_version,
            lambda p: p.report_progress(
                reported_on=body.reported_on,
                status=body.status,
                narrative=body.narrative,
                figures=body.figures,
                context=context,
            ),
        )

    # --- cities -------------------------------------------------------------------------------

    @router.get(
        "/cities",
        tags=["cities"],
        summary="The cities advocacy knows from the registry",
        response_model=Page[KnownCityOut],
    )
    async def list_cities(
        q: FilterText = None, limit: Limit = 50, offset: Offset = 0
    ) -> Page[KnownCityOut]:
        items, total = await cities.page(q, limit=limit, offset=offset)
        return Page[KnownCityOut](
            items=[KnownCityOut.of(c) for c in items], total=total, limit=limit, offset=offset
        )

    @router.get(
        "/cities/{city_id}",
        tags=["cities"],
        summary="A city as advocacy knows it",
        response_model=KnownCityOut,
        responses=not_found(),
    )
    async def get_city(city_id: CityId) -> KnownCityOut:
        city = await cities.get(city_id)
        if city is None:
            raise NotFound("city", city_id)
        return KnownCityOut.of(city)

    return router
