"""The advocacy staff actions through the gateway's forms, over the real advocacy service on the
real broker and database: each form does what it says (the change is on the service's pages and
in the audit), and a refusal comes back with the API's message next to its field and the values
as typed."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest

from mmc_gateway.roles import Role
from tests.conftest import unique
from tests.integration.gateway.ao_setup import material
from tests.integration.gateway.conftest import Gateway, SignedIn, csrf_of, sign_in
from tests.waiting import eventually

pytestmark = pytest.mark.integration


async def advocate(gateway: Gateway) -> SignedIn:
    account, password = await gateway.account(Role.ADVOCACY)
    client = gateway.client()
    assert (await sign_in(client, account.email, password)).status_code == 303
    home = await client.get("/")
    assert home.status_code == 200, home.text
    return SignedIn(account, client, csrf_of(home.text))


def field_error(page: str, name: str) -> str:
    """The messages shown under the field `name` (empty when none)."""
    found = re.search(rf'<div class="field-error" id="e-{name}">(.*?)</div>', page, re.S)
    return html.unescape(found.group(1)) if found else ""


async def audited(gateway: Gateway, who: SignedIn, action: str, outcome: str) -> bool:
    entry = await gateway.database["audit"].find_one(
        {"staff_id": who.account.staff_id, "action": action, "outcome": outcome}
    )
    return entry is not None


async def known_city(gateway: Gateway, prefix: str) -> tuple[str, str]:
    """A city registered in cities and known to advocacy's read model: (id, name)."""
    name = unique(prefix)
    async with gateway.api("cities") as cities:
        made = await cities.post(
            "/cities", json={"name": name, "country_code": "GH", "size_class": "secondary"}
        )
        assert made.status_code == 201, made.text
    city_id: str = made.json()["id"]
    async with gateway.api("advocacy") as api:

        async def known() -> bool:
            return (await api.get(f"/cities/{city_id}")).status_code == 200

        await eventually(known, 60, "the city in advocacy's read model")
    return city_id, name


async def post(who: SignedIn, path: str, data: dict[str, Any]) -> Any:
    return await who.client.post(path, data={**data, "csrf_token": who.csrf})


async def test_a_campaign_refused_keeps_what_was_typed_then_starts(gateway: Gateway) -> None:
    writer = await advocate(gateway)
    form = await writer.client.get("/advocacy/campaigns/new")
    assert form.status_code == 200
    assert 'value="Test Person"' in form.text  # led by the person starting it, unless changed
    name = unique("Cities at the GFMD")
    typed = {
        "name": name,
        "goal": "Mayors heard at the summit. (test data)",
        "audiences": "national delegations\nUN agencies",
        "starts_on": "2027-01-31",
        "ends_on": "2026-12-01",
        "owner": "Test Person",
    }
    refused = await post(writer, "/advocacy/campaigns/new", typed)
    assert refused.status_code == 422
    assert field_error(refused.text, "ends_on"), refused.text
    assert field_error(refused.text, "name") == ""
    assert f'value="{name}"' in refused.text
    assert "national delegations\nUN agencies</textarea>" in refused.text
    assert 'aria-invalid="true"' in refused.text
    assert await audited(gateway, writer, "advocacy.campaign_start", "failed")

    started = await post(writer, "/advocacy/campaigns/new", {**typed, "starts_on": "2026-11-15"})
    assert started.status_code == 303, started.text
    page = await writer.client.get(started.headers["location"])
    assert page.status_code == 200
    assert name in page.text
    assert await audited(gateway, writer, "advocacy.campaign_start", "succeeded")
    assert name in (await writer.client.get("/advocacy")).text


async def test_a_policy_moment_is_added_and_a_city_input_recorded(gateway: Gateway) -> None:
    writer = await advocate(gateway)
    city_id, city_name = await known_city(gateway, "Inputville")
    moment = {
        "name": unique("Regional review"),
        "series": "imrf",
        "scope": "regional",
        "starts_on": "2027-03-02",
        "ends_on": "2027-03-03",
        "venue": "Bangkok",
        "dates_confirmed": "yes",
    }
    no_region = await post(writer, "/advocacy/moments/new", moment)
    assert no_region.status_code == 422
    assert field_error(no_region.text, "region"), no_region.text
    assert 'value="Bangkok"' in no_region.text

    added = await post(writer, "/advocacy/moments/new", {**moment, "region": "Asia-Pacific"})
    assert added.status_code == 303, added.text
    moment_page = added.headers["location"]
    shown = await writer.client.get(moment_page)
    assert moment["name"] in shown.text
    assert f'href="{moment_page}/inputs/new"' in shown.text

    form = await writer.client.get(f"{moment_page}/inputs/new")
    assert form.status_code == 200
    assert city_name in form.text
    title = unique("Cities' position paper")
    recorded = await post(
        writer,
        f"{moment_page}/inputs/new",
        {"city_id": city_id, "kind": "position_paper", "title": title, "status": "planned"},
    )
    assert recorded.status_code == 303, recorded.text
    assert recorded.headers["location"] == moment_page
    assert title in html.unescape((await writer.client.get(moment_page)).text)
    assert await audited(gateway, writer, "advocacy.moment_add", "succeeded")
    assert await audited(gateway, writer, "advocacy.input_record", "succeeded")

    unknown = await post(
        writer,
        f"{moment_page}/inputs/new",
        {"city_id": "city-unknown", "kind": "statement", "title": title, "status": "planned"},
    )
    assert unknown.status_code == 422
    assert field_error(unknown.text, "city_id"), unknown.text


