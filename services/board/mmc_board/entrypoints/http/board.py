"""The Board itself: today, on a given day, and its diversity."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path

from mmc_board import queries
from mmc_board.domain import board_on
from mmc_board.entrypoints.http.deps import INVALID, Board
from mmc_board.entrypoints.models.board import (
    BoardAsOfOut,
    BoardDiversityOut,
    BoardOut,
    DiversityOut,
    board_member,
)
from mmc_board.entrypoints.models.memberships import VacancyOut
from mmc_chassis.http_models import DAY_SCHEMA, IsoDay

router = APIRouter(tags=["board"])


@router.get(
    "/board",
    summary="The Board today",
    description="The mayors serving today by seat, the free seats and the open vacancies.",
    response_model=BoardOut,
)
async def board_today(board: Board) -> BoardOut:
    now = await queries.board_now(board)
    return BoardOut(
        day=now.day,
        members=[board_member(m, now.day) for m in now.members],
        seats=board.settings.seats,
        free_seats=now.free_seats,
        vacancies=[VacancyOut.of(v) for v in now.open_vacancies],
    )


@router.get(
    "/board/as-of/{day}",
    summary="The Board on a given day",
    description="The mayors who served on `day` (past, or future as recorded), by seat.",
    response_model=BoardAsOfOut,
    responses=INVALID,
)
async def board_as_of(
    board: Board,
    day: Annotated[
        date,
        IsoDay,
        Path(
            description="A day from 1900-01-01 to 2199-12-31.",
            examples=["2019-06-01"],
            json_schema_extra=DAY_SCHEMA,
        ),
    ],
) -> BoardAsOfOut:
    members = board_on(day, await board.memberships.all())
    return BoardAsOfOut(day=day, members=[board_member(m, day) for m in members])


@router.get(
    "/board/diversity",
    summary="The Board's diversity today",
    description="The serving mayors' cities counted by region, sub-region, country, "
    "migration context and size class (each city once).",
    response_model=BoardDiversityOut,
)
async def board_diversity(board: Board) -> BoardDiversityOut:
    today = board.clock()
    view, unknown = await queries.diversity_on(today, board)
    return BoardDiversityOut(
        day=today, diversity=DiversityOut.of(view), members_without_known_city=unknown
    )
