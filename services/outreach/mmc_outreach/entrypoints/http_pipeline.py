"""The outreach API's pipeline routes (targets and priorities), nomination calls, and the
read model of the cities."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, HTTPException

from mmc_chassis.commands import change_aggregate
from mmc_chassis.http import Actor
from mmc_chassis.http_models import ErrorOut
from mmc_chassis.http_paging import Paging, paged
from mmc_chassis.http_params import Limit, Offset, Responses, conflict, id_path, invalid, not_found
from mmc_chassis.repository import Everything
from mmc_contracts.outreach import OutreachStage
from mmc_outreach import handlers
from mmc_outreach.domain.nomination_call import NominationCall
from mmc_outreach.domain.pipeline import OutreachTarget
from mmc_outreach.domain.priority import Coverage, Priority, priority, rank
from mmc_outreach.entrypoints import models as m

if TYPE_CHECKING:
    from mmc_outreach.entrypoints.http import Deps

TargetId = Annotated[str, id_path("outreach target")]
CallId = Annotated[str, id_path("nomination call")]
CityId = Annotated[str, id_path("city")]

CHANGE: Responses = {
    **not_found(),
    **conflict("The life cycle does not allow it, or `expected_version` is stale."),
    **invalid("A value is not allowed."),
}
CREATE: Responses = {**conflict("It exists already."), **invalid("A value is not allowed.")}
BAD_BODY: Responses = {400: {"model": ErrorOut, "description": "The body is not valid JSON."}}


def _priority_out(p: Priority) -> m.PriorityOut:
    return m.PriorityOut(
        city_id=p.city_id, city_name=p.city_name, points=p.points, reasons=list(p.reasons)
    )


def build_pipeline_router(d: Deps) -> APIRouter:
    router = APIRouter(responses=BAD_BODY)

    # --- outreach pipeline --------------------------------------------------------------------

    @router.get(
        "/priorities",
        tags=["outreach"],
        summary="Cities to reach out to, highest priority first, with the reasons",
        description="Every city of the registry that is not a partner yet, ranked: secondary "
        "cities, and regions and migration contexts the partners and the Board lack, first.",
        response_model=m.PriorityPage,
    )
    async def priorities(limit: Limit = 50, offset: Offset = 0) -> m.PriorityPage:
        cities = await d.cities.all()
        coverage = Coverage.of(cities)
        ranked = rank([c for c in cities if not c.is_partner and not c.on_board], coverage)
        items = [_priority_out(p) for p in ranked[offset : offset + limit]]
        return m.PriorityPage(items=items, total=len(ranked), limit=limit, offset=offset)

    @router.post(
        "/targets",
        tags=["outreach"],
        status_code=201,
        summary="Make a city an outreach target",
        response_model=OutreachTarget,
        responses=CREATE,
    )
    async def open_target(body: m.TargetIn, context: Actor) -> OutreachTarget:
        return await handlers.open_target(
            body.city_id, context, targets=d.targets, cities=d.cities, owner=body.owner
        )

    @router.get(
        "/targets",
        tags=["outreach"],
        summary="The outreach pipeline, highest priority first",
        response_model=m.TargetPage,
    )
    async def list_targets(
        stage: OutreachStage | None = None, limit: Limit = 50, offset: Offset = 0
    ) -> m.TargetPage:
        query: dict[str, Any] = {} if stage is None else {"stage": str(stage)}
        targets = await d.targets.list(query)
        cities = await d.cities.all()
        by_id = {city.id: city for city in cities}
        coverage = Coverage.of(cities)
        rows: list[m.TargetOut] = []
        for target in targets:
            city = by_id.get(target.city_id)
            p = _priority_out(priority(city, coverage)) if city is not None else None
            rows.append(m.TargetOut(target=target, priority=p))
        rows.sort(key=lambda r: (-(r.priority.points if r.priority else -1), r.target.id))
        page = rows[offset : offset + limit]
        return m.TargetPage(items=page, total=len(rows), limit=limit, offset=offset)

    @router.get(
        "/targets/{target_id}",
        tags=["outreach"],
        summary="An outreach target",
        response_model=OutreachTarget,
        responses=not_found(),
    )
    async def get_target(target_id: TargetId) -> OutreachTarget:
        return await d.targets.get(target_id)

    @router.post(
        "/targets/{target_id}/stage",
        tags=["outreach"],
        summary="Move to another stage",
        response_model=OutreachTarget,
        responses=CHANGE,
    )
    async def move(target_id: TargetId, body: m.StageIn, context: Actor) -> OutreachTarget:
        return await handlers.move_target(
            target_id,
            body.to_stage,
            body.reason,
            context,
            targets=d.targets,
            expected_version=body.expected_version,
        )

    @router.post(
        "/targets/{target_id}/activities",
        tags=["outreach"],
        status_code=201,
        summary="Record an email, call, meeting or event",
        response_model=OutreachTarget,
        responses=CHANGE,
    )
    async def activity(target_id: TargetId, body: m.ActivityIn, context: Actor) -> OutreachTarget:
        return await handlers.record_activity(
            target_id, body.kind, body.on, body.notes, context, targets=d.targets
        )

    # --- nomination calls ---------------------------------------------------------------------

    @router.get(
        "/nomination-calls",
        tags=["nomination calls"],
        summary="Calls for Board nominations, newest first",
        response_model=m.CallPage,
    )
    async def list_calls(paging: Paging) -> m.CallPage:
        return await paged(m.CallPage, d.calls, Everything(), paging, m.as_is)

    @router.get(
        "/nomination-calls/{call_id}",
        tags=["nomination calls"],
        summary="A call, with the cities to invite in order",
        response_model=NominationCall,
        responses=not_found(),
    )
    async def get_call(call_id: CallId) -> NominationCall:
        return await d.calls.get(call_id)

    @router.post(
        "/nomination-calls/{call_id}/invitations",
        tags=["nomination calls"],
        summary="Record that a city was invited",
        response_model=NominationCall,
        responses=CHANGE,
    )
    async def invite(call_id: CallId, body: m.InviteIn, context: Actor) -> NominationCall:
        return await change_aggregate(
            d.calls, call_id, None, lambda c: c.invite(body.city_id, context)
        )

    @router.post(
        "/nomination-calls/{call_id}/answers",
        tags=["nomination calls"],
        summary="Record a city's answer",
        response_model=NominationCall,
        responses=CHANGE,
    )
    async def call_answer(call_id: CallId, body: m.CallAnswerIn, context: Actor) -> NominationCall:
        return await change_aggregate(
            d.calls,
            call_id,
            None,
            lambda c: c.answer(body.city_id, body.will_nominate, context),
        )

    # --- read model ---------------------------------------------------------------------------

    @router.get(
        "/cities/{city_id}",
        tags=["cities (read model)"],
        summary="A city as outreach knows it from the registry's events",
        response_model=m.KnownCityOut,
        responses=not_found(),
    )
    async def known_city(city_id: CityId) -> m.KnownCityOut:
        city = await d.cities.get(city_id)
        if city is None:
            raise HTTPException(404, f"city {city_id!r} not known to outreach")
        return m.KnownCityOut(
            id=city.id,
            name=city.name,
            country_code=city.country_code,
            region=city.region,
            size_class=city.size_class,
            partnership_status=city.partnership_status,
            migration_contexts=sorted(city.migration_contexts),
            on_board=city.on_board,
        )

    return router
