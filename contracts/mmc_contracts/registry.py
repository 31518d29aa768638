"""The list of every event this package describes, and lookups by CloudEvents type and topic.

`ALL_EVENTS` is explicit on purpose: adding an event is a reviewed change of the contract (and
of the generated schemas), never a side effect of defining a class.
"""

from __future__ import annotations

from collections.abc import Iterable

from mmc_contracts.advocacy import (
    CampaignLaunched,
    CampaignPersonalDataErased,
    CityFeaturedInMaterial,
    CityInputStatusChanged,
    CityInputSubmitted,
    MaterialAmplificationRecorded,
    MaterialDisseminated,
    MaterialDrafted,
    MaterialPersonalDataErased,
    MaterialReviewCommented,
    MaterialRevised,
    MaterialStatusChanged,
    PledgeMade,
    PledgePersonalDataErased,
    PledgeProgressReported,
    PolicyMomentApproaching,
    PolicyMomentPersonalDataErased,
    PolicyMomentScheduled,
    ResearchStatusChanged,
    ResourceAdded,
    ResourceFileAttached,
    ResourcePersonalDataErased,
    StatementCoSigned,
    StatementSignatureWithdrawn,
)
from mmc_contracts.board import (
    BallotCast,
    BoardMeetingRecorded,
    MayorLeftBoard,
    MayorSeated,
    NominationReceived,
    NominationStatusChanged,
    NominatorErased,
    NomineeSelected,
    SeatVacated,
    SelectionRoundClosedWithoutSelection,
    SelectionRoundOpened,
    TermEndingAnnounced,
    TermRenewed,
    VacancyFilled,
)
from mmc_contracts.cities import (
    AssistanceDeliverableRecorded,
    AssistanceRequestAssigned,
    AssistanceRequestOpened,
    AssistanceRequestStatusChanged,
    CityBoardRoleChanged,
    CityMayorChanged,
    CityPartnershipStatusChanged,
    CityProfileUpdated,
    CityRegistered,
)
from mmc_contracts.envelope import Event
from mmc_contracts.gateway import AuditRecorded
from mmc_contracts.outreach import (
    CoalitionFormed,
    CoalitionMemberJoined,
    CoalitionMemberLeft,
    FundingAwarded,
    FundingConnectionMade,
    FundingReportDue,
    FundingReportReceived,
    FundingStageChanged,
    InquiryAnonymised,
    InquiryAnswered,
    InquiryAssigned,
    InquiryClosed,
    InquiryLinkedToCity,
    InquiryReceived,
    InquiryTriaged,
    MobilisationCityAnswered,
    MobilisationCityContacted,
    MobilisationInputReceived,
    MobilisationListOpened,
    NominationCallAnswered,
    NominationCallCityAdded,
    NominationCallInvitationSent,
    NominationCallOpened,
    OutreachActivityRecorded,
    OutreachStageChanged,
    OutreachTargetOpened,
    PartnerContactErased,
    PartnerOrganisationCityRelated,
    PartnerOrganisationRegistered,
)
from mmc_contracts.topics import ALL_TOPICS
from mmc_contracts.webhooks import (
    WebhookEndpointPaused,
    WebhookEndpointRegistered,
    WebhookEndpointResumed,
    WebhookOwnerContactErased,
    WebhookSecretRotated,
)

