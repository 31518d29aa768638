"""The outreach API's funding, partner organisation and coalition routes."""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Annotated

from fastapi import APIRouter, Query

from mmc_chassis.commands import change_aggregate
from mmc_chassis.http import Actor
from mmc_chassis.http_models import ErrorOut
from mmc_chassis.http_paging import Paging, paged
from mmc_chassis.http_params import (
    IdFilter,
    Responses,
    conflict,
    id_path,
    invalid,
    not_found,
)
from mmc_chassis.repository import Everything
from mmc_contracts.outreach import FundingStage
from mmc_outreach import handlers
from mmc_outreach.adapters.repository import ConnectionFilter
from mmc_outreach.domain.funding import FundingConnection, Opportunity, award_sums
from mmc_outreach.domain.partners import Coalition, PartnerOrganisation
from mmc_outreach.entrypoints import models as m

if TYPE_CHECKING:
    from mmc_outreach.entrypoints.http import Deps

ConnectionId = Annotated[str, id_path("funding connection")]
OrganisationId = Annotated[str, id_path("partner organisation")]
CoalitionId = Annotated[str, id_path("coalition")]

CHANGE: Responses = {
    **not_found(),
    **conflict("The life cycle does not allow it, or it is recorded already."),
    **invalid("A value is not allowed."),
}
BAD_BODY: Responses = {400: {"model": ErrorOut, "description": "The body is not valid JSON."}}
CREATE: Responses = {**conflict("It exists already."), **invalid("A value is not allowed.")}


