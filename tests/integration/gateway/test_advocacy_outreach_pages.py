"""Advocacy and outreach through the gateway's pages, over the real services on the real broker
and database: a material's review and approval (never by one of its writers, only with the
approver flag), publication and amplification; a co-signed statement and a pledge in the public
open data; an inquiry answered against its target; the dashboard's attention panels."""

from __future__ import annotations

import csv
import io
import re

import pytest

from mmc_gateway.roles import Role
from tests.conftest import unique
from tests.integration.gateway.ao_setup import inquiry, material
from tests.integration.gateway.conftest import Gateway, SignedIn, csrf_of, sign_in
from tests.waiting import eventually

pytestmark = pytest.mark.integration


async def person(gateway: Gateway, role: Role, approver: bool = False) -> SignedIn:
    account, password = await gateway.account(role, approver=approver)
    client = gateway.client()
    assert (await sign_in(client, account.email, password)).status_code == 303
    home = await client.get("/")
    assert home.status_code == 200, home.text
    return SignedIn(account, client, csrf_of(home.text))


def status_of(html: str) -> str:
    found = re.search(r'id="material-status">([a-z_]+)<', html)
    assert found, "no status on the page"
    return found.group(1)


async def test_a_material_is_reviewed_approved_by_another_approver_published_and_amplified(
    gateway: Gateway,
) -> None:
    writer = await person(gateway, Role.ADVOCACY, approver=True)
    colleague = await person(gateway, Role.ADVOCACY)
    approver = await person(gateway, Role.ADVOCACY, approver=True)
    title = unique("Welcoming cities op-ed")
    drafted = await writer.client.post(
        "/advocacy/materials",
        data={
            "kind": "op_ed",
            "title": title,
            "text": "Cities act. (test data)",
            "csrf_token": writer.csrf,
        },
    )
    assert drafted.status_code == 303, drafted.text
    page = drafted.headers["location"]
    submitted = await writer.client.post(
        f"{page}/status", data={"to_status": "in_review", "csrf_token": writer.csrf}
    )
    assert submitted.status_code == 303, submitted.text
    commented = await colleague.client.post(
        f"{page}/comments", data={"text": "Name the cities.", "csrf_token": colleague.csrf}
    )
    assert commented.status_code == 303, commented.text

    own = await writer.client.post(f"{page}/approve", data={"csrf_token": writer.csrf})
    assert own.status_code == 403
    assert "wrote none of its text" in own.text
    no_flag = await colleague.client.post(f"{page}/approve", data={"csrf_token": colleague.csrf})
    assert no_flag.status_code == 403
    shown = await writer.client.get(page)
    assert status_of(shown.text) == "in_review"
    assert "Name the cities." in shown.text
    assert f'action="{page}/approve"' not in shown.text
    refused = await gateway.database["audit"].find_one(
        {"staff_id": writer.account.staff_id, "action": "advocacy.approve_refused"}
    )
    assert refused is not None

    assert f'action="{page}/approve"' in (await approver.client.get(page)).text
    approved = await approver.client.post(f"{page}/approve", data={"csrf_token": approver.csrf})
    assert approved.status_code == 303, approved.text
    shown = await approver.client.get(page)
    assert status_of(shown.text) == "approved"
    assert approver.account.staff_id in shown.text

    bad = await writer.client.post(
        f"{page}/publish",
        data={"channel": "op-ed", "published_on": "2026-13-40", "csrf_token": writer.csrf},
    )
    assert bad.status_code == 422
    assert status_of(bad.text) == "approved"
    published = await writer.client.post(
        f"{page}/publish",
        data={
            "channel": "op-ed",
            "outlet": "The Daily (test data)",
            "published_on": "2026-12-02",
            "csrf_token": writer.csrf,
        },
    )
    assert published.status_code == 303, published.text
    for channel, reach in (("op-ed", 1200), ("social", 800), ("op-ed", 300)):
        measured = await writer.client.post(
            f"{page}/amplification",
            data={
                "channel": channel,
                "measured_on": "2026-12-02",
                "reach": str(reach),
                "shares": "5",
                "csrf_token": writer.csrf,
            },
        )
        assert measured.status_code == 303, measured.text
    shown = await writer.client.get(page)
    assert status_of(shown.text) == "published"
    assert "The Daily (test data)" in shown.text
    assert "<strong>2,300</strong>" in shown.text  # reach summed over the channels
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="chart"' in shown.text
    assert "<title>op-ed: 1500</title>" in shown.text
    archived = await writer.client.post(
        f"{page}/status", data={"to_status": "archived", "csrf_token": writer.csrf}
    )
    assert archived.status_code == 303
    again = await writer.client.post(
        f"{page}/status", data={"to_status": "in_review", "csrf_token": writer.csrf}
    )
    assert again.status_code == 409
    assert 'role="alert"' in again.text


