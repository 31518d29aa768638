"""The board's queries that combine the stores with the domain's answers (reads skip the
domain's commands; lists and single aggregates go straight to the repositories)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from mmc_board.domain import (
    CandidateEffect,
    DiversityView,
    Membership,
    SelectionRound,
    Vacancy,
    board_diversity,
    board_on,
    with_candidate,
)
from mmc_board.parts import BoardParts


@dataclass(frozen=True)
class BoardNow:
    day: date
    members: list[Membership]
    free_seats: list[int]
    open_vacancies: list[Vacancy]


async def board_now(board: BoardParts) -> BoardNow:
    """The mayors serving today, the seats nobody holds and the open vacancies."""
    today = board.clock()
    members = board_on(today, await board.memberships.all())
    taken = {m.seat for m in members}
    return BoardNow(
        day=today,
        members=members,
        free_seats=[s for s in range(1, board.settings.seats + 1) if s not in taken],
        open_vacancies=await board.vacancies.open_ones(),
    )


async def diversity_on(day: date, board: BoardParts) -> tuple[DiversityView, list[str]]:
    """The diversity of the Board's cities on `day`, and the members whose city is not known."""
    members = board_on(day, await board.memberships.all())
    known = await board.cities.many(m.mayor.city_id for m in members)
    unknown = [m.id for m in members if m.mayor.city_id not in known]
    return board_diversity(known.values()), unknown


@dataclass(frozen=True)
class RoundView:
    selection: SelectionRound
    board: DiversityView
    """The Board's diversity today, without the seat the round fills."""
    effects: dict[str, CandidateEffect | None]
    """Nomination id -> what the nominee's city would bring (None: the city is not known)."""


async def round_view(round_id: str, board: BoardParts) -> RoundView:
    selection = await board.rounds.get(round_id)
    members = board_on(board.clock(), await board.memberships.all())
    serving = [m for m in members if m.seat != selection.seat]
    wanted = [m.mayor.city_id for m in serving] + [
        mayor.city_id for mayor in selection.candidates.values()
    ]
    known = await board.cities.many(wanted)
    board_cities = [known[m.mayor.city_id] for m in serving if m.mayor.city_id in known]
    effects: dict[str, CandidateEffect | None] = {}
    for nomination_id, mayor in selection.candidates.items():
        city = known.get(mayor.city_id)
        effects[nomination_id] = None if city is None else with_candidate(board_cities, city)
    return RoundView(selection=selection, board=board_diversity(board_cities), effects=effects)
