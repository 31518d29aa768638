"""Outreach's staff actions and cities' technical assistance requests in a real browser over the
real platform (the services as processes on the real broker and database): an admin adds a
partner organisation (a refused website shown by its field first), records a visit to a target,
imports an mbox file and sees its rejected messages, invites a city to a nomination call, opens
an assistance request from the city's profile and triages it; then every new page is checked
in English and Arabic: axe-core finds no WCAG 2.1 A/AA violation. Screenshots under
`.local-infra/test-output/browser/`."""

from __future__ import annotations

import asyncio
import os
import time
import uuid
from typing import Any

import httpx
import pytest
from playwright.async_api import FilePayload, Page, expect

from mmc_chassis.settings import DEVELOPMENT_API_TOKEN
from mmc_contracts import EventContext
from mmc_contracts.advocacy import PolicyMomentApproaching
from mmc_contracts.board import Mayor, MembershipEndReason, SeatVacated
from tests.browser.conftest import Platform
from tests.browser.test_staff_ui import Checked, choose_language
from tests.conftest import unique
from tests.integration.board.conftest import publish
from tests.integration.gateway.outreach_setup import mbox

pytestmark = pytest.mark.integration

AUTH = {"Authorization": f"Bearer {DEVELOPMENT_API_TOKEN}", "X-MMC-Actor": "staff-browser-outreach"}


def until(check: Any, what: str, timeout: float = 60) -> Any:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        found = check()
        if found:
            return found
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def seed(platform: Platform) -> dict[str, Any]:
    """A partner city outreach knows, a coalition, a funding connection and an outreach target,
    through the services' APIs."""
    with (
        httpx.Client(base_url=platform.services["cities"], headers=AUTH, timeout=30) as cities,
        httpx.Client(base_url=platform.services["outreach"], headers=AUTH, timeout=30) as out,
    ):
        city = cities.post(
            "/cities",
            json={
                "name": unique("Mombasa"),
                "country_code": "KE",
                "size_class": "secondary",
                "partnership_status": "partner",
            },
        ).json()
        until(lambda: out.get(f"/cities/{city['id']}").status_code == 200, "the city in outreach")
        coalition = out.post(
            "/coalitions", json={"name": unique("Coalition"), "goal": "Inclusive recovery (test)"}
        ).json()
        opportunity = out.post(
            "/funding/opportunities",
            json={"funder": unique("Funder"), "title": "Inclusive cities fund (test)"},
        ).json()
        connection = out.post(
            "/funding/connections",
            json={"city_id": city["id"], "opportunity_id": opportunity["id"]},
        ).json()
        target = out.post("/targets", json={"city_id": city["id"], "owner": "Lina"}).json()
        asked = out.post(
            "/inquiries",
            json={
                "sender_name": "Test Sender",
                "sender_email": "sender@city.example.org",
                "subject": unique("A question about the GCM"),
                "message": "When is the next review? (test data)",
            },
        ).json()
    return {
        "city": city,
        "coalition": coalition,
        "connection": connection,
        "target": target,
        "inquiry": asked,
    }