async def test_a_co_signed_statement_and_a_pledge_are_open_data(gateway: Gateway) -> None:
    writer = await person(gateway, Role.ADVOCACY)
    city_name = unique("Signtown")
    async with gateway.api("cities") as cities:
        made = await cities.post(
            "/cities", json={"name": city_name, "country_code": "SL", "size_class": "secondary"}
        )
        assert made.status_code == 201, made.text
        city_id = made.json()["id"]
    async with gateway.api("advocacy") as api:

        async def known() -> bool:
            return (await api.get(f"/cities/{city_id}")).status_code == 200

        await eventually(known, 60, "the city in advocacy's read model")
        pledge = await api.post(
            "/pledges",
            json={
                "city_id": city_id,
                "title": unique("Open city services"),
                "description": "Services open to all. (test data)",
                "made_on": "2026-11-30",
                "gcm_objectives": [15, 16],
            },
        )
        assert pledge.status_code == 201, pledge.text
    statement = await material(gateway, "approved", "public_statement", unique("Cities' statement"))
    page = f"/advocacy/materials/{statement['id']}"
    assert city_name in (await writer.client.get(page)).text  # offered in the signing form
    signed = await writer.client.post(
        f"{page}/signatures",
        data={
            "city_id": city_id,
            "mayor_name": "Mayor Test",
            "given_by": "Private Consent-Giver",
            "given_on": "2026-12-01",
            "method": "signed_letter",
            "csrf_token": writer.csrf,
        },
    )
    assert signed.status_code == 303, signed.text
    published = await writer.client.post(
        f"{page}/publish",
        data={"channel": "press release", "published_on": "2026-12-02", "csrf_token": writer.csrf},
    )
    assert published.status_code == 303, published.text

    async with gateway.client() as visitor:
        listed = await visitor.get("/public")
        assert "/public/statements" in listed.text
        assert "/public/pledges" in listed.text
        rows = list(csv.DictReader(io.StringIO((await visitor.get("/public/statements.csv")).text)))
        ours = [r for r in rows if r["statement"] == statement["title"]]
        assert ours == [
            {
                "statement": statement["title"],
                "published_on": "2026-12-02",
                "city": city_name,
                "country_code": "SL",
                "mayor": "Mayor Test",
                "mayor_title": "Mayor",
                "signed_on": ours[0]["signed_on"],
            }
        ]
        html = await visitor.get("/public/statements")
        assert city_name in html.text
        assert "Private Consent-Giver" not in html.text
        by_objective = (await visitor.get("/public/pledges.json?objective=16")).json()["items"]
        assert next(p for p in by_objective if p["city"] == city_name)["gcm_objectives"] == "15;16"
        other = (await visitor.get("/public/pledges.json?objective=3&status=announced")).json()
        assert all(p["city"] != city_name for p in other["items"])
        filtered = await visitor.get("/public/pledges?objective=16")
        assert filtered.status_code == 200
        assert city_name in filtered.text
        assert 'href="/public/pledges.csv?objective=16"' in filtered.text

    pledges = await writer.client.get("/advocacy/pledges?objective=16")
    version = re.search(
        rf'action="/advocacy/pledges/{pledge.json()["id"]}/progress">\s*'
        r'<input type="hidden" name="csrf_token" value="[^"]+">\s*'
        r'<input type="hidden" name="expected_version" value="(\d+)">',
        pledges.text,
    )
    assert version, "no progress form for the pledge"
    reported = await writer.client.post(
        f"/advocacy/pledges/{pledge.json()['id']}/progress",
        data={
            "reported_on": "2026-12-02",
            "status": "in_progress",
            "narrative": "Two service points opened. (test data)",
            "expected_version": version.group(1),
            "csrf_token": writer.csrf,
        },
    )
    assert reported.status_code == 303, reported.text
    assert "Two service points opened." in (await writer.client.get("/advocacy/pledges")).text
    stale = await writer.client.post(
        f"/advocacy/pledges/{pledge.json()['id']}/progress",
        data={
            "reported_on": "2026-12-02",
            "status": "achieved",
            "narrative": "Stale. (test data)",
            "expected_version": version.group(1),
            "csrf_token": writer.csrf,
        },
    )
    assert stale.status_code == 409

    async with gateway.api("advocacy") as api:
        moment = await api.post(
            "/policy-moments",
            json={
                "name": unique("Regional review"),
                "series": "imrf",
                "scope": "regional",
                "region": "Asia and the Pacific",
                "starts_on": "2027-02-01",
                "ends_on": "2027-02-02",
                "venue": "Bangkok",
            },
        )
        assert moment.status_code == 201, moment.text
        moment_id = moment.json()["id"]
        with_input = await api.post(
            f"/policy-moments/{moment_id}/inputs",
            json={"city_id": city_id, "kind": "position_paper", "title": "Our input"},
        )
        assert with_input.status_code in (200, 201), with_input.text
        input_id = with_input.json()["inputs"][0]["id"]
    moved = await writer.client.post(
        f"/advocacy/moments/{moment_id}/inputs/{input_id}/status",
        data={"to_status": "submitted", "csrf_token": writer.csrf},
    )
    assert moved.status_code == 303, moved.text
    shown = await writer.client.get(f"/advocacy/moments/{moment_id}")
    assert '<span class="tag">submitted</span>' in shown.text
    backwards = await writer.client.post(
        f"/advocacy/moments/{moment_id}/inputs/{input_id}/status",
        data={"to_status": "planned", "csrf_token": writer.csrf},
    )
    assert backwards.status_code == 409

    withdrawn = await writer.client.post(
        f"{page}/signatures/{city_id}/withdrawal", data={"csrf_token": writer.csrf}
    )
    assert withdrawn.status_code == 303, withdrawn.text
    async with gateway.client() as visitor:
        assert city_name not in (await visitor.get("/public/statements.csv")).text
    assert "withdrawn" in (await writer.client.get(page)).text


