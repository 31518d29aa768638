"""The `SelectionRound` aggregate: the Board and the supporting partners choosing a nominee for
a vacant seat.

"Nominees ... will then be selected by the existing Leadership Board and supporting partners."

* The round opens for one vacancy with a slate of candidates (nominations in status
  ``candidate``), its eligible voters (the serving Board mayors, by membership id, and the
  supporting partners, by partner id: :func:`eligible_voters`) and a quorum (by default
  :func:`quorum_for` the voters: more than half of them).
* Each eligible voter casts one ballot for one candidate, until the round closes (and not after
  its ``closes_on`` day, if it has one). Ballots are secret: the events say who voted, never for
  whom, and :meth:`SelectionRound.results` refuses to answer while the round is open. The
  ballots are kept in the stored document only; ``repr`` leaves them out too.
* Staff close the round once the quorum is reached: the candidate with the most votes is
  selected. When several share the most votes, closing is refused until staff name one of them
  (``close(context, tie_break=nomination_id)``); the event then says the tie was broken.
* Staff may cancel an open round instead (the candidates withdrew, the seat was filled
  otherwise): nobody is selected.

Moving the nominations to ``selected`` / ``not_selected``, seating the mayor and filling the
vacancy are the service's reactions to `NomineeSelected` (`mmc_board.reactions`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from mmc_board.domain.checks import (
    REASON_MAX_LENGTH,
    calendar_day,
    required_id,
    required_text,
    seat_number,
)
from mmc_board.domain.electorate import (
    DEFAULT_QUORUM_FRACTION,
    checked_electorate,
    checked_slate,
    eligible_voters,
    quorum_for,
)
from mmc_board.domain.errors import InvalidValue, RuleViolation
from mmc_chassis.aggregate import Aggregate
from mmc_contracts.board import (
    BallotCast,
    Mayor,
    NomineeSelected,
    RoundStatus,
    SelectionRoundClosedWithoutSelection,
    SelectionRoundOpened,
    VoterKind,
)
from mmc_contracts.envelope import EventContext

__all__ = [
    "DEFAULT_QUORUM_FRACTION",
    "RoundResults",
    "SelectionRound",
    "eligible_voters",
    "quorum_for",
]


@dataclass(frozen=True)
class RoundResults:
    """The outcome of a closed round."""

    votes: dict[str, int]
    """Nomination id -> ballots, every candidate listed in slate order."""
    ballots_cast: int
    quorum: int
    selected: str | None
    """The selected nomination; ``None`` when the round was cancelled."""
    tie_broken: bool


@dataclass
class SelectionRound(Aggregate):
    """A vote on the nominees for a vacancy. Create with :meth:`open` or
    :meth:`from_document`."""

    vacancy_id: str
    seat: int
    candidates: dict[str, Mayor]
    """Nomination id -> nominee, in the order staff listed them."""
    voters: dict[str, VoterKind]
    quorum: int
    status: RoundStatus
    opened_at: datetime
    closes_on: date | None = None
    ballots: dict[str, str] = field(default_factory=dict, repr=False)
    """Voter id -> nomination id. Secret: stored, never published, never shown while open."""
    selected: str | None = None
    tie_broken: bool = False
    closed_reason: str | None = None

    @classmethod
    def open(
        cls,
        round_id: str,
        vacancy_id: str,
        seat: int,
        candidates: Mapping[str, Mayor],
        voters: Mapping[str, VoterKind],
        context: EventContext,
        *,
        quorum: int | None = None,
        closes_on: date | None = None,
    ) -> SelectionRound:
        """An open round at version 1, `SelectionRoundOpened` pending.

        ``candidates`` maps the nomination ids (in the order to show them) to their nominees;
        the command has checked they are nominations in status ``candidate`` for this vacancy.
        ``voters`` comes from :func:`eligible_voters`. ``quorum`` defaults to
        :func:`quorum_for` the number of voters.

        :raises InvalidValue: a blank id, a seat below 1, no candidate, no voter, an unknown
            voter kind, a quorum not between 1 and the number of voters, ``closes_on`` before
            the day the round opens.
        """
        round_id = required_id(round_id, "round_id")
        vacancy_id = required_id(vacancy_id, "vacancy_id")
        seat = seat_number(seat)
        slate = checked_slate(candidates)
        electorate, quorum = checked_electorate(voters, quorum)
        if closes_on is not None:
            calendar_day(closes_on, "closes_on")
            if closes_on < context.at.date():
                raise InvalidValue("closes_on", "must not be before the day the round opens")
        at = context.at.astimezone(UTC)
        selection = cls(
            id=round_id,
            version=1,
            vacancy_id=vacancy_id,
            seat=seat,
            candidates=slate,
            voters=electorate,
            quorum=quorum,
            status=RoundStatus.OPEN,
            opened_at=at,
            updated_at=at,
            closes_on=closes_on,
        )
        selection._record_first(
            SelectionRoundOpened,
            context,
            seat=seat,
            candidates=list(slate),
            voters=list(electorate),
            quorum=quorum,
            closes_on=closes_on,
        )
        return selection

    # --- derived ------------------------------------------------------------------------------

    @property
    def is_open(self) -> bool:
        return self.status is RoundStatus.OPEN

    @property
    def ballots_cast(self) -> int:
        """How many have voted (public: the events say who voted)."""
        return len(self.ballots)

    @property
    def quorum_reached(self) -> bool:
        return self.ballots_cast >= self.quorum

    def has_voted(self, voter_id: str) -> bool:
        return voter_id in self.ballots

    def yet_to_vote(self) -> list[str]:
        """The eligible voters who have not voted, sorted (for reminders)."""
        return [voter for voter in self.voters if voter not in self.ballots]

    def results(self) -> RoundResults:
        """The votes per candidate and the outcome, once the round is closed.

        :raises RuleViolation: the round is open: ``results are hidden until the round closes``.
        """
        if self.is_open:
            raise RuleViolation("results are hidden until the round closes")
        return RoundResults(
            votes=self._tally(),
            ballots_cast=self.ballots_cast,
            quorum=self.quorum,
            selected=self.selected,
            tie_broken=self.tie_broken,
        )

    # --- commands -----------------------------------------------------------------------------

    def cast(self, voter_id: str, nomination_id: str, context: EventContext) -> None:
        """``voter_id`` votes for ``nomination_id``; records `BallotCast` (without the choice).

        :raises RuleViolation: the round is closed or its last day has passed; the voter is not
            eligible (``... is not an eligible voter in this round``) or has already voted
            (``... has already voted``).
        :raises InvalidValue: ``nomination_id`` is not a candidate of the round.
        """
        self._check_open()
        if self.closes_on is not None and context.at.date() > self.closes_on:
            raise RuleViolation(
                f"voting in this round ended on {self.closes_on.isoformat()}; staff can close it"
            )
        voter_id = required_id(voter_id, "voter_id")
        kind = self.voters.get(voter_id)
        if kind is None:
            raise RuleViolation(f"{voter_id} is not an eligible voter in this round")
        if voter_id in self.ballots:
            raise RuleViolation(f"{voter_id} has already voted")
        nomination_id = required_id(nomination_id, "nomination_id")
        if nomination_id not in self.candidates:
            raise InvalidValue(
                "nomination_id",
                f"{nomination_id} is not a candidate in this round "
                f"(candidates: {', '.join(self.candidates)})",
            )
        self._record(BallotCast, context, voter_id=voter_id, voter_kind=kind)
        self.ballots[voter_id] = nomination_id

    def close(self, context: EventContext, *, tie_break: str | None = None) -> str:
        """Close the round and select the candidate with the most votes; records
        `NomineeSelected` and returns the selected nomination id.

        ``tie_break`` is staff's choice among the candidates sharing the most votes; it is
        accepted only when there is such a tie.

        :raises RuleViolation: the round is closed; the quorum is not reached (``quorum not
            reached: 3 of 6 needed ballots cast``); a tie with no ``tie_break``. Nothing changes.
        :raises InvalidValue: ``tie_break`` given without a tie, or not one of the tied.
        """
        self._check_open()
        if not self.quorum_reached:
            raise RuleViolation(
                f"quorum not reached: {self.ballots_cast} of {self.quorum} needed ballots cast"
            )
        votes = self._tally()
        most = max(votes.values())
        leaders = [nomination_id for nomination_id, count in votes.items() if count == most]
        if len(leaders) == 1:
            if tie_break is not None:
                raise InvalidValue(
                    "tie_break", f"there is no tie to break: {leaders[0]} has the most votes"
                )
            winner, tie_broken = leaders[0], False
        elif tie_break is None:
            raise RuleViolation(
                f"tie between {', '.join(leaders)} with {most} votes each: staff break it "
                f"with close(tie_break=<nomination id>)"
            )
        elif tie_break not in leaders:
            raise InvalidValue(
                "tie_break", f"{tie_break} is not one of the tied: {', '.join(leaders)}"
            )
        else:
            winner, tie_broken = tie_break, True
        self._record(
            NomineeSelected,
            context,
            seat=self.seat,
            nomination_id=winner,
            mayor=self.candidates[winner],
            votes=votes,
            ballots_cast=self.ballots_cast,
            quorum=self.quorum,
            tie_broken=tie_broken,
        )
        self.status = RoundStatus.CLOSED
        self.selected = winner
        self.tie_broken = tie_broken
        return winner

    def cancel(self, reason: str, context: EventContext) -> None:
        """Close the round without selecting anyone; records
        `SelectionRoundClosedWithoutSelection`.

        :raises RuleViolation: the round is already closed.
        :raises InvalidValue: no reason, or one over 1000 characters.
        """
        self._check_open()
        text = required_text(reason, "reason", REASON_MAX_LENGTH, collapse=False)
        self._record(SelectionRoundClosedWithoutSelection, context, reason=text)
        self.status = RoundStatus.CLOSED
        self.closed_reason = text

    # --- storage ------------------------------------------------------------------------------

    def to_document(self) -> dict[str, Any]:
        """The round as a JSON-able dict, the MongoDB document, ballots included: never
        return it to a client as it is."""
        return _RoundDocument(
            id=self.id,
            version=self.version,
            vacancy_id=self.vacancy_id,
            seat=self.seat,
            candidates=[
                _Candidate(nomination_id=key, mayor=mayor) for key, mayor in self.candidates.items()
            ],
            voters=[_Voter(voter_id=key, kind=kind) for key, kind in self.voters.items()],
            quorum=self.quorum,
            status=self.status,
            opened_at=self.opened_at,
            updated_at=self.updated_at,
            closes_on=self.closes_on,
            ballots=[
                _Ballot(voter_id=key, nomination_id=choice) for key, choice in self.ballots.items()
            ],
            selected=self.selected,
            tie_broken=self.tie_broken,
            closed_reason=self.closed_reason,
        ).model_dump(mode="json", by_alias=True)

    @classmethod
    def from_document(cls, document: Mapping[str, Any]) -> SelectionRound:
        """The round stored as ``document``; nothing pending."""
        stored = _RoundDocument.model_validate(dict(document))
        return cls(
            id=stored.id,
            version=stored.version,
            vacancy_id=stored.vacancy_id,
            seat=stored.seat,
            candidates={entry.nomination_id: entry.mayor for entry in stored.candidates},
            voters={entry.voter_id: entry.kind for entry in stored.voters},
            quorum=stored.quorum,
            status=stored.status,
            opened_at=stored.opened_at,
            updated_at=stored.updated_at,
            closes_on=stored.closes_on,
            ballots={entry.voter_id: entry.nomination_id for entry in stored.ballots},
            selected=stored.selected,
            tie_broken=stored.tie_broken,
            closed_reason=stored.closed_reason,
        )

    # --- internals ----------------------------------------------------------------------------

    def _tally(self) -> dict[str, int]:
        votes = dict.fromkeys(self.candidates, 0)
        for choice in self.ballots.values():
            votes[choice] += 1
        return votes

    def _check_open(self) -> None:
        if not self.is_open:
            raise RuleViolation("the selection round is closed")

    def _event_fields(self) -> dict[str, Any]:
        return {"vacancy_id": self.vacancy_id}


class _Candidate(BaseModel):
    model_config = ConfigDict(frozen=True)

    nomination_id: str = Field(min_length=1)
    mayor: Mayor


class _Voter(BaseModel):
    model_config = ConfigDict(frozen=True)

    voter_id: str = Field(min_length=1)
    kind: VoterKind


class _Ballot(BaseModel):
    model_config = ConfigDict(frozen=True)

    voter_id: str = Field(min_length=1)
    nomination_id: str = Field(min_length=1)


class _RoundDocument(BaseModel):
    """The stored form of a selection round. Ids are values, never keys (a key may not hold
    every character an id may), and lists keep the slate's order."""

    model_config = ConfigDict(frozen=True, extra="ignore", populate_by_name=True)

    id: str = Field(alias="_id", min_length=1)
    version: int = Field(ge=1)
    vacancy_id: str
    seat: int = Field(ge=1)
    candidates: list[_Candidate] = Field(min_length=1)
    voters: list[_Voter] = Field(min_length=1)
    quorum: int = Field(ge=1)
    status: RoundStatus
    opened_at: AwareDatetime
    updated_at: AwareDatetime
    closes_on: date | None = None
    ballots: list[_Ballot] = Field(default_factory=list)
    selected: str | None = None
    tie_broken: bool = False
    closed_reason: str | None = None
