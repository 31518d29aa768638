"""Memberships (a mayor on a seat, term after term) and the vacancies they leave."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from mmc_board.adapters.repository import MembershipFilter, VacancyFilter
from mmc_board.commands.memberships import (
    EndMembership,
    RenewMembership,
    SeatMayor,
    end_membership,
    renew_membership,
    seat_mayor,
)
from mmc_board.domain import MembershipStatus, VacancyStatus
from mmc_board.entrypoints.http.deps import (
    INVALID,
    INVALID_PARAMS,
    Board,
    MembershipId,
    VacancyId,
)
from mmc_board.entrypoints.models.common import MAX_SEAT
from mmc_board.entrypoints.models.memberships import (
    DepartureIn,
    DepartureOut,
    MembershipOut,
    MembershipPage,
    RenewIn,
    SeatMayorIn,
    VacancyOut,
    VacancyPage,
)
from mmc_chassis.http import Actor
from mmc_chassis.http_links import links_to
from mmc_chassis.http_paging import Paging, paged
from mmc_chassis.http_params import IdFilter, conflict, not_found
from mmc_contracts.board import MembershipEndReason, SeatedVia

router = APIRouter(tags=["memberships"])

NO_MEMBERSHIP = not_found("No membership with this id.")


def membership_filter(
    status: MembershipStatus | None = None,
    city_id: IdFilter = None,
    seat: Annotated[int | None, Query(ge=1, le=MAX_SEAT, description="A seat number.")] = None,
    via: Annotated[
        SeatedVia | None, Query(description="How the mayor first came to the seat.")
    ] = None,
) -> MembershipFilter:
    return MembershipFilter(status=status, city_id=city_id, seat=seat, via=via)


@router.post(
    "/memberships",
    status_code=201,
    summary="Seat a mayor (founding Board or appointment)",
    description=(
        "Seats the mayor of a city the board knows for a 2-year term from `term_start` on "
        "`seat` (1 to the Board's seats, `MMC_SEATS`), or on the lowest seat free for the whole "
        "term. With `vacancy_id`, the seat is the vacancy's and the vacancy is filled."
    ),
    response_model=MembershipOut,
    responses={
        **links_to(
            "membership_id",
            "get /memberships/{membership_id}",
            "post /memberships/{membership_id}/renewal",
            "post /memberships/{membership_id}/departure",
        ),
        **INVALID,
        **conflict(
            "The seat (or every seat) or the city is taken during the term, the vacancy is "
            "filled, or a selection round is open for it."
        ),
    },
)
async def seat(body: SeatMayorIn, context: Actor, board: Board) -> MembershipOut:
    membership = await seat_mayor(
        SeatMayor(
            city_id=body.city_id,
            term_start=body.term_start,
            context=context,
            via=SeatedVia(body.via),
            mayor_name=body.mayor_name,
            seat=body.seat,
            vacancy_id=body.vacancy_id,
        ),
        board,
    )
    return MembershipOut.of(membership)


@router.get(
    "/memberships",
    summary="List memberships",
    description="By seat, then first day; filters combine with AND.",
    response_model=MembershipPage,
    responses=INVALID_PARAMS,
)
async def list_memberships(
    board: Board,
    where: Annotated[MembershipFilter, Depends(membership_filter)],
    paging: Paging,
) -> MembershipPage:
    return await paged(MembershipPage, board.memberships, where, paging, MembershipOut.of)


@router.get(
    "/memberships/{membership_id}",
    summary="A membership",
    response_model=MembershipOut,
    responses={**NO_MEMBERSHIP, **INVALID_PARAMS},
)
async def get_membership(membership_id: MembershipId, board: Board) -> MembershipOut:
    return MembershipOut.of(await board.memberships.get(membership_id))


@router.post(
    "/memberships/{membership_id}/renewal",
    summary="Renew a Board mayor's membership for a further term",
    description="The new term starts the day after the current one ends, or at `start` "
    "(later: a gap).",
    response_model=MembershipOut,
    responses={
        **NO_MEMBERSHIP,
        **INVALID,
        **conflict(
            "The membership ended, the seat is booked for another mayor then, or "
            "`expected_version` is stale."
        ),
    },
)
async def renew(
    membership_id: MembershipId, body: RenewIn, context: Actor, board: Board
) -> MembershipOut:
    membership = await renew_membership(
        RenewMembership(
            membership_id=membership_id,
            context=context,
            start=body.start,
            expected_version=body.expected_version,
        ),
        board,
    )
    return MembershipOut.of(membership)


@router.post(
    "/memberships/{membership_id}/departure",
    summary="A Board mayor resigns or leaves office",
    description="`on` is the mayor's last day on the Board; the seat is vacant from the "
    "next day and its vacancy opens. (Terms that run out end by themselves.)",
    response_model=DepartureOut,
    responses={
        **NO_MEMBERSHIP,
        **INVALID,
        **conflict("The membership has ended already, or `expected_version` is stale."),
    },
)
async def depart(
    membership_id: MembershipId, body: DepartureIn, context: Actor, board: Board
) -> DepartureOut:
    membership, vacancy = await end_membership(
        EndMembership(
            membership_id=membership_id,
            reason=MembershipEndReason(body.reason),
            on=body.on,
            note=body.note,
            context=context,
            expected_version=body.expected_version,
        ),
        board,
    )
    return DepartureOut(membership=MembershipOut.of(membership), vacancy=VacancyOut.of(vacancy))


@router.get(
    "/vacancies",
    summary="List vacancies",
    description="Oldest first.",
    response_model=VacancyPage,
    responses=INVALID_PARAMS,
)
async def list_vacancies(
    board: Board, paging: Paging, status: VacancyStatus | None = None
) -> VacancyPage:
    return await paged(
        VacancyPage, board.vacancies, VacancyFilter(status=status), paging, VacancyOut.of
    )


@router.get(
    "/vacancies/{vacancy_id}",
    summary="A vacancy",
    response_model=VacancyOut,
    responses={**not_found("No vacancy with this id."), **INVALID_PARAMS},
)
async def get_vacancy(vacancy_id: VacancyId, board: Board) -> VacancyOut:
    return VacancyOut.of(await board.vacancies.get(vacancy_id))