async def test_a_pledge_is_recorded_with_its_compact_tags(gateway: Gateway) -> None:
    writer = await advocate(gateway)
    city_id, city_name = await known_city(gateway, "Pledgeburg")
    title = unique("Open health services")
    pledge = {
        "city_id": city_id,
        "title": title,
        "description": "Clinics open to all residents. (test data)",
        "made_on": "2026-11-20",
    }
    untagged = await post(writer, "/advocacy/pledges/new", pledge)
    assert untagged.status_code == 422
    assert "Clinics open to all residents. (test data)</textarea>" in untagged.text
    assert field_error(untagged.text, "gcm_objectives") or field_error(untagged.text, "gcr_areas")

    recorded = await post(
        writer,
        "/advocacy/pledges/new",
        {**pledge, "gcm_objectives": ["15", "16"], "gcr_areas": ["health"]},
    )
    assert recorded.status_code == 303, recorded.text
    listed = await writer.client.get("/advocacy/pledges?objective=15")
    assert title in listed.text
    assert city_name in listed.text
    assert await audited(gateway, writer, "advocacy.pledge_record", "succeeded")


async def test_a_commissioned_resource_is_added_and_moved_to_published(gateway: Gateway) -> None:
    writer = await advocate(gateway)
    title = unique("Cities and climate mobility")
    added = await post(
        writer,
        "/advocacy/knowledge/new",
        {
            "kind": "research",
            "title": title,
            "summary": "How cities plan for climate mobility. (test data)",
            "topics": "climate mobility\nplanning",
            "language": "en",
            "authors": "A Researcher",
            "funder": "A Foundation",
            "commissioned_on": "2026-10-01",
        },
    )
    assert added.status_code == 303, added.text
    page = added.headers["location"]
    shown = await writer.client.get(page)
    assert title in shown.text
    assert 'id="research-status">commissioned<' in shown.text
    assert "climate mobility, planning" in shown.text

    moved = await post(writer, f"{page}/research-status", {"to_status": "in_progress"})
    assert moved.status_code == 303, moved.text
    early = await post(
        writer, f"{page}/research-status", {"to_status": "published", "published_on": "2026-09-01"}
    )
    assert early.status_code == 422
    assert field_error(early.text, "published_on"), early.text
    form = await writer.client.get(f"{page}/research-status")
    version = re.search(r'name="expected_version" value="(\d+)"', form.text)
    assert version
    published = await post(
        writer,
        f"{page}/research-status",
        {"to_status": "published", "published_on": "2026-12-01", "expected_version": version[1]},
    )
    assert published.status_code == 303, published.text
    assert 'id="research-status">published<' in (await writer.client.get(page)).text
    assert await audited(gateway, writer, "advocacy.research_status", "succeeded")

    too_long = await post(
        writer, "/advocacy/knowledge/new", {"kind": "guide", "title": "x" * 400, "summary": "s"}
    )
    assert too_long.status_code == 422
    assert "300" in field_error(too_long.text, "title")


async def test_a_draft_is_revised_and_a_material_in_review_is_not(gateway: Gateway) -> None:
    writer = await advocate(gateway)
    draft = await material(gateway, "draft")
    page = f"/advocacy/materials/{draft['id']}"
    assert f'href="{page}/revise"' in (await writer.client.get(page)).text
    form = await writer.client.get(f"{page}/revise")
    assert "Cities welcome newcomers every day. (test data)</textarea>" in form.text
    version = re.search(r'name="expected_version" value="(\d+)"', form.text)
    assert version
    text = "Cities welcome newcomers every day, and say so. (test data)"
    revised = await post(writer, f"{page}/revise", {"text": text, "expected_version": version[1]})
    assert revised.status_code == 303, revised.text
    shown = await writer.client.get(page)
    assert text in shown.text
    assert "(version 2)" in shown.text
    assert await audited(gateway, writer, "advocacy.revise", "succeeded")

    in_review = await material(gateway, "in_review")
    refused = await post(writer, f"/advocacy/materials/{in_review['id']}/revise", {"text": text})
    assert refused.status_code == 409
    assert "only a draft is revised" in refused.text
    assert f"{text}</textarea>" in refused.text
    assert await audited(gateway, writer, "advocacy.revise", "failed")


