"""The SelectionRound aggregate: voters, secret ballots, quorum, ties, cancellation, storage."""

from __future__ import annotations

import json
from datetime import date
from fractions import Fraction
from typing import Any

import pytest

from mmc_board.domain.errors import InvalidValue, RuleViolation
from mmc_board.domain.selection import (
    RoundResults,
    SelectionRound,
    eligible_voters,
    quorum_for,
)
from mmc_contracts.board import (
    BallotCast,
    NomineeSelected,
    RoundStatus,
    SelectionRoundClosedWithoutSelection,
    SelectionRoundOpened,
    VoterKind,
)
from tests.unit.board.helpers import ctx, ctx_on, mayor

B, P = VoterKind.BOARD_MAYOR, VoterKind.SUPPORTING_PARTNER
VOTERS = eligible_voters(["membership-1", "membership-2", "membership-3"], ["unhcr", "iom", "uclg"])
CANDIDATES = {
    "nomination-17": mayor("Samuel Koroma", "city-accra"),
    "nomination-19": mayor("Marvin Rees", "city-bristol"),
    "nomination-23": mayor("Yousef Shawarbeh", "city-amman"),
}


def opened(**overrides: Any) -> SelectionRound:
    arguments: dict[str, Any] = {
        "round_id": "round-4",
        "vacancy_id": "vacancy-5",
        "seat": 3,
        "candidates": CANDIDATES,
        "voters": VOTERS,
        "context": ctx(),
    }
    arguments.update(overrides)
    selection = SelectionRound.open(**arguments)
    selection.pull_events()
    return selection


def vote(selection: SelectionRound, *choices: tuple[str, str]) -> None:
    for voter, nomination in choices:
        selection.cast(voter, nomination, ctx())


# --- quorum and voters --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("voters", "fraction", "quorum"),
    [
        (1, Fraction(1, 2), 1),
        (2, Fraction(1, 2), 2),
        (5, Fraction(1, 2), 3),
        (6, Fraction(1, 2), 4),
        (7, Fraction(1, 2), 4),
        (17, Fraction(1, 2), 9),
        (6, 2 / 3, 5),
        (9, 2 / 3, 7),
        (6, 0, 1),
        (6, 0.5, 4),
        (10, Fraction(3, 4), 8),
    ],
)
def test_quorum_is_more_than_the_fraction(voters: int, fraction: Any, quorum: int) -> None:
    assert quorum_for(voters, fraction) == quorum


def test_quorum_default_is_more_than_half() -> None:
    assert quorum_for(6) == 4


@pytest.mark.parametrize(("voters", "fraction"), [(0, 0.5), (6, 1), (6, -0.1), (6, 1.5)])
def test_quorum_for_rejects(voters: int, fraction: float) -> None:
    with pytest.raises(InvalidValue):
        quorum_for(voters, fraction)


def test_eligible_voters() -> None:
    assert eligible_voters(["m-2", "m-1"], ["unhcr"]) == {"m-1": B, "m-2": B, "unhcr": P}
    assert list(VOTERS) == sorted(VOTERS)
    with pytest.raises(InvalidValue) as exc:
        eligible_voters(["unhcr"], ["unhcr"])
    assert exc.value.field == "partner_ids.0"
    with pytest.raises(InvalidValue) as exc:
        eligible_voters([""], [])
    assert exc.value.field == "board_membership_ids.0"


# --- opening ------------------------------------------------------------------------------------


def test_open_records_the_round() -> None:
    selection = SelectionRound.open(
        "round-4",
        "vacancy-5",
        3,
        CANDIDATES,
        VOTERS,
        ctx(),
        closes_on=date(2026, 3, 31),
    )

    assert selection.status is RoundStatus.OPEN
    assert selection.quorum == 4  # more than half of 6
    [event] = selection.pull_events()
    assert isinstance(event, SelectionRoundOpened)
    assert event.vacancy_id == "vacancy-5"
    assert event.seat == 3
    assert event.candidates == ["nomination-17", "nomination-19", "nomination-23"]
    assert event.voters == sorted(VOTERS)
    assert event.quorum == 4
    assert event.closes_on == date(2026, 3, 31)


def test_quorum_can_be_set() -> None:
    assert opened(quorum=6).quorum == 6
    assert opened(quorum=1).quorum == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"round_id": ""}, "round_id"),
        ({"vacancy_id": " "}, "vacancy_id"),
        ({"seat": 0}, "seat"),
        ({"candidates": {}}, "candidates"),
        ({"candidates": {"nomination-1": "Somebody"}}, "candidates.0"),
        ({"candidates": {"": mayor()}}, "candidates.0"),
        ({"voters": {}}, "voters"),
        ({"voters": {"m-1": "observer"}}, "voters.m-1"),
        ({"quorum": 0}, "quorum"),
        ({"quorum": 7}, "quorum"),
        ({"quorum": 2.5}, "quorum"),
        ({"closes_on": date(2026, 3, 1)}, "closes_on"),
    ],
)
def test_open_rejects(overrides: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidValue) as exc:
        opened(**overrides)
    assert exc.value.field == field


