"""Outreach staff actions through the gateway's pages, against the real outreach and cities
services on the real broker and database: each action does what it says (read back from
outreach's own API), is audited, and a refused form comes back with the service's messages next
to its fields and the values typed kept."""

from __future__ import annotations

import html
from typing import Any

import pytest

from mmc_gateway.roles import Role
from tests.conftest import unique
from tests.integration.gateway.ao_setup import inquiry
from tests.integration.gateway.conftest import Gateway, SignedIn
from tests.integration.gateway.outreach_setup import (
    known_city,
    mbox,
    mobilisation_list,
    nomination_call,
    outreach_get,
)

pytestmark = pytest.mark.integration


async def post(person: SignedIn, path: str, form: dict[str, Any]) -> Any:
    return await person.client.post(path, data={**form, "csrf_token": person.csrf})


async def audited(
    gateway: Gateway, person: SignedIn, action: str, outcome: str = "succeeded"
) -> None:
    entry = await gateway.database["audit"].find_one(
        {"staff_id": person.account.staff_id, "action": action, "outcome": outcome}
    )
    assert entry is not None, f"{action} ({outcome}) not in the audit trail"


def field_error(page: str, form_field: str) -> str:
    """The message shown next to the field whose id is `form_field`."""
    marker = f'id="{form_field}-error">'
    assert marker in page, f"no message next to {form_field}"
    return html.unescape(page.split(marker, 1)[1].split("</span>", 1)[0])


async def test_partner_organisation_and_coalition_members(gateway: Gateway) -> None:
    city_id = await known_city(gateway)
    officer = await gateway.signed_in(Role.OUTREACH)
    assert (await officer.client.get("/outreach/partners/new")).status_code == 200

    # Refused by outreach: no kind, a website with a space; the messages sit by their fields.
    refused = await post(
        officer,
        "/outreach/partners",
        {"name": "Cities Alliance (test)", "website": "https://bad site", "contact_name": "Ana"},
    )
    assert refused.status_code == 422, refused.text
    assert field_error(refused.text, "partner-kinds")
    assert field_error(refused.text, "partner-website")
    assert 'value="Cities Alliance (test)"' in refused.text  # what was typed is kept
    assert 'value="Ana"' in refused.text
    await audited(gateway, officer, "outreach.partner_added", "failed")

    name = unique("Cities Alliance")
    added = await post(
        officer,
        "/outreach/partners",
        {
            "name": name,
            "kinds": ["city_network", "funder"],
            "website": "https://www.citiesalliance.example.org",
            "relationship_to_mmc": "Co-hosts the summit track (test data)",
            "contact_name": "Ana Ruiz",
            "contact_role": "Programme lead",
            "contact_email": "ana@citiesalliance.example.org",
        },
    )
    assert added.status_code == 303, added.text
    partner_page = added.headers["location"]
    partner_id = partner_page.rsplit("/", 1)[1]
    stored = await outreach_get(gateway, f"/partners/{partner_id}")
    assert stored["name"] == name
    assert stored["kinds"] == ["city_network", "funder"]
    assert stored["contacts"][0]["email"] == "ana@citiesalliance.example.org"
    await audited(gateway, officer, "outreach.partner_added")

    related = await post(
        officer,
        f"/outreach/partners/{partner_id}/cities",
        {"city_id": city_id, "relationship": "member of the network"},
    )
    assert related.status_code == 303, related.text
    stored = await outreach_get(gateway, f"/partners/{partner_id}")
    assert stored["cities"] == [{"city_id": city_id, "relationship": "member of the network"}]
    page = await officer.client.get(partner_page)
    assert "member of the network" in page.text

    refused = await post(officer, "/outreach/coalitions", {"name": "", "goal": "Shared goal"})
    assert refused.status_code == 422, refused.text
    assert field_error(refused.text, "coalition-name")
    assert "Shared goal" in refused.text
    formed = await post(
        officer,
        "/outreach/coalitions",
        {"name": unique("Coalition"), "goal": "Inclusive recovery (test data)"},
    )
    assert formed.status_code == 303, formed.text
    coalition_id = formed.headers["location"].rsplit("/", 1)[1]
    for path, form in (
        ("members", {"member_kind": "city", "member_id": city_id, "on": "2026-11-01"}),
        ("members", {"member_kind": "organisation", "member_id": partner_id, "on": "2026-11-02"}),
        (
            "members/leave",
            {"member_kind": "organisation", "member_id": partner_id, "on": "2026-12-01"},
        ),
    ):
        moved = await post(officer, f"/outreach/coalitions/{coalition_id}/{path}", form)
        assert moved.status_code == 303, moved.text
    stored = await outreach_get(gateway, f"/coalitions/{coalition_id}")
    assert [(m["member_id"], m["left_on"]) for m in stored["memberships"]] == [
        (city_id, None),
        (partner_id, "2026-12-01"),
    ]
    # Leaving again is refused by outreach (409): shown on the coalition's page.
    again = await post(
        officer,
        f"/outreach/coalitions/{coalition_id}/members/leave",
        {"member_kind": "organisation", "member_id": partner_id, "on": "2026-12-02"},
    )
    assert again.status_code == 409, again.text
    assert 'role="alert"' in again.text
    await audited(gateway, officer, "outreach.coalition_left", "failed")
    page = await officer.client.get(f"/outreach/coalitions/{coalition_id}")
    assert page.status_code == 200
    assert name in page.text


