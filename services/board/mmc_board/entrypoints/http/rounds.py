"""Selection rounds: the Board mayors and the supporting partners choosing a nominee."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Depends

from mmc_board import queries
from mmc_board.adapters.repository import RoundFilter
from mmc_board.commands.rounds import (
    CancelRound,
    CastBallot,
    CloseRound,
    OpenRound,
    cancel_round,
    cast_ballot,
    close_round,
    open_round,
)
from mmc_board.entrypoints.http.deps import INVALID, INVALID_PARAMS, Board, RoundId
from mmc_board.entrypoints.models.rounds import (
    BallotIn,
    CancelRoundIn,
    CloseRoundIn,
    OpenRoundIn,
    ResultsOut,
    RoundOut,
    RoundPage,
)
from mmc_board.parts import BoardParts
from mmc_chassis.http import Actor
from mmc_chassis.http_links import links_to
from mmc_chassis.http_paging import Paging, paged
from mmc_chassis.http_params import IdFilter, conflict, not_found
from mmc_contracts.board import RoundStatus

router = APIRouter(tags=["selection"])

NO_ROUND = not_found("No selection round with this id.")


def round_filter(status: RoundStatus | None = None, vacancy_id: IdFilter = None) -> RoundFilter:
    return RoundFilter(status=status, vacancy_id=vacancy_id)


async def round_out(round_id: str, board: BoardParts) -> RoundOut:
    view = await queries.round_view(round_id, board)
    return RoundOut.of(view.selection, view.effects, view.board)


@router.post(
    "/rounds",
    status_code=201,
    summary="Open a selection round for a vacancy",
    description=(
        "The candidates are the listed nominations (received ones become candidates); the "
        "voters are the Board mayors serving today and the registered supporting partners; "
        "the quorum is more than `MMC_QUORUM_FRACTION` (a half by default) of the voters. One "
        "round is open per vacancy at a time."
    ),
    response_model=RoundOut,
    responses={
        **links_to(
            "round_id",
            "get /rounds/{round_id}",
            "post /rounds/{round_id}/ballots",
            "post /rounds/{round_id}/close",
            "post /rounds/{round_id}/cancel",
            "get /rounds/{round_id}/results",
        ),
        **INVALID,
        **conflict(
            "The vacancy is filled or has an open round, a nomination is not in play or is a "
            "candidate in another open round, or nobody can vote."
        ),
    },
)
async def open_one(body: OpenRoundIn, context: Actor, board: Board) -> RoundOut:
    selection = await open_round(
        OpenRound(
            vacancy_id=body.vacancy_id,
            candidates=body.candidates,
            closes_on=body.closes_on,
            context=context,
        ),
        board,
    )
    return await round_out(selection.id, board)


@router.get(
    "/rounds",
    summary="List selection rounds",
    description="Newest first.",
    response_model=RoundPage,
    responses=INVALID_PARAMS,
)
async def list_rounds(
    board: Board, where: Annotated[RoundFilter, Depends(round_filter)], paging: Paging
) -> RoundPage:
    return await paged(RoundPage, board.rounds, where, paging, RoundOut.of)


@router.get(
    "/rounds/{round_id}",
    summary="A selection round, with each candidate's effect on the Board's diversity",
    description="Who voted is shown, never for whom; `diversity_changes` says what each "
    "nominee's city would add to the Board (without the seat being filled).",
    response_model=RoundOut,
    responses={**NO_ROUND, **INVALID_PARAMS},
)
async def get_round(round_id: RoundId, board: Board) -> RoundOut:
    return await round_out(round_id, board)


@router.post(
    "/rounds/{round_id}/ballots",
    status_code=201,
    summary="Cast a ballot",
    description="One ballot per eligible voter, while the round is open.",
    response_model=RoundOut,
    responses={
        **NO_ROUND,
        **INVALID,
        **conflict("The voter is not eligible or has voted, or the round is closed."),
    },
)
async def vote(round_id: RoundId, body: BallotIn, context: Actor, board: Board) -> RoundOut:
    await cast_ballot(
        CastBallot(
            round_id=round_id,
            voter_id=body.voter_id,
            nomination_id=body.nomination_id,
            context=context,
        ),
        board,
    )
    return await round_out(round_id, board)


@router.post(
    "/rounds/{round_id}/close",
    summary="Close a round and select the nominee",
    description=(
        "Selects the candidate with the most votes (`NomineeSelected`); the mayor is then "
        "seated for a 2-year term from the day the round closed, and the vacancy filled."
    ),
    response_model=ResultsOut,
    responses={
        **NO_ROUND,
        **INVALID,
        **conflict("No quorum, a tie staff did not break (`tie_break`), or the round is closed."),
    },
)
async def close(
    round_id: RoundId,
    context: Actor,
    board: Board,
    body: Annotated[CloseRoundIn | None, Body()] = None,
) -> ResultsOut:
    selection = await close_round(
        CloseRound(
            round_id=round_id,
            context=context,
            tie_break=body.tie_break if body is not None else None,
        ),
        board,
    )
    return ResultsOut.of(selection, selection.results())


@router.post(
    "/rounds/{round_id}/cancel",
    summary="Cancel a round without selecting anyone",
    response_model=RoundOut,
    responses={**NO_ROUND, **INVALID, **conflict("The round is closed already.")},
)
async def cancel(round_id: RoundId, body: CancelRoundIn, context: Actor, board: Board) -> RoundOut:
    await cancel_round(CancelRound(round_id=round_id, reason=body.reason, context=context), board)
    return await round_out(round_id, board)


@router.get(
    "/rounds/{round_id}/results",
    summary="A closed round's results",
    description="Votes per candidate; hidden until the round closes.",
    response_model=ResultsOut,
    responses={
        **NO_ROUND,
        **INVALID_PARAMS,
        **conflict("The round is open: its results are hidden until it closes."),
    },
)
async def results(round_id: RoundId, board: Board) -> ResultsOut:
    selection = await board.rounds.get(round_id)
    return ResultsOut.of(selection, selection.results())
