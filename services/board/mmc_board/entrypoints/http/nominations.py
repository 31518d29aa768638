"""Nominations of mayors to the Board, and the supporting partners who vote in rounds."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Depends

from mmc_board.adapters.repository import NominationFilter
from mmc_board.commands.nominations import (
    ChangeNominationStatus,
    Nominate,
    RegisterVoter,
    change_nomination_status,
    nominate,
    register_voter,
)
from mmc_board.entrypoints.http.deps import INVALID, INVALID_PARAMS, Board, NominationId
from mmc_board.entrypoints.models.nominations import (
    NominateIn,
    NominationOut,
    NominationPage,
    NominationStatusIn,
    VoterIn,
    VoterList,
    VoterOut,
)
from mmc_chassis.http import Actor
from mmc_chassis.http_links import links_to
from mmc_chassis.http_paging import Paging, paged
from mmc_chassis.http_params import IdFilter, conflict, not_found
from mmc_contracts.board import NominationStatus

router = APIRouter(tags=["nominations"])
voters_router = APIRouter(tags=["selection"])

FREETOWN = {
    "summary": "A partner city's mayor",
    "value": {
        "city_id": "3f1c9a0d2b4e4f6a8c1d2e3f4a5b6c7d",
        "nominated_by_name": "Amina Diallo",
        "nominated_by_role": "Deputy Mayor",
        "statement": "She has led the city's response to climate migration since 2018.",
    },
}


def nomination_filter(
    status: NominationStatus | None = None, city_id: IdFilter = None, vacancy_id: IdFilter = None
) -> NominationFilter:
    return NominationFilter(status=status, city_id=city_id, vacancy_id=vacancy_id)


@router.post(
    "/nominations",
    status_code=201,
    summary="Receive a nomination",
    description=(
        "A city's leadership nominates the city's mayor. The city must be known to the "
        "registry (else 422 at `city_id`) and a partner of the MMC (else 409, naming its "
        "status). One nomination per city is in play (received or candidate) at a time."
    ),
    response_model=NominationOut,
    responses={
        **links_to(
            "nomination_id",
            "get /nominations/{nomination_id}",
            "post /nominations/{nomination_id}/status",
        ),
        **INVALID,
        **conflict(
            "The city is not a partner, the registry names another mayor, the city holds a "
            "seat, its mayor has a nomination in play, or the vacancy is filled."
        ),
    },
)
async def receive(
    body: Annotated[NominateIn, Body(openapi_examples={"freetown": FREETOWN})],
    context: Actor,
    board: Board,
) -> NominationOut:
    nomination = await nominate(
        Nominate(
            city_id=body.city_id,
            nominated_by_name=body.nominated_by_name,
            nominated_by_role=body.nominated_by_role,
            statement=body.statement,
            context=context,
            mayor_name=body.mayor_name,
            nominated_by_city_id=body.nominated_by_city_id,
            vacancy_id=body.vacancy_id,
            nominated_by_email=body.nominated_by_email,
        ),
        board,
    )
    return NominationOut.of(nomination)


@router.get(
    "/nominations",
    summary="List nominations",
    description="Newest first; filters combine with AND.",
    response_model=NominationPage,
    responses=INVALID_PARAMS,
)
async def list_nominations(
    board: Board,
    where: Annotated[NominationFilter, Depends(nomination_filter)],
    paging: Paging,
) -> NominationPage:
    return await paged(NominationPage, board.nominations, where, paging, NominationOut.of)


@router.get(
    "/nominations/{nomination_id}",
    summary="A nomination",
    response_model=NominationOut,
    responses={**not_found("No nomination with this id."), **INVALID_PARAMS},
)
async def get_nomination(nomination_id: NominationId, board: Board) -> NominationOut:
    return NominationOut.of(await board.nominations.get(nomination_id))


@router.post(
    "/nominations/{nomination_id}/status",
    summary="Shortlist or withdraw a nomination",
    description=(
        "received → candidate | withdrawn; candidate → withdrawn (a withdrawal needs a "
        "reason, and is refused while the nomination is a candidate in an open round). "
        "Selection is the rounds' to decide."
    ),
    response_model=NominationOut,
    responses={
        **not_found("No nomination with this id."),
        **INVALID,
        **conflict(
            "The life cycle does not allow it, the nomination is a candidate in an open "
            "round, or `expected_version` is stale."
        ),
    },
)
async def change_status(
    nomination_id: NominationId, body: NominationStatusIn, context: Actor, board: Board
) -> NominationOut:
    nomination = await change_nomination_status(
        ChangeNominationStatus(
            nomination_id=nomination_id,
            to_status=NominationStatus(body.to_status),
            reason=body.reason,
            context=context,
            expected_version=body.expected_version,
        ),
        board,
    )
    return NominationOut.of(nomination)


@voters_router.post(
    "/voters",
    status_code=201,
    summary="Register a supporting partner as a voter",
    description="Supporting partners vote in selection rounds beside the serving Board mayors.",
    response_model=VoterOut,
    responses={
        **INVALID,
        **conflict("The id is registered already, or is a Board membership's id."),
    },
)
async def add_voter(body: VoterIn, context: Actor, board: Board) -> VoterOut:
    voter = await register_voter(
        RegisterVoter(voter_id=body.id, name=body.name, context=context), board
    )
    return VoterOut.of(voter)


@voters_router.get(
    "/voters",
    summary="The registered supporting-partner voters",
    response_model=VoterList,
)
async def list_voters(board: Board) -> VoterList:
    return VoterList(items=[VoterOut.of(v) for v in await board.voters.all()])
