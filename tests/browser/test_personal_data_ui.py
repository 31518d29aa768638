"""The admin page for a person's data in a real browser over the real platform: every service's
answer on one page (cities, board, advocacy, outreach, webhooks and the gateway's own), in
English and in Arabic; axe-core finds no WCAG 2.1 A/AA violation; screenshots of each step."""

from __future__ import annotations

import httpx
import pytest
from playwright.async_api import Page, expect

from mmc_chassis.settings import DEVELOPMENT_API_TOKEN
from tests.browser.conftest import Platform
from tests.browser.test_staff_ui import Checked, choose_language
from tests.conftest import unique

pytestmark = pytest.mark.integration

SERVICES = ("gateway", "cities", "board", "advocacy", "outreach", "webhooks")


async def sections(page: Page) -> list[str]:
    names = await page.locator("section h3").all_inner_texts()
    return [name.strip() for name in names]


async def test_an_admin_exports_then_erases_a_person_everywhere(
    page: Page, platform: Platform, axe_source: str
) -> None:
    owner = f"{unique('owner')}@partner-network.example.org"
    auth = {"Authorization": f"Bearer {DEVELOPMENT_API_TOKEN}", "X-MMC-Actor": "staff-1"}
    async with httpx.AsyncClient(
        base_url=platform.services["webhooks"], headers=auth, timeout=30
    ) as api:
        created = await api.post(
            "/endpoints",
            json={
                "url": "http://127.0.0.1:9/hooks",
                "topics": ["mmc.advocacy.resource.v1"],
                "owner_contact": owner,
            },
        )
    assert created.status_code == 201, created.text

    accessible = Checked(axe_source)
    await page.goto(f"{platform.gateway_url}/sign-in")
    await page.get_by_label("E-mail").fill(platform.admin_email)
    await page.get_by_label("Password").fill(platform.admin_password)
    await page.locator("form.card button[type=submit]").click()
    await expect(page.locator("form.signout")).to_be_visible()

    await choose_language(page, "en")
    await page.goto(f"{platform.gateway_url}/admin/personal-data")
    await accessible(page, "en-admin-personal-data")
    await page.locator("#pd-email").fill(owner)
    await page.locator("button[value=export]").click()
    await expect(page.locator("#pd-webhooks")).to_be_visible()
    assert sorted(await sections(page)) == sorted(SERVICES)
    await expect(page.locator("section", has=page.locator("#pd-webhooks"))).to_contain_text(
        "webhook endpoint owner"
    )
    await accessible(page, "en-admin-personal-data-export")

    await choose_language(page, "ar")
    await page.goto(f"{platform.gateway_url}/admin/personal-data")
    await expect(page.locator("html")).to_have_attribute("dir", "rtl")
    await accessible(page, "ar-admin-personal-data")
    await page.locator("#pd-email").fill(owner)
    await page.locator("button[value=erase]").click()
    await expect(page.locator("#pd-webhooks")).to_be_visible()
    assert sorted(await sections(page)) == sorted(SERVICES)
    await expect(page.locator("section", has=page.locator("#pd-webhooks"))).to_contain_text(
        f"webhook endpoint owner {created.json()['id']}"
    )
    await accessible(page, "ar-admin-personal-data-erase")
    await choose_language(page, "en")
