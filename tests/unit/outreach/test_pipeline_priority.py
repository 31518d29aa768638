"""Outreach stages, and the priority ranking with the reasons it gives."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from mmc_contracts import EventContext
from mmc_contracts.cities import MigrationContext as M
from mmc_contracts.cities import PartnershipStatus as P
from mmc_contracts.cities import SizeClass
from mmc_contracts.outreach import ActivityKind, OutreachStage
from mmc_contracts.rules import InvalidTransition, RuleViolation
from mmc_outreach.domain.cities_view import KnownCity
from mmc_outreach.domain.pipeline import OutreachTarget
from mmc_outreach.domain.priority import Coverage, priority, rank, rank_for_nomination

CTX = EventContext(actor="staff-1", at=datetime(2026, 12, 1, tzinfo=UTC))


def city(
    name: str,
    region: str,
    status: P = P.PROSPECT,
    size: SizeClass = SizeClass.SECONDARY,
    contexts: tuple[M, ...] = (M.DESTINATION,),
    on_board: bool = False,
) -> KnownCity:
    return KnownCity(
        id=name.lower(),
        name=name,
        country_code="XX",
        region=region,
        sub_region=region,
        size_class=size,
        partnership_status=status,
        migration_contexts=frozenset(contexts),
        on_board=on_board,
    )


def test_stages_forward_pause_resume_and_convert() -> None:
    target = OutreachTarget.open("t-1", "city-1", CTX)
    target.move(OutreachStage.CONTACTED, CTX)
    target.record_activity(ActivityKind.CALL, date(2026, 11, 20), "Spoke to the deputy mayor", CTX)
    target.move(OutreachStage.PAUSED, CTX, "Elections")
    target.move(OutreachStage.CONTACTED, CTX, "New administration in office")
    target.move(OutreachStage.IN_CONVERSATION, CTX)
    with pytest.raises(InvalidTransition):
        target.move(OutreachStage.IDENTIFIED, CTX)
    assert target.convert(CTX, "became a partner") is True
    assert target.convert(CTX, "again") is False
    with pytest.raises(RuleViolation):
        target.record_activity(ActivityKind.EMAIL, date(2026, 12, 1), "", CTX)
    events = target.pull_events()
    assert [type(e).__name__ for e in events][:3] == [
        "OutreachTargetOpened",
        "OutreachStageChanged",
        "OutreachActivityRecorded",
    ]
    assert "deputy" not in events[2].model_dump_json()
    assert target.stage is OutreachStage.CONVERTED
    assert target.version == len(events)


def test_cannot_skip_stages() -> None:
    target = OutreachTarget.open("t-1", "city-1", CTX)
    with pytest.raises(InvalidTransition):
        target.move(OutreachStage.ENGAGED, CTX)


def test_priority_secondary_cities_and_uncovered_regions_first_with_reasons() -> None:
    partners = [
        city("Paris", "Europe", P.PARTNER, SizeClass.GLOBAL, (M.DESTINATION,), on_board=True),
        city("Lima", "Americas", P.PARTNER, SizeClass.PRIMARY, (M.DESTINATION, M.TRANSIT)),
    ]
    candidates = [
        city("Bigtown", "Americas", size=SizeClass.GLOBAL),
        city("Mafraq", "Asia", contexts=(M.REFUGEE_HOSTING, M.DESTINATION)),
        city("Tapachula", "Americas", contexts=(M.TRANSIT,)),
    ]
    coverage = Coverage.of(partners)
    ranked = rank(candidates, coverage)
    assert [p.city_name for p in ranked] == ["Mafraq", "Tapachula", "Bigtown"]
    mafraq = ranked[0]
    assert mafraq.points == 3 + 3 + 1
    assert mafraq.reasons == (
        "secondary city (+3)",
        "no partner city in Asia (+3)",
        "refugee hosting context no partner city has (+1)",
    )
    assert ranked[1].reasons == ("secondary city (+3)", "no Board seat in Americas (+1)")
    assert ranked[2].points == 1


def test_priority_of_a_city_in_a_fully_covered_region() -> None:
    coverage = Coverage.of([city("Paris", "Europe", P.PARTNER, on_board=True)])
    result = priority(city("Lyon", "Europe", size=SizeClass.PRIMARY), coverage)
    assert result.points == 0
    assert result.reasons == ()


def test_nomination_ranking_underrepresented_regions_first() -> None:
    cities = [
        city("Paris", "Europe", P.PARTNER, SizeClass.GLOBAL, on_board=True),
        city("Milan", "Europe", P.PARTNER, contexts=(M.TRANSIT, M.ORIGIN, M.RETURN)),
        city("Accra", "Africa", P.PARTNER, SizeClass.PRIMARY),
        city("Kampala", "Africa", P.PROSPECT),  # not a partner: not invited
    ]
    ranked = rank_for_nomination(cities)
    assert [p.city_name for p in ranked] == ["Accra", "Milan"]
    assert ranked[0].reasons[0] == "no Board seat in Africa"


def test_a_new_partner_joins_an_open_call_in_its_place() -> None:
    from mmc_outreach.domain.nomination_call import NominationCall

    paris = city("Paris", "Europe", P.PARTNER, SizeClass.GLOBAL, on_board=True)
    milan = city("Milan", "Europe", P.PARTNER)
    call = NominationCall.open(
        "call-1",
        seat=3,
        reason="seat 3 vacated",
        board_event_id="e-1",
        ranked=rank_for_nomination([paris, milan]),
        context=CTX,
    )
    accra = city("Accra", "Africa", P.PARTNER)
    ranked = rank_for_nomination([paris, milan, accra])
    assert call.add_city(ranked, "accra", CTX) is True
    assert call.add_city(ranked, "accra", CTX) is False
    assert call.add_city(ranked, "paris", CTX) is False  # on the Board: not in the ranking
    assert [i.city_name for i in call.invitees] == ["Accra", "Milan"]
    assert [type(e).__name__ for e in call.pull_events()] == [
        "NominationCallOpened",
        "NominationCallCityAdded",
    ]