async def test_funding_opportunity_connection_award_and_reports(gateway: Gateway) -> None:
    city_id = await known_city(gateway)
    officer = await gateway.signed_in(Role.OUTREACH)
    refused = await post(
        officer,
        "/outreach/funding/opportunities",
        {"funder": "Open Society (test)", "title": "Fund", "currency": "dollars", "amount": "-5"},
    )
    assert refused.status_code == 422, refused.text
    assert field_error(refused.text, "opportunity-currency")
    assert field_error(refused.text, "opportunity-amount")
    assert 'value="Open Society (test)"' in refused.text

    funder = unique("Open Society")
    added = await post(
        officer,
        "/outreach/funding/opportunities",
        {"funder": funder, "title": "Inclusive cities fund", "amount": "250000", "currency": "usd"},
    )
    assert added.status_code == 303, added.text
    found = await outreach_get(gateway, "/funding/opportunities?limit=100")
    (opportunity,) = [o for o in found["items"] if o["funder"] == funder]
    assert opportunity["currency"] == "USD"

    connected = await post(
        officer,
        "/outreach/funding/connections",
        {"city_id": city_id, "opportunity_id": opportunity["id"]},
    )
    assert connected.status_code == 303, connected.text
    page_path = connected.headers["location"]
    connection_id = page_path.rsplit("/", 1)[1]
    for stage in ("concept_note", "review"):
        moved = await post(officer, f"/outreach/funding/{connection_id}/stage", {"to_stage": stage})
        assert moved.status_code == 303, moved.text

    refused = await post(
        officer,
        f"/outreach/funding/connections/{connection_id}/award",
        {"amount": "0", "awarded_on": "2026-11-30"},
    )
    assert refused.status_code == 422, refused.text
    assert field_error(refused.text, "award-amount")
    assert 'value="2026-11-30"' in refused.text
    for path, form in (
        ("award", {"amount": "120000", "awarded_on": "2026-11-30"}),
        ("reports", {"due_on": "2027-05-31"}),
        ("reports/received", {"due_on": "2027-05-31", "received_on": "2027-05-20"}),
    ):
        done = await post(officer, f"/outreach/funding/connections/{connection_id}/{path}", form)
        assert done.status_code == 303, f"{path}: {done.text}"
    stored = await outreach_get(gateway, f"/funding/connections/{connection_id}")
    assert float(stored["amount_awarded"]) == 120000
    assert stored["reports"] == [{"due_on": "2027-05-31", "received_on": "2027-05-20"}]
    for action in ("opportunity_added", "funding_connected", "funding_awarded", "report_expected"):
        await audited(gateway, officer, f"outreach.{action}")
    await audited(gateway, officer, "outreach.report_received")
    page = await officer.client.get(page_path)
    assert page.status_code == 200
    assert funder in page.text


async def test_target_activities_and_nomination_call_answers(gateway: Gateway) -> None:
    city_id = await known_city(gateway)
    partner_city = await known_city(gateway, partner=True)
    officer = await gateway.signed_in(Role.OUTREACH)
    assert (await officer.client.get("/outreach/targets/new")).status_code == 200
    opened = await post(officer, "/outreach/targets", {"city_id": city_id, "owner": "Lina"})
    assert opened.status_code == 303, opened.text
    target_path = opened.headers["location"]
    target_id = target_path.rsplit("/", 1)[1]

    refused = await post(
        officer,
        f"/outreach/targets/{target_id}/activities",
        {"kind": "meeting", "on": "yesterday", "notes": "Met the deputy mayor"},
    )
    assert refused.status_code == 422, refused.text
    assert field_error(refused.text, "activity-on")
    assert "Met the deputy mayor" in refused.text
    recorded = await post(
        officer,
        f"/outreach/targets/{target_id}/activities",
        {"kind": "meeting", "on": "2026-12-01", "notes": "Met the deputy mayor (test data)"},
    )
    assert recorded.status_code == 303, recorded.text
    stored = await outreach_get(gateway, f"/targets/{target_id}")
    assert [(a["kind"], a["on"]) for a in stored["activities"]] == [("meeting", "2026-12-01")]
    page = await officer.client.get(target_path)
    assert "Met the deputy mayor (test data)" in page.text
    await audited(gateway, officer, "outreach.activity_recorded")

    call = await nomination_call(gateway)
    assert partner_city in [i["city_id"] for i in call["invitees"]]
    call_path = f"/outreach/nomination-calls/{call['id']}"
    assert (await officer.client.get(call_path)).status_code == 200
    invited = await post(officer, f"{call_path}/invitations", {"city_id": partner_city})
    assert invited.status_code == 303, invited.text
    answered = await post(
        officer, f"{call_path}/answers", {"city_id": partner_city, "will_nominate": "yes"}
    )
    assert answered.status_code == 303, answered.text
    stored = await outreach_get(gateway, f"/nomination-calls/{call['id']}")
    (row,) = [i for i in stored["invitees"] if i["city_id"] == partner_city]
    assert row["invited"]
    assert row["answered"]
    assert row["will_nominate"] is True
    # A second invitation of the same city: outreach says 409, shown on the call's page.
    again = await post(officer, f"{call_path}/invitations", {"city_id": partner_city})
    assert again.status_code == 409, again.text
    await audited(gateway, officer, "outreach.call_answered")


