"""The gateway in-process over the real cities and board services (also in-process), against
the real Kafka broker and MongoDB-wire server.

One set of services per test session (the machine is small): cities, board and gateway share a
topic prefix of their own and each has a database of its own. The gateway reaches the services
through `httpx.ASGITransport`, with the real API token and `X-MMC-Actor`. Each test signs in
with accounts it creates (`Gateway.account`), so tests do not see each other's sessions.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest_asyncio
from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase

from mmc_advocacy.app import build as build_advocacy
from mmc_advocacy.settings import AdvocacySettings
from mmc_board.app import build as build_board
from mmc_board.settings import BoardSettings
from mmc_chassis.settings import DEVELOPMENT_API_TOKEN
from mmc_cities.app import build as build_cities
from mmc_cities.settings import CitiesSettings
from mmc_gateway.accounts import Account, Accounts
from mmc_gateway.app import build as build_gateway
from mmc_gateway.roles import Role
from mmc_gateway.settings import GatewaySettings
from mmc_outreach.app import build as build_outreach
from mmc_outreach.settings import OutreachSettings
from mmc_webhooks.app import build as build_webhooks
from mmc_webhooks.settings import WebhooksSettings
from tests.conftest import unique

Database = AsyncDatabase[dict[str, object]]
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_of(html: str) -> str:
    found = CSRF.search(html)
    assert found, "no CSRF token in the page"
    return found.group(1)


@dataclass
class Gateway:
    app: Any
    database: Database
    accounts: Accounts
    settings: GatewaySettings
    service_apps: dict[str, Any]
    server_errors: list[str] = field(default_factory=list)

    def api(self, service: str) -> httpx.AsyncClient:
        """A client of a service's own API (to set up what the gateway has no page for)."""
        return httpx.AsyncClient(
            transport=httpx.ASGITransport(app=self.service_apps[service]),
            base_url=f"http://{service}.test",
            headers={
                "Authorization": f"Bearer {DEVELOPMENT_API_TOKEN}",
                "X-MMC-Actor": "staff-00000000test",
            },
            timeout=30,
        )

    def client(self, address: str = "127.0.0.1") -> httpx.AsyncClient:
        """A browser of its own (its own cookies), coming from `address`."""
        errors = self.server_errors

        async def no_server_error(response: httpx.Response) -> None:
            if response.status_code >= 500:
                await response.aread()
                errors.append(f"{response.request.url}: {response.text[:500]}")

        return httpx.AsyncClient(
            transport=httpx.ASGITransport(app=self.app, client=(address, 50000)),
            base_url="http://gateway.test",
            event_hooks={"response": [no_server_error]},
            timeout=30,
        )

    async def account(self, *roles: Role, approver: bool = False) -> tuple[Account, str]:
        return await self.accounts.create(
            email=f"{unique('staff')}@mmc.example.org",
            name="Test Person",
            roles=set(roles),
            approver=approver,
        )

    async def signed_in(self, *roles: Role, address: str = "127.0.0.1") -> SignedIn:
        account, password = await self.account(*roles)
        client = self.client(address)
        response = await sign_in(client, account.email, password)
        assert response.status_code == 303, response.text
        home = await client.get("/")
        assert home.status_code == 200, home.text
        return SignedIn(account, client, csrf_of(home.text))


@dataclass
class SignedIn:
    account: Account
    client: httpx.AsyncClient
    csrf: str


async def sign_in(
    client: httpx.AsyncClient, email: str, password: str, next_url: str = "/"
) -> httpx.Response:
    form = await client.get("/sign-in")
    assert form.status_code == 200
    return await client.post(
        "/sign-in",
        data={
            "email": email,
            "password": password,
            "csrf_token": csrf_of(form.text),
            "next": next_url,
        },
    )


@pytest_asyncio.fixture(scope="session")
async def gateway(
    kafka_bootstrap: str,
    mongodb_url: str,
    mongo_client: AsyncMongoClient[dict[str, object]],
) -> AsyncIterator[Gateway]:
    prefix = unique("gw") + "."
    common: dict[str, Any] = {
        "kafka_bootstrap_servers": kafka_bootstrap,
        "mongodb_url": mongodb_url,
        "topic_prefix": prefix,
        "relay_sweep_seconds": 0.5,
        "consumer_backoff_seconds": 0.05,
        "consumer_commit_interval_seconds": 0.1,
        "log_json": False,
    }
    cities = build_cities(
        CitiesSettings(
            service_name=unique("cities-gw"),
            mongodb_database=unique("cities").replace("-", "_"),
            **common,
        )
    )
    board = build_board(
        BoardSettings(
            service_name=unique("board-gw"),
            mongodb_database=unique("board").replace("-", "_"),
            scheduler_interval_seconds=3600,
            **common,
        )
    )
    advocacy = build_advocacy(
        AdvocacySettings(
            service_name=unique("advocacy-gw"),
            mongodb_database=unique("advocacy").replace("-", "_"),
            scheduler_interval_seconds=3600,
            **common,
        )
    )
    outreach = build_outreach(
        OutreachSettings(
            service_name=unique("outreach-gw"),
            mongodb_database=unique("outreach").replace("-", "_"),
            **common,
        )
    )
    webhooks = build_webhooks(
        WebhooksSettings(
            service_name=unique("webhooks-gw"),
            mongodb_database=unique("webhooks").replace("-", "_"),
            webhook_allowed_targets=["127.0.0.1"],
            **common,
        )
    )
    settings = GatewaySettings(
        service_name=unique("gateway-test"),
        mongodb_database=unique("gateway").replace("-", "_"),
        cookie_secure=False,
        throttle_per_account=3,
        throttle_per_address=6,
        **common,
    )
    runtime = build_gateway(
        settings,
        transports={
            "cities": httpx.ASGITransport(app=cities.http),
            "board": httpx.ASGITransport(app=board.http),
            "advocacy": httpx.ASGITransport(app=advocacy.http),
            "outreach": httpx.ASGITransport(app=outreach.http),
            "webhooks": httpx.ASGITransport(app=webhooks.http),
        },
    )
    database = mongo_client[settings.database_name]
    async with (
        cities.http.router.lifespan_context(cities.http),
        board.http.router.lifespan_context(board.http),
        advocacy.http.router.lifespan_context(advocacy.http),
        outreach.http.router.lifespan_context(outreach.http),
        webhooks.http.router.lifespan_context(webhooks.http),
        runtime.http.router.lifespan_context(runtime.http),
    ):
        gateway = Gateway(
            runtime.http,
            database,
            runtime.http.state.gateway.accounts,
            settings,
            {
                "cities": cities.http,
                "board": board.http,
                "advocacy": advocacy.http,
                "outreach": outreach.http,
                "webhooks": webhooks.http,
            },
        )
        yield gateway
    for name in (
        settings.database_name,
        cities.settings.database_name,
        board.settings.database_name,
        advocacy.settings.database_name,
        outreach.settings.database_name,
        webhooks.settings.database_name,
    ):
        await mongo_client.drop_database(name)
    assert not gateway.server_errors, gateway.server_errors
