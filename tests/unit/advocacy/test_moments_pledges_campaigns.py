"""Policy moments and city inputs, the approach announced once, pledges and their progress,
campaign status from its materials, and research's life cycle."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from mmc_advocacy.domain import (
    INPUT_TRANSITIONS,
    PLEDGE_TRANSITIONS,
    RESEARCH_TRANSITIONS,
    Campaign,
    CampaignStatus,
    KnownCity,
    Pledge,
    PolicyMoment,
    Resource,
    campaign_status,
)
from mmc_contracts import EventContext
from mmc_contracts.advocacy import (
    CityInputStatusChanged,
    CityInputSubmitted,
    GcrArea,
    InputKind,
    InputStatus,
    MaterialStatus,
    MomentScope,
    MomentSeries,
    PledgeProgressReported,
    PledgeStatus,
    PolicyMomentApproaching,
    ResearchStatus,
    ResourceKind,
)
from mmc_contracts.cities import PartnershipStatus
from mmc_contracts.rules import InvalidTransition, InvalidValue, RuleViolation

AT = datetime(2026, 12, 1, 9, tzinfo=UTC)
STAFF = EventContext(actor="staff", at=AT)
CITY = KnownCity("c1", "Bogotá", "CO", "Americas", PartnershipStatus.PARTNER)
GONE = KnownCity("c2", "Gone", "CO", "Americas", PartnershipStatus.INACTIVE)


def moment(starts_on: date = date(2027, 1, 20)) -> PolicyMoment:
    return PolicyMoment.schedule(
        "gfmd",
        name="GFMD Summit",
        series=MomentSeries.GFMD,
        scope=MomentScope.GLOBAL,
        starts_on=starts_on,
        ends_on=starts_on,
        venue="Geneva",
        context=STAFF,
    )


def test_a_moment_needs_sane_dates_and_a_region_when_regional() -> None:
    with pytest.raises(InvalidValue):
        PolicyMoment.schedule(
            "m",
            name="x",
            series=MomentSeries.OTHER,
            scope=MomentScope.GLOBAL,
            starts_on=date(2027, 1, 2),
            ends_on=date(2027, 1, 1),
            venue="v",
            context=STAFF,
        )
    with pytest.raises(InvalidValue) as refused:
        PolicyMoment.schedule(
            "m",
            name="x",
            series=MomentSeries.OTHER,
            scope=MomentScope.REGIONAL,
            starts_on=date(2027, 1, 1),
            ends_on=date(2027, 1, 1),
            venue="v",
            context=STAFF,
        )
    assert refused.value.field == "region"


@pytest.mark.parametrize("start", [InputStatus.PLANNED, InputStatus.SUBMITTED])
@pytest.mark.parametrize("target", list(InputStatus))
def test_city_input_moves(start: InputStatus, target: InputStatus) -> None:
    m = moment()
    m.add_input(
        "i1",
        CITY,
        city_id="c1",
        kind=InputKind.POSITION_PAPER,
        title="P",
        status=start,
        context=STAFF,
    )
    m.pull_events()
    if target in INPUT_TRANSITIONS[start]:
        m.change_input_status("i1", target, STAFF)
        (event,) = m.pull_events()
        assert isinstance(event, CityInputStatusChanged)
        assert event.city_id == "c1"
    else:
        with pytest.raises(InvalidTransition):
            m.change_input_status("i1", target, STAFF)


def test_inputs_come_from_known_engaged_cities() -> None:
    m = moment()
    with pytest.raises(InvalidValue):
        m.add_input(
            "i",
            None,
            city_id="x",
            kind=InputKind.STATEMENT,
            title="S",
            status=InputStatus.PLANNED,
            context=STAFF,
        )
    with pytest.raises(RuleViolation):
        m.add_input(
            "i",
            GONE,
            city_id="c2",
            kind=InputKind.STATEMENT,
            title="S",
            status=InputStatus.PLANNED,
            context=STAFF,
        )
    with pytest.raises(InvalidValue):
        m.add_input(
            "i",
            CITY,
            city_id="c1",
            kind=InputKind.STATEMENT,
            title="S",
            status=InputStatus.ACCEPTED,
            context=STAFF,
        )
    m.add_input(
        "i",
        CITY,
        city_id="c1",
        kind=InputKind.SPEAKING_SLOT,
        title="Slot",
        status=InputStatus.SUBMITTED,
        context=STAFF,
    )
    assert isinstance(m.pull_events()[-1], CityInputSubmitted)
    with pytest.raises(RuleViolation):
        m.add_input(
            "i",
            CITY,
            city_id="c1",
            kind=InputKind.STATEMENT,
            title="S",
            status=InputStatus.PLANNED,
            context=STAFF,
        )


def test_the_approach_is_announced_once_within_the_notice_period() -> None:
    m = moment(date(2027, 1, 30))
    m.pull_events()
    assert not m.announce_approach(date(2026, 11, 30), 60, STAFF)  # 61 days: not yet
    assert m.announce_approach(date(2026, 12, 1), 60, STAFF)
    (event,) = m.pull_events()
    assert isinstance(event, PolicyMomentApproaching)
    assert event.days_left == 60
    assert not m.announce_approach(date(2026, 12, 2), 60, STAFF)
    assert m.pull_events() == []
    past = moment(date(2026, 11, 1))
    assert not past.announce_approach(date(2026, 12, 1), 60, STAFF)


def pledge() -> Pledge:
    return Pledge.make(
        "p1",
        CITY,
        city_id="c1",
        title="Inclusive services",
        description="Open city services to migrants regardless of status",
        made_on=date(2023, 12, 13),
        gcm_objectives=[16, 15, 15],
        gcr_areas=[GcrArea.HEALTH],
        context=STAFF,
    )


def test_a_pledge_is_tagged_by_real_objectives_and_needs_a_known_city() -> None:
    assert pledge().gcm_objectives == [15, 16]
    assert pledge().region == "Americas"
    for bad in ([0], [24]):
        with pytest.raises(InvalidValue):
            Pledge.make(
                "p",
                CITY,
                city_id="c1",
                title="T",
                description="D",
                made_on=date(2024, 1, 1),
                gcm_objectives=bad,
                gcr_areas=[],
                context=STAFF,
            )
    with pytest.raises(InvalidValue):
        Pledge.make(
            "p",
            CITY,
            city_id="c1",
            title="T",
            description="D",
            made_on=date(2024, 1, 1),
            gcm_objectives=[],
            gcr_areas=[],
            context=STAFF,
        )
    with pytest.raises(InvalidValue):
        Pledge.make(
            "p",
            None,
            city_id="c9",
            title="T",
            description="D",
            made_on=date(2024, 1, 1),
            gcm_objectives=[1],
            gcr_areas=[],
            context=STAFF,
        )


@pytest.mark.parametrize("start", [PledgeStatus.ANNOUNCED, PledgeStatus.IN_PROGRESS])
@pytest.mark.parametrize("target", list(PledgeStatus))
def test_progress_moves(start: PledgeStatus, target: PledgeStatus) -> None:
    p = pledge()
    if start is PledgeStatus.IN_PROGRESS:
        p.report_progress(
            reported_on=date(2024, 6, 1),
            status=start,
            narrative="Started",
            figures={},
            context=STAFF,
        )
    p.pull_events()
    if target in PLEDGE_TRANSITIONS[start]:
        p.report_progress(
            reported_on=date(2025, 6, 1),
            status=target,
            narrative="Update",
            figures={"people_reached": 1500},
            context=STAFF,
        )
        (event,) = p.pull_events()
        assert isinstance(event, PledgeProgressReported)
        assert event.figures == {"people_reached": 1500}
        assert p.status is target
    else:
        with pytest.raises(InvalidTransition):
            p.report_progress(
                reported_on=date(2025, 6, 1),
                status=target,
                narrative="Update",
                figures={},
                context=STAFF,
            )


def test_progress_reports_come_in_date_order_with_named_figures() -> None:
    p = pledge()
    p.report_progress(
        reported_on=date(2025, 1, 1),
        status=PledgeStatus.IN_PROGRESS,
        narrative="Half way",
        figures={"people": 10},
        context=STAFF,
    )
    with pytest.raises(InvalidValue):
        p.report_progress(
            reported_on=date(2024, 12, 31),
            status=PledgeStatus.IN_PROGRESS,
            narrative="Earlier",
            figures={},
            context=STAFF,
        )
    with pytest.raises(InvalidValue):
        p.report_progress(
            reported_on=date(2025, 2, 1),
            status=PledgeStatus.IN_PROGRESS,
            narrative="Bad figure",
            figures={"Not A Name": 1},
            context=STAFF,
        )
    with pytest.raises(InvalidValue):
        p.report_progress(
            reported_on=date(2025, 2, 1),
            status=PledgeStatus.IN_PROGRESS,
            narrative="nan",
            figures={"x": float("nan")},
            context=STAFF,
        )
    p.report_progress(
        reported_on=date(2025, 6, 1),
        status=PledgeStatus.ACHIEVED,
        narrative="Done",
        figures={"people": 25},
        context=STAFF,
    )
    assert [r.figures["people"] for r in p.reports] == [10, 25]


def test_campaign_status_follows_its_materials() -> None:
    assert campaign_status([]) is CampaignStatus.PLANNING
    assert campaign_status([MaterialStatus.DRAFT, MaterialStatus.IN_REVIEW]) is (
        CampaignStatus.IN_PREPARATION
    )
    assert campaign_status([MaterialStatus.DRAFT, MaterialStatus.PUBLISHED]) is CampaignStatus.LIVE
    assert campaign_status([MaterialStatus.ARCHIVED] * 2) is CampaignStatus.CLOSED
    with pytest.raises(InvalidValue):
        Campaign.launch(
            "c",
            name="n",
            goal="g",
            audiences=[],
            starts_on=date(2027, 1, 2),
            ends_on=date(2027, 1, 1),
            owner="o",
            context=STAFF,
        )


@pytest.mark.parametrize("target", list(ResearchStatus))
def test_research_moves(target: ResearchStatus) -> None:
    research = Resource.add(
        "r",
        kind=ResourceKind.RESEARCH,
        title="Study",
        summary="S",
        topics=["t"],
        language="en",
        context=STAFF,
        commissioned_on=date(2026, 1, 1),
    )
    if target in RESEARCH_TRANSITIONS[ResearchStatus.COMMISSIONED]:
        research.change_research_status(target, STAFF)
        assert research.research_status is target
    else:
        with pytest.raises(InvalidTransition):
            research.change_research_status(target, STAFF)
    research.research_status = ResearchStatus.IN_PROGRESS
    research.change_research_status(ResearchStatus.PUBLISHED, STAFF)
    assert research.published_on == AT.date()
    guide = Resource.add(
        "g",
        kind=ResourceKind.GUIDE,
        title="Guide",
        summary="S",
        topics=[],
        language="fr",
        context=STAFF,
    )
    assert guide.published_on == AT.date()
    assert guide.research_status is None
    with pytest.raises(RuleViolation):
        guide.change_research_status(ResearchStatus.PUBLISHED, STAFF)