OLD_MESSAGE = """From MAILER-DAEMON Sun Nov  1 00:00:00 2026
From: City Office <office@oldtown.example.org>
To: Mayors Migration Council <info@mmc.example.org>
Subject: {subject}
Date: Sun, 01 Nov 2026 09:00:00 +0000
Message-ID: <{key}@mmc.example.org>
Content-Type: text/plain; charset="utf-8"
MIME-Version: 1.0

A question that waited too long. (test data)

"""


async def test_an_inquiry_is_handled_and_the_dashboard_shows_what_needs_attention(
    gateway: Gateway,
) -> None:
    staff = await person(gateway, Role.OUTREACH)
    asked = await inquiry(gateway)
    page = f"/outreach/inquiries/{asked['id']}"
    for verb, data in (
        ("triage", {"kind": "question"}),
        ("assign", {"assignee": "Test Person"}),
        ("answer", {"text": "In May. (test data)"}),
        ("close", {}),
    ):
        done = await staff.client.post(f"{page}/{verb}", data={**data, "csrf_token": staff.csrf})
        assert done.status_code == 303, f"{verb}: {done.text}"
    shown = await staff.client.get(page)
    assert 'id="inquiry-status">closed<' in shown.text
    assert "within the target" in shown.text
    closed_again = await staff.client.post(f"{page}/close", data={"csrf_token": staff.csrf})
    assert closed_again.status_code == 409

    subject = unique("An old question")
    async with gateway.api("outreach") as api:
        imported = await api.post(
            "/inquiries/import",
            content=OLD_MESSAGE.format(subject=subject, key=unique("old")).encode(),
            headers={"Content-Type": "application/mbox"},
        )
        assert imported.status_code == 200, imported.text
        old_id = imported.json()["inquiry_ids"][0]
    waiting = await material(gateway, "in_review", title=unique("Waiting for review"))
    viewer = await person(gateway, Role.VIEWER)
    dashboard = await viewer.client.get("/")
    assert dashboard.status_code == 200
    assert f'href="/outreach/inquiries/{old_id}"' in dashboard.text
    assert f'href="/advocacy/materials/{waiting["id"]}"' in dashboard.text
    listed = await viewer.client.get("/outreach?status=received")
    assert "past the target" in listed.text
    assert 'action="/outreach/inquiries/' not in (await viewer.client.get(page)).text


