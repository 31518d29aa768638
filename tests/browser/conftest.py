"""The real platform for browser tests: every service and the gateway as processes on
free ports (on the real broker and database, with topics and databases of their own), and
Debian's Chromium driven by Playwright. axe-core is injected into the pages the tests check.

Needs `chromium` (apt) and axe-core in the cache: `deploy/local/install-tools.sh` installs both.
Screenshots go to `.local-infra/test-output/browser/`.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import pytest_asyncio
from playwright.async_api import Browser, Page, async_playwright

from tests.conftest import unique
from tests.e2e.service_process import ServiceProcess
from tests.infra import Infra

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = ROOT / ".local-infra" / "test-output" / "browser"
CHROMIUM = "/usr/bin/chromium"
AXE_VERSION = "4.14.1"
AXE = (
    Path(os.environ.get("MMC_CACHE_DIR", Path.home() / ".cache" / "mmc-platform"))
    / f"axe-core-{AXE_VERSION}"
    / "axe.min.js"
)
INSTALL = "run deploy/local/install-tools.sh (as root) to install Chromium and fetch axe-core"


@dataclass
class Platform:
    gateway_url: str
    admin_email: str
    admin_password: str
    services: dict[str, str] = field(default_factory=dict)
    """The services' own URLs (name -> URL), to set up what a test needs through their APIs."""
    topic_prefix: str = ""
    """The topics' prefix, to publish a poison message to a service's topic."""

    @property
    def cities_url(self) -> str:
        return self.services["cities"]

    @property
    def board_url(self) -> str:
        return self.services["board"]


@pytest.fixture(scope="session")
def platform(infra: Infra) -> Iterator[Platform]:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    prefix = unique("browser") + "."
    common = {
        "MMC_ENVIRONMENT": "development",
        "MMC_KAFKA_BOOTSTRAP_SERVERS": infra.kafka_bootstrap,
        "MMC_MONGODB_URL": infra.mongodb_url,
        "MMC_TOPIC_PREFIX": prefix,
        "MMC_RELAY_SWEEP_SECONDS": "0.5",
    }
    databases = {
        name: unique(name).replace("-", "_")
        for name in ("cities", "board", "advocacy", "outreach", "webhooks", "gateway")
    }
    started: list[ServiceProcess] = []
    try:
        cities = ServiceProcess(
            ["-m", "mmc_cities.app"],
            {**common, "MMC_MONGODB_DATABASE": databases["cities"]},
            OUTPUT / "cities.log",
        ).start()
        started.append(cities)
        board = ServiceProcess(
            ["-m", "mmc_board.app"],
            # The terms pass every 2 s, so the demo's founding seats fall vacant soon.
            {
                **common,
                "MMC_MONGODB_DATABASE": databases["board"],
                "MMC_SCHEDULER_INTERVAL_SECONDS": "2",
            },
            OUTPUT / "board.log",
        ).start()
        started.append(board)
        advocacy = ServiceProcess(
            ["-m", "mmc_advocacy.app"],
            {**common, "MMC_MONGODB_DATABASE": databases["advocacy"]},
            OUTPUT / "advocacy.log",
        ).start()
        started.append(advocacy)
        outreach = ServiceProcess(
            ["-m", "mmc_outreach.app"],
            {**common, "MMC_MONGODB_DATABASE": databases["outreach"]},
            OUTPUT / "outreach.log",
        ).start()
        started.append(outreach)
        webhooks = ServiceProcess(
            ["-m", "mmc_webhooks.app"],
            {
                **common,
                "MMC_MONGODB_DATABASE": databases["webhooks"],
                "MMC_WEBHOOK_ALLOWED_TARGETS": '["127.0.0.1"]',
            },
            OUTPUT / "webhooks.log",
        ).start()
        started.append(webhooks)
        gateway_env = {
            **common,
            "MMC_MONGODB_DATABASE": databases["gateway"],
            "MMC_CITIES_URL": cities.url,
            "MMC_BOARD_URL": board.url,
            "MMC_ADVOCACY_URL": advocacy.url,
            "MMC_OUTREACH_URL": outreach.url,
            "MMC_WEBHOOKS_URL": webhooks.url,
            "MMC_COOKIE_SECURE": "false",
        }
        gateway = ServiceProcess(["-m", "mmc_gateway.app"], gateway_env, OUTPUT / "gateway.log")
        gateway.start()
        started.append(gateway)
        email = f"{unique('admin')}@mmc.example.org"
        created = subprocess.run(
            [sys.executable, "-m", "mmc_gateway.admin", "create-admin", "--email", email],
            env={**os.environ, **gateway_env},
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        password = created.stdout.strip().rsplit(" ", 1)[-1]
        services = {
            "cities": cities.url,
            "board": board.url,
            "advocacy": advocacy.url,
            "outreach": outreach.url,
            "webhooks": webhooks.url,
        }
        yield Platform(gateway.url, email, password, services, prefix)
    finally:
        for process in reversed(started):
            process.stop()


@pytest.fixture(scope="session")
def chromium() -> str:
    assert Path(CHROMIUM).exists(), f"no {CHROMIUM}: {INSTALL}"
    return CHROMIUM


@pytest.fixture(scope="session")
def axe_source() -> str:
    assert AXE.exists(), f"no axe-core at {AXE}: {INSTALL}"
    return AXE.read_text()


@pytest_asyncio.fixture(scope="session")
async def browser(chromium: str) -> AsyncIterator[Browser]:
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(
            executable_path=chromium,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield launched
        await launched.close()


@pytest_asyncio.fixture
async def page(browser: Browser) -> AsyncIterator[Page]:
    context = await browser.new_context(locale="en-GB")
    opened = await context.new_page()
    yield opened
    await context.close()


async def axe_violations(page: Page, axe_source: str) -> list[dict[str, object]]:
    """axe-core's WCAG 2.1 A/AA violations on the page as it is now."""
    await page.add_script_tag(content=axe_source)
    violations: list[dict[str, object]] = await page.evaluate(
        """async () => (await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}
        })).violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                  nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}))"""
    )
    return violations


async def screenshot(page: Page, name: str) -> None:
    await page.screenshot(
        path=str(OUTPUT / f"{re.sub(r'[^a-z0-9-]', '-', name)}.png"), full_page=True
    )