async def nomination_call(platform: Platform) -> tuple[dict[str, Any], str]:
    """A Board seat vacated, as the board publishes it: outreach opens a nomination call (and a
    policy moment approaching, as advocacy announces it: a mobilisation list, whose moment's id
    is returned with the call)."""
    vacated = SeatVacated.stamp(
        EventContext(actor="board"),
        aggregate_id=f"vacancy-{uuid.uuid4().hex[:8]}",
        aggregate_version=1,
        seat=8,
        previous_mayor=Mayor(
            name="A. Mayor", city_id="city-x", city_name="Somewhere", country_code="FR"
        ),
        reason=MembershipEndReason.RESIGNED,
        vacated_on="2026-11-30",
        membership_id=f"m-{uuid.uuid4().hex[:8]}",
    )
    approaching = PolicyMomentApproaching.stamp(
        EventContext(actor="advocacy"),
        aggregate_id=f"moment-{uuid.uuid4().hex[:8]}",
        aggregate_version=2,
        name=unique("GFMD Summit"),
        starts_on="2027-01-20",
        days_left=49,
    )
    bootstrap = os.environ.get("MMC_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:39092")
    await publish(bootstrap, platform.topic_prefix, vacated, approaching)
    async with httpx.AsyncClient(
        base_url=platform.services["outreach"], headers=AUTH, timeout=30
    ) as out:
        started = time.monotonic()
        while time.monotonic() - started < 60:
            page = (await out.get("/nomination-calls", params={"limit": 100})).json()
            for call in page["items"]:
                if call["board_event_id"] == str(vacated.event_id):
                    found: dict[str, Any] = call
                    return found, approaching.aggregate_id
            await asyncio.sleep(0.2)
    raise AssertionError("timed out waiting for the nomination call")


async def first_list(platform: Platform, moment_id: str) -> dict[str, Any]:
    """The mobilisation list opened for the moment `nomination_call` announced."""
    async with httpx.AsyncClient(
        base_url=platform.services["outreach"], headers=AUTH, timeout=30
    ) as out:
        started = time.monotonic()
        while time.monotonic() - started < 60:
            page = (await out.get("/mobilisation-lists", params={"moment_id": moment_id})).json()
            if page["items"]:
                found: dict[str, Any] = page["items"][0]
                return found
            await asyncio.sleep(0.2)
    raise AssertionError("timed out waiting for the mobilisation list")


