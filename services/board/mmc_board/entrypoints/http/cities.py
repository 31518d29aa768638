"""The board's own read model of the registry's cities, for staff choosing nominees."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from mmc_board.adapters.cities_view import CityFilter
from mmc_board.entrypoints.http.deps import INVALID_PARAMS, Board, CityId
from mmc_board.entrypoints.models.board import KnownCityOut, KnownCityPage
from mmc_chassis.errors import NotFound
from mmc_chassis.http_paging import Paging, paged
from mmc_chassis.http_params import FilterText, not_found
from mmc_contracts.cities import PartnershipStatus

router = APIRouter(tags=["cities"])


def city_filter(
    partnership_status: PartnershipStatus | None = None,
    country: Annotated[
        str | None,
        Query(pattern=r"^[A-Za-z]{2}$", description="ISO 3166-1 alpha-2 code.", examples=["SL"]),
    ] = None,
    region: Annotated[FilterText, Query(description="UN M49 region, e.g. `Africa`.")] = None,
    q: Annotated[FilterText, Query(description="Part of the name.")] = None,
) -> CityFilter:
    return CityFilter(partnership_status=partnership_status, country=country, region=region, q=q)


@router.get(
    "/cities",
    summary="The cities the board knows",
    description="The board's own read model of the registry, built from its events (a "
    "change in the registry shows here a moment later), for staff choosing nominees. By name.",
    response_model=KnownCityPage,
    responses=INVALID_PARAMS,
)
async def list_cities(
    board: Board, where: Annotated[CityFilter, Depends(city_filter)], paging: Paging
) -> KnownCityPage:
    return await paged(KnownCityPage, board.cities, where, paging, KnownCityOut.of)


@router.get(
    "/cities/{city_id}",
    summary="A city the board knows",
    response_model=KnownCityOut,
    responses={**not_found("The board knows no city with this id."), **INVALID_PARAMS},
)
async def get_city(city_id: CityId, board: Board) -> KnownCityOut:
    document = await board.cities.document(city_id)
    if document is None:
        raise NotFound("city", city_id)
    return KnownCityOut.of(document)
