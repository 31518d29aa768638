"""The advocacy action forms in a real browser over the real platform (the services as processes
on the real broker and database), without JavaScript doing any of the work: an admin starts a
campaign (first refused: the API's message under the end date, the typed values kept), adds a
policy moment and records a city's input to it, records a pledge and reports its progress with
figures (first refused: a figure not written as name = number), adds commissioned research, moves
it along and stores its file, revises a draft. Every form, and a refused one, is then seen in
Arabic; axe-core finds no WCAG 2.1 A/AA violation on any of them. Screenshots under
`.local-infra/test-output/browser/` (`en-advocacy-action-*`, `ar-advocacy-action-*`)."""

from __future__ import annotations

import time
from typing import Any

import httpx
import pytest
from playwright.async_api import FilePayload, Page, expect

from mmc_chassis.settings import DEVELOPMENT_API_TOKEN
from tests.browser.conftest import Platform
from tests.browser.test_staff_ui import Checked, choose_language
from tests.conftest import unique

pytestmark = pytest.mark.integration

AUTH = {"Authorization": f"Bearer {DEVELOPMENT_API_TOKEN}", "X-MMC-Actor": "staff-browser-writer"}


def seed(platform: Platform) -> dict[str, Any]:
    """A city advocacy knows of, and a draft written by someone else (through the APIs)."""
    name = unique("Accra-like")
    with httpx.Client(base_url=platform.cities_url, headers=AUTH, timeout=30) as cities:
        made = cities.post(
            "/cities", json={"name": name, "country_code": "GH", "size_class": "secondary"}
        )
        made.raise_for_status()
    city_id = made.json()["id"]
    with httpx.Client(base_url=platform.services["advocacy"], headers=AUTH, timeout=30) as api:
        deadline = time.monotonic() + 60
        while api.get(f"/cities/{city_id}").status_code != 200:
            assert time.monotonic() < deadline, "the city never reached advocacy"
            time.sleep(0.2)
        draft = api.post(
            "/materials",
            json={"kind": "op_ed", "title": unique("Cities welcome"), "text": "A first text."},
        )
        draft.raise_for_status()
    return {"city_id": city_id, "city_name": name, "draft": draft.json()}


async def fill(page: Page, values: dict[str, str]) -> None:
    """Fill a generated form's fields by name (ids are `f-<name>`)."""
    for name, value in values.items():
        await page.locator(f"#f-{name}").fill(value)


async def submit(page: Page) -> None:
    await page.locator("main form.card button[type=submit]").click()


