"""Bodies of the selection rounds API. Responses never carry a round's ballots: who voted is
public, for whom stays secret."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, Field

from mmc_board.domain import CandidateEffect, DiversityView, RoundResults, SelectionRound
from mmc_board.entrypoints.models.board import CityFactsOut, DiversityOut
from mmc_board.entrypoints.models.common import Day, ReasonText
from mmc_chassis.http_models import Id, Page, Strict
from mmc_contracts.board import Mayor, RoundStatus, VoterKind


class OpenRoundIn(Strict):
    vacancy_id: Id = Field(description="The open vacancy the round fills.")
    candidates: list[Id] = Field(
        min_length=1,
        max_length=20,
        description="Nomination ids (received or candidate), in the order to show them.",
    )
    closes_on: Day | None = Field(default=None, description="Last day ballots are taken.")


class BallotIn(Strict):
    voter_id: Id = Field(description="A Board membership id or a supporting partner's id.")
    nomination_id: Id = Field(description="The candidate voted for.")


class CloseRoundIn(Strict):
    tie_break: Id | None = Field(
        default=None, description="Staff's choice among the candidates tied for the most votes."
    )


class CancelRoundIn(Strict):
    reason: ReasonText = Field(examples=["The only candidate withdrew."])


class CandidateOut(BaseModel):
    nomination_id: str
    mayor: Mayor
    city: CityFactsOut | None = Field(
        description="The nominee's city, if the board knows it (in a round's own view; the "
        "list of rounds leaves it out)."
    )
    diversity_changes: list[str] = Field(
        description="What the nominee's city would add to the Board's diversity (in a round's "
        "own view).",
        examples=[["adds a new region: Asia", "first secondary city"]],
    )
    diversity_if_selected: DiversityOut | None

    @classmethod
    def of(cls, nomination_id: str, mayor: Mayor, effect: CandidateEffect | None) -> CandidateOut:
        city = None
        if effect is not None:
            known = effect.city
            city = CityFactsOut(
                id=known.id,
                name=known.name,
                country_code=known.country_code,
                region=known.region,
                sub_region=known.sub_region,
                migration_contexts=sorted(known.migration_contexts),
                size_class=known.size_class,
                partnership_status=known.partnership_status,
                mayor_name=known.mayor_name,
            )
        return cls(
            nomination_id=nomination_id,
            mayor=mayor,
            city=city,
            diversity_changes=list(effect.changes) if effect is not None else [],
            diversity_if_selected=DiversityOut.of(effect.view) if effect is not None else None,
        )


class RoundVoterOut(BaseModel):
    voter_id: str
    kind: VoterKind
    voted: bool


class RoundOut(BaseModel):
    """A selection round. Who voted is shown; for whom, only in the results once closed."""

    id: str
    version: int
    vacancy_id: str
    seat: int
    status: RoundStatus
    quorum: int
    ballots_cast: int
    quorum_reached: bool
    closes_on: date | None
    voters: list[RoundVoterOut]
    candidates: list[CandidateOut]
    board_diversity: DiversityOut | None = Field(
        default=None, description="The Board's diversity today without the seat the round fills."
    )
    selected: str | None = Field(description="The selected nomination, once closed.")
    tie_broken: bool
    closed_reason: str | None
    opened_at: datetime
    updated_at: datetime

    @classmethod
    def of(
        cls,
        selection: SelectionRound,
        effects: dict[str, CandidateEffect | None] | None = None,
        board: DiversityView | None = None,
    ) -> RoundOut:
        effects = effects or {}
        return cls(
            id=selection.id,
            version=selection.version,
            vacancy_id=selection.vacancy_id,
            seat=selection.seat,
            status=selection.status,
            quorum=selection.quorum,
            ballots_cast=selection.ballots_cast,
            quorum_reached=selection.quorum_reached,
            closes_on=selection.closes_on,
            voters=[
                RoundVoterOut(voter_id=voter, kind=kind, voted=selection.has_voted(voter))
                for voter, kind in selection.voters.items()
            ],
            candidates=[
                CandidateOut.of(nomination_id, mayor, effects.get(nomination_id))
                for nomination_id, mayor in selection.candidates.items()
            ],
            board_diversity=DiversityOut.of(board) if board is not None else None,
            selected=selection.selected,
            tie_broken=selection.tie_broken,
            closed_reason=selection.closed_reason,
            opened_at=selection.opened_at,
            updated_at=selection.updated_at,
        )


class RoundPage(Page[RoundOut]):
    """A page of selection rounds."""


class ResultsOut(BaseModel):
    round_id: str
    votes: dict[str, int] = Field(description="Nomination id -> ballots, every candidate listed.")
    ballots_cast: int
    quorum: int
    selected: str | None = Field(description="The selected nomination; none if cancelled.")
    selected_mayor: Mayor | None
    tie_broken: bool

    @classmethod
    def of(cls, selection: SelectionRound, results: RoundResults) -> ResultsOut:
        return cls(
            round_id=selection.id,
            votes=results.votes,
            ballots_cast=results.ballots_cast,
            quorum=results.quorum,
            selected=results.selected,
            selected_mayor=(
                selection.candidates.get(results.selected) if results.selected else None
            ),
            tie_broken=results.tie_broken,
        )
