"""The advocacy and outreach pages in a real browser over the real platform (the services as
processes on the real broker and database): an admin drafts a material and submits it for review,
records amplification, triages an inquiry, and walks every advocacy and outreach page and their
public lists in English and Arabic; axe-core finds no WCAG 2.1 A/AA violation on any of them.
Screenshots of each page under `.local-infra/test-output/browser/`."""

from __future__ import annotations

import time
from typing import Any

import httpx
import pytest
from playwright.async_api import Browser, Page, expect

from mmc_chassis.settings import DEVELOPMENT_API_TOKEN
from tests.browser.conftest import Platform
from tests.browser.test_staff_ui import Checked, choose_language
from tests.conftest import unique

pytestmark = pytest.mark.integration

WRITER = {"X-MMC-Actor": "staff-browser-writer"}


def seed(platform: Platform) -> dict[str, Any]:
    """A campaign with a published, amplified op-ed, a policy moment, and an inquiry; through the
    services' own APIs (the gateway has pages for what the test then does by hand)."""
    auth = {"Authorization": f"Bearer {DEVELOPMENT_API_TOKEN}", **WRITER}
    with (
        httpx.Client(base_url=platform.services["advocacy"], headers=auth, timeout=30) as api,
        httpx.Client(base_url=platform.services["outreach"], headers=auth, timeout=30) as out,
    ):
        campaign = api.post(
            "/campaigns",
            json={
                "name": unique("Cities at the summit"),
                "goal": "Cities heard at the GFMD (test data)",
                "starts_on": "2026-11-01",
                "ends_on": "2027-01-31",
                "owner": "Test Owner",
            },
        ).json()
        made = api.post(
            "/materials",
            json={
                "campaign_id": campaign["id"],
                "kind": "op_ed",
                "title": unique("Cities welcome"),
                "text": "Cities act. (test data)",
            },
        ).json()
        path = f"/materials/{made['id']}/status"
        api.post(path, json={"to_status": "in_review"}).raise_for_status()
        api.post(
            path,
            json={"to_status": "approved"},
            headers={"X-MMC-Actor": "staff-browser-approver", "X-MMC-Roles": "approver"},
        ).raise_for_status()
        api.post(
            path,
            json={
                "to_status": "published",
                "publication": {"channel": "op-ed", "published_on": "2026-12-01"},
            },
        ).raise_for_status()
        moment = api.post(
            "/policy-moments",
            json={
                "name": unique("GFMD Summit"),
                "series": "gfmd",
                "scope": "global",
                "starts_on": "2027-01-20",
                "ends_on": "2027-01-22",
                "venue": "Geneva",
            },
        ).json()
        asked = out.post(
            "/inquiries",
            json={
                "sender_name": "Test Sender",
                "sender_email": "sender@city.example.org",
                "subject": unique("When is the next review"),
                "message": "A question. (test data)",
            },
        ).json()
    return {"campaign": campaign, "material": made, "moment": moment, "inquiry": asked}


async def test_the_advocacy_and_outreach_pages_in_english_and_arabic(
    page: Page, platform: Platform, axe_source: str, browser: Browser
) -> None:
    accessible = Checked(axe_source)
    started = time.monotonic()
    seeded = seed(platform)
    await page.goto(f"{platform.gateway_url}/sign-in")
    await page.get_by_label("E-mail").fill(platform.admin_email)
    await page.get_by_label("Password").fill(platform.admin_password)
    await page.locator("form.card button[type=submit]").click()
    await expect(page.locator("form.signout")).to_be_visible()
    await choose_language(page, "en")

    # Advocacy: a material drafted and submitted for review through the forms.
    await page.get_by_role("link", name="Advocacy").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Campaigns")
    await expect(page.locator("svg.chart")).to_be_visible()
    await accessible(page, "en-advocacy-campaigns")
    await page.get_by_role("link", name=seeded["campaign"]["name"]).click()
    await accessible(page, "en-advocacy-campaign")
    await page.locator("nav.subnav").get_by_role("link", name="Materials").click()
    title = unique("A brief for mayors")
    await page.get_by_label("Kind").select_option("policy_brief")
    await page.get_by_label("Title").fill(title)
    await page.get_by_label("Text").fill("Cities act. (test data)")
    await page.get_by_role("button", name="Save the draft").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text(title)
    await expect(page.locator("#material-status")).to_have_text("draft")
    await page.get_by_role("button", name="Submit for review").click()
    await expect(page.locator("#material-status")).to_have_text("in_review")
    await page.get_by_label("Comment", exact=True).fill("Name the cities, please.")
    await page.get_by_role("button", name="Comment", exact=True).click()
    await expect(page.get_by_text("Name the cities, please.")).to_be_visible()
    await accessible(page, "en-advocacy-material-in-review")

    await page.goto(f"{platform.gateway_url}/advocacy/materials/{seeded['material']['id']}")
    await page.get_by_label("Channel").last.fill("radio")
    await page.locator("#a-on").fill("2026-12-02")
    await page.get_by_label("Reach", exact=True).fill("4200")
    await page.get_by_role("button", name="Record amplification").click()
    await expect(page.locator("svg.chart")).to_be_visible()
    await accessible(page, "en-advocacy-material-published")

    # Outreach: an inquiry triaged through its form.
    await page.get_by_role("link", name="Outreach").click()
    await page.get_by_role("link", name=seeded["inquiry"]["subject"]).click()
    await page.locator("#t-kind").select_option("question")
    await page.get_by_role("button", name="Triage").click()
    await expect(page.locator("#inquiry-status")).to_have_text("triaged")
    await accessible(page, "en-outreach-inquiry")

    pages = (
        "/advocacy",
        "/advocacy/materials",
        f"/advocacy/moments/{seeded['moment']['id']}",
        "/advocacy/moments",
        "/advocacy/pledges",
        "/advocacy/knowledge?q=cities",
        "/outreach",
        "/outreach/pipeline",
        "/outreach/nomination-calls",
        "/outreach/partners",
        "/outreach/funding",
        "/",
    )
    for code in ("en", "ar"):
        await choose_language(page, code)
        for path in pages:
            await page.goto(platform.gateway_url + path)
            name = path.strip("/").split("?")[0].replace("/", "-") or "dashboard"
            await accessible(page, f"{code}-{name[:60]}")
    # The platform's admin is shared with the other browser tests: back to English.
    await choose_language(page, "en")
    for code in ("en", "ar"):
        context = await browser.new_context(locale=code)
        visitor = await context.new_page()
        for path in ("/public", "/public/statements", "/public/pledges?objective=16"):
            await visitor.goto(platform.gateway_url + path)
            await expect(visitor.locator("html")).to_have_attribute("lang", code)
            name = path.strip("/").split("?")[0].replace("/", "-")
            await accessible(visitor, f"{code}-public-{name}")
        await context.close()
    print(
        f"advocacy/outreach browser walk in {time.monotonic() - started:.1f}s, "
        f"{accessible.pages} pages checked"
    )