ALL_EVENTS: tuple[type[Event], ...] = (
    CityRegistered,
    CityProfileUpdated,
    CityPartnershipStatusChanged,
    CityMayorChanged,
    CityBoardRoleChanged,
    AssistanceRequestOpened,
    AssistanceRequestStatusChanged,
    AssistanceRequestAssigned,
    AssistanceDeliverableRecorded,
    MayorSeated,
    TermRenewed,
    TermEndingAnnounced,
    MayorLeftBoard,
    SeatVacated,
    VacancyFilled,
    NominationReceived,
    NominationStatusChanged,
    NominatorErased,
    SelectionRoundOpened,
    BallotCast,
    NomineeSelected,
    SelectionRoundClosedWithoutSelection,
    BoardMeetingRecorded,
    CampaignLaunched,
    CampaignPersonalDataErased,
    MaterialDrafted,
    MaterialRevised,
    MaterialReviewCommented,
    MaterialStatusChanged,
    MaterialDisseminated,
    MaterialAmplificationRecorded,
    StatementCoSigned,
    StatementSignatureWithdrawn,
    CityFeaturedInMaterial,
    MaterialPersonalDataErased,
    PolicyMomentScheduled,
    PolicyMomentApproaching,
    CityInputSubmitted,
    CityInputStatusChanged,
    PolicyMomentPersonalDataErased,
    PledgeMade,
    PledgeProgressReported,
    PledgePersonalDataErased,
    ResourceAdded,
    ResearchStatusChanged,
    ResourceFileAttached,
    ResourcePersonalDataErased,
    AuditRecorded,
    InquiryReceived,
    InquiryTriaged,
    InquiryAssigned,
    InquiryAnswered,
    InquiryClosed,
    InquiryLinkedToCity,
    InquiryAnonymised,
    OutreachTargetOpened,
    OutreachStageChanged,
    OutreachActivityRecorded,
    NominationCallOpened,
    NominationCallCityAdded,
    NominationCallInvitationSent,
    NominationCallAnswered,
    FundingConnectionMade,
    FundingStageChanged,
    FundingAwarded,
    FundingReportDue,
    FundingReportReceived,
    PartnerOrganisationRegistered,
    PartnerOrganisationCityRelated,
    PartnerContactErased,
    CoalitionFormed,
    CoalitionMemberJoined,
    CoalitionMemberLeft,
    WebhookEndpointRegistered,
    WebhookSecretRotated,
    WebhookEndpointPaused,
    WebhookEndpointResumed,
    WebhookOwnerContactErased,
    MobilisationListOpened,
    MobilisationCityContacted,
    MobilisationCityAnswered,
    MobilisationInputReceived,
)


def check_events(events: Iterable[type[Event]], topics: Iterable[str] = ALL_TOPICS) -> None:
    """Raise `ValueError` unless the events are well declared and their names unique.

    Names must be unique across services too: the class name is the event's name in the schemas,
    the AsyncAPI document and most consumers' code.
    """
    known_topics = set(topics)
    names: dict[str, type[Event]] = {}
    types: dict[str, type[Event]] = {}
    for cls in events:
        if not (cls.service and cls.aggregate and cls.topic):
            raise ValueError(f"{cls.__name__} does not declare service, aggregate and topic")
        if cls.topic not in known_topics:
            raise ValueError(f"{cls.__name__} is on unknown topic {cls.topic!r}")
        if cls.__name__ in names:
            raise ValueError(
                f"event name {cls.__name__} is used twice "
                f"({names[cls.__name__].__module__} and {cls.__module__})"
            )
        names[cls.__name__] = cls
        if cls.event_type() in types:
            raise ValueError(f"event type {cls.event_type()} is used twice")
        types[cls.event_type()] = cls


check_events(ALL_EVENTS)

_BY_TYPE: dict[str, type[Event]] = {cls.event_type(): cls for cls in ALL_EVENTS}
_BY_TOPIC: dict[str, tuple[type[Event], ...]] = {
    topic: tuple(cls for cls in ALL_EVENTS if cls.topic == topic) for topic in ALL_TOPICS
}


def event_class(ce_type: str) -> type[Event]:
    """The event class of a CloudEvents `type`; `KeyError` if this package does not know it."""
    try:
        return _BY_TYPE[ce_type]
    except KeyError:
        raise KeyError(ce_type) from None


def events_on(topic: str) -> tuple[type[Event], ...]:
    """The event classes published on `topic`; `KeyError` for a topic this package does not know."""
    try:
        return _BY_TOPIC[topic]
    except KeyError:
        raise KeyError(f"unknown topic {topic!r}; known: {', '.join(ALL_TOPICS)}") from None