def build_funding_router(d: Deps) -> APIRouter:
    router = APIRouter(responses=BAD_BODY)

    # --- funding ------------------------------------------------------------------------------

    @router.post(
        "/funding/opportunities",
        tags=["funding"],
        status_code=201,
        summary="Record a funding opportunity",
        response_model=Opportunity,
        responses=CREATE,
    )
    async def add_opportunity(body: m.OpportunityIn, context: Actor) -> Opportunity:
        opportunity = Opportunity(id=handlers.new_id(), **body.model_dump())
        await d.opportunities.add(opportunity)
        return opportunity

    @router.get(
        "/funding/opportunities",
        tags=["funding"],
        summary="Funding opportunities by deadline",
        response_model=m.OpportunityPage,
    )
    async def list_opportunities(paging: Paging) -> m.OpportunityPage:
        return await paged(m.OpportunityPage, d.opportunities, Everything(), paging, m.as_is)

    @router.post(
        "/funding/connections",
        tags=["funding"],
        status_code=201,
        summary="Connect a city with a funding opportunity",
        response_model=FundingConnection,
        responses=CREATE,
    )
    async def connect(body: m.ConnectionIn, context: Actor) -> FundingConnection:
        return await handlers.connect_funding(
            body.city_id,
            body.opportunity_id,
            context,
            cities=d.cities,
            opportunities=d.opportunities,
            connections=d.connections,
        )

    @router.get(
        "/funding/connections",
        tags=["funding"],
        summary="Funding connections",
        response_model=m.ConnectionPage,
    )
    async def list_connections(
        paging: Paging,
        city_id: IdFilter = None,
        stage: FundingStage | None = None,
    ) -> m.ConnectionPage:
        where = ConnectionFilter(city_id=city_id, stage=stage)
        return await paged(m.ConnectionPage, d.connections, where, paging, m.as_is)

    @router.get(
        "/funding/connections/{connection_id}",
        tags=["funding"],
        summary="A funding connection",
        response_model=FundingConnection,
        responses=not_found(),
    )
    async def get_connection(connection_id: ConnectionId) -> FundingConnection:
        return await d.connections.get(connection_id)

    @router.post(
        "/funding/connections/{connection_id}/stage",
        tags=["funding"],
        summary="Move along intake → concept note → review → declined | reporting",
        response_model=FundingConnection,
        responses=CHANGE,
    )
    async def funding_stage(
        connection_id: ConnectionId, body: m.FundingStageIn, context: Actor
    ) -> FundingConnection:
        return await handlers.move_funding(
            connection_id, body.to_stage, context, connections=d.connections
        )

    @router.post(
        "/funding/connections/{connection_id}/award",
        tags=["funding"],
        summary="Record the award (amount in the opportunity's currency)",
        response_model=FundingConnection,
        responses=CHANGE,
    )
    async def award(
        connection_id: ConnectionId, body: m.AwardIn, context: Actor
    ) -> FundingConnection:
        return await handlers.award_funding(
            connection_id, body.amount, body.awarded_on, context, connections=d.connections
        )

    @router.post(
        "/funding/connections/{connection_id}/reports",
        tags=["funding"],
        summary="A report due on a date",
        response_model=FundingConnection,
        responses=CHANGE,
    )
    async def report_due(
        connection_id: ConnectionId, body: m.ReportDueIn, context: Actor
    ) -> FundingConnection:
        return await change_aggregate(
            d.connections, connection_id, None, lambda c: c.expect_report(body.due_on, context)
        )

    @router.post(
        "/funding/connections/{connection_id}/reports/received",
        tags=["funding"],
        summary="A report received",
        response_model=FundingConnection,
        responses=CHANGE,
    )
    async def report_received(
        connection_id: ConnectionId, body: m.ReportReceivedIn, context: Actor
    ) -> FundingConnection:
        return await change_aggregate(
            d.connections,
            connection_id,
            None,
            lambda c: c.receive_report(body.due_on, body.received_on, context),
        )

    @router.get(
        "/funding/sums",
        tags=["funding"],
        summary="Amounts awarded, summed per city, funder or year (one sum per currency)",
        response_model=list[m.AwardSumOut],
    )
    async def sums(
        by: Annotated[str, Query(pattern="^(city|funder|year)$")] = "city",
    ) -> list[m.AwardSumOut]:
        connections = await d.connections.list({"amount_awarded": {"$ne": None}})
        return [m.AwardSumOut.model_validate(asdict(s)) for s in award_sums(connections, by)]

    # --- partner organisations ----------------------------------------------------------------

    @router.post(
        "/partners",
        tags=["partner organisations"],
        status_code=201,
        summary="Record a partner organisation (its contacts stay here)",
        response_model=PartnerOrganisation,
        responses=CREATE,
    )
    async def add_partner(body: m.PartnerIn, context: Actor) -> PartnerOrganisation:
        organisation = PartnerOrganisation.register(
            handlers.new_id(),
            name=body.name,
            kinds=list(body.kinds),
            context=context,
            website=body.website,
            relationship_to_mmc=body.relationship_to_mmc,
            contacts=body.contact_models(),
        )
        await d.partners.add(organisation)
        return organisation

    @router.get(
        "/partners",
        tags=["partner organisations"],
        summary="Partner organisations by name",
        response_model=m.PartnerPage,
    )
    async def list_partners(paging: Paging) -> m.PartnerPage:
        return await paged(m.PartnerPage, d.partners, Everything(), paging, m.as_is)

    @router.get(
        "/partners/{organisation_id}",
        tags=["partner organisations"],
        summary="A partner organisation",
        response_model=PartnerOrganisation,
        responses=not_found(),
    )
    async def get_partner(organisation_id: OrganisationId) -> PartnerOrganisation:
        return await d.partners.get(organisation_id)

    @router.post(
        "/partners/{organisation_id}/cities",
        tags=["partner organisations"],
        summary="Record the organisation's relationship to a city",
        response_model=PartnerOrganisation,
        responses=CHANGE,
    )
    async def relate_city(
        organisation_id: OrganisationId, body: m.CityRelationIn, context: Actor
    ) -> PartnerOrganisation:
        await handlers.known_city(body.city_id, cities=d.cities)
        return await change_aggregate(
            d.partners,
            organisation_id,
            None,
            lambda o: o.relate_city(body.city_id, body.relationship, context),
        )

    # --- coalitions -----------------------------------------------------------------------

    @router.post(
        "/coalitions",
        tags=["coalitions"],
        status_code=201,
        summary="Form a coalition around a shared goal (at a city's request, say which)",
        response_model=Coalition,
        responses=CREATE,
    )
    async def form_coalition(body: m.CoalitionIn, context: Actor) -> Coalition:
        if body.requested_by_city_id is not None:
            await handlers.known_city(body.requested_by_city_id, cities=d.cities)
        coalition = Coalition.form(
            handlers.new_id(),
            name=body.name,
            goal=body.goal,
            context=context,
            requested_by_city_id=body.requested_by_city_id,
        )
        await d.coalitions.add(coalition)
        return coalition

    @router.get(
        "/coalitions",
        tags=["coalitions"],
        summary="Coalitions by name",
        response_model=m.CoalitionPage,
    )
    async def list_coalitions(paging: Paging) -> m.CoalitionPage:
        return await paged(m.CoalitionPage, d.coalitions, Everything(), paging, m.as_is)

    @router.get(
        "/coalitions/{coalition_id}",
        tags=["coalitions"],
        summary="A coalition with its members over time",
        response_model=Coalition,
        responses=not_found(),
    )
    async def get_coalition(coalition_id: CoalitionId) -> Coalition:
        return await d.coalitions.get(coalition_id)

    @router.post(
        "/coalitions/{coalition_id}/members",
        tags=["coalitions"],
        summary="A city or organisation joins",
        response_model=Coalition,
        responses=CHANGE,
    )
    async def join(coalition_id: CoalitionId, body: m.MemberIn, context: Actor) -> Coalition:
        await handlers.known_member(body.member_kind, body.member_id, d.cities, d.partners)
        return await change_aggregate(
            d.coalitions,
            coalition_id,
            None,
            lambda c: c.join(body.member_kind, body.member_id, body.on, context),
        )

    @router.post(
        "/coalitions/{coalition_id}/members/leave",
        tags=["coalitions"],
        summary="A city or organisation leaves",
        response_model=Coalition,
        responses=CHANGE,
    )
    async def leave(coalition_id: CoalitionId, body: m.MemberIn, context: Actor) -> Coalition:
        return await change_aggregate(
            d.coalitions,
            coalition_id,
            None,
            lambda c: c.leave(body.member_kind, body.member_id, body.on, context),
        )

    return router
