"""Partner organisations and coalitions: members joining and leaving over time."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from mmc_contracts import EventContext
from mmc_contracts.outreach import MemberKind, OrganisationKind
from mmc_contracts.rules import InvalidValue, RuleViolation
from mmc_outreach.domain.partners import Coalition, OrganisationContact, PartnerOrganisation

CTX = EventContext(actor="staff-1", at=datetime(2026, 12, 1, tzinfo=UTC))
CITY, ORG = MemberKind.CITY, MemberKind.ORGANISATION


def test_organisation_keeps_contacts_out_of_its_events() -> None:
    c40 = PartnerOrganisation.register(
        "c40",
        name=" C40  Cities ",
        kinds=[OrganisationKind.CITY_NETWORK, OrganisationKind.STRATEGIC_PARTNER],
        context=CTX,
        contacts=[OrganisationContact(name="A. Person", email="a.person@c40.example.org")],
    )
    c40.relate_city("freetown", "member", CTX)
    with pytest.raises(RuleViolation):
        c40.relate_city("freetown", "member", CTX)
    events = c40.pull_events()
    assert c40.name == "C40 Cities"
    assert [type(e).__name__ for e in events] == [
        "PartnerOrganisationRegistered",
        "PartnerOrganisationCityRelated",
    ]
    assert all("a.person" not in e.model_dump_json() for e in events)
    with pytest.raises(InvalidValue):
        PartnerOrganisation.register("x", name="X", kinds=[], context=CTX)


def test_coalition_members_join_and_leave_over_time() -> None:
    coalition = Coalition.form(
        "co-1",
        name="Cities for climate mobility",
        goal="A joint input to COP31 on climate migration",
        context=CTX,
        requested_by_city_id="freetown",
    )
    coalition.join(CITY, "freetown", date(2026, 1, 10), CTX)
    coalition.join(ORG, "c40", date(2026, 2, 1), CTX)
    coalition.join(CITY, "dhaka", date(2026, 3, 1), CTX)
    with pytest.raises(RuleViolation):
        coalition.join(CITY, "dhaka", date(2026, 4, 1), CTX)
    coalition.leave(CITY, "dhaka", date(2026, 6, 30), CTX)
    with pytest.raises(RuleViolation):
        coalition.leave(CITY, "dhaka", date(2026, 7, 1), CTX)
    coalition.join(CITY, "dhaka", date(2026, 9, 1), CTX)  # back again
    assert {m.member_id for m in coalition.members_on(date(2026, 5, 1))} == {
        "freetown",
        "c40",
        "dhaka",
    }
    assert {m.member_id for m in coalition.members_on(date(2026, 7, 15))} == {"freetown", "c40"}
    assert {m.member_id for m in coalition.members_on(date(2026, 1, 1))} == set()
    assert len(coalition.members_on(date(2026, 12, 1))) == 3
    assert coalition.version == 1 + 5
    with pytest.raises(InvalidValue):
        coalition.leave(ORG, "c40", date(2025, 1, 1), CTX)
