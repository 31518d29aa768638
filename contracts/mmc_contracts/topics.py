"""Kafka topic names of the MMC platform.

One topic per aggregate type, named `mmc.<service>.<aggregate>.v<major>`. The Kafka message key
is always the aggregate id, so every event of one aggregate lands on the same partition and is
read in order. A breaking change to a topic's events is published on a new topic (`.v2`), never
on the existing one.
"""

from __future__ import annotations

CITIES_CITY = "mmc.cities.city.v2"
"""Events of the `city` aggregate of the cities service (registration, profile, partnership).

Version 2: people by name and office only; v1 (`mmc.cities.city.v1`) carried their e-mails and
phones and is no longer written (delete it once subscribers moved)."""

CITIES_ASSISTANCE_REQUEST = "mmc.cities.assistance-request.v1"
"""Events of the `assistance_request` aggregate of the cities service."""

BOARD_MEMBERSHIP = "mmc.board.membership.v1"
"""Events of the `membership` aggregate of the board service (seating, terms, leaving)."""

BOARD_VACANCY = "mmc.board.vacancy.v1"
"""Events of the `vacancy` aggregate of the board service (a seat vacated, then filled)."""

BOARD_NOMINATION = "mmc.board.nomination.v2"
"""Events of the `nomination` aggregate of the board service.

Version 2: the nominator's name and role and the statement travel sealed with the nominator's
key at board (crypto-shredding); v1 (`mmc.board.nomination.v1`) carried them in clear and is no
longer written (delete it once subscribers moved)."""

BOARD_SELECTION_ROUND = "mmc.board.selection-round.v1"
"""Events of the `selection_round` aggregate of the board service (voting on nominees)."""

BOARD_MEETING = "mmc.board.meeting.v1"
"""Events of the `meeting` aggregate of the board service (strategic guidance on record)."""

ADVOCACY_CAMPAIGN = "mmc.advocacy.campaign.v1"
"""Events of the `campaign` aggregate of the advocacy service."""

ADVOCACY_MATERIAL = "mmc.advocacy.material.v1"
"""Events of the `material` aggregate of the advocacy service (drafts to publication,
dissemination, amplification, co-signatures)."""

ADVOCACY_POLICY_MOMENT = "mmc.advocacy.policy-moment.v1"
"""Events of the `policy_moment` aggregate of the advocacy service (and cities' inputs)."""

ADVOCACY_PLEDGE = "mmc.advocacy.pledge.v1"
"""Events of the `pledge` aggregate of the advocacy service (city pledges and progress)."""

ADVOCACY_RESOURCE = "mmc.advocacy.resource.v1"
"""Events of the `resource` aggregate of the advocacy service (the knowledge repository)."""
GATEWAY_AUDIT = "mmc.gateway.audit.v1"
"""The gateway's audit trail: sign-ins, sign-outs, refusals and staff actions (staff ids only)."""
OUTREACH_INQUIRY = "mmc.outreach.inquiry.v1"
"""Events of the `inquiry` aggregate of the outreach service (no sender details, no text)."""

OUTREACH_TARGET = "mmc.outreach.target.v1"
"""Events of the `outreach_target` aggregate of the outreach service (pipeline stages)."""

OUTREACH_NOMINATION_CALL = "mmc.outreach.nomination-call.v1"
"""Events of the `nomination_call` aggregate of the outreach service (Board seat calls)."""

OUTREACH_FUNDING_CONNECTION = "mmc.outreach.funding-connection.v1"
"""Events of the `funding_connection` aggregate of the outreach service (city and funder)."""

OUTREACH_PARTNER = "mmc.outreach.partner-organisation.v1"
"""Events of the `partner_organisation` aggregate of the outreach service (no contacts)."""

OUTREACH_COALITION = "mmc.outreach.coalition.v1"
"""Events of the `coalition` aggregate of the outreach service (members joining, leaving)."""

WEBHOOKS_ENDPOINT = "mmc.webhooks.endpoint.v1"
"""Events of the `endpoint` aggregate of the webhooks service (ids and facts only: no address,
no contact, no secret)."""
OUTREACH_MOBILISATION_LIST = "mmc.outreach.mobilisation-list.v1"
"""Events of the `mobilisation_list` aggregate of the outreach service (cities to mobilise for
an approaching policy moment)."""

ALL_TOPICS: tuple[str, ...] = (
    CITIES_CITY,
    CITIES_ASSISTANCE_REQUEST,
    BOARD_MEMBERSHIP,
    BOARD_VACANCY,
    BOARD_NOMINATION,
    BOARD_SELECTION_ROUND,
    BOARD_MEETING,
    ADVOCACY_CAMPAIGN,
    ADVOCACY_MATERIAL,
    ADVOCACY_POLICY_MOMENT,
    ADVOCACY_PLEDGE,
    ADVOCACY_RESOURCE,
    GATEWAY_AUDIT,
    OUTREACH_INQUIRY,
    OUTREACH_TARGET,
    OUTREACH_NOMINATION_CALL,
    OUTREACH_FUNDING_CONNECTION,
    OUTREACH_PARTNER,
    OUTREACH_COALITION,
    WEBHOOKS_ENDPOINT,
    OUTREACH_MOBILISATION_LIST,
)
"""Every topic that carries events described by this package."""

DEAD_LETTER_SUFFIX = ".dlq"


def dead_letter_topic(topic: str) -> str:
    """The dead-letter topic of `topic`: where a consumer parks records it cannot process."""
    return f"{topic}{DEAD_LETTER_SUFFIX}"