async def test_progress_is_reported_with_figures_on_the_pledge_page(gateway: Gateway) -> None:
    writer = await advocate(gateway)
    city_id, _ = await known_city(gateway, "Reportville")
    title = unique("Language classes for all")
    recorded = await post(
        writer,
        "/advocacy/pledges/new",
        {
            "city_id": city_id,
            "title": title,
            "description": "Free classes. (test data)",
            "made_on": "2026-10-01",
            "gcm_objectives": ["16"],
        },
    )
    assert recorded.status_code == 303, recorded.text
    listed = await writer.client.get("/advocacy/pledges?objective=16")
    found = re.search(r'href="(/advocacy/pledges/[^"/]+)">' + re.escape(title), listed.text)
    assert found, "the pledge links to its page"
    page = found[1]
    report = {
        "reported_on": "2026-12-01",
        "status": "in_progress",
        "narrative": "Two schools teach in the evenings. (test data)",
    }
    no_equals = await post(writer, f"{page}/report", {**report, "figures": "learners 340"})
    assert no_equals.status_code == 422
    assert "name = number" in field_error(no_equals.text, "figures")
    assert "learners 340</textarea>" in no_equals.text
    bad_name = await post(writer, f"{page}/report", {**report, "figures": "Learners = 340"})
    assert bad_name.status_code == 422
    assert field_error(bad_name.text, "figures"), bad_name.text

    reported = await post(
        writer, f"{page}/report", {**report, "figures": "learners = 340\nschools = 2"}
    )
    assert reported.status_code == 303, reported.text
    shown = await writer.client.get(page)
    assert 'id="pledge-status">in_progress<' in shown.text
    assert "learners: 340" in shown.text
    assert "Two schools teach in the evenings. (test data)" in shown.text
    assert await audited(gateway, writer, "advocacy.pledge_report", "succeeded")
    assert await audited(gateway, writer, "advocacy.pledge_report", "failed")


async def test_a_resource_file_is_uploaded_and_downloaded(gateway: Gateway) -> None:
    writer = await advocate(gateway)
    added = await post(
        writer,
        "/advocacy/knowledge/new",
        {"kind": "tool", "title": unique("A toolkit"), "summary": "A toolkit.", "language": "en"},
    )
    assert added.status_code == 303, added.text
    page = added.headers["location"]
    assert "No file stored yet." in (await writer.client.get(page)).text
    nothing = await writer.client.post(f"{page}/file", data={"csrf_token": writer.csrf})
    assert nothing.status_code == 422
    assert "Choose a file to upload." in nothing.text

    content = b"%PDF-1.4 a toolkit for cities (test data)\n"
    uploaded = await writer.client.post(
        f"{page}/file",
        data={"csrf_token": writer.csrf},
        files={"file": ("toolkit.pdf", content, "application/pdf")},
    )
    assert uploaded.status_code == 303, uploaded.text
    shown = await writer.client.get(page)
    assert 'id="resource-file">toolkit.pdf</a>' in shown.text
    downloaded = await writer.client.get(f"{page}/file")
    assert downloaded.status_code == 200
    assert downloaded.content == content
    assert downloaded.headers["content-type"] == "application/pdf"
    assert "toolkit.pdf" in downloaded.headers["content-disposition"]
    assert await audited(gateway, writer, "advocacy.resource_file", "succeeded")


async def test_the_material_page_keeps_a_refused_signature_and_amplification(
    gateway: Gateway,
) -> None:
    writer = await advocate(gateway)
    city_id, _ = await known_city(gateway, "Consentville")
    statement = await material(gateway, "approved", "public_statement")
    page = f"/advocacy/materials/{statement['id']}"
    signature = {
        "city_id": city_id,
        "mayor_name": "Mayor Ama Mensah (test data)",
        "given_by": "Chief of staff",
        "given_on": "2027-01-15",
        "method": "email",
    }
    early = await post(writer, f"{page}/signatures", signature)
    assert early.status_code == 422
    assert re.search(r'<div class="field-error" id="s-e-given_on"><p>[^<]+</p>', early.text)
    assert 'value="Mayor Ama Mensah (test data)"' in early.text
    assert f'<option value="{city_id}" selected>' in early.text
    signed = await post(writer, f"{page}/signatures", {**signature, "given_on": "2026-12-01"})
    assert signed.status_code == 303, signed.text
    assert "Mayor Ama Mensah (test data)" in (await writer.client.get(page)).text

    published = await material(gateway, "published")
    page = f"/advocacy/materials/{published['id']}"
    measured = {"channel": "radio", "measured_on": "2027-01-15", "reach": "4200"}
    refused = await post(writer, f"{page}/amplification", measured)
    assert refused.status_code == 422
    assert re.search(r'<div class="field-error" id="a-e-measured_on"><p>[^<]+</p>', refused.text)
    assert 'value="radio"' in refused.text
    assert 'value="4200"' in refused.text
