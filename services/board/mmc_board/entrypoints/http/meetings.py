"""Board meetings on record."""

from __future__ import annotations

from fastapi import APIRouter

from mmc_board.commands.meetings import RecordMeeting, record_meeting
from mmc_board.entrypoints.http.deps import INVALID, INVALID_PARAMS, Board, MeetingId
from mmc_board.entrypoints.models.meetings import MeetingIn, MeetingOut, MeetingPage
from mmc_chassis.http import Actor
from mmc_chassis.http_links import links_to
from mmc_chassis.http_paging import Paging, paged
from mmc_chassis.http_params import not_found
from mmc_chassis.repository import Everything

router = APIRouter(tags=["meetings"])


@router.post(
    "/meetings",
    status_code=201,
    summary="Put a Board meeting on record",
    description="Every attendee is a membership serving on the day it was held (else 422 "
    "at `attendees.<i>`); a meeting is recorded once held (not in the future).",
    response_model=MeetingOut,
    responses={**links_to("meeting_id", "get /meetings/{meeting_id}"), **INVALID},
)
async def record(body: MeetingIn, context: Actor, board: Board) -> MeetingOut:
    meeting = await record_meeting(
        RecordMeeting(
            held_on=body.held_on,
            title=body.title,
            attendees=body.attendees,
            recommendations=body.recommendations,
            decisions=body.decisions,
            context=context,
        ),
        board,
    )
    return MeetingOut.of(meeting)


@router.get(
    "/meetings",
    summary="List Board meetings",
    description="Most recent first.",
    response_model=MeetingPage,
    responses=INVALID_PARAMS,
)
async def list_meetings(board: Board, paging: Paging) -> MeetingPage:
    return await paged(MeetingPage, board.meetings, Everything(), paging, MeetingOut.of)


@router.get(
    "/meetings/{meeting_id}",
    summary="A Board meeting",
    response_model=MeetingOut,
    responses={**not_found("No meeting with this id."), **INVALID_PARAMS},
)
async def get_meeting(meeting_id: MeetingId, board: Board) -> MeetingOut:
    return MeetingOut.of(await board.meetings.get(meeting_id))
