"""The board service's domain model: pure rules, no I/O.

Aggregates (`Membership`, `Vacancy`, `Nomination`, `SelectionRound`, `Meeting`) validate
commands, change their state and record what happened as events in ``pending_events``; the
service layer stores them (compare-and-set on ``version``) and publishes the events. Ids, days
and the :class:`~mmc_contracts.envelope.EventContext` come in as arguments: nothing here reads a
clock or makes an id. Pure functions answer the rest: terms (:mod:`~mmc_board.domain.terms`),
who served when (:mod:`~mmc_board.domain.history`), the Board's diversity and each nominee's
effect on it (:mod:`~mmc_board.domain.diversity`), the founding Board and the supporting
partners (:mod:`~mmc_board.domain.founding`).
"""

from mmc_board.domain.checks import REASON_MAX_LENGTH, TEXT_MAX_LENGTH
from mmc_board.domain.cities_view import KnownCity
from mmc_board.domain.diversity import (
    CandidateEffect,
    DiversityView,
    board_diversity,
    with_candidate,
)
from mmc_board.domain.electorate import DEFAULT_QUORUM_FRACTION, eligible_voters, quorum_for
from mmc_board.domain.errors import DomainError, InvalidTransition, InvalidValue, RuleViolation
from mmc_board.domain.founding import (
    FOUNDED_ON,
    FOUNDING_BOARD,
    SUPPORTING_PARTNER_IDS,
    SUPPORTING_PARTNERS,
    FoundingMember,
    SupportingPartner,
    find_founding_city,
    seat_founding_member,
)
from mmc_board.domain.history import board_on, check_seat_free, seat_holder
from mmc_board.domain.meeting import Meeting
from mmc_board.domain.membership import Membership, MembershipStatus, Term
from mmc_board.domain.nomination import (
    NOMINATION_TRANSITIONS,
    STATEMENT_MAX_LENGTH,
    STATEMENT_MIN_LENGTH,
    Nomination,
    NominationStatusChange,
    NominatorDetails,
    Seal,
    check_nomination_transition,
    check_nominee_city,
    checked_nominator,
)
from mmc_board.domain.selection import RoundResults, SelectionRound
from mmc_board.domain.terms import TERM_YEARS, add_years, days_left, next_term_start, term_end
from mmc_board.domain.vacancy import Vacancy, VacancyStatus

__all__ = [
    "DEFAULT_QUORUM_FRACTION",
    "FOUNDED_ON",
    "FOUNDING_BOARD",
    "NOMINATION_TRANSITIONS",
    "REASON_MAX_LENGTH",
    "STATEMENT_MAX_LENGTH",
    "STATEMENT_MIN_LENGTH",
    "SUPPORTING_PARTNERS",
    "SUPPORTING_PARTNER_IDS",
    "TERM_YEARS",
    "TEXT_MAX_LENGTH",
    "CandidateEffect",
    "DiversityView",
    "DomainError",
    "FoundingMember",
    "InvalidTransition",
    "InvalidValue",
    "KnownCity",
    "Meeting",
    "Membership",
    "MembershipStatus",
    "Nomination",
    "NominationStatusChange",
    "NominatorDetails",
    "RoundResults",
    "RuleViolation",
    "Seal",
    "SelectionRound",
    "SupportingPartner",
    "Term",
    "Vacancy",
    "VacancyStatus",
    "add_years",
    "board_diversity",
    "board_on",
    "check_nomination_transition",
    "check_nominee_city",
    "check_seat_free",
    "checked_nominator",
    "days_left",
    "eligible_voters",
    "find_founding_city",
    "next_term_start",
    "quorum_for",
    "seat_founding_member",
    "seat_holder",
    "term_end",
    "with_candidate",
]
