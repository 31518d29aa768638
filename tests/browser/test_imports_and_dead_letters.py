"""Two longer flows in a real browser over the real platform: import a CSV file with bad rows
and see them listed (the progress bar polled by HTMX), and replay a dead letter made by a
malformed event on a service's topic. axe-core finds no WCAG 2.1 A/AA violation on these
pages, in English and in Arabic; screenshots of each under .local-infra/test-output/browser/."""

from __future__ import annotations

import time

import pytest
from aiokafka import AIOKafkaProducer
from playwright.async_api import Page, expect

from mmc_contracts.topics import CITIES_CITY
from tests.browser.conftest import Platform
from tests.browser.test_staff_ui import Checked, sign_in
from tests.conftest import unique

pytestmark = pytest.mark.integration


async def in_language(page: Page, code: str) -> None:
    """The signed-in person's language (remembered on their account)."""
    await page.locator("#language-choice").select_option(code)
    await page.locator("form.language button").click()
    await expect(page.locator("html")).to_have_attribute("lang", code)


async def test_import_a_csv_with_bad_rows_and_see_them_listed(
    page: Page, platform: Platform, axe_source: str
) -> None:
    accessible = Checked(axe_source)
    started = time.monotonic()
    await sign_in(page, platform)
    good, bad = unique("Importbury"), unique("Badrow")
    content = (
        f"name,country_code,size_class\n{good},GH,secondary\n{bad},GH,gigantic\n,GH,secondary\n"
    )
    await page.get_by_role("link", name="Cities", exact=True).click()
    await page.get_by_role("link", name="Import cities from a CSV file").click()
    await accessible(page, "en-cities-import")
    await page.get_by_label("CSV file").set_input_files(
        {"name": "cities.csv", "mimeType": "text/csv", "buffer": content.encode()}
    )
    await page.get_by_role("button", name="Import", exact=True).click()
    await expect(page.locator("#import-summary")).to_have_text(
        "Done: 1 imported, 0 already registered, 2 rejected.", timeout=30_000
    )
    rejected = page.locator("#rejected-rows tbody tr")
    await expect(rejected).to_have_count(2)
    await expect(rejected.nth(0)).to_contain_text(bad)
    await expect(rejected.nth(0).locator("td").first).to_have_text("3")
    await expect(rejected.nth(1).locator("td").first).to_have_text("4")
    await accessible(page, "en-cities-import-report")
    job = page.url
    await page.get_by_role("link", name="Cities", exact=True).click()
    await page.get_by_label("Name", exact=True).fill(good)
    await page.get_by_role("button", name="Filter").click()
    await expect(page.get_by_role("link", name=good)).to_be_visible()

    await in_language(page, "ar")
    try:
        await page.goto(job)
        await expect(page.locator("#rejected-rows tbody tr")).to_have_count(2)
        await accessible(page, "ar-cities-import-report")
        await page.goto(f"{platform.gateway_url}/cities/import")
        await accessible(page, "ar-cities-import")
    finally:
        await in_language(page, "en")
    print(f"\nimport flow: {accessible.pages} pages checked in {time.monotonic() - started:.1f} s")


async def test_replay_a_dead_letter(
    page: Page, platform: Platform, axe_source: str, kafka_bootstrap: str
) -> None:
    accessible = Checked(axe_source)
    started = time.monotonic()
    marker = unique("malformed")
    producer = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap)
    await producer.start()
    try:
        # Not a CloudEvent: the board's consumer of city events sends it to its dead letters.
        await producer.send_and_wait(
            platform.topic_prefix + CITIES_CITY, marker.encode(), key=marker.encode()
        )
    finally:
        await producer.stop()
    await sign_in(page, platform)
    await page.get_by_role("link", name="Dead letters").click()
    letter = page.locator("tbody tr", has_text="malformed").first
    deadline = time.monotonic() + 60
    while not await letter.count():
        assert time.monotonic() < deadline, "no dead letter within 60 s"
        await page.wait_for_timeout(1000)
        await page.reload()
    await accessible(page, "en-dead-letters")
    # Open each listed letter until this test's (its body is the marker).
    links = page.locator("tbody tr", has_text="malformed").get_by_role("link")
    paths = [await links.nth(i).get_attribute("href") for i in range(await links.count())]
    for path in paths:
        await page.goto(f"{platform.gateway_url}{path}")
        if await page.get_by_text(marker).count():
            break
    else:
        raise AssertionError("this test's dead letter is not listed")
    await expect(page.locator("#replayed")).to_have_text("not yet")
    await accessible(page, "en-dead-letter")
    await page.get_by_role("button", name="Replay on its topic").click()
    await expect(page.locator("#replayed")).not_to_have_text("not yet")
    await expect(page.locator("#replayed")).to_contain_text("staff-")
    await accessible(page, "en-dead-letter-replayed")

    await in_language(page, "ar")
    try:
        await accessible(page, "ar-dead-letter-replayed")
        await page.goto(f"{platform.gateway_url}/admin/dead-letters")
        await accessible(page, "ar-dead-letters")
    finally:
        await in_language(page, "en")
    print(f"\ndead letter flow: {accessible.pages} pages in {time.monotonic() - started:.1f} s")