async def test_the_operations_page_shows_the_health_of_all_four_services(gateway: Gateway) -> None:
    admin = await person(gateway, Role.ADMIN)
    page = await admin.client.get("/admin/dead-letters?status=all")
    assert page.status_code == 200
    health = page.text.split("</table>")[0]
    for service in ("cities", "board", "advocacy", "outreach"):
        assert re.search(rf"<td>{service}</td><td><span class=\"tag\">(not )?ready</span>", health)


async def test_a_target_and_a_funding_connection_move_through_the_pages(gateway: Gateway) -> None:
    staff = await person(gateway, Role.OUTREACH)
    async with gateway.api("cities") as cities:
        made = await cities.post(
            "/cities",
            json={"name": unique("Fundville"), "country_code": "CO", "size_class": "secondary"},
        )
        assert made.status_code == 201, made.text
        city_id = made.json()["id"]
    async with gateway.api("outreach") as api:

        async def known() -> bool:
            return (await api.get(f"/cities/{city_id}")).status_code == 200

        await eventually(known, 60, "the city in outreach's read model")
        target = await api.post("/targets", json={"city_id": city_id})
        assert target.status_code == 201, target.text
        opportunity = await api.post(
            "/funding/opportunities",
            json={"funder": unique("Test Fund"), "title": "Inclusive cities (test data)"},
        )
        assert opportunity.status_code == 201, opportunity.text
        connection = await api.post(
            "/funding/connections",
            json={"city_id": city_id, "opportunity_id": opportunity.json()["id"]},
        )
        assert connection.status_code == 201, connection.text
    target_id, connection_id = target.json()["id"], connection.json()["id"]
    moved = await staff.client.post(
        f"/outreach/targets/{target_id}/stage",
        data={"to_stage": "contacted", "csrf_token": staff.csrf},
    )
    assert moved.status_code == 303, moved.text
    pipeline = await staff.client.get("/outreach/pipeline")
    assert '<span class="tag">contacted</span>' in pipeline.text
    staged = await staff.client.post(
        f"/outreach/funding/{connection_id}/stage",
        data={"to_stage": "concept_note", "csrf_token": staff.csrf},
    )
    assert staged.status_code == 303, staged.text
    funding = await staff.client.get("/outreach/funding")
    assert '<span class="tag">concept note</span>' in funding.text
    skipped = await staff.client.post(
        f"/outreach/funding/{connection_id}/stage",
        data={"to_stage": "reporting", "csrf_token": staff.csrf},
    )
    assert skipped.status_code in (409, 422)
    assert 'role="alert"' in skipped.text