async def test_outreach_actions_and_assistance_requests_in_english_and_arabic(
    page: Page, platform: Platform, axe_source: str
) -> None:
    accessible = Checked(axe_source)
    started = time.monotonic()
    seeded = await asyncio.to_thread(seed, platform)
    seeded["call"], moment_id = await nomination_call(platform)
    city = seeded["city"]
    await page.goto(f"{platform.gateway_url}/sign-in")
    await page.get_by_label("E-mail").fill(platform.admin_email)
    await page.get_by_label("Password").fill(platform.admin_password)
    await page.locator("form.card button[type=submit]").click()
    await expect(page.locator("form.signout")).to_be_visible()
    await choose_language(page, "en")
    base = platform.gateway_url

    # A partner organisation: outreach refuses the website, the message sits by the field.
    await page.goto(f"{base}/outreach/partners")
    await page.get_by_role("link", name="Add a partner organisation").click()
    name = unique("Cities Alliance")
    await page.locator("#partner-name").fill(name)
    await page.get_by_label("city network").check()
    await page.locator("#partner-website").fill("https://bad site")
    await page.locator("#partner-contact_name").fill("Ana Ruiz")
    await page.get_by_role("button", name="Add the organisation").click()
    await expect(page.locator("#partner-website-error")).to_be_visible()
    await expect(page.locator("#partner-website")).to_have_attribute("aria-invalid", "true")
    await expect(page.locator("#partner-name")).to_have_value(name)
    await accessible(page, "en-outreach-partner-refused")
    await page.locator("#partner-website").fill("https://www.citiesalliance.example.org")
    await page.get_by_role("button", name="Add the organisation").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text(name)
    await page.locator("#relate-city_id").select_option(city["id"])
    await page.locator("#relate-relationship").fill("member of the network")
    await page.get_by_role("button", name="Record").click()
    await expect(page.get_by_text("member of the network")).to_be_visible()
    partner_path = page.url.removeprefix(base)

    # A visit to a target.
    await page.goto(f"{base}/outreach/targets/{seeded['target']['id']}")
    await page.locator("#activity-kind").select_option("meeting")
    await page.locator("#activity-on").fill("2026-12-01")
    await page.locator("#activity-notes").fill("Met the deputy mayor (test data)")
    await page.get_by_role("button", name="Record").click()
    await expect(page.get_by_text("Met the deputy mayor (test data)")).to_be_visible()

    # The shared mailbox: two messages rejected, listed with their place and reason.
    await page.goto(f"{base}/outreach/mailbox")
    await page.locator("#mailbox-files").set_input_files(
        [FilePayload(name="shared.mbox", mimeType="application/mbox", buffer=mbox(3, 2))]
    )
    await page.get_by_role("button", name="Import").click()
    rejected = page.get_by_role("table", name="Rejected messages")
    await expect(rejected.locator("tbody tr")).to_have_count(2)
    await accessible(page, "en-outreach-mailbox-report")

    # A nomination call: the partner city invited.
    call_path = f"/outreach/nomination-calls/{seeded['call']['id']}"
    await page.goto(base + call_path)
    await page.locator("#invite-city_id").select_option(city["id"])
    await page.get_by_role("button", name="Record the invitation").click()
    await expect(page.locator("#invite-city_id")).to_be_visible()

    # An inquiry linked to the city.
    await page.goto(f"{base}/outreach/inquiries/{seeded['inquiry']['id']}")
    await page.get_by_role("link", name="Link to a city").click()
    await page.locator("#link-city_id").select_option(city["id"])
    await page.get_by_role("button", name="Link", exact=True).click()
    await expect(page.locator(f'dd a[href="/cities/{city["id"]}"]')).to_be_visible()

    # A mobilisation list: the partner city contacted.
    await page.goto(f"{base}/outreach/mobilisation")
    mobilisation = await first_list(platform, moment_id)
    await page.get_by_role("link", name=mobilisation["moment_name"]).click()
    await page.locator("#contact-city_id").select_option(city["id"])
    await page.get_by_role("button", name="Record the contact").click()
    await expect(page.get_by_role("heading", level=1)).to_contain_text(mobilisation["moment_name"])

    # An assistance request opened from the city's profile, then triaged.
    await page.goto(f"{base}/cities/{city['id']}")
    await page.get_by_role("link", name="Open a request for a city").click()
    await page.locator("#open-kind").select_option("funding_access")
    await page.locator("#open-title").fill("Access to the Global Cities Fund (test)")
    await page.locator("#open-requested_by").fill("Amina Diallo")
    await page.get_by_role("button", name="Open the request").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text(
        "Access to the Global Cities Fund (test)"
    )
    request_path = page.url.removeprefix(base)
    await page.locator("#status-to_status").select_option("triaged")
    await page.get_by_role("button", name="Move").click()
    await expect(page.get_by_role("table", name="History")).to_contain_text("triaged")

    pages = (
        partner_path,
        "/outreach/partners/new",
        f"/outreach/coalitions/{seeded['coalition']['id']}",
        "/outreach/coalitions/new",
        "/outreach/funding/opportunities",
        f"/outreach/funding/connections/{seeded['connection']['id']}",
        f"/outreach/targets/{seeded['target']['id']}",
        "/outreach/targets/new",
        call_path,
        "/outreach/mailbox",
        f"/outreach/inquiries/{seeded['inquiry']['id']}/link",
        "/outreach/mobilisation",
        f"/outreach/mobilisation/{mobilisation['id']}",
        f"/assistance?city_id={city['id']}",
        "/assistance?overdue=true",
        request_path,
        f"/assistance/new?city_id={city['id']}",
    )
    for code in ("en", "ar"):
        await choose_language(page, code)
        for path in pages:
            await page.goto(base + path)
            name = path.strip("/").split("?")[0].replace("/", "-")
            await accessible(page, f"{code}-outreach-actions-{name[:60]}")
    # The platform's admin is shared with the other browser tests: back to English.
    await choose_language(page, "en")
    print(
        f"outreach actions/assistance browser walk in {time.monotonic() - started:.1f}s, "
        f"{accessible.pages} pages checked"
    )
