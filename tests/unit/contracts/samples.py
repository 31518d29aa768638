"""One realistic sample of every event of the contracts package."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from mmc_contracts import Event, EventContext
from mmc_contracts.board import (
    BallotCast,
    BoardMeetingRecorded,
    Mayor,
    MayorLeftBoard,
    MayorSeated,
    MembershipEndReason,
    NominationReceived,
    NominationStatus,
    NominationStatusChanged,
    NomineeSelected,
    SeatedVia,
    SeatVacated,
    SelectionRoundClosedWithoutSelection,
    SelectionRoundOpened,
    TermEndingAnnounced,
    TermRenewed,
    VacancyFilled,
    VoterKind,
)
from mmc_contracts.cities import (
    AssistanceDeliverableRecorded,
    AssistanceKind,
    AssistanceRequestAssigned,
    AssistanceRequestOpened,
    AssistanceRequestStatusChanged,
    AssistanceStatus,
    BoardRole,
    BoardRoleChange,
    CityBoardRoleChanged,
    CityMayorChanged,
    CityPartnershipStatusChanged,
    CityProfile,
    CityProfileUpdated,
    CityRegistered,
    Contact,
    ContactRole,
    Deliverable,
    MigrationContext,
    PartnershipStatus,
    SizeClass,
)
from mmc_contracts.outreach import (
    ActivityKind,
    CoalitionFormed,
    CoalitionMemberJoined,
    CoalitionMemberLeft,
    FundingAwarded,
    FundingConnectionMade,
    FundingReportDue,
    FundingReportReceived,
    FundingStage,
    FundingStageChanged,
    InquiryAnswered,
    InquiryAssigned,
    InquiryChannel,
    InquiryClosed,
    InquiryKind,
    InquiryLinkedToCity,
    InquiryReceived,
    InquiryTriaged,
    MemberKind,
    NominationCallAnswered,
    NominationCallCityAdded,
    NominationCallInvitationSent,
    NominationCallOpened,
    OrganisationKind,
    OutreachActivityRecorded,
    OutreachStage,
    OutreachStageChanged,
    OutreachTargetOpened,
    PartnerOrganisationCityRelated,
    PartnerOrganisationRegistered,
)

CONTEXT = EventContext(
    actor="staff@mmc.example.org",
    at=datetime(2026, 11, 28, 1, 2, 3, 123456, tzinfo=UTC),
    correlation_id="flow-1",
    causation_id="command-1",
)
CITY_ID = "city-freetown"
REQUEST_ID = "request-42"

MAYOR = Contact(
    name="Amina Diallo",
    role=ContactRole.MAYOR,
    title="Mayor",
    email="a.diallo@city.example.org",
    phone="+232 00 000000",
)
NEW_MAYOR = Contact(name="Samuel Koroma", role=ContactRole.MAYOR)


def profile(**changes: object) -> CityProfile:
    """A complete city profile; `changes` override fields."""
    fields: dict[str, object] = {
        "name": "Freetown",
        "country_code": "SL",
        "region": "Africa",
        "sub_region": "Sub-Saharan Africa",
        "population": 1_200_000,
        "migrant_population": 150_000,
        "migration_contexts": [MigrationContext.TRANSIT, MigrationContext.DESTINATION],
        "size_class": SizeClass.PRIMARY,
        "networks": ["Mayors Mechanism", "C40"],
        "languages": ["en"],
        "mayor": MAYOR,
        "contacts": [Contact(name="Ibrahim Sesay", role=ContactRole.FOCAL_POINT)],
        "website": "https://city.example.org",
    }
    fields.update(changes)
    return CityProfile.model_validate(fields)


BOARD_MAYOR = Mayor(
    name="Yvonne Aki-Sawyerr", city_id=CITY_ID, city_name="Freetown", country_code="SL"
)
NOMINEE = Mayor(name="Samuel Koroma", city_id="city-accra", city_name="Accra", country_code="GH")


def city(cls: type[Event], version: int = 1, **payload: object) -> Event:
    return cls.stamp(CONTEXT, aggregate_id=CITY_ID, aggregate_version=version, **payload)


def board(cls: type[Event], aggregate_id: str, version: int = 1, **payload: object) -> Event:
    return cls.stamp(CONTEXT, aggregate_id=aggregate_id, aggregate_version=version, **payload)


def request(cls: type[Event], version: int = 1, **payload: object) -> Event:
    return cls.stamp(
        CONTEXT, aggregate_id=REQUEST_ID, aggregate_version=version, city_id=CITY_ID, **payload
    )


SAMPLES: dict[type[Event], Event] = {
    CityRegistered: city(
        CityRegistered, profile=profile(), partnership_status=PartnershipStatus.PROSPECT
    ),
    CityProfileUpdated: city(
        CityProfileUpdated,
        2,
        profile=profile(population=1_300_000),
        changed_fields=["population"],
    ),
    CityPartnershipStatusChanged: city(
        CityPartnershipStatusChanged,
        3,
        from_status=PartnershipStatus.PROSPECT,
        to_status=PartnershipStatus.ENGAGED,
        reason="First workshop held.",
    ),
    CityMayorChanged: city(
        CityMayorChanged,
        4,
        previous_mayor=MAYOR,
        new_mayor=NEW_MAYOR,
        took_office_on=date(2026, 6, 1),
    ),
    CityBoardRoleChanged: city(
        CityBoardRoleChanged,
        5,
        board_role=BoardRole(
            membership_id="m-42",
            seat=3,
            mayor_name="Amina Diallo",
            term_start=date(2026, 12, 1),
            term_end=date(2028, 11, 30),
        ),
        change=BoardRoleChange.SEATED,
        board_event_id="6f1f5b7e-0a0b-4c58-9d1a-2d7c6a1e9b10",
    ),
    AssistanceRequestOpened: request(
        AssistanceRequestOpened,
        kind=AssistanceKind.FUNDING_ACCESS,
        title="Access to the Global Cities Fund",
        description="Support with a funding proposal for migrant inclusion services.",
        requested_by="Amina Diallo",
        due_on=date(2027, 1, 31),
    ),
    AssistanceRequestStatusChanged: request(
        AssistanceRequestStatusChanged,
        2,
        from_status=AssistanceStatus.RECEIVED,
        to_status=AssistanceStatus.TRIAGED,
        reason=None,
    ),
    AssistanceRequestAssigned: request(AssistanceRequestAssigned, 3, assignee="staff@mmc.org"),
    AssistanceDeliverableRecorded: request(
        AssistanceDeliverableRecorded,
        4,
        deliverable=Deliverable(
            title="Funding proposal draft",
            url="https://docs.example.org/proposal",
            delivered_on=date(2026, 12, 15),
        ),
    ),
    MayorSeated: board(
        MayorSeated,
        "membership-1",
        mayor=BOARD_MAYOR,
        seat=1,
        term_start=date(2026, 12, 1),
        term_end=date(2028, 11, 30),
        via=SeatedVia.SELECTION,
        nomination_id="nomination-17",
        round_id="round-4",
    ),
    TermRenewed: board(
        TermRenewed,
        "membership-1",
        2,
        mayor=BOARD_MAYOR,
        seat=1,
        term_start=date(2028, 12, 1),
        term_end=date(2030, 11, 30),
    ),
    TermEndingAnnounced: board(
        TermEndingAnnounced,
        "membership-1",
        3,
        mayor=BOARD_MAYOR,
        seat=1,
        term_end=date(2030, 11, 30),
        days_left=60,
    ),
    MayorLeftBoard: board(
        MayorLeftBoard,
        "membership-1",
        4,
        mayor=BOARD_MAYOR,
        seat=1,
        reason=MembershipEndReason.TERM_ENDED,
        left_on=date(2030, 11, 30),
        note=None,
    ),
    SeatVacated: board(
        SeatVacated,
        "vacancy-5",
        seat=1,
        previous_mayor=BOARD_MAYOR,
        reason=MembershipEndReason.TERM_ENDED,
        vacated_on=date(2030, 12, 1),
        membership_id="membership-1",
    ),
    VacancyFilled: board(
        VacancyFilled, "vacancy-5", 2, seat=1, membership_id="membership-11", round_id="round-4"
    ),
    NominationReceived: board(
        NominationReceived,
        "nomination-17",
        mayor=NOMINEE,
        nominated_by_name="Amina Diallo",
        nominated_by_role="Deputy Mayor",
        nominated_by_city_id="city-accra",
        statement="A long record of inclusive migration policy in a growing secondary city.",
        vacancy_id="vacancy-5",
    ),
    NominationStatusChanged: board(
        NominationStatusChanged,
        "nomination-17",
        2,
        from_status=NominationStatus.RECEIVED,
        to_status=NominationStatus.CANDIDATE,
        reason=None,
    ),
    SelectionRoundOpened: board(
        SelectionRoundOpened,
        "round-4",
        vacancy_id="vacancy-5",
        seat=1,
        candidates=["nomination-17", "nomination-19"],
        voters=["membership-2", "membership-3", "unhcr"],
        quorum=2,
        closes_on=date(2031, 1, 31),
    ),
    BallotCast: board(
        BallotCast,
        "round-4",
        2,
        vacancy_id="vacancy-5",
        voter_id="membership-2",
        voter_kind=VoterKind.BOARD_MAYOR,
    ),
    NomineeSelected: board(
        NomineeSelected,
        "round-4",
        5,
        vacancy_id="vacancy-5",
        seat=1,
        nomination_id="nomination-17",
        mayor=NOMINEE,
        votes={"nomination-17": 2, "nomination-19": 1},
        ballots_cast=3,
        quorum=2,
        tie_broken=False,
    ),
    SelectionRoundClosedWithoutSelection: board(
        SelectionRoundClosedWithoutSelection,
        "round-5",
        2,
        vacancy_id="vacancy-6",
        reason="The only candidate withdrew the nomination.",
    ),
    BoardMeetingRecorded: board(
        BoardMeetingRecorded,
        "meeting-1",
        held_on=date(2027, 2, 10),
        title="Annual strategy meeting",
        attendees=["membership-1", "membership-2"],
        recommendations=["Prioritise secondary cities in the next outreach round."],
        decisions=["Open a selection round for seat 3."],
    ),
    # outreach
    InquiryReceived: board(
        InquiryReceived,
        "inquiry-1",
        city_name="Gaziantep",
        country_code="TR",
        channel=InquiryChannel.EMAIL,
        size_class=SizeClass.SECONDARY,
    ),
    InquiryTriaged: board(
        InquiryTriaged,
        "inquiry-1",
        2,
        city_id=CITY_ID,
        kind=InquiryKind.ASSISTANCE_REQUEST,
        assistance_kind=AssistanceKind.FUNDING_ACCESS,
    ),
    InquiryAssigned: board(InquiryAssigned, "inquiry-1", 3, city_id=CITY_ID, assignee="staff-2"),
    InquiryAnswered: board(
        InquiryAnswered,
        "inquiry-1",
        4,
        city_id=CITY_ID,
        first_response_hours=20.5,
        within_target=True,
    ),
    InquiryClosed: board(InquiryClosed, "inquiry-1", 5, city_id=CITY_ID),
    InquiryLinkedToCity: board(InquiryLinkedToCity, "inquiry-1", 6, city_id=CITY_ID),
    OutreachTargetOpened: board(
        OutreachTargetOpened, "target-1", city_id=CITY_ID, stage=OutreachStage.IDENTIFIED
    ),
    OutreachStageChanged: board(
        OutreachStageChanged,
        "target-1",
        2,
        city_id=CITY_ID,
        from_stage=OutreachStage.IDENTIFIED,
        to_stage=OutreachStage.CONTACTED,
    ),
    OutreachActivityRecorded: board(
        OutreachActivityRecorded,
        "target-1",
        3,
        city_id=CITY_ID,
        activity=ActivityKind.CALL,
        on=date(2026, 11, 30),
    ),
    NominationCallOpened: board(
        NominationCallOpened,
        "call-1",
        seat=3,
        board_event_id="event-1",
        invited_city_ids=[CITY_ID, "city-accra"],
    ),
    NominationCallCityAdded: board(NominationCallCityAdded, "call-1", 2, city_id="city-accra"),
    NominationCallInvitationSent: board(NominationCallInvitationSent, "call-1", 2, city_id=CITY_ID),
    NominationCallAnswered: board(
        NominationCallAnswered, "call-1", 3, city_id=CITY_ID, will_nominate=True
    ),
    FundingConnectionMade: board(
        FundingConnectionMade,
        "connection-1",
        city_id=CITY_ID,
        opportunity_id="opportunity-1",
        funder="Open Society Foundations",
        opportunity_title="Global Cities Fund",
    ),
    FundingStageChanged: board(
        FundingStageChanged,
        "connection-1",
        2,
        city_id=CITY_ID,
        from_stage=FundingStage.INTAKE,
        to_stage=FundingStage.CONCEPT_NOTE,
    ),
    FundingAwarded: board(
        FundingAwarded,
        "connection-1",
        3,
        city_id=CITY_ID,
        funder="Open Society Foundations",
        opportunity_title="Global Cities Fund",
        amount=Decimal("250000"),
        currency="USD",
        awarded_on=date(2026, 6, 1),
    ),
    FundingReportDue: board(
        FundingReportDue, "connection-1", 4, city_id=CITY_ID, due_on=date(2027, 6, 1)
    ),
    FundingReportReceived: board(
        FundingReportReceived,
        "connection-1",
        5,
        city_id=CITY_ID,
        due_on=date(2027, 6, 1),
        received_on=date(2027, 5, 28),
    ),
    PartnerOrganisationRegistered: board(
        PartnerOrganisationRegistered,
        "org-c40",
        name="C40 Cities",
        kinds=[OrganisationKind.CITY_NETWORK, OrganisationKind.STRATEGIC_PARTNER],
    ),
    PartnerOrganisationCityRelated: board(
        PartnerOrganisationCityRelated, "org-c40", 2, city_id=CITY_ID, relationship="member"
    ),
    CoalitionFormed: board(
        CoalitionFormed,
        "coalition-1",
        name="Cities for climate mobility",
        goal="A joint city input to COP31 on climate migration",
        requested_by_city_id=CITY_ID,
    ),
    CoalitionMemberJoined: board(
        CoalitionMemberJoined,
        "coalition-1",
        2,
        member_kind=MemberKind.CITY,
        member_id=CITY_ID,
        joined_on=date(2026, 1, 10),
    ),
    CoalitionMemberLeft: board(
        CoalitionMemberLeft,
        "coalition-1",
        3,
        member_kind=MemberKind.CITY,
        member_id=CITY_ID,
        left_on=date(2026, 6, 30),
    ),
}
