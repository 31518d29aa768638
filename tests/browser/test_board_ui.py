"""The Board's pages in a real browser (Debian's Chromium, Playwright) over the real platform
with `make run`'s demo data (the cities, the founding Board, today's Board with an open round):
a city made a partner is nominated and the board accepts the nomination; a selection round is
run to a seated mayor who appears on the city's engagement timeline; every Board page passes
axe-core (WCAG 2.1 A/AA) in English and Arabic, with a screenshot of each."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from datetime import date, timedelta
from typing import Any

import httpx
import pytest
from playwright.async_api import Page, expect

from mmc_chassis.settings import DEVELOPMENT_API_TOKEN
from mmc_gateway.demo.board import load_board
from tests.browser.conftest import Platform
from tests.browser.test_staff_ui import Checked, choose_language
from tests.conftest import unique

pytestmark = pytest.mark.integration


@pytest.fixture(scope="session")
def demo(platform: Platform) -> dict[str, Any]:
    """`make run`'s demo data on the platform: cities, the founding Board, today's Board."""
    started = time.monotonic()
    for module, url, extra in (
        ("mmc_cities.demo.load", platform.cities_url, []),
        ("mmc_board.demo.load", platform.board_url, ["--wait", "90"]),
    ):
        subprocess.run(
            [sys.executable, "-m", module, "--url", url, *extra],
            env=dict(os.environ),
            capture_output=True,
            text=True,
            timeout=150,
            check=True,
        )
    report = load_board(platform.board_url, DEVELOPMENT_API_TOKEN, wait_seconds=90)
    assert report["seated"] == 9, report
    assert report["round"], report
    assert report["ballots"] == 3, report
    print(f"demo data loaded in {time.monotonic() - started:.1f}s: {report}")
    again = load_board(platform.board_url, DEVELOPMENT_API_TOKEN, wait_seconds=5)
    assert again == {"seated": 0, "round": None, "ballots": 0, "meeting": None}, again
    return report


async def sign_in_in_english(page: Page, platform: Platform) -> None:
    await page.goto(f"{platform.gateway_url}/sign-in")
    await page.get_by_label("E-mail").fill(platform.admin_email)
    await page.get_by_label("Password").fill(platform.admin_password)
    await page.locator("form.card button[type=submit]").click()
    await expect(page.locator("form.signout")).to_be_visible()
    await choose_language(page, "en")


async def until(page: Page, url: str, ready: Any, seconds: float = 40) -> None:
    """Reload `url` until `ready()` holds: the services agree through events, not at once."""
    deadline = time.monotonic() + seconds
    while True:
        await page.goto(url)
        if await ready():
            return
        assert time.monotonic() < deadline, f"{url}: not ready after {seconds}s"
        await page.wait_for_timeout(500)


async def test_partner_nominated_and_a_round_run_to_a_seated_mayor(
    page: Page, platform: Platform, axe_source: str, demo: dict[str, Any]
) -> None:
    accessible = Checked(axe_source)
    started = time.monotonic()
    base = platform.gateway_url
    await sign_in_in_english(page, platform)

    # A city registered, then made a partner: the board accepts a nomination for it.
    name = unique("Lira")
    mayor = "Sarah Akello"
    await page.goto(f"{base}/cities/new")
    await page.get_by_label("Name", exact=True).fill(name)
    await page.get_by_label("Country code", exact=True).fill("UG")
    await page.get_by_label("Size class").select_option("secondary")
    await page.get_by_role("button", name="Register").click()
    await expect(page.get_by_role("heading", level=1)).to_contain_text(name)
    city_url = page.url
    city_id = city_url.rsplit("/", 1)[-1]
    for status in ("engaged", "partner"):
        await page.get_by_label("Move to").select_option(status)
        await page.get_by_label("Reason", exact=True).fill("Partnership agreement signed")
        await page.get_by_role("button", name="Change partnership").click()
        await expect(page.locator("#partnership-status")).to_have_text(status)

    async def offered() -> bool:
        return await page.locator(f'#n-city option[value="{city_id}"]').count() == 1

    await until(page, f"{base}/board/nominations/new", offered)
    await accessible(page, "en-board-nominate")
    await page.get_by_label("Partner city").select_option(city_id)
    await page.get_by_label("Mayor (the registry's mayor when left empty)").fill(mayor)
    await page.get_by_label("Nominated by").fill("Joseph Okot")
    await page.get_by_label("Their role").fill("Deputy Mayor")
    await page.get_by_label("Statement (20 characters or more)").fill(
        "She set up the city's reception desk for refugees arriving from the north."
    )
    await page.get_by_role("button", name="Submit the nomination").click()
    row = page.get_by_role("row").filter(has_text=mayor)
    await expect(row).to_contain_text("received")
    await row.get_by_role("button", name="Shortlist").click()
    await expect(page.get_by_role("row").filter(has_text=mayor)).to_contain_text("candidate")
    await accessible(page, "en-board-nominations-accepted")

    # A Board mayor leaves (demo data: seat 9); a round for the seat, ballots, close.
    await page.goto(f"{base}/board/memberships?status=serving")
    leaving = page.get_by_role("row").filter(has_text="Demo mayor, Los Angeles")
    await leaving.get_by_text("Record a departure").click()
    await leaving.get_by_label("Why").select_option("resigned")
    await leaving.get_by_label("Last day on the Board").fill(
        (date.today() - timedelta(days=1)).isoformat()
    )
    await leaving.get_by_role("button", name="Record the departure").click()
    seat = page.locator("section.card").filter(has_text="Demo mayor, Los Angeles")
    await expect(seat).to_be_visible()
    await seat.get_by_label(re.compile(mayor)).check()
    await seat.get_by_role("button", name="Open a selection round").click()
    await expect(page.locator("#round-status")).to_have_text("open")
    await expect(page.get_by_text(name, exact=False).first).to_be_visible()
    await accessible(page, "en-board-round-open")
    for _ in range(20):
        if await page.get_by_text("(reached)").count():
            break
        await page.get_by_label("For", exact=True).select_option(label=mayor)
        await page.get_by_role("button", name="Record ballot").click()
        await expect(page.locator("#round-status")).to_have_text("open")
    await expect(page.get_by_text("(reached)")).to_be_visible()
    assert await page.locator("#h-results").count() == 0, "results shown before the close"
    await page.get_by_role("button", name="Close and count").click()
    await expect(page.locator("#selected")).to_contain_text(f"Selected: {mayor}")

    async def seated() -> bool:
        return await page.locator("#seated").count() == 1

    await until(page, page.url, seated)
    await expect(page.locator("#seated")).to_contain_text("Seated on seat 9")
    await accessible(page, "en-board-round-closed")

    async def on_timeline() -> bool:
        return await page.get_by_text(f"{mayor} seated on the MMC Leadership Board").count() > 0

    await until(page, city_url, on_timeline)
    await accessible(page, "en-city-timeline-seated")
    print(f"board flow in {time.monotonic() - started:.1f}s, {accessible.pages} pages checked")


async def test_every_board_page_in_english_and_arabic(
    page: Page, platform: Platform, axe_source: str, demo: dict[str, Any]
) -> None:
    accessible = Checked(axe_source)
    base = platform.gateway_url
    headers = {"Authorization": f"Bearer {DEVELOPMENT_API_TOKEN}"}
    async with httpx.AsyncClient(headers=headers, timeout=10) as board:
        meetings = (await board.get(f"{platform.board_url}/meetings")).json()
    pages = {
        "board": "/board",
        "board-as-of": "/board?day=2019-06-01",
        "board-terms": "/board/terms",
        "board-memberships": "/board/memberships",
        "board-vacancies": "/board/vacancies",
        "board-nominations": "/board/nominations",
        "board-nominate": "/board/nominations/new",
        "board-rounds": "/board/rounds",
        "board-round": f"/board/rounds/{demo['round']}",
        "board-voters": "/board/voters",
        "board-diversity": "/board/diversity",
        "board-meetings": "/board/meetings",
        "board-meeting": f"/board/meetings/{meetings['items'][0]['id']}",
    }
    await sign_in_in_english(page, platform)
    for code in ("en", "ar"):
        await choose_language(page, code)
        for name, path in pages.items():
            await page.goto(base + path)
            await expect(page.locator("main h1")).to_be_visible()
            await accessible(page, f"{code}-page-{name}")
    await page.goto(f"{base}/board/rounds/{demo['round']}")
    await expect(page.locator("#round-status")).to_have_text("مفتوح")
    assert await page.locator("#h-results").count() == 0, "an open round's results shown"
    await choose_language(page, "en")
    print(f"{accessible.pages} board pages checked with axe-core in en and ar")