# --- casting ------------------------------------------------------------------------------------


def test_ballot_cast_does_not_reveal_the_choice() -> None:
    selection = opened()

    selection.cast("membership-2", "nomination-19", ctx())

    [event] = selection.pull_events()
    assert isinstance(event, BallotCast)
    assert (event.voter_id, event.voter_kind, event.vacancy_id) == ("membership-2", B, "vacancy-5")
    body = event.model_dump_json()
    assert "nomination-19" not in body
    assert "nomination_id" not in BallotCast.model_fields
    assert selection.ballots_cast == 1
    assert selection.has_voted("membership-2")
    assert "ballots=" not in repr(selection)


def test_partners_vote_too() -> None:
    selection = opened()
    selection.cast("unhcr", "nomination-17", ctx())
    [event] = selection.pull_events()
    assert isinstance(event, BallotCast)
    assert event.voter_kind is P


def test_only_eligible_voters_vote() -> None:
    selection = opened()
    with pytest.raises(
        RuleViolation, match=r"^membership-9 is not an eligible voter in this round$"
    ):
        selection.cast("membership-9", "nomination-17", ctx())
    assert selection.ballots_cast == 0


def test_one_ballot_each() -> None:
    selection = opened()
    selection.cast("iom", "nomination-17", ctx())
    with pytest.raises(RuleViolation, match=r"^iom has already voted$"):
        selection.cast("iom", "nomination-19", ctx())
    assert selection.ballots == {"iom": "nomination-17"}
    assert selection.version == 2


def test_vote_for_a_candidate_only() -> None:
    selection = opened()
    with pytest.raises(InvalidValue) as exc:
        selection.cast("iom", "nomination-99", ctx())
    assert exc.value.field == "nomination_id"
    assert "not a candidate" in exc.value.message
    assert not selection.has_voted("iom")


def test_no_ballot_after_the_last_day() -> None:
    selection = opened(closes_on=date(2026, 3, 10))
    selection.cast("iom", "nomination-17", ctx_on(date(2026, 3, 10)))
    with pytest.raises(RuleViolation, match="ended on 2026-03-10"):
        selection.cast("unhcr", "nomination-17", ctx_on(date(2026, 3, 11)))


def test_no_ballot_in_a_closed_round() -> None:
    selection = opened(quorum=1)
    vote(selection, ("iom", "nomination-17"))
    selection.close(ctx())
    with pytest.raises(RuleViolation, match="closed"):
        selection.cast("unhcr", "nomination-17", ctx())


def test_yet_to_vote() -> None:
    selection = opened()
    vote(selection, ("iom", "nomination-17"), ("membership-1", "nomination-19"))
    assert selection.yet_to_vote() == ["membership-2", "membership-3", "uclg", "unhcr"]


# --- results and closing ------------------------------------------------------------------------


def test_results_are_hidden_until_the_round_closes() -> None:
    selection = opened()
    vote(selection, ("iom", "nomination-17"))
    with pytest.raises(RuleViolation, match=r"^results are hidden until the round closes$"):
        selection.results()


def test_quorum_not_reached_changes_nothing() -> None:
    selection = opened()
    vote(
        selection,
        ("iom", "nomination-17"),
        ("unhcr", "nomination-17"),
        ("membership-1", "nomination-19"),
    )
    selection.pull_events()
    version = selection.version

    with pytest.raises(RuleViolation, match=r"^quorum not reached: 3 of 4 needed ballots cast$"):
        selection.close(ctx())

    assert selection.is_open
    assert selection.version == version
    assert selection.pull_events() == []
    assert not selection.quorum_reached


def test_quorum_message_matches_the_brief_example() -> None:
    selection = opened(
        voters=eligible_voters([f"m-{i}" for i in range(1, 11)], []),
        quorum=6,
    )
    vote(selection, ("m-1", "nomination-17"), ("m-2", "nomination-17"), ("m-3", "nomination-17"))
    with pytest.raises(RuleViolation, match=r"^quorum not reached: 3 of 6 needed ballots cast$"):
        selection.close(ctx())


def test_most_votes_wins() -> None:
    selection = opened()
    vote(
        selection,
        ("iom", "nomination-17"),
        ("unhcr", "nomination-19"),
        ("membership-1", "nomination-19"),
        ("membership-2", "nomination-19"),
        ("membership-3", "nomination-17"),
    )
    selection.pull_events()

    winner = selection.close(ctx(5))

    assert winner == "nomination-19"
    assert selection.status is RoundStatus.CLOSED
    assert selection.selected == "nomination-19"
    [event] = selection.pull_events()
    assert isinstance(event, NomineeSelected)
    assert event.vacancy_id == "vacancy-5"
    assert event.seat == 3
    assert event.nomination_id == "nomination-19"
    assert event.mayor == CANDIDATES["nomination-19"]
    assert event.votes == {"nomination-17": 2, "nomination-19": 3, "nomination-23": 0}
    assert (event.ballots_cast, event.quorum, event.tie_broken) == (5, 4, False)
    assert event.aggregate_version == 7
    assert selection.results() == RoundResults(
        votes={"nomination-17": 2, "nomination-19": 3, "nomination-23": 0},
        ballots_cast=5,
        quorum=4,
        selected="nomination-19",
        tie_broken=False,
    )


