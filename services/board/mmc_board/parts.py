"""The board service's parts: its settings, clock and stores, built once by `app.py` and handed
to the commands, queries, reactions and routes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from mmc_board.adapters.cities_view import KNOWN_CITIES, KnownCities
from mmc_board.adapters.repository import (
    MEETINGS,
    MEMBERSHIPS,
    NOMINATIONS,
    ROUNDS,
    VACANCIES,
    MeetingRepository,
    MembershipRepository,
    NominationRepository,
    RoundRepository,
    VacancyRepository,
)
from mmc_board.adapters.voters import VOTERS, Voters
from mmc_board.settings import BoardSettings
from mmc_chassis.guards import GUARDS, Guards
from mmc_chassis.locks import DocumentLocks
from mmc_chassis.person_keys import PERSON_KEYS, PersonKeys
from mmc_chassis.runtime import ServiceRuntime

Clock = Callable[[], date]


def today_utc() -> date:
    """The service's default clock: today's date in UTC."""
    return datetime.now(UTC).date()


@dataclass(frozen=True)
class BoardParts:
    settings: BoardSettings
    clock: Clock
    """"Today" for the API and the scheduler (a test sets it)."""
    memberships: MembershipRepository
    vacancies: VacancyRepository
    nominations: NominationRepository
    rounds: RoundRepository
    meetings: MeetingRepository
    cities: KnownCities
    voters: Voters
    locks: DocumentLocks
    guards: Guards
    keys: PersonKeys
    """The nominators' keys: what nomination events carry sealed (crypto-shredding)."""

    @classmethod
    def of(cls, runtime: ServiceRuntime, settings: BoardSettings, clock: Clock) -> BoardParts:
        database = runtime.database
        return cls(
            settings=settings,
            clock=clock,
            memberships=MembershipRepository(runtime.store(MEMBERSHIPS, "membership")),
            vacancies=VacancyRepository(runtime.store(VACANCIES, "vacancy")),
            nominations=NominationRepository(runtime.store(NOMINATIONS, "nomination")),
            rounds=RoundRepository(runtime.store(ROUNDS, "selection round")),
            meetings=MeetingRepository(runtime.store(MEETINGS, "meeting")),
            cities=KnownCities(database[KNOWN_CITIES]),
            voters=Voters(database[VOTERS]),
            locks=runtime.locks,
            guards=Guards(database[GUARDS], runtime.locks),
            keys=PersonKeys(database[PERSON_KEYS]),
        )
