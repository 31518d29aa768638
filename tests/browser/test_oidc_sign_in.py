"""Sign-in through the organisation's OpenID Connect provider in a real browser: a gateway
process configured with the local `oidc-provider` (npm), Chromium following the real redirects
through the provider's login and consent pages; an unknown person refused. axe-core on the
gateway's pages in English and Arabic; screenshots under .local-infra/test-output/browser/."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from playwright.async_api import Browser, Page, expect

from tests.browser.conftest import OUTPUT
from tests.browser.test_staff_ui import Checked
from tests.conftest import unique
from tests.e2e.service_process import ServiceProcess
from tests.infra import Infra
from tests.oidc_provider import oidc_provider

pytestmark = pytest.mark.integration


@dataclass(frozen=True)
class OidcGateway:
    url: str
    admin_email: str


@pytest.fixture(scope="module")
def oidc_gateway(infra: Infra) -> Iterator[OidcGateway]:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    env = {
        "MMC_ENVIRONMENT": "development",
        "MMC_KAFKA_BOOTSTRAP_SERVERS": infra.kafka_bootstrap,
        "MMC_MONGODB_URL": infra.mongodb_url,
        "MMC_TOPIC_PREFIX": unique("browser-oidc") + ".",
        "MMC_MONGODB_DATABASE": unique("gateway_oidc").replace("-", "_"),
        "MMC_COOKIE_SECURE": "false",
    }
    gateway = ServiceProcess(["-m", "mmc_gateway.app"], env, OUTPUT / "gateway-oidc.log")
    callback = f"{gateway.url}/sign-in/oidc/callback"
    with oidc_provider(callback, OUTPUT / "oidc-provider.log", unique("gateway")) as provider:
        gateway.env.update(
            MMC_OIDC_ISSUER=provider.issuer,
            MMC_OIDC_CLIENT_ID=provider.client_id,
            MMC_OIDC_CLIENT_SECRET=provider.client_secret,
        )
        gateway.start()
        try:
            email = f"{unique('oidc-admin')}@mmc.example.org"
            subprocess.run(
                [sys.executable, "-m", "mmc_gateway.admin", "create-admin", "--email", email],
                env={**os.environ, **env},
                capture_output=True,
                text=True,
                timeout=60,
                check=True,
            )
            yield OidcGateway(gateway.url, email)
        finally:
            gateway.stop()


async def through_provider(page: Page, gateway: OidcGateway, login: str) -> None:
    await page.goto(f"{gateway.url}/sign-in?next=/events")
    await page.locator('a[href^="/sign-in/oidc"]').click()
    await page.locator('input[name="login"]').fill(login)
    await page.locator('input[name="password"]').fill("any password")
    await page.locator('button[type="submit"]').click()
    await page.locator('button[type="submit"]').click()  # the provider's consent


async def test_sign_in_through_the_provider_in_a_browser(
    browser: Browser, oidc_gateway: OidcGateway, axe_source: str
) -> None:
    accessible = Checked(axe_source)
    started = time.monotonic()
    for locale in ("en", "ar"):
        context = await browser.new_context(locale=locale)
        page = await context.new_page()
        await page.goto(f"{oidc_gateway.url}/sign-in")
        await expect(page.locator('a[href^="/sign-in/oidc"]')).to_be_visible()
        await accessible(page, f"{locale}-sign-in-oidc")
        await through_provider(page, oidc_gateway, f"{unique('stranger')}@elsewhere.example.org")
        await expect(page.locator("p.alert")).to_be_visible()
        assert "/sign-in/oidc/callback" in page.url
        await accessible(page, f"{locale}-sign-in-oidc-refused")
        await context.close()

    context = await browser.new_context(locale="en-GB")
    page = await context.new_page()
    await through_provider(page, oidc_gateway, oidc_gateway.admin_email)
    await expect(page.get_by_role("heading", level=1)).to_have_text("Event catalogue")
    assert page.url == f"{oidc_gateway.url}/events"
    await expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    await accessible(page, "en-signed-in-through-oidc")
    await context.close()
    print(f"\noidc browser flow: {accessible.pages} pages in {time.monotonic() - started:.1f} s")
