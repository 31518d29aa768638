"""The staff UI in a real browser (Debian's Chromium, Playwright) over the real platform: sign
in, register a city and see it in the list, change its partnership; axe-core finds no WCAG 2.1
A/AA violation on the pages visited, in English and in Arabic; screenshots of each."""

from __future__ import annotations

import time

import pytest
from playwright.async_api import Browser, Page, expect

from tests.browser.conftest import Platform, axe_violations, screenshot
from tests.conftest import unique

pytestmark = pytest.mark.integration


class Checked:
    """Screenshots each page and checks it with axe-core."""

    def __init__(self, axe_source: str) -> None:
        self.axe_source = axe_source
        self.pages = 0

    async def __call__(self, page: Page, name: str) -> None:
        await screenshot(page, name)
        violations = await axe_violations(page, self.axe_source)
        assert violations == [], f"{name}: {violations}"
        self.pages += 1


async def sign_in(page: Page, platform: Platform) -> None:
    await page.goto(f"{platform.gateway_url}/sign-in")
    await page.get_by_label("E-mail").fill(platform.admin_email)
    await page.get_by_label("Password").fill(platform.admin_password)
    await page.get_by_role("button", name="Sign in").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Today")


async def test_sign_in_register_a_city_and_change_its_partnership(
    page: Page, platform: Platform, axe_source: str
) -> None:
    accessible = Checked(axe_source)
    started = time.monotonic()
    await page.goto(f"{platform.gateway_url}/sign-in")
    await accessible(page, "en-sign-in")
    await sign_in(page, platform)
    await accessible(page, "en-dashboard")

    name = unique("Gulu")
    await page.get_by_role("link", name="Cities").click()
    await page.get_by_role("link", name="Register a city").click()
    await accessible(page, "en-register-city")
    await page.get_by_label("Name", exact=True).fill(name)
    await page.get_by_label("Country code", exact=True).fill("UG")
    await page.get_by_label("Population", exact=True).fill("233000")
    await page.get_by_label("Size class").select_option("secondary")
    await page.get_by_role("button", name="Register").click()
    await expect(page.get_by_role("heading", level=1)).to_contain_text(name)
    await expect(page.locator("#partnership-status")).to_have_text("prospect")
    await accessible(page, "en-city-profile")

    await page.get_by_role("link", name="Cities").click()
    await page.get_by_label("Name", exact=True).fill(name)
    await page.get_by_role("button", name="Filter").click()
    await expect(page.get_by_role("link", name=name)).to_be_visible()
    await accessible(page, "en-cities-list")

    await page.get_by_role("link", name=name).click()
    await page.get_by_label("Move to").select_option("engaged")
    await page.get_by_label("Reason", exact=True).fill("First workshop held with the city")
    await page.get_by_role("button", name="Change partnership").click()
    await expect(page.locator("#partnership-status")).to_have_text("engaged")
    await expect(page.get_by_text("prospect → engaged: First workshop held")).to_be_visible()
    await accessible(page, "en-city-partnership-changed")

    # The same pages in Arabic, right to left, the choice remembered on the account.
    await page.get_by_label("Language", exact=True).select_option("ar")
    await page.get_by_role("button", name="Change", exact=True).click()
    await expect(page.locator("html")).to_have_attribute("dir", "rtl")
    await expect(page.locator("html")).to_have_attribute("lang", "ar")
    await accessible(page, "ar-city-profile")
    await page.get_by_role("link", name="المدن").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("المدن")
    await accessible(page, "ar-cities-list")
    await page.get_by_role("link", name="اليوم").click()
    await accessible(page, "ar-dashboard")
    await page.get_by_role("link", name="المجلس القيادي").first.click()
    await accessible(page, "ar-board")
    print(f"browser flow in {time.monotonic() - started:.1f}s, {accessible.pages} pages checked")


STAFF_PAGES = (
    "/board",
    "/board/vacancies",
    "/board/nominations",
    "/board/rounds",
    "/events",
    "/admin/accounts",
    "/admin/audit",
    "/admin/dead-letters",
    "/cities/new",
)
PUBLIC_PAGES = (
    "/sign-in",
    "/public",
    "/public/board",
    "/public/board-history",
    "/public/partner-cities",
)


async def choose_language(page: Page, code: str) -> None:
    await page.locator("#language-choice").select_option(code)
    await page.locator("form.language button").click()
    await expect(page.locator("html")).to_have_attribute("lang", code)


async def test_every_page_passes_axe_in_english_and_arabic(
    page: Page, platform: Platform, axe_source: str, browser: Browser
) -> None:
    accessible = Checked(axe_source)
    await page.goto(f"{platform.gateway_url}/sign-in")
    await page.get_by_label("E-mail").fill(platform.admin_email)
    await page.get_by_label("Password").fill(platform.admin_password)
    await page.locator("form.card button[type=submit]").click()
    await expect(page.locator("form.signout")).to_be_visible()
    for code in ("en", "ar"):
        await choose_language(page, code)
        for path in STAFF_PAGES:
            await page.goto(platform.gateway_url + path)
            await accessible(page, f"{code}-{path.strip('/').replace('/', '-')}")
    for code in ("en", "ar"):
        context = await browser.new_context(locale=code)
        visitor = await context.new_page()
        for path in PUBLIC_PAGES:
            await visitor.goto(platform.gateway_url + path)
            await expect(visitor.locator("html")).to_have_attribute("lang", code)
            await accessible(visitor, f"{code}-public-{path.strip('/').replace('/', '-')}")
        await context.close()
    print(f"{accessible.pages} pages checked with axe-core")