def test_a_tie_needs_staff_to_break_it() -> None:
    selection = opened()
    vote(
        selection,
        ("iom", "nomination-17"),
        ("unhcr", "nomination-19"),
        ("membership-1", "nomination-19"),
        ("membership-2", "nomination-17"),
        ("membership-3", "nomination-23"),
    )
    version = selection.version

    with pytest.raises(RuleViolation) as exc:
        selection.close(ctx())
    assert exc.value.message == (
        "tie between nomination-17, nomination-19 with 2 votes each: staff break it with "
        "close(tie_break=<nomination id>)"
    )
    assert selection.is_open
    assert selection.version == version

    with pytest.raises(InvalidValue) as bad:
        selection.close(ctx(), tie_break="nomination-23")
    assert bad.value.field == "tie_break"
    assert selection.is_open

    assert selection.close(ctx(), tie_break="nomination-17") == "nomination-17"
    event = selection.pull_events()[-1]
    assert isinstance(event, NomineeSelected)
    assert event.tie_broken
    assert event.nomination_id == "nomination-17"
    assert selection.results().tie_broken


def test_tie_break_without_a_tie_is_refused() -> None:
    selection = opened(quorum=1)
    vote(selection, ("iom", "nomination-17"))
    with pytest.raises(InvalidValue, match="no tie to break"):
        selection.close(ctx(), tie_break="nomination-19")
    assert selection.is_open


def test_a_single_candidate_round() -> None:
    selection = opened(candidates={"nomination-17": CANDIDATES["nomination-17"]}, quorum=2)
    vote(selection, ("iom", "nomination-17"), ("uclg", "nomination-17"))
    assert selection.close(ctx()) == "nomination-17"


def test_closes_once() -> None:
    selection = opened(quorum=1)
    vote(selection, ("iom", "nomination-17"))
    selection.close(ctx())
    with pytest.raises(RuleViolation, match="closed"):
        selection.close(ctx())


def test_cancel() -> None:
    selection = opened()
    vote(selection, ("iom", "nomination-17"))
    selection.pull_events()

    selection.cancel("The only serious candidate withdrew.", ctx())

    assert selection.status is RoundStatus.CLOSED
    assert selection.selected is None
    [event] = selection.pull_events()
    assert isinstance(event, SelectionRoundClosedWithoutSelection)
    assert event.reason == "The only serious candidate withdrew."
    assert selection.results().selected is None
    with pytest.raises(RuleViolation):
        selection.cancel("again", ctx())
    with pytest.raises(RuleViolation):
        selection.close(ctx())


def test_cancel_needs_a_reason() -> None:
    with pytest.raises(InvalidValue) as exc:
        opened().cancel(" ", ctx())
    assert exc.value.field == "reason"


# --- storage ------------------------------------------------------------------------------------


def test_document_keeps_the_ballots_and_the_slate_order() -> None:
    selection = opened(closes_on=date(2026, 4, 1))
    vote(selection, ("iom", "nomination-23"), ("membership-1", "nomination-17"))
    selection.pull_events()

    document = json.loads(json.dumps(selection.to_document()))

    assert document["_id"] == "round-4"
    assert [c["nomination_id"] for c in document["candidates"]] == list(CANDIDATES)
    assert {b["voter_id"]: b["nomination_id"] for b in document["ballots"]} == {
        "iom": "nomination-23",
        "membership-1": "nomination-17",
    }
    restored = SelectionRound.from_document(document)
    assert restored == selection
    assert list(restored.candidates) == list(CANDIDATES)
    assert restored.is_open
    # the restored round goes on counting
    vote(restored, ("unhcr", "nomination-23"), ("uclg", "nomination-23"))
    assert restored.close(ctx()) == "nomination-23"
    again = SelectionRound.from_document(restored.to_document())
    assert again.results() == restored.results()


def test_ids_are_never_document_keys() -> None:
    selection = opened(voters={"partner.with.dots": P, "$odd": B}, quorum=1)
    vote(selection, ("partner.with.dots", "nomination-17"))

    def keys(node: Any) -> list[str]:
        if isinstance(node, dict):
            return [*node, *(k for value in node.values() for k in keys(value))]
        if isinstance(node, list):
            return [k for item in node for k in keys(item)]
        return []

    document = selection.to_document()
    assert not [key for key in keys(document) if "." in key or key.startswith("$")]
    assert SelectionRound.from_document(document) == selection