async def test_the_advocacy_action_forms_in_english_and_arabic(
    page: Page, platform: Platform, axe_source: str
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
    base = platform.gateway_url

    # A campaign: refused first (ends before it starts), the message under the end date.
    await page.goto(f"{base}/advocacy")
    await page.get_by_role("link", name="Start a campaign").click()
    campaign = unique("Cities at the GFMD")
    await fill(
        page,
        {
            "name": campaign,
            "goal": "Mayors heard at the summit. (test data)",
            "audiences": "national delegations\nUN agencies",
            "starts_on": "2027-01-31",
            "ends_on": "2026-12-01",
        },
    )
    await submit(page)
    await expect(page.locator("#e-ends_on")).to_be_visible()
    await expect(page.locator("#f-ends_on")).to_have_attribute("aria-invalid", "true")
    await expect(page.locator("#f-name")).to_have_value(campaign)
    await accessible(page, "en-advocacy-action-campaign-refused")
    await page.locator("#f-starts_on").fill("2026-11-15")
    await submit(page)
    await expect(page.get_by_role("heading", level=1)).to_have_text(campaign)
    await accessible(page, "en-advocacy-action-campaign-started")

    # A policy moment, then a city's input to it.
    await page.goto(f"{base}/advocacy/moments")
    await page.get_by_role("link", name="Add a policy moment").click()
    moment = unique("Regional review")
    await fill(
        page,
        {
            "name": moment,
            "starts_on": "2027-03-02",
            "ends_on": "2027-03-03",
            "venue": "Bangkok",
            "region": "Asia-Pacific",
        },
    )
    await page.locator("#f-series").select_option("imrf")
    await page.locator("#f-scope").select_option("regional")
    await submit(page)
    await expect(page.get_by_role("heading", level=1)).to_have_text(moment)
    moment_url = page.url
    await page.get_by_role("link", name="Record a city's input").click()
    await page.locator("#f-city_id").select_option(seeded["city_id"])
    await page.locator("#f-kind").select_option("position_paper")
    await fill(page, {"title": "Cities' position paper (test data)"})
    await accessible(page, "en-advocacy-action-input-form")
    await submit(page)
    await expect(page.get_by_text("Cities' position paper (test data)")).to_be_visible()
    await accessible(page, "en-advocacy-action-moment-with-input")

    # A pledge tagged with a GCM objective and a GCR area.
    await page.goto(f"{base}/advocacy/pledges")
    await page.get_by_role("link", name="Record a pledge").click()
    pledge = unique("Open health services")
    await page.locator("#f-city_id").select_option(seeded["city_id"])
    await fill(
        page,
        {
            "title": pledge,
            "description": "Clinics open to all. (test data)",
            "made_on": "2026-11-20",
        },
    )
    await page.locator('input[name="gcm_objectives"][value="15"]').check()
    await page.locator('input[name="gcr_areas"][value="health"]').check()
    await accessible(page, "en-advocacy-action-pledge-form")
    await submit(page)
    await page.get_by_role("link", name=pledge).click()
    await expect(page.get_by_role("heading", level=1)).to_have_text(pledge)
    pledge_url = page.url
    await page.get_by_role("link", name="Report progress").click()
    await page.locator("#f-status").select_option("in_progress")
    await fill(
        page,
        {
            "reported_on": "2026-12-01",
            "narrative": "Two clinics opened. (test data)",
            "figures": "clinics 2",
        },
    )
    await submit(page)
    await expect(page.locator("#e-figures")).to_be_visible()
    await expect(page.locator("#f-narrative")).to_have_value("Two clinics opened. (test data)")
    await accessible(page, "en-advocacy-action-report-refused")
    await page.locator("#f-figures").fill("clinics = 2\npeople_served = 1200")
    await submit(page)
    await expect(page.locator("#pledge-status")).to_have_text("in_progress")
    await expect(page.get_by_text("people_served: 1,200")).to_be_visible()
    await accessible(page, "en-advocacy-action-pledge")

    # Commissioned research, moved along.
    await page.goto(f"{base}/advocacy/knowledge")
    await page.get_by_role("link", name="Add a knowledge resource").click()
    study = unique("Cities and climate mobility")
    await page.locator("#f-kind").select_option("research")
    await fill(
        page,
        {
            "title": study,
            "summary": "How cities plan for climate mobility. (test data)",
            "topics": "climate mobility\nplanning",
            "commissioned_on": "2026-10-01",
        },
    )
    await accessible(page, "en-advocacy-action-resource-form")
    await submit(page)
    await expect(page.get_by_role("heading", level=1)).to_have_text(study)
    await expect(page.locator("#research-status")).to_have_text("commissioned")
    resource_url = page.url
    await page.get_by_role("link", name="Move commissioned research along").click()
    await page.locator("#f-to_status").select_option("in_progress")
    await accessible(page, "en-advocacy-action-research-form")
    await submit(page)
    await expect(page.locator("#research-status")).to_have_text("in_progress")
    study_file: FilePayload = {
        "name": "study.txt",
        "mimeType": "text/plain",
        "buffer": b"A study. (test data)",
    }
    await page.locator("#r-file").set_input_files(files=[study_file])
    await page.get_by_role("button", name="Upload the file").click()
    await expect(page.locator("#resource-file")).to_have_text("study.txt")
    await accessible(page, "en-advocacy-action-resource")

    # A draft's text revised.
    draft_url = f"{base}/advocacy/materials/{seeded['draft']['id']}"
    await page.goto(draft_url)
    await page.get_by_role("link", name="Revise the text").click()
    await expect(page.locator("#f-text")).to_have_value("A first text.")
    await page.locator("#f-text").fill("A second, better text. (test data)")
    await submit(page)
    await expect(page.get_by_text("A second, better text. (test data)")).to_be_visible()

    # Every form in Arabic (right to left), and a refusal shown there too.
    await choose_language(page, "ar")
    forms = {
        "campaign": "/advocacy/campaigns/new",
        "moment": "/advocacy/moments/new",
        "input": moment_url.removeprefix(base) + "/inputs/new",
        "pledge-new": "/advocacy/pledges/new",
        "resource": "/advocacy/knowledge/new",
        "research": resource_url.removeprefix(base) + "/research-status",
        "revise": f"/advocacy/materials/{seeded['draft']['id']}/revise",
        "report": pledge_url.removeprefix(base) + "/report",
        "pledge": pledge_url.removeprefix(base),
    }
    for name, path in forms.items():
        await page.goto(base + path)
        await expect(page.locator("html")).to_have_attribute("dir", "rtl")
        await accessible(page, f"ar-advocacy-action-{name}")
    await page.goto(base + forms["campaign"])
    await fill(page, {"name": campaign, "goal": "x", "starts_on": "2027-01-31"})
    await page.locator("#f-ends_on").fill("2026-12-01")
    await submit(page)
    await expect(page.locator("#e-ends_on")).to_be_visible()
    await accessible(page, "ar-advocacy-action-campaign-refused")
    await page.goto(resource_url)
    await accessible(page, "ar-advocacy-action-resource")
    # The platform's admin is shared with the other browser tests: back to English.
    await choose_language(page, "en")
    print(
        f"advocacy action forms walked in {time.monotonic() - started:.1f}s, "
        f"{accessible.pages} pages checked"
    )
