"""The outreach API's mobilisation lists: the partner cities to mobilise for an approaching
policy moment, and the record of who was contacted and who answered."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter
from pydantic import StringConstraints

from mmc_chassis.commands import change_aggregate
from mmc_chassis.http import Actor
from mmc_chassis.http_models import ErrorOut, Id, Page, Strict
from mmc_chassis.http_paging import Paging, paged
from mmc_chassis.http_params import (
    IdFilter,
    Responses,
    conflict,
    id_path,
    invalid,
    not_found,
)
from mmc_outreach.adapters.repository import MobilisationListFilter
from mmc_outreach.domain.mobilisation import MobilisationList
from mmc_outreach.entrypoints.models import as_is
from mmc_outreach.mobilisation import Lists

ListId = Annotated[str, id_path("mobilisation list")]
CHANGE: Responses = {
    400: {"model": ErrorOut, "description": "The body is not valid JSON."},
    **not_found(),
    **conflict("That city was already contacted, or not contacted yet."),
    **invalid("A value is not allowed."),
}


class ContactIn(Strict):
    city_id: Annotated[Id, StringConstraints(max_length=64)]


class ContributionAnswerIn(Strict):
    city_id: Annotated[Id, StringConstraints(max_length=64)]
    will_contribute: bool


ListPage = Page[MobilisationList]


def build_mobilisation_router(lists: Lists) -> APIRouter:
    router = APIRouter(tags=["mobilisation lists"])

    @router.get(
        "/mobilisation-lists",
        summary="Lists of cities to mobilise for approaching policy moments, newest first",
        response_model=ListPage,
    )
    async def list_lists(paging: Paging, moment_id: IdFilter = None) -> ListPage:
        where = MobilisationListFilter(moment_id=moment_id)
        return await paged(ListPage, lists, where, paging, as_is)

    @router.get(
        "/mobilisation-lists/{list_id}",
        summary="A list, with the partner cities to mobilise in order and why",
        response_model=MobilisationList,
        responses=not_found(),
    )
    async def get_list(list_id: ListId) -> MobilisationList:
        return await lists.get(list_id)

    @router.post(
        "/mobilisation-lists/{list_id}/contacts",
        summary="Record that a city was contacted",
        response_model=MobilisationList,
        responses=CHANGE,
    )
    async def contact(list_id: ListId, body: ContactIn, context: Actor) -> MobilisationList:
        return await change_aggregate(
            lists, list_id, None, lambda m: m.contacted(body.city_id, context)
        )

    @router.post(
        "/mobilisation-lists/{list_id}/answers",
        summary="Record a city's answer: will it contribute an input?",
        response_model=MobilisationList,
        responses=CHANGE,
    )
    async def answer(
        list_id: ListId, body: ContributionAnswerIn, context: Actor
    ) -> MobilisationList:
        return await change_aggregate(
            lists, list_id, None, lambda m: m.answered(body.city_id, body.will_contribute, context)
        )

    return router
