"""One realistic sample of every event of the contracts package."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from mmc_contracts import Event, EventContext
from mmc_contracts.advocacy import (
    CampaignLaunched,
    CampaignPersonalDataErased,
    CityFeaturedInMaterial,
    CityInputStatusChanged,
    CityInputSubmitted,
    ConsentMethod,
    ErasedPart,
    GcrArea,
    InputKind,
    InputStatus,
    MaterialAmplificationRecorded,
    MaterialDisseminated,
    MaterialDrafted,
    MaterialKind,
    MaterialPersonalDataErased,
    MaterialReviewCommented,
    MaterialRevised,
    MaterialStatus,
    MaterialStatusChanged,
    MomentScope,
    MomentSeries,
    PledgeMade,
    PledgePersonalDataErased,
    PledgeProgressReported,
    PledgeStatus,
    PolicyMomentApproaching,
    PolicyMomentPersonalDataErased,
    PolicyMomentScheduled,
    ResearchStatus,
    ResearchStatusChanged,
    ResourceAdded,
    ResourceFileAttached,
    ResourceKind,
    ResourcePersonalDataErased,
    StatementCoSigned,
    StatementSignatureWithdrawn,
)
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
    NominatorErased,
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
from mmc_contracts.gateway import AuditOutcome, AuditRecorded
from mmc_contracts.outreach import (
    ActivityKind,
    AnonymisedBecause,
    CoalitionFormed,
    CoalitionMemberJoined,
    CoalitionMemberLeft,
    FundingAwarded,
    FundingConnectionMade,
    FundingReportDue,
    FundingReportReceived,
    FundingStage,
    FundingStageChanged,
    InquiryAnonymised,
    InquiryAnswered,
    InquiryAssigned,
    InquiryChannel,
    InquiryClosed,
    InquiryKind,
    InquiryLinkedToCity,
    InquiryReceived,
    InquiryTriaged,
    MemberKind,
    MobilisationCityAnswered,
    MobilisationCityContacted,
    MobilisationInputReceived,
    MobilisationListOpened,
    NominationCallAnswered,
    NominationCallCityAdded,
    NominationCallInvitationSent,
    NominationCallOpened,
    OrganisationKind,
    OutreachActivityRecorded,
    OutreachStage,
    OutreachStageChanged,
    OutreachTargetOpened,
    PartnerContactErased,
    PartnerOrganisationCityRelated,
    PartnerOrganisationRegistered,
)
from mmc_contracts.sealed import Sealed
from mmc_contracts.webhooks import (
    ContentMode,
    PauseReason,
    WebhookEndpointPaused,
    WebhookEndpointRegistered,
    WebhookEndpointResumed,
    WebhookOwnerContactErased,
    WebhookSecretRotated,
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


def sealed(ciphertext: str) -> Sealed:
    """A sealed value as board's nomination events carry it (not a real ciphertext)."""
    return Sealed(key_id="8d3f0c2a9b7e4d1f", nonce="AAECAwQFBgcICQoL", ciphertext=ciphertext)