async def test_a_mobilisation_list_contacts_and_answers(gateway: Gateway) -> None:
    partner_city = await known_city(gateway, partner=True)
    found = await mobilisation_list(gateway)
    assert partner_city in [c["city_id"] for c in found["cities"]]
    officer = await gateway.signed_in(Role.OUTREACH)
    listed = await officer.client.get("/outreach/mobilisation")
    assert found["moment_name"] in listed.text
    path = f"/outreach/mobilisation/{found['id']}"
    early = await post(
        officer, f"{path}/answers", {"city_id": partner_city, "will_contribute": "yes"}
    )
    assert early.status_code == 409, early.text  # not contacted yet: outreach says no
    assert 'role="alert"' in early.text
    contacted = await post(officer, f"{path}/contacts", {"city_id": partner_city})
    assert contacted.status_code == 303, contacted.text
    answered = await post(
        officer, f"{path}/answers", {"city_id": partner_city, "will_contribute": "yes"}
    )
    assert answered.status_code == 303, answered.text
    stored = await outreach_get(gateway, f"/mobilisation-lists/{found['id']}")
    (row,) = [c for c in stored["cities"] if c["city_id"] == partner_city]
    assert row["contacted"]
    assert row["will_contribute"] is True
    await audited(gateway, officer, "outreach.mobilisation_answered")


async def test_an_inquiry_linked_to_a_city(gateway: Gateway) -> None:
    city_id = await known_city(gateway)
    asked = await inquiry(gateway)
    officer = await gateway.signed_in(Role.OUTREACH)
    path = f"/outreach/inquiries/{asked['id']}"
    assert f'href="{path}/link"' in (await officer.client.get(path)).text
    assert (await officer.client.get(f"{path}/link")).status_code == 200
    unknown = await post(officer, f"{path}/link", {"city_id": "city-unknown"})
    assert unknown.status_code == 422, unknown.text
    assert field_error(unknown.text, "link-city_id") == "the registry does not know this city"
    linked = await post(officer, f"{path}/link", {"city_id": city_id})
    assert linked.status_code == 303, linked.text
    assert (await outreach_get(gateway, f"/inquiries/{asked['id']}"))["city_id"] == city_id
    assert f'href="/cities/{city_id}"' in (await officer.client.get(path)).text
    await audited(gateway, officer, "outreach.inquiry_linked")


async def test_mailbox_import_shows_the_rejected_messages(gateway: Gateway) -> None:
    officer = await gateway.signed_in(Role.OUTREACH)
    assert (await officer.client.get("/outreach/mailbox")).status_code == 200
    data = mbox(good=3, malformed=2)
    imported = await officer.client.post(
        "/outreach/mailbox",
        data={"csrf_token": officer.csrf},
        files=[("files", ("shared.mbox", data, "application/mbox"))],
    )
    assert imported.status_code == 200, imported.text
    page = imported.text
    assert "shared.mbox" in page
    rejected = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    assert rejected.count("<tr>") == 2
    assert "shared.mbox" in rejected
    await audited(gateway, officer, "outreach.mailbox_import")
    entry = await gateway.database["audit"].find_one(
        {"staff_id": officer.account.staff_id, "action": "outreach.mailbox_import"}
    )
    assert entry is not None
    assert entry["target"] == "3 of 5 messages"
    # The same file again: everything already imported, nothing new.
    again = await officer.client.post(
        "/outreach/mailbox",
        data={"csrf_token": officer.csrf},
        files=[("files", ("shared.mbox", data, "application/mbox"))],
    )
    assert again.status_code == 200
    assert (
        await gateway.database["audit"].count_documents(
            {"staff_id": officer.account.staff_id, "target": "0 of 5 messages"}
        )
        == 1
    )
    nothing = await officer.client.post("/outreach/mailbox", data={"csrf_token": officer.csrf})
    assert nothing.status_code == 422