SEALED_NAME = sealed("c2VhbGVkIG5hbWU=")
SEALED_ROLE = sealed("c2VhbGVkIHJvbGU=")
SEALED_STATEMENT = sealed("c2VhbGVkIHN0YXRlbWVudA==")


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
    AssistanceRequestAssigned: request(AssistanceRequestAssigned, 3, assignee="staff-1042"),
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
        nominated_by_name=SEALED_NAME,
        nominated_by_role=SEALED_ROLE,
        nominated_by_city_id="city-accra",
        statement=SEALED_STATEMENT,
        vacancy_id="vacancy-5",
    ),
    NominatorErased: board(NominatorErased, "nomination-17", 3),
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
    CampaignLaunched: board(
        CampaignLaunched,
        "campaign-1",
        name="Cities at the GFMD Summit",
        starts_on=date(2026, 11, 1),
        ends_on=date(2027, 2, 28),
        policy_moment_id="moment-gfmd",
        audiences=["national governments", "GFMD chair"],
    ),
    MaterialDrafted: board(
        MaterialDrafted,
        "material-1",
        campaign_id="campaign-1",
        kind=MaterialKind.PUBLIC_STATEMENT,
        title="Mayors' call to the GFMD",
        language="en",
    ),
    MaterialRevised: board(MaterialRevised, "material-1", 2, text_version=2),
    MaterialReviewCommented: board(
        MaterialReviewCommented, "material-1", 4, reviewer="staff-7", text_version=2
    ),
    MaterialStatusChanged: board(
        MaterialStatusChanged,
        "material-1",
        5,
        from_status=MaterialStatus.IN_REVIEW,
        to_status=MaterialStatus.APPROVED,
        approved_by="staff-7",
    ),
    MaterialDisseminated: board(
        MaterialDisseminated,
        "material-1",
        7,
        channel="press release",
        outlet="MMC website",
        language="en",
        published_on=date(2026, 12, 1),
        url="https://mayorsmigrationcouncil.org/news",
    ),
    MaterialAmplificationRecorded: board(
        MaterialAmplificationRecorded,
        "material-1",
        8,
        channel="social media",
        measured_on=date(2026, 12, 3),
        reach=12000,
        shares=340,
        pickups=4,
    ),
    StatementCoSigned: board(
        StatementCoSigned,
        "material-1",
        3,
        city_id=CITY_ID,
        city_name="Freetown",
        mayor_name="Yvonne Aki-Sawyerr",
        mayor_title="Mayor",
        consent_method=ConsentMethod.SIGNED_LETTER,
        consent_given_on=date(2026, 11, 20),
        statement_title="Mayors' call to the GFMD",
    ),
    StatementSignatureWithdrawn: board(
        StatementSignatureWithdrawn,
        "material-1",
        9,
        city_id=CITY_ID,
        city_name="Freetown",
        statement_title="Mayors' call to the GFMD",
    ),
    CityFeaturedInMaterial: board(
        CityFeaturedInMaterial,
        "material-1",
        6,
        city_id=CITY_ID,
        kind=MaterialKind.PUBLIC_STATEMENT,
        title="Mayors' call to the GFMD",
        as_signatory=True,
    ),
    PolicyMomentScheduled: board(
        PolicyMomentScheduled,
        "moment-grf",
        name="Global Refugee Forum 2027",
        series=MomentSeries.GRF,
        scope=MomentScope.GLOBAL,
        starts_on=date(2027, 12, 14),
        ends_on=date(2027, 12, 16),
        venue="Geneva",
    ),
    PolicyMomentApproaching: board(
        PolicyMomentApproaching,
        "moment-grf",
        3,
        name="Global Refugee Forum 2027",
        starts_on=date(2027, 12, 14),
        days_left=60,
    ),
    CityInputSubmitted: board(
        CityInputSubmitted,
        "moment-grf",
        2,
        city_id=CITY_ID,
        input_id="input-1",
        kind=InputKind.POSITION_PAPER,
        title="Freetown's pledge update",
        moment_name="Global Refugee Forum 2027",
        status=InputStatus.SUBMITTED,
    ),
    CityInputStatusChanged: board(
        CityInputStatusChanged,
        "moment-grf",
        4,
        city_id=CITY_ID,
        input_id="input-1",
        moment_name="Global Refugee Forum 2027",
        from_status=InputStatus.SUBMITTED,
        to_status=InputStatus.ACCEPTED,
    ),
    PledgeMade: board(
        PledgeMade,
        "pledge-1",
        city_id=CITY_ID,
        title="Inclusive city services for refugees",
        made_on=date(2023, 12, 13),
        gcm_objectives=[15, 16],
        gcr_areas=[GcrArea.HEALTH],
    ),
    PledgeProgressReported: board(
        PledgeProgressReported,
        "pledge-1",
        2,
        city_id=CITY_ID,
        title="Inclusive city services for refugees",
        reported_on=date(2025, 12, 15),
        status=PledgeStatus.IN_PROGRESS,
        figures={"people_reached": 1200},
    ),
    ResourceAdded: board(
        ResourceAdded,
        "resource-1",
        kind=ResourceKind.RESEARCH,
        title="Cities and climate migration",
        language="en",
        topics=["climate mobility"],
        region="Africa",
        research_status=ResearchStatus.COMMISSIONED,
    ),
    ResearchStatusChanged: board(
        ResearchStatusChanged,
        "resource-1",
        2,
        from_status=ResearchStatus.COMMISSIONED,
        to_status=ResearchStatus.IN_PROGRESS,
    ),
    CampaignPersonalDataErased: board(
        CampaignPersonalDataErased,
        "campaign-1",
        2,
        parts=[ErasedPart.STAFF_ADDRESS],
        entries_erased=1,
    ),
    MaterialPersonalDataErased: board(
        MaterialPersonalDataErased,
        "material-1",
        9,
        parts=[ErasedPart.CONSENT_GIVER, ErasedPart.REVIEW_COMMENT],
        entries_erased=3,
        person_id="staff-5e7a91c2",
    ),
    PolicyMomentPersonalDataErased: board(
        PolicyMomentPersonalDataErased,
        "moment-1",
        4,
        parts=[ErasedPart.STAFF_ADDRESS],
        entries_erased=2,
    ),
    PledgePersonalDataErased: board(
        PledgePersonalDataErased,
        "pledge-1",
        3,
        city_id=CITY_ID,
        parts=[ErasedPart.STAFF_ADDRESS],
        entries_erased=1,
    ),
    ResourcePersonalDataErased: board(
        ResourcePersonalDataErased,
        "resource-1",
        4,
        parts=[ErasedPart.RESOURCE_AUTHOR],
        entries_erased=1,
        person_id="staff-5e7a91c2",
    ),
    ResourceFileAttached: board(
        ResourceFileAttached,
        "resource-1",
        3,
        file_name="cities-and-climate-migration.pdf",
        content_type="application/pdf",
        size=2_400_000,
    ),
    AuditRecorded: board(
        AuditRecorded,
        "audit-0f1e2d3c4b5a69788796a5b4c3d2e1f0",
        staff_id="staff-3f1c9a0d2b4e4f6a",
        action="cities.register",
        outcome=AuditOutcome.SUCCEEDED,
        target="city-freetown",
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
    InquiryAnonymised: board(
        InquiryAnonymised, "inquiry-1", 7, city_id=CITY_ID, reason=AnonymisedBecause.RETENTION
    ),
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
    PartnerContactErased: board(PartnerContactErased, "org-c40", 3, contacts_erased=1),
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
    # webhooks
    WebhookEndpointRegistered: board(
        WebhookEndpointRegistered,
        "endpoint-1",
        topics=["mmc.cities.city.v2"],
        event_types=[],
        content_mode=ContentMode.BINARY,
    ),
    WebhookSecretRotated: board(
        WebhookSecretRotated, "endpoint-1", 2, grace_until=datetime(2026, 12, 3, tzinfo=UTC)
    ),
    WebhookEndpointPaused: board(
        WebhookEndpointPaused,
        "endpoint-1",
        3,
        reason=PauseReason.FAILING,
        failing_since=datetime(2026, 11, 30, tzinfo=UTC),
    ),
    WebhookEndpointResumed: board(WebhookEndpointResumed, "endpoint-1", 4),
    WebhookOwnerContactErased: board(WebhookOwnerContactErased, "endpoint-1", 5),
    MobilisationListOpened: board(
        MobilisationListOpened,
        "list-1",
        moment_id="moment-1",
        moment_name="Global Refugee Forum progress review",
        starts_on=date(2027, 1, 15),
        advocacy_event_id="event-1",
        listed_city_ids=["city-accra", CITY_ID],
    ),
    MobilisationCityContacted: board(MobilisationCityContacted, "list-1", 2, city_id=CITY_ID),
    MobilisationCityAnswered: board(
        MobilisationCityAnswered, "list-1", 3, city_id=CITY_ID, will_contribute=True
    ),
    MobilisationInputReceived: board(MobilisationInputReceived, "list-1", 4, city_id=CITY_ID),
}
